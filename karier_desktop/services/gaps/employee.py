"""Competency gaps and Job Person Match (JPM), per employee and in bulk.

The actual level of a competency is the one from the latest assessment that rated it, if that
assessment is still valid (3 years by default); an older one counts as stale, not as a level.
JPM is computed over the competencies with a valid level (see domain.competency.jpm).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from karier_desktop.domain import competency as rules
from karier_desktop.domain.competency import validity_cutoff as validity_cutoff  # re-exported
from karier_desktop.domain.textfmt import full_name
from karier_desktop.services import settings as settings_service
from karier_desktop.services.accounts.scope import check_employee
from karier_desktop.store import models as m

KIND_ORDER = {"manajerial": 0, "sosial_kultural": 1, "teknis": 2}
EXPIRED = rules.EXPIRED  # the category of an employee whose assessments all expired


@dataclass(frozen=True)
class GapLine:
    competency_id: int
    code: str
    name: str
    kind: str
    required: int
    actual: int | None
    assessed_on: dt.date | None
    stale: bool
    gap: int | None
    label: str


@dataclass(frozen=True)
class EmployeeGap:
    employee_id: int
    nip: str
    name: str
    position: str
    unit: str
    lines: tuple[GapLine, ...]
    jpm: float | None
    category: str
    last_assessed_on: dt.date | None

    @property
    def assessed_count(self) -> int:
        """How many of the standard's competencies have a valid level (JPM counts these)."""
        return sum(1 for ln in self.lines if ln.actual is not None)

    @property
    def coverage(self) -> str:
        """"7/9": assessed competencies of the standard, shown beside every JPM."""
        return f"{self.assessed_count}/{len(self.lines)}"

    @property
    def gaps(self) -> tuple[GapLine, ...]:
        """Lines below standard, largest gap first, managerial before others."""
        below = [ln for ln in self.lines if ln.gap is not None and ln.gap < 0]
        return tuple(sorted(below, key=lambda ln: (ln.gap, KIND_ORDER.get(ln.kind, 9), ln.code)))


@dataclass(frozen=True)
class JpmSummary:
    employee_id: int
    jpm: float | None
    category: str
    assessed: int
    required_count: int
    required_sum: int = 0  # of the assessed competencies (what jpm_from_sums was given)
    actual_sum: int = 0


def latest_levels(session: Session, employee_ids: list[int] | None = None
                  ) -> dict[tuple[int, int], tuple[int, dt.date]]:
    """(employee_id, competency_id) -> (level, date) of the latest assessment that rated it."""
    a, r = m.Assessment, m.AssessmentResult
    latest = (
        select(a.employee_id.label("eid"), r.competency_id.label("cid"),
               func.max(a.assessed_on).label("d"))
        .join(r, r.assessment_id == a.id)
        .group_by(a.employee_id, r.competency_id)
    )
    if employee_ids is not None:
        latest = latest.where(a.employee_id.in_(employee_ids))
    sub = latest.subquery()
    stmt = (
        select(sub.c.eid, sub.c.cid, func.max(r.level), sub.c.d)
        .join(a, and_(a.employee_id == sub.c.eid, a.assessed_on == sub.c.d))
        .join(r, and_(r.assessment_id == a.id, r.competency_id == sub.c.cid))
        .group_by(sub.c.eid, sub.c.cid, sub.c.d)
    )
    return {(eid, cid): (level, d) for eid, cid, level, d in session.execute(stmt)}


def gap_category(value: float | None, lines: list[GapLine],
                 thresholds: rules.JpmThresholds) -> str:
    """The JPM category; "Kedaluwarsa" when no level counts because all of them expired."""
    if value is None and any(ln.stale for ln in lines):
        return EXPIRED
    return rules.jpm_category(value, thresholds)


def employee_gap(session: Session, employee_id: int, today: dt.date | None = None) -> EmployeeGap:
    today = today or dt.date.today()
    cfg = settings_service.load(session)
    emp = session.get(m.Employee, employee_id)
    if emp is None:
        raise LookupError(f"Pegawai dengan id {employee_id} tidak ditemukan.")
    check_employee(session, employee_id)  # NotAllowed outside an operator OPD's OPD
    position = session.get(m.Position, emp.position_id) if emp.position_id else None
    unit = session.get(m.Unit, emp.unit_id) if emp.unit_id else None
    standard = session.execute(
        select(m.Competency.id, m.Competency.code, m.Competency.name, m.Competency.kind,
               m.PositionStandard.required_level)
        .join(m.PositionStandard, m.PositionStandard.competency_id == m.Competency.id)
        .where(m.PositionStandard.position_id == (emp.position_id or -1))
    ).all()
    levels = latest_levels(session, [employee_id])
    cutoff = validity_cutoff(today, cfg.assessment_validity_years)
    return compose_gap(emp.id, emp.nip, full_name(emp.name, emp.front_title, emp.back_title),
                       position.name if position else "", unit.name if unit else "",
                       standard, levels, cutoff, cfg)


StandardRow = tuple[int, str, str, str, int]  # competency id, code, name, kind, required level


def compose_gap(employee_id: int, nip: str, name: str, position: str, unit: str,
                standard: Iterable[StandardRow],
                levels: Mapping[tuple[int, int], tuple[int, dt.date]],
                cutoff: dt.date, cfg: settings_service.OfficeSettings) -> EmployeeGap:
    """The one rule for an employee's gap lines, JPM and category (also for a whole unit):
    a level counts when assessed after `cutoff`; an older one makes the line "Kedaluwarsa"."""
    lines = []
    for cid, code, comp_name, kind, required in standard:
        found = levels.get((employee_id, cid))
        actual = found[0] if found and found[1] > cutoff else None
        stale = bool(found) and actual is None
        g = rules.gap(required, actual)
        label = "Kedaluwarsa (> masa berlaku)" if stale else rules.gap_label(g)
        lines.append(GapLine(cid, code, comp_name, kind, required, actual,
                             found[1] if found else None, stale, g, label))
    lines.sort(key=lambda ln: (KIND_ORDER.get(ln.kind, 9), ln.code))
    value = rules.jpm(((ln.required, ln.actual) for ln in lines), cfg.jpm_cap_at_100,
                      cfg.jpm_unassessed_as_zero)
    valid_dates = [ln.assessed_on for ln in lines if ln.actual is not None and ln.assessed_on]
    return EmployeeGap(
        employee_id=employee_id, nip=nip, name=name, position=position, unit=unit,
        lines=tuple(lines), jpm=value, category=gap_category(value, lines, cfg.thresholds),
        last_assessed_on=max(valid_dates) if valid_dates else None,
    )


def employee_id_by_nip(session: Session, nip: str) -> int | None:
    return session.scalar(select(m.Employee.id).where(m.Employee.nip == nip))


def _counted_levels(cutoff: dt.date, employee_ids: Any = None):  # type: ignore[no-untyped-def]
    """Subquery (eid, cid, d, level): per employee and competency, the level of the latest
    assessment after `cutoff` that rated it (the highest, if several on that day); of
    `employee_ids` only when given."""
    a, r = m.Assessment, m.AssessmentResult
    # One pass with a window function: the first row per (employee, competency) by date, then
    # level, descending. (A max(date) subquery joined back was as fast on SQLite but 3.7× as
    # slow on PostgreSQL, whose planner misjudges that join.)
    ranked = (
        select(a.employee_id.label("eid"), r.competency_id.label("cid"),
               a.assessed_on.label("d"), r.level.label("level"),
               func.row_number().over(partition_by=(a.employee_id, r.competency_id),
                                      order_by=(a.assessed_on.desc(), r.level.desc()))
               .label("rank"))
        .join(r, r.assessment_id == a.id)
        .where(a.assessed_on > cutoff)
    )
    if employee_ids is not None:
        ranked = ranked.where(a.employee_id.in_(employee_ids))
    ranked = ranked.subquery()
    return (
        select(ranked.c.eid, ranked.c.cid, ranked.c.d, ranked.c.level)
        .where(ranked.c.rank == 1)
    ).subquery()


def counted_until(session: Session, today: dt.date, until: dt.date, employee_ids: Any = None
                  ) -> list[tuple[int, dt.date, int, int]]:
    """(employee, assessment date, required, level) of every level JPM counts today (active
    employees, competencies of their standard) from an assessment dated `until` or earlier:
    the ones that expire first."""
    cfg = settings_service.load(session)
    actual = _counted_levels(validity_cutoff(today, cfg.assessment_validity_years),
                             employee_ids)
    e, ps = m.Employee, m.PositionStandard
    stmt = (
        select(e.id, actual.c.d, ps.required_level, actual.c.level)
        .join(ps, ps.position_id == e.position_id)
        .join(actual, and_(actual.c.eid == e.id, actual.c.cid == ps.competency_id))
        .where(e.status == "aktif", actual.c.d <= until)
    )
    return [(eid, d, req, level) for eid, d, req, level in session.execute(stmt)]


def jpm_all(session: Session, today: dt.date | None = None,
            unit_ids: list[int] | None = None,
            employee_ids: Any = None) -> dict[int, JpmSummary]:
    """JPM of every active employee (optionally of some units, or of `employee_ids`: ids or a
    subquery of them) in one aggregate query."""
    today = today or dt.date.today()
    cfg = settings_service.load(session)
    cutoff = validity_cutoff(today, cfg.assessment_validity_years)
    e, ps = m.Employee, m.PositionStandard
    actual = _counted_levels(cutoff, employee_ids)
    assessed_required = func.sum(
        func.coalesce(actual.c.level * 0 + ps.required_level, 0))
    stmt = (
        select(e.id, assessed_required, func.sum(actual.c.level), func.count(actual.c.level),
               func.count(ps.competency_id), func.sum(ps.required_level))
        .join(ps, ps.position_id == e.position_id)
        .outerjoin(actual, and_(actual.c.eid == e.id, actual.c.cid == ps.competency_id))
        .where(e.status == "aktif")
        .group_by(e.id)
    )
    if unit_ids is not None:
        stmt = stmt.where(e.unit_id.in_(unit_ids))
    if employee_ids is not None:
        stmt = stmt.where(e.id.in_(employee_ids))
    out: dict[int, JpmSummary] = {}
    for eid, req_sum, act_sum, assessed, required_count, all_req in session.execute(stmt):
        if cfg.jpm_unassessed_as_zero:
            req_sum = all_req  # the unassessed count as level 0: their required levels stay in
        value = rules.jpm_from_sums(req_sum or 0, act_sum, cfg.jpm_cap_at_100) if assessed else None
        out[eid] = JpmSummary(eid, value, rules.jpm_category(value, cfg.thresholds),
                              assessed, required_count, int(req_sum or 0), int(act_sum or 0))
    return out

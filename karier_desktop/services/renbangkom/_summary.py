"""Summaries of a Renbangkom plan: per OPD, per competency / path / organiser, the needs left
unfunded under each source's ceiling, and who has had no JP for two years.

Per-employee sums come from grouped SQL; the roll-up to OPD is a pass over those tuples.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import format_nip
from karier_desktop.domain.textfmt import full_name
from karier_desktop.services.employees import root_of
from karier_desktop.services.renbangkom._plans import budgets
from karier_desktop.services.renbangkom._rows import FUNDING_ORDER, funding_label
from karier_desktop.store import models as m

P, L, PP = m.RenbangkomPlan, m.RenbangkomLine, m.RenbangkomParticipant


@dataclass(frozen=True)
class OpdSummary:
    opd_id: int
    code: str
    name: str
    employees: int
    with_plan: int
    jp_per_employee: float
    reaching_minimum: float  # share of employees with ≥ 20 planned JP
    cost_by_source: tuple[int, ...]  # in FUNDING_ORDER

    @property
    def cost(self) -> int:
        return sum(self.cost_by_source)


@dataclass(frozen=True)
class GroupSummary:
    key: str
    label: str
    lines: int
    participants: int
    jp: float
    cost: int


@dataclass(frozen=True)
class UnfundedRow:
    line_id: int
    seq: int
    activity: str
    funding: str
    priority: int
    participants: int
    cost: int


@dataclass(frozen=True)
class ZeroJpRow:
    employee_id: int
    nip: str
    name: str
    opd_name: str


def _opds(session: Session) -> tuple[dict[int, int], dict[int, tuple[str, str]]]:
    roots = root_of(dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all()))
    info = {uid: (code, name) for uid, code, name in session.execute(
        select(m.Unit.id, m.Unit.code, m.Unit.name).where(m.Unit.parent_id.is_(None)))}
    return roots, info


def per_opd(session: Session, plan_id: int, minimum_jp: float = 20.0) -> list[OpdSummary]:
    roots, info = _opds(session)
    e = m.Employee
    heads: dict[int, int] = {}
    opd_of: dict[int, int] = {}
    for eid, unit_id in session.execute(select(e.id, e.unit_id).where(e.status == "aktif")):
        opd = roots.get(unit_id) if unit_id is not None else None
        if opd is not None:
            opd_of[eid] = opd
            heads[opd] = heads.get(opd, 0) + 1
    idx = {s: i for i, s in enumerate(FUNDING_ORDER)}
    jp: dict[int, float] = {}
    cost: dict[int, list[int]] = {}
    for eid, source, jp_sum, cost_sum in session.execute(
            select(PP.employee_id, L.funding_source, func.sum(PP.jp), func.sum(PP.cost))
            .join(L, L.id == PP.line_id).where(L.plan_id == plan_id)
            .group_by(PP.employee_id, L.funding_source)):
        jp[eid] = jp.get(eid, 0.0) + float(jp_sum or 0)
        opd = opd_of.get(eid)
        if opd is not None and source in idx:
            cost.setdefault(opd, [0] * len(FUNDING_ORDER))[idx[source]] += int(cost_sum or 0)
    with_plan: dict[int, int] = {}
    reach: dict[int, int] = {}
    total_jp: dict[int, float] = {}
    for eid, value in jp.items():
        opd = opd_of.get(eid)
        if opd is None:
            continue
        with_plan[opd] = with_plan.get(opd, 0) + 1
        total_jp[opd] = total_jp.get(opd, 0.0) + value
        if value >= minimum_jp:
            reach[opd] = reach.get(opd, 0) + 1
    out = [OpdSummary(opd, info[opd][0], info[opd][1], n, with_plan.get(opd, 0),
                      round(total_jp.get(opd, 0.0) / n, 1), reach.get(opd, 0) / n,
                      tuple(cost.get(opd, [0] * len(FUNDING_ORDER))))
           for opd, n in heads.items() if opd in info]
    return sorted(out, key=lambda o: o.name)


def per_group(session: Session, plan_id: int, by: str) -> list[GroupSummary]:
    """Totals per "competency", "form" (path) or "organiser"."""
    column = {"competency": L.competency_code, "form": L.form_code,
              "organiser": L.organiser}[by]
    people = dict(session.execute(
        select(column, func.count(PP.employee_id)).join(PP, PP.line_id == L.id)
        .where(L.plan_id == plan_id).group_by(column)).all())
    pjp = dict(session.execute(
        select(column, func.sum(PP.jp)).join(PP, PP.line_id == L.id)
        .where(L.plan_id == plan_id).group_by(column)).all())
    if by == "competency":
        labels = dict(session.execute(select(m.Competency.code, m.Competency.name)).all())
    elif by == "form":
        labels = dict(session.execute(select(m.DevelopmentForm.code,
                                             m.DevelopmentForm.name)).all())
    else:
        labels = {}
    out = []
    for key, n_lines, cost in session.execute(
            select(column, func.count(L.id), func.sum(L.cost)).where(L.plan_id == plan_id)
            .group_by(column)):
        k = key or ""
        out.append(GroupSummary(k, labels.get(k, k) or "(tidak disebut)", int(n_lines),
                                int(people.get(key, 0)), float(pjp.get(key) or 0),
                                int(cost or 0)))
    return sorted(out, key=lambda g: (-g.cost, g.label))


def unfunded(session: Session, plan_id: int) -> list[UnfundedRow]:
    """Lines past their source's ceiling when the money goes by priority, then plan order."""
    ceilings = {b.funding_source: b.ceiling for b in budgets(session, plan_id)}
    counts = dict(session.execute(select(PP.line_id, func.count()).join(L, L.id == PP.line_id)
                                  .where(L.plan_id == plan_id).group_by(PP.line_id)).all())
    used: dict[str, int] = {}
    out = []
    for ln in session.scalars(select(L).where(L.plan_id == plan_id)
                              .order_by(L.priority, L.seq)):
        ceiling = ceilings.get(ln.funding_source)
        if ceiling is None or not ln.cost:
            continue
        used[ln.funding_source] = used.get(ln.funding_source, 0) + ln.cost
        if used[ln.funding_source] > ceiling:
            out.append(UnfundedRow(ln.id, ln.seq, ln.activity, funding_label(ln.funding_source),
                                   ln.priority, int(counts.get(ln.id, 0)), ln.cost))
    return out


def zero_jp_two_years(session: Session, year: int) -> list[ZeroJpRow]:
    """Active employees with no completed JP in the two years before `year`."""
    t, e = m.TrainingRecord, m.Employee
    import datetime as dt

    start, end = dt.date(year - 2, 1, 1), dt.date(year - 1, 12, 31)
    had = select(t.employee_id).where(t.status == "selesai", t.jp > 0, t.end_date >= start,
                                      t.start_date <= end)
    roots, info = _opds(session)
    rows = []
    for eid, nip, name, front, back, unit_id in session.execute(
            select(e.id, e.nip, e.name, e.front_title, e.back_title, e.unit_id)
            .where(e.status == "aktif", e.id.not_in(had)).order_by(e.name)):
        opd = roots.get(unit_id) if unit_id is not None else None
        rows.append(ZeroJpRow(eid, format_nip(nip), full_name(name, front, back),
                              info.get(opd, ("", ""))[1]))
    return rows

"""Employee rows for the workspace table, and the unit tree.

Rows are prepared once (names with titles, NIP with spaces, JPM and JP of the year) so the table
can filter and sort them in Python without going back to the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.domain import org_tree
from karier_desktop.domain.competency import NOT_ASSESSED
from karier_desktop.domain.nip import format_nip
from karier_desktop.domain.textfmt import full_name
from karier_desktop.services import settings as settings_service
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.gaps import EXPIRED, JpmSummary, jpm_all, validity_cutoff
from karier_desktop.services.start.rows import (  # re-exported: pages and tests import them from here
    EmployeeFilter as EmployeeFilter,
)
from karier_desktop.services.start.rows import EmployeeRow as EmployeeRow
from karier_desktop.services.start.rows import UnitNode as UnitNode
from karier_desktop.services.start.rows import apply_filter as apply_filter
from karier_desktop.services.start.rows import search_key
from karier_desktop.services.start.rows import unit_with_descendants as unit_with_descendants
from karier_desktop.store import models as m


def active_count(session: Session) -> int:
    e = m.Employee
    return session.scalar(select(func.count()).select_from(e).where(e.status == "aktif")) or 0


def unit_tree(session: Session) -> list[UnitNode]:
    return [UnitNode(*row) for row in session.execute(restrict(
        session, select(m.Unit.id, m.Unit.code, m.Unit.name, m.Unit.kind, m.Unit.parent_id)
        .order_by(m.Unit.parent_id.is_not(None), m.Unit.name), m.Unit.id))]


def root_of(units: dict[int, int | None]) -> dict[int, int]:
    """Map every unit id to the id of its top-level unit (its OPD)."""
    return org_tree.root_of(units)


def opd_of_units(session: Session) -> dict[int, int]:
    """Every unit id in the database mapped to the id of its top-level unit (its OPD)."""
    return root_of(dict(session.connection().execute(select(m.Unit.id, m.Unit.parent_id)).all()))


Person = tuple[int, str, str, str]  # employee id, NIP shown, name shown, search key


class People(dict[int, Person]):
    """The employees of a long list, each prepared once: `people.get(eid) or people.add(...)`.

    The rows of one employee share one tuple (and one int for the id), so a row costs little
    more than its own slots. The search key is "name nip" in lower case."""

    def add(self, employee_id: int, nip: str, name: str, front_title: str | None,
            back_title: str | None) -> Person:
        shown = full_name(name, front_title, back_title)
        person = self[employee_id] = (employee_id, format_nip(nip), shown,
                                      f"{shown} {nip}".lower())
        return person


def jp_by_employee(session: Session, year: int, employee_ids: Any = None) -> dict[int, float]:
    """JP of completed training started in `year`, per employee (of `employee_ids` only, ids or
    a subquery of them, when given)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    t = m.TrainingRecord
    stmt = (select(t.employee_id, func.sum(t.jp))
            .where(t.status == "selesai", t.start_date >= start, t.start_date <= end)
            .group_by(t.employee_id))
    if employee_ids is not None:
        stmt = stmt.where(t.employee_id.in_(employee_ids))
    return {eid: float(total or 0) for eid, total in session.execute(stmt)}


def _all_expired(session: Session, today: dt.date, employee_ids: Any = None) -> set[int]:
    """Employees whose latest assessment is past its validity (all their levels expired); of
    `employee_ids` only when given."""
    cutoff = validity_cutoff(today, settings_service.load(session).assessment_validity_years)
    a = m.Assessment
    stmt = select(a.employee_id).group_by(a.employee_id).having(func.max(a.assessed_on) <= cutoff)
    if employee_ids is not None:
        stmt = stmt.where(a.employee_id.in_(employee_ids))
    return set(session.scalars(stmt))


def list_rows(session: Session, today: dt.date | None = None,
              include_inactive: bool = False,
              jpms: dict[int, JpmSummary] | None = None,
              employee_ids: Any = None) -> list[EmployeeRow]:
    """The rows of active (or all) employees; of `employee_ids` only (ids or a subquery) when
    given, with `jpms` then holding at least theirs."""
    today = today or dt.date.today()
    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    roots = root_of(parents)
    unit_names = dict(session.execute(select(m.Unit.id, m.Unit.name)).all())
    e = m.Employee
    p = m.Position
    of_positions = select(p.id, p.name, p.kind_code)
    if employee_ids is not None:  # a few employees: their positions, training and assessments
        of_positions = of_positions.where(
            p.id.in_(select(e.position_id).where(e.id.in_(employee_ids))))
    positions = {pid: (name, kind) for pid, name, kind in session.execute(of_positions)}
    rank_order = dict(session.execute(select(m.Rank.code, m.Rank.order)).all())
    if jpms is None:
        jpms = jpm_all(session, today, employee_ids=employee_ids)
    jps = jp_by_employee(session, today.year, employee_ids)
    expired = _all_expired(session, today, employee_ids)
    stmt = select(e.id, e.nip, e.name, e.front_title, e.back_title, e.rank_code, e.position_id,
                  e.unit_id, e.employee_type, e.status)
    if not include_inactive:
        stmt = stmt.where(e.status == "aktif")
    if employee_ids is not None:
        stmt = stmt.where(e.id.in_(employee_ids))
    stmt = restrict(session, stmt, e.unit_id)  # an operator OPD sees their OPD only
    rows = []
    shared: dict = {}  # ranks, types and unit ids: one object per value for 100,000 rows
    for eid, nip, name, front, back, rank, pid, uid, etype, _status in session.execute(stmt):
        rank, etype, uid = (shared.setdefault(rank, rank), shared.setdefault(etype, etype),
                            shared.setdefault(uid, uid))
        pos_name, kind = positions.get(pid, ("", "")) if pid else ("", "")
        summary = jpms.get(eid)
        shown = full_name(name, front, back)
        category = summary.category if summary else NOT_ASSESSED
        if (summary is None or summary.jpm is None) and eid in expired:
            category = EXPIRED  # one label for it everywhere (Asesmen, Pegawai, the panel)
        rows.append(EmployeeRow(
            id=eid, nip=nip, nip_display=format_nip(nip), name=shown, rank=rank or "",
            rank_order=(100 if etype.startswith("PPPK") else 0) + rank_order.get(rank or "", 0),
            position=pos_name, position_kind=kind, unit=unit_names.get(uid, "") if uid else "",
            unit_id=uid, opd_id=roots.get(uid) if uid else None, employee_type=etype,
            jpm=summary.jpm if summary else None,
            category=category, jp_year=jps.get(eid, 0.0),
            assessed=summary.assessed if summary else 0,
            standard_count=summary.required_count if summary else 0,
            search_key=search_key(shown, nip),
        ))
    return rows

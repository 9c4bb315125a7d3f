"""Summaries of a Renbangkom plan: per OPD, per competency / path / organiser, the needs left
unfunded under each source's ceiling, and who has had no JP for two years.

Per-employee sums come from grouped SQL; the roll-up to OPD is a pass over those tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import format_nip
from karier_desktop.domain.textfmt import full_name
from karier_desktop.services.accounts.scope import restrict, restrict_employees, visible_units
from karier_desktop.services.employees import opd_of_units
from karier_desktop.services.renbangkom._plans import budgets
from karier_desktop.services.renbangkom._rows import FUNDING_ORDER, funding_label
from karier_desktop.store import models as m

P, L, PP = m.RenbangkomPlan, m.RenbangkomLine, m.RenbangkomParticipant



def _in_scope(session: Session, unit_column: Any) -> list[Any]:
    """The extra WHERE term for an operator OPD (none for everyone else)."""
    units = visible_units(session)
    return [] if units is None else [unit_column.in_(sorted(units))]


def _all(session: Session, stmt: Any) -> list[Any]:
    """Every row at once through Core (row-by-row fetching is the slow part at 50,000)."""
    return list(session.connection().execute(stmt).all())

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
    roots = opd_of_units(session)
    info = {uid: (code, name) for uid, code, name in _all(session,
        select(m.Unit.id, m.Unit.code, m.Unit.name).where(m.Unit.parent_id.is_(None)))}
    return roots, info


def per_opd(session: Session, plan_id: int, minimum_jp: float = 20.0) -> list[OpdSummary]:
    """Per OPD: headcount per unit, and one aggregate per unit of the plan summed per employee
    first (employees with a plan, planned JP, how many reach `minimum_jp`, cost per source),
    rolled up to the OPD over the unit tree."""
    roots, info = _opds(session)
    e = m.Employee
    per_source = [func.sum(case((L.funding_source == src, PP.cost), else_=0)).label(f"c{i}")
                  for i, src in enumerate(FUNDING_ORDER)]
    per_employee = (select(PP.employee_id.label("eid"), func.sum(PP.jp).label("jp"),
                           *per_source)
                    .join(L, L.id == PP.line_id).where(L.plan_id == plan_id)
                    .group_by(PP.employee_id).subquery())
    pe = per_employee.c
    n = len(FUNDING_ORDER)
    heads: dict[int, int] = {}
    for unit_id, people in _all(session, restrict(session, select(e.unit_id, func.count()).where(
            e.status == "aktif", e.unit_id.is_not(None)), e.unit_id).group_by(e.unit_id)):
        opd = roots.get(unit_id, 0)
        heads[opd] = heads.get(opd, 0) + int(people)
    planned: dict[int, list[Any]] = {}
    cost: dict[int, list[int]] = {}
    # From the per-employee sums to the employees (by key), not the other way round: SQLite
    # then reads the plan's participants once and no index has to be built.
    for unit_id, with_plan, jp, reach, *costs in _all(session, select(
            e.unit_id, func.count(), func.sum(pe.jp),
            func.sum(case((pe.jp >= minimum_jp, 1), else_=0)),
            *(func.sum(pe[f"c{i}"]) for i in range(n)))
            .select_from(per_employee).join(e, e.id == pe.eid)
            .where(e.status == "aktif", e.unit_id.is_not(None))
            .where(*_in_scope(session, e.unit_id)).group_by(e.unit_id)):
        opd = roots.get(unit_id, 0)
        acc = planned.setdefault(opd, [0, 0.0, 0])
        acc[0] += int(with_plan or 0)
        acc[1] += float(jp or 0)
        acc[2] += int(reach or 0)
        total = cost.setdefault(opd, [0] * n)
        for i, c in enumerate(costs):
            total[i] += int(c or 0)
    out = []
    for opd, people in heads.items():
        if opd not in info:
            continue
        with_plan, jp, reach = planned.get(opd, [0, 0.0, 0])
        out.append(OpdSummary(opd, info[opd][0], info[opd][1], people, int(with_plan),
                              round(jp / people, 1), reach / people,
                              tuple(cost.get(opd, [0] * n))))
    return sorted(out, key=lambda o: o.name)


def per_group(session: Session, plan_id: int, by: str) -> list[GroupSummary]:
    """Totals per "competency", "form" (path) or "organiser": participants summed per line
    (the participants' key order, no sort), rolled up over the plan's lines here."""
    column = {"competency": L.competency_code, "form": L.form_code,
              "organiser": L.organiser}[by]
    per_line = {line_id: (int(n), float(jp or 0)) for line_id, n, jp in _all(session,
        restrict_employees(session, select(PP.line_id, func.count(), func.sum(PP.jp))
                           .where(PP.line_id.in_(select(L.id).where(L.plan_id == plan_id))),
                           PP.employee_id)
        .group_by(PP.line_id))}
    if by == "competency":
        labels = dict(session.connection().execute(select(m.Competency.code, m.Competency.name)).all())
    elif by == "form":
        labels = dict(session.connection().execute(select(m.DevelopmentForm.code,
                                             m.DevelopmentForm.name)).all())
    else:
        labels = {}
    groups: dict[str | None, list[Any]] = {}
    for line_id, key, line_cost in _all(session, select(L.id, column, L.cost)
                                        .where(L.plan_id == plan_id)):
        acc = groups.setdefault(key, [0, 0, 0.0, 0])
        n_people, jp = per_line.get(line_id, (0, 0.0))
        acc[0] += 1
        acc[1] += n_people
        acc[2] += jp
        acc[3] += int(line_cost or 0)
    out = []
    for key, (n_lines, n_people, jp, cost) in groups.items():
        k = key or ""
        out.append(GroupSummary(k, labels.get(k, k) or "(tidak disebut)", n_lines,
                                n_people, jp, cost))
    return sorted(out, key=lambda g: (-g.cost, g.label))


def unfunded(session: Session, plan_id: int) -> list[UnfundedRow]:
    """Lines past their source's ceiling when the money goes by priority, then plan order."""
    ceilings = {b.funding_source: b.ceiling for b in budgets(session, plan_id)}
    counts = dict(session.connection().execute(restrict_employees(
        session, select(PP.line_id, func.count()).join(L, L.id == PP.line_id)
        .where(L.plan_id == plan_id), PP.employee_id).group_by(PP.line_id)).all())
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
    for eid, nip, name, front, back, unit_id in _all(session,
            restrict(session, select(e.id, e.nip, e.name, e.front_title, e.back_title,
                                     e.unit_id)
                     .where(e.status == "aktif", e.id.not_in(had)), e.unit_id)
            .order_by(e.name)):
        opd = roots.get(unit_id) if unit_id is not None else None
        rows.append(ZeroJpRow(eid, format_nip(nip), full_name(name, front, back),
                              info.get(opd or 0, ("", ""))[1]))
    return rows


@dataclass(frozen=True)
class OpdTrend:
    opd_id: int
    name: str
    employees: int
    shares: tuple[float, ...]  # share of today's employees with ≥ 20 completed JP, per year


def opd_trends(session: Session, years: Sequence[int], minimum_jp: float = 20.0
               ) -> list[OpdTrend]:
    """Per OPD and year, the share of its (present) employees who completed ≥ 20 JP."""
    roots, info = _opds(session)
    e, t = m.Employee, m.TrainingRecord
    heads: dict[int, int] = {}
    for unit_id, n in _all(session, select(e.unit_id, func.count()).where(
            e.status == "aktif", e.unit_id.is_not(None), *_in_scope(session, e.unit_id))
            .group_by(e.unit_id)):
        heads[roots.get(unit_id, 0)] = heads.get(roots.get(unit_id, 0), 0) + int(n)
    year_of = func.extract("year", t.start_date)
    per_employee = (select(t.employee_id.label("eid"), year_of.label("y"),
                           func.sum(t.jp).label("jp"))
                    .where(t.status == "selesai", year_of.in_(list(years)))
                    .group_by(t.employee_id, year_of).subquery())
    reached: dict[tuple[int, int], int] = {}
    for unit_id, y, n in _all(session, select(e.unit_id, per_employee.c.y, func.count())
                              .join(per_employee, per_employee.c.eid == e.id)
                              .where(e.status == "aktif", e.unit_id.is_not(None),
                                     per_employee.c.jp >= minimum_jp)
                              .group_by(e.unit_id, per_employee.c.y)):
        key = (roots.get(unit_id, 0), int(y))
        reached[key] = reached.get(key, 0) + int(n)
    return sorted((OpdTrend(opd, info[opd][1], n, tuple(reached.get((opd, y), 0) / n
                                                        for y in years))
                   for opd, n in heads.items() if opd in info), key=lambda o: o.name)

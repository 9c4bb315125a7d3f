"""20-JP compliance of a year: each employee's JP and each unit's share who reached it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain.jp import jp_shortfall
from karier_desktop.domain.textfmt import full_name
from karier_desktop.services import settings as settings_service
from karier_desktop.services.employees import jp_by_employee, opd_of_units
from karier_desktop.services.start.rows import EmployeeRow, person_texts
from karier_desktop.store import models as m


# --- 20-JP compliance ---------------------------------------------------------------------
class EmployeeJp(NamedTuple):
    """An employee under the minimum: most of a large regency early in the year, so a
    NamedTuple with shared figures (quick to make, no per-row dict)."""

    employee_id: int
    nip_display: str
    name: str
    unit: str
    opd: str
    jp: float
    shortfall: float


@dataclass(frozen=True)
class UnitCompliance:
    opd_id: int | None
    name: str
    employees: int
    meeting: int

    @property
    def share(self) -> float:
        return 100.0 * self.meeting / self.employees if self.employees else 0.0


@dataclass(frozen=True)
class Compliance:
    year: int
    minimum: float
    units: tuple[UnitCompliance, ...]  # per OPD, lowest share first
    under: tuple[EmployeeJp, ...]  # active employees below the minimum, fewest JP first
    employees: int
    meeting: int


def compliance(session: Session, year: int,
               known: Mapping[int, EmployeeRow] | None = None) -> Compliance:
    """Per active employee: finished JP in `year` vs the office minimum; per OPD: the share.
    `known` (the employee table's rows by id) lends the names (start.rows.person_texts)."""
    minimum = settings_service.load(session).yearly_minimum_jp
    jps = jp_by_employee(session, year)
    roots = opd_of_units(session)
    units = dict(session.execute(select(m.Unit.id, m.Unit.name)).all())
    e = m.Employee
    people = ((eid, roots.get(uid) if uid else None, jps.get(eid, 0.0), nip, name, front, back,
               uid) for eid, nip, name, front, back, uid in session.execute(
                   select(e.id, e.nip, e.name, e.front_title, e.back_title, e.unit_id)
                   .where(e.status == "aktif")))

    def describe(p: tuple) -> tuple[str, str, str]:
        eid, _opd, _jp, nip, name, front, back, uid = p
        return (*person_texts(known, eid, nip, full_name(name, front, back))[:2],
                units.get(uid, "") if uid else "")

    return _tally(year, minimum, units, people, describe)


def compliance_from_rows(rows: Iterable[EmployeeRow], unit_names: Mapping[int, str],
                         year: int, minimum: float) -> Compliance:
    """compliance() from the employee table's rows when they hold the year's JP (`jp_year`,
    the current year): the same figures without reading the employees and their training
    again. `unit_names`: unit id -> name for the OPD names."""
    return _tally(year, minimum, unit_names, ((r.id, r.opd_id, r.jp_year, r) for r in rows),
                  lambda p: (p[3].nip_display, p[3].name, p[3].unit))


def _tally(year: int, minimum: float, units: Mapping[int, str], people: Iterable[tuple],
           describe: Callable[[tuple], tuple[str, str, str]]) -> Compliance:
    """people: (employee id, OPD id, JP of the year, …); describe(person) -> (NIP shown, name,
    unit), asked only for those under the minimum."""
    per_opd: dict[int | None, list[int]] = {}
    under: list[EmployeeJp] = []
    figures: dict[float, float] = {}  # JP and shortfalls: one float object per value
    shortfalls: dict[float, float] = {}  # by JP: a regency has a few hundred distinct totals
    for person in people:
        eid, opd, jp = person[0], person[1], person[2]
        short = shortfalls.get(jp)
        if short is None:
            short = shortfalls[jp] = jp_shortfall(jp, minimum)
        counts = per_opd.setdefault(opd, [0, 0])
        counts[0] += 1
        if short == 0:
            counts[1] += 1
        else:
            under.append(EmployeeJp(eid, *describe(person), units.get(opd, "") if opd else "",
                                    figures.setdefault(jp, jp), figures.setdefault(short, short)))
    rows = [UnitCompliance(opd, units.get(opd, "(tanpa unit)") if opd else "(tanpa unit)", n, ok)
            for opd, (n, ok) in per_opd.items()]
    rows.sort(key=lambda u: (u.share, u.name))
    under.sort(key=lambda x: (x.jp, x.name))
    total = sum(u.employees for u in rows)
    return Compliance(year, minimum, tuple(rows), tuple(under), total,
                      sum(u.meeting for u in rows))

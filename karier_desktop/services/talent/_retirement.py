"""Retirement forecast: who reaches BUP in which year, per OPD and position.

The BUP is the position kind's retirement age (position_kinds, PP 11/2017 Pasal 239); an
employee without a position counts with 58. The pension date is the first day of the month
after the birthday (domain.retirement).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain.retirement import retirement_date
from karier_desktop.domain.textfmt import full_name
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.employees import root_of
from karier_desktop.store import models as m

DEFAULT_AGE = 58


@dataclass(frozen=True)
class Retiree:
    employee_id: int
    nip: str
    name: str
    opd: str
    unit: str
    position: str
    kind_name: str
    age: int
    retires_on: dt.date
    critical: bool  # the position held is marked critical


@dataclass(frozen=True)
class ForecastYear:
    year: int
    retiring: int
    critical_posts: int


def forecast(session: Session, from_year: int, to_year: int | None = None) -> list[Retiree]:
    """Active employees whose pension date falls in [from_year, to_year], earliest first."""
    to_year = to_year or from_year
    if to_year < from_year:
        raise ValueError(f"Tahun akhir ({to_year}) tidak boleh sebelum tahun awal ({from_year}).")
    e, p, k = m.Employee, m.Position, m.PositionKind
    # A pension in [from_year, to_year] at an age of 58..65 means a birth year in this range.
    rows = session.execute(restrict(
        session, select(e.id, e.nip, e.name, e.front_title, e.back_title, e.birth_date,
                        e.unit_id, p.name, k.name, k.retirement_age, e.position_id)
        .outerjoin(p, p.id == e.position_id).outerjoin(k, k.code == p.kind_code)
        .where(e.status == "aktif", e.birth_date >= dt.date(from_year - 66, 1, 1),
               e.birth_date < dt.date(to_year - 56, 1, 1)), e.unit_id)).all()
    critical = set(session.scalars(select(m.CriticalPosition.position_id)))
    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    names = dict(session.execute(select(m.Unit.id, m.Unit.name)).all())
    roots = root_of(parents)
    out = []
    for eid, nip, name, front, back, birth, unit_id, position, kind, age, pid in rows:
        bup = int(age or DEFAULT_AGE)
        on = retirement_date(birth, bup)
        if not from_year <= on.year <= to_year:
            continue
        opd_id = roots.get(unit_id) if unit_id else None
        out.append(Retiree(eid, nip, full_name(name, front, back),
                           names.get(opd_id, "") if opd_id else "",
                           names.get(unit_id, "") if unit_id else "", position or "",
                           kind or "", bup, on, pid in critical))
    out.sort(key=lambda r: (r.retires_on, r.opd, r.name.lower()))
    return out


def summary(session: Session, today: dt.date | None = None, years: int = 5
            ) -> list[ForecastYear]:
    """Per year from this year on: how many retire, and how many critical posts they leave."""
    today = today or dt.date.today()
    rows = forecast(session, today.year, today.year + years - 1)
    out = []
    for year in range(today.year, today.year + years):
        in_year = [r for r in rows if r.retires_on.year == year]
        out.append(ForecastYear(year, len(in_year), sum(1 for r in in_year if r.critical)))
    return out

"""The Pegawai rows of some employees (what the start view reads again after a change) are the
rows those employees have in the whole list: position, JP this year, JPM and the "kedaluwarsa"
label computed for them alone."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from karier_desktop.services import employees
from karier_desktop.store import models as m
from karier_desktop.store.db import Database

TODAY = dt.date(2026, 11, 29)  # the day the demo_db fixture's regency was generated for


def test_rows_of_some_employees_are_their_rows_in_the_whole_list(demo_db: Database) -> None:
    with demo_db.read_scope() as s:
        everyone = {r.id: r for r in employees.list_rows(s, TODAY)}
        trained = set(employees.jp_by_employee(s, TODAY.year))
        kinds = {
            "with JP this year": next(r.id for r in everyone.values() if r.id in trained),
            "without JP": next(r.id for r in everyone.values() if r.id not in trained),
            "kedaluwarsa": next(r.id for r in everyone.values() if r.category == "Kedaluwarsa"),
            "never assessed": next(r.id for r in everyone.values() if r.assessed == 0
                                   and r.category != "Kedaluwarsa"),
            "with a position": next(r.id for r in everyone.values() if r.position),
        }
        some = sorted(set(kinds.values()))
        as_ids = employees.list_rows(s, TODAY, employee_ids=some)
        as_query = employees.list_rows(s, TODAY, employee_ids=select(m.Employee.id).where(
            m.Employee.id.in_(some)))
    assert sorted(as_ids) == sorted(as_query) == [everyone[i] for i in some]

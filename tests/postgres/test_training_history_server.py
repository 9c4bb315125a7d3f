"""Pelatihan's history read as columns on PostgreSQL (dates as the driver's `date`, JP, costs,
certificates): the same records, in the same order, as the database holds; the years list."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from karier_desktop.services import training
from karier_desktop.store import models as m
from karier_desktop.store.db import Database


def test_the_training_history_on_the_server(demo_on_server: tuple[Database, dt.date]) -> None:
    db, _today = demo_on_server
    with db.read_scope() as s:
        rows = training.list_records(s)
        of_2025 = training.list_records(s, training.RecordFilter(year=2025))
        years = training.record_years(s)
        t, e = m.TrainingRecord, m.Employee
        stored = s.execute(select(t.id, t.employee_id, t.start_date, t.end_date, t.title,
                                  t.form_code, t.jp, t.cost, t.certificate_no, t.status,
                                  e.nip).join(e, e.id == t.employee_id)
                           .order_by(t.start_date.desc(), t.id.desc())).all()
    assert len(rows) == len(stored) > 100
    assert [(x.id, x.employee_id, x.start_date, x.end_date, x.title, x.form_code, x.jp,
             x.cost, x.certificate_no, x.status, x.nip_display.replace(" ", ""))
            for x in rows] == [
        (i, eid, start, end, title, form or "", float(jp), int(cost), cert or "", status,
         nip) for i, eid, start, end, title, form, jp, cost, cert, status, nip in stored]
    assert of_2025 == [x for x in rows if x.start_date.year == 2025] != []
    assert years == sorted({x.start_date.year for x in rows} | {dt.date.today().year},
                           reverse=True)

"""The assessment list, read with the driver's own cursor, on PostgreSQL: the same assessments,
dates, counts and stale flags as the database holds (SQLite: tests/services)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from karier_desktop.services import assessments
from karier_desktop.store import models as m
from karier_desktop.store.db import Database


def test_the_assessment_list_on_the_server(demo_on_server: tuple[Database, dt.date]) -> None:
    db, today = demo_on_server
    with db.read_scope() as s:
        rows = assessments.list_rows(s, today)
        a, r, e = m.Assessment, m.AssessmentResult, m.Employee
        counts = dict(s.execute(select(r.assessment_id, func.count())
                                .group_by(r.assessment_id)).all())
        stored = s.execute(select(a.id, a.employee_id, a.assessed_on, a.method, a.assessor,
                                  e.nip).join(e, e.id == a.employee_id)
                           .order_by(a.assessed_on.desc(), a.id.desc())).all()
        cutoff = dt.date(today.year - 3, today.month, today.day)
        assert len(rows) == len(stored) > 100
        assert [(x.id, x.employee_id, x.assessed_on, x.method, x.assessor, x.competencies,
                 x.nip_display.replace(" ", "")) for x in rows] == [
            (i, eid, on, method, who or "", counts.get(i, 0), nip)
            for i, eid, on, method, who, nip in stored]
        assert all(isinstance(x.assessed_on, dt.date) for x in rows)
        assert {x.stale for x in rows} == {True, False}
        assert all(x.stale == (x.assessed_on <= cutoff) for x in rows)

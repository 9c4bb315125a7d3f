"""The budget planner reads its problem with SQL aggregates: the same plan on PostgreSQL."""

from __future__ import annotations

import datetime as dt

from karier_desktop.services import demo, planner
from karier_desktop.services import renbangkom as rb
from karier_desktop.store.lifecycle import open_database

TODAY = dt.date(2026, 11, 29)


def test_plan_with_person_and_source_ceilings_on_the_server(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            demo.generate(s, 150, seed=5, today=TODAY)
            rb.set_budget(s, 2027, "apbd_kab", 10_000_000)
        with db.read_scope() as s:
            problem = planner.build_problem(s, 2027, today=TODAY)
            result = planner.plan(problem, 40_000_000, time_limit=15, curve_factors=None)
        assert problem.employees_in_scope > 0 and problem.candidates
        assert result.status in planner.SOLVED and result.funded
        spent = {src: used for src, used, _g, _t in result.by_source}
        assert spent["apbd_kab"] <= 10_000_000
        assert "cara sederhana" in planner.comparison_text(result)
    finally:
        db.dispose()

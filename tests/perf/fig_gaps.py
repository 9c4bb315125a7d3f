"""gap_all_50k: JPM of every employee through the service vs one raw SQL aggregate.

App: `services.gaps.jpm_all(session, today)` over the 50,000-employee demo regency, in one
session scope. Yardstick: one SQL statement run with `sqlite3` over the same file, computing the
same thing (latest valid level per employee and competency, summed against the standard) and
fetching the rows. Both are warmed once untimed (page cache) and must agree on every JPM value.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from perfkit import FigureResult, Run, copy_db, demo_db, in_order, timed

GOAL = 2.0

# The latest assessment date per (employee, competency) after the validity cutoff, its level
# (highest if two assessments share that date), summed over the position's standard.
SQL = """
WITH latest AS (
    SELECT a.employee_id AS eid, r.competency_id AS cid, MAX(a.assessed_on) AS d
    FROM assessments a JOIN assessment_results r ON r.assessment_id = a.id
    WHERE a.assessed_on > :cutoff
    GROUP BY a.employee_id, r.competency_id
), actual AS (
    SELECT l.eid, l.cid, MAX(r.level) AS level
    FROM latest l
    JOIN assessments a ON a.employee_id = l.eid AND a.assessed_on = l.d
    JOIN assessment_results r ON r.assessment_id = a.id AND r.competency_id = l.cid
    GROUP BY l.eid, l.cid
)
SELECT e.id, {jpm}
FROM employees e
JOIN position_standards ps ON ps.position_id = e.position_id
LEFT JOIN actual act ON act.eid = e.id AND act.cid = ps.competency_id
WHERE e.status = 'aktif'
GROUP BY e.id
"""
JPM = "ROUND(100.0 * SUM(act.level) / SUM(CASE WHEN act.level IS NOT NULL THEN ps.required_level END), 2)"


def gap_all_50k(run: Run) -> FigureResult:
    from karier_desktop.services import settings as settings_service
    from karier_desktop.services.gaps import jpm_all, validity_cutoff
    from karier_desktop.store.lifecycle import open_database

    n = run.size(50_000, 5_000)
    path = copy_db(demo_db(run.cache, n), run.workdir / "gaps.db")
    today = dt.date.today()
    db = open_database(path)
    conn = sqlite3.connect(path)
    try:
        with db.session_scope() as session:
            cfg = settings_service.load(session)
        cutoff = validity_cutoff(today, cfg.assessment_validity_years).isoformat()
        sql = SQL.format(jpm=f"MIN(100.0, {JPM})" if cfg.jpm_cap_at_100 else JPM)

        def app_call() -> dict:
            with db.session_scope() as session:
                return jpm_all(session, today)

        def yard_call() -> list[tuple[int, float | None]]:
            return conn.execute(sql, {"cutoff": cutoff}).fetchall()

        app_call()  # warm both: SQLite page cache, compiled statements
        yard_call()
        results: dict[str, object] = {}

        def app() -> float:
            seconds, results["app"] = timed(app_call)
            return seconds

        def yardstick() -> float:
            seconds, results["yard"] = timed(yard_call)
            return seconds

        app_s, yard_s = in_order(run, app, yardstick)
    finally:
        conn.close()
        db.dispose()
    checked = _same_jpm(results["app"], results["yard"])  # type: ignore[arg-type]
    return app_s, yard_s, {"goal": GOAL, "employees": n, "jpm_compared": checked}


def _same_jpm(app: dict, yard: list[tuple[int, float | None]]) -> int:
    """Both sides give the same JPM for every employee (SQLite rounds binary halves its way)."""
    sql_values = dict(yard)
    if set(sql_values) != set(app):
        missing = set(app) ^ set(sql_values)
        raise AssertionError(f"employees differ between service and SQL: {sorted(missing)[:10]}")
    for eid, summary in app.items():
        a, b = summary.jpm, sql_values[eid]
        if (a is None) != (b is None) or (a is not None and abs(a - b) > 0.0101):
            raise AssertionError(f"JPM of employee {eid}: service {a}, SQL {b}")
    assessed = sum(1 for s in app.values() if s.jpm is not None)
    if assessed == 0:
        raise AssertionError("no employee has a JPM: the comparison would prove nothing")
    return len(app)

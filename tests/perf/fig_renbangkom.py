"""renbangkom_50k: the regency summaries of a Renbangkom plan and the IP ASN competency
dimension of every employee, through the services, vs one SQL aggregate of the same rows.

Setup (not timed): the 50,000-employee demo regency (5,000 with --quick) and a plan of one line
per catalogue programme with every active employee on one or two lines (bulk insert).
App: `renbangkom.per_opd`, `per_group` (competency, path, organiser), `unfunded` and
`ipasn.compute` in one session scope. Yardstick: with `sqlite3` over the same file, one
aggregate of the plan rows per unit and funding source, and one of the training records per
employee and form (what the services read), rows fetched. Goal ratio ≤ 2.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3

from perfkit import FigureResult, Run, copy_db, demo_db, in_order, timed

GOAL = 2.0
YEAR = 2027
PLAN_SQL = """
SELECT e.unit_id, l.funding_source, l.competency_code, l.form_code, l.organiser,
       COUNT(*), SUM(pp.jp), SUM(pp.cost)
FROM renbangkom_participants pp JOIN renbangkom_lines l ON l.id = pp.line_id
JOIN employees e ON e.id = pp.employee_id
WHERE l.plan_id = ? AND e.status = 'aktif'
GROUP BY e.unit_id, l.funding_source, l.competency_code, l.form_code, l.organiser
"""
RECORD_SQL = """
SELECT t.employee_id, t.form_code, SUM(CASE WHEN t.end_date >= ? THEN t.jp ELSE 0 END), COUNT(*)
FROM training_records t JOIN employees e ON e.id = t.employee_id
WHERE t.status = 'selesai' AND t.end_date <= ? AND e.status = 'aktif'
GROUP BY t.employee_id, t.form_code
"""


def _plan(path: str) -> int:
    """One line per programme, every active employee on one or two lines (raw inserts)."""
    conn = sqlite3.connect(path)
    rng = random.Random(13)
    with conn:
        cur = conn.execute("INSERT INTO renbangkom_plans (year, version, status, note, "
                           "created_at) VALUES (?, 1, 'draf', '', CURRENT_TIMESTAMP)", (YEAR,))
        plan_id = cur.lastrowid
        progs = conn.execute("SELECT id, form_code, provider, jp, cost_per_participant "
                             "FROM programmes").fetchall()
        comps = [c for (c,) in conn.execute("SELECT code FROM competencies")]
        sources = ("apbd_kab", "apbd_prov", "apbn", "tanpa_biaya")
        lines = []
        for seq, (pid, form, provider, jp, cost) in enumerate(progs, start=1):
            cur = conn.execute(
                "INSERT INTO renbangkom_lines (plan_id, seq, competency_code, activity, "
                "form_code, programme_id, organiser, quarter, jp, cost, funding_source, "
                "priority) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (plan_id, seq, rng.choice(comps), f"Program {pid}", form, pid, provider or "",
                 rng.randint(1, 4), jp, 0, rng.choice(sources), rng.randint(1, 3)))
            lines.append((cur.lastrowid, jp, cost))
        people = [e for (e,) in conn.execute("SELECT id FROM employees WHERE status='aktif'")]
        rows = []
        for eid in people:
            for line_id, jp, cost in rng.sample(lines, rng.randint(1, 2)):
                rows.append((line_id, eid, jp, cost))
        conn.executemany("INSERT INTO renbangkom_participants (line_id, employee_id, jp, cost) "
                         "VALUES (?,?,?,?)", rows)
        conn.execute("UPDATE renbangkom_lines SET cost = (SELECT COALESCE(SUM(cost), 0) FROM "
                     "renbangkom_participants p WHERE p.line_id = renbangkom_lines.id)")
        conn.execute("INSERT INTO renbangkom_budgets (year, funding_source, amount) "
                     "VALUES (?, 'apbd_kab', 500000000)", (YEAR,))
    conn.close()
    return int(plan_id)


def renbangkom_50k(run: Run) -> FigureResult:
    from karier_desktop.services import ipasn
    from karier_desktop.services import renbangkom as rb
    from karier_desktop.store.lifecycle import open_database

    n = run.size(50_000, 5_000)
    path = copy_db(demo_db(run.cache, n), run.workdir / "renbangkom.db")
    db = open_database(path)
    db.dispose()  # migrated to 0007
    plan_id = _plan(str(path))
    as_of = dt.date(2026, 11, 29)
    since = as_of.replace(year=as_of.year - 1) + dt.timedelta(days=1)
    db = open_database(path)
    conn = sqlite3.connect(path)
    try:
        def app_call() -> int:
            with db.session_scope() as s:
                opds = rb.per_opd(s, plan_id)
                groups = [rb.per_group(s, plan_id, by)
                          for by in ("competency", "form", "organiser")]
                rb.unfunded(s, plan_id)
                report = ipasn.compute(s, YEAR - 1, as_of)
            return len(opds) + sum(map(len, groups)) + len(report.employees)

        def yard_call() -> int:
            a = conn.execute(PLAN_SQL, (plan_id,)).fetchall()
            b = conn.execute(RECORD_SQL, (since.isoformat(), as_of.isoformat())).fetchall()
            return len(a) + len(b)

        app_call()
        yard_call()  # warm the page cache for both

        def app() -> float:
            return timed(app_call)[0]

        def yardstick() -> float:
            return timed(yard_call)[0]

        app_s, yard_s = in_order(run, app, yardstick)
        with db.session_scope() as s:
            people = s.scalar(__import__("sqlalchemy").text(
                "SELECT COUNT(*) FROM renbangkom_participants"))
    finally:
        conn.close()
        db.dispose()
    return app_s, yard_s, {"goal": GOAL, "employees": n, "participants": people}

"""talent_map_50k and candidates_50k: the 9-box and a succession list at 50,000 employees.

Setup (untimed): the 50,000-employee demo regency with an SKP result of this year and a
potential result for every active employee, written with sqlite3.

talent_map_50k. App: `services.talent.talent_map(session, year, today)` with the default
formula. Yardstick: one SQL statement over the same file computing, per active employee, the
own-position JPM (capped at 100), the latest valid potential total, the education score, the
weighted sumbu X, the predikat score as sumbu Y, and the box; rows fetched. Both must agree on
the box of every employee (bar scores within 0.01 of a cut-off, where the app's half-up
rounding decides).

candidates_50k. App: `services.talent.candidates(session, position, year, today)` for an
administrator post. Yardstick: the statement above extended with the candidate rules (boxes
7-9, golongan, education, BUP horizon, not the holder), the leadership-training flag, and the
JPM against the target position's standard; rows fetched. Both must give the same candidates
with the same JPM.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path

from perfkit import FigureResult, Run, copy_db, demo_db, in_order, timed

GOAL = 2.0

LEVELS = """
latest AS (
    SELECT a.employee_id AS eid, r.competency_id AS cid, MAX(a.assessed_on) AS d
    FROM assessments a JOIN assessment_results r ON r.assessment_id = a.id
    WHERE a.assessed_on > :cutoff
    GROUP BY a.employee_id, r.competency_id
), actual AS MATERIALIZED (
    SELECT l.eid, l.cid, MAX(r.level) AS level
    FROM latest l
    JOIN assessments a ON a.employee_id = l.eid AND a.assessed_on = l.d
    JOIN assessment_results r ON r.assessment_id = a.id AND r.competency_id = l.cid
    GROUP BY l.eid, l.cid
)"""
SCORES = """
jpm AS (
    SELECT e.id AS eid, MIN(100.0, ROUND(100.0 * SUM(act.level) /
           SUM(CASE WHEN act.level IS NOT NULL THEN ps.required_level END), 2)) AS jpm
    FROM employees e
    JOIN position_standards ps ON ps.position_id = e.position_id
    LEFT JOIN actual act ON act.eid = e.id AND act.cid = ps.competency_id
    WHERE e.status = 'aktif' GROUP BY e.id
), pot AS (
    SELECT p.employee_id AS eid, p.total FROM potential_results p
    JOIN (SELECT employee_id, MAX(assessed_on) AS d FROM potential_results
          WHERE assessed_on <= :ref AND assessed_on > :cutoff GROUP BY employee_id) l
      ON l.employee_id = p.employee_id AND l.d = p.assessed_on
), parts AS (
    SELECT e.id AS eid, j.jpm, pot.total AS potensi,
           CASE e.education WHEN 'S3' THEN 100 WHEN 'S2' THEN 90 WHEN 'S1' THEN 80
                WHEN 'D4' THEN 80 WHEN 'D3' THEN 65 WHEN 'D2' THEN 55 WHEN 'D1' THEN 50
                WHEN 'SMA' THEN 45 WHEN 'SMP' THEN 30 WHEN 'SD' THEN 20 END AS edu,
           CASE lower(s.predikat) WHEN 'sangat baik' THEN 100 WHEN 'baik' THEN 80
                WHEN 'butuh perbaikan' THEN 60 WHEN 'kurang' THEN 40
                WHEN 'sangat kurang' THEN 20 END AS y
    FROM employees e
    LEFT JOIN jpm j ON j.eid = e.id
    LEFT JOIN pot ON pot.eid = e.id
    LEFT JOIN skp_results s ON s.employee_id = e.id AND s.year = :period
    WHERE e.status = 'aktif'
), scored AS (
    SELECT eid, y, CASE WHEN jpm IS NULL AND potensi IS NULL THEN NULL ELSE
           (COALESCE(40 * jpm, 0) + COALESCE(40 * potensi, 0) + COALESCE(20 * edu, 0)) /
           ((CASE WHEN jpm IS NULL THEN 0 ELSE 40 END) + (CASE WHEN potensi IS NULL THEN 0
            ELSE 40 END) + (CASE WHEN edu IS NULL THEN 0 ELSE 20 END)) END AS x
    FROM parts
), placed AS MATERIALIZED (
    SELECT eid, x, y, CASE WHEN x IS NULL OR y IS NULL THEN NULL ELSE
           CASE (CASE WHEN y < 70 THEN 0 WHEN y < 90 THEN 1 ELSE 2 END) * 3
                + (CASE WHEN x < 60 THEN 0 WHEN x < 80 THEN 1 ELSE 2 END)
           WHEN 0 THEN 1 WHEN 1 THEN 3 WHEN 2 THEN 6 WHEN 3 THEN 2 WHEN 4 THEN 5
           WHEN 5 THEN 8 WHEN 6 THEN 4 WHEN 7 THEN 7 ELSE 9 END END AS box
    FROM scored
)"""
MAP_SQL = f"WITH {LEVELS}, {SCORES} SELECT eid, x, y, box FROM placed"
CANDIDATE_SQL = f"""WITH {LEVELS}, {SCORES}, pool AS (
    SELECT p.eid, p.box FROM placed p JOIN employees e ON e.id = p.eid
    LEFT JOIN ranks rk ON rk.code = e.rank_code AND rk.system = 'PNS'
    WHERE p.box IN (7, 8, 9) AND COALESCE(e.position_id, -1) != :pid
      AND COALESCE(rk."order", -1) >= :min_order
      AND e.education IN ('S1', 'S2', 'S3', 'D4')
      AND date(e.birth_date, '+' || :age || ' years', 'start of month', '+1 month') > :horizon
)
SELECT pool.eid, pool.box,
       MIN(100.0, ROUND(100.0 * SUM(act.level) /
           SUM(CASE WHEN act.level IS NOT NULL THEN ps.required_level END), 2)) AS jpm,
       EXISTS (SELECT 1 FROM training_records t WHERE t.employee_id = pool.eid
               AND t.status = 'selesai' AND (upper(t.title) LIKE '%PKA%'
               OR upper(t.title) LIKE '%KEPEMIMPINAN ADMINISTRATOR%'
               OR upper(t.title) LIKE '%DIKLATPIM III%' OR upper(t.title) LIKE '%PIM III%'))
FROM pool
JOIN position_standards ps ON ps.position_id = :pid
LEFT JOIN actual act ON act.eid = pool.eid AND act.cid = ps.competency_id
GROUP BY pool.eid, pool.box
"""


def _add_talent_data(path: Path, year: int, today: dt.date) -> None:
    rng = random.Random(5)
    conn = sqlite3.connect(path)
    try:
        ids = [i for (i,) in conn.execute("SELECT id FROM employees WHERE status = 'aktif'")]
        predikat = ("Sangat Baik", "Baik", "Butuh Perbaikan")
        conn.executemany(
            "INSERT INTO skp_results (employee_id, year, predikat, source, recorded_at) "
            "VALUES (?, ?, ?, 'impor', CURRENT_TIMESTAMP)",
            [(i, year, rng.choices(predikat, (2, 7, 1))[0]) for i in ids])
        tested = (today - dt.timedelta(days=60)).isoformat()
        conn.executemany(
            "INSERT INTO potential_results (employee_id, assessed_on, total, source) "
            "VALUES (?, ?, ?, 'impor')",
            [(i, tested, round(min(100.0, max(0.0, rng.gauss(72, 11))), 2)) for i in ids])
        conn.commit()
    finally:
        conn.close()


def _prepare(run: Run, name: str) -> tuple[Path, dt.date, int, int]:
    n = run.size(50_000, 5_000)
    path = copy_db(demo_db(run.cache, n), run.workdir / f"{name}.db")
    today = dt.date.today()
    _add_talent_data(path, today.year, today)
    return path, today, today.year, n


def _params(db, today: dt.date, period: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from karier_desktop.services import settings as settings_service
    from karier_desktop.services.gaps import validity_cutoff

    with db.session_scope() as session:
        cfg = settings_service.load(session)
    return {"cutoff": validity_cutoff(today, cfg.assessment_validity_years).isoformat(),
            "ref": today.isoformat(), "period": period}


def _race(run: Run, app_call, yard_call):  # type: ignore[no-untyped-def]
    app_call()  # warm both
    yard_call()
    results: dict[str, object] = {}

    def app() -> float:
        seconds, results["app"] = timed(app_call)
        return seconds

    def yardstick() -> float:
        seconds, results["yard"] = timed(yard_call)
        return seconds

    app_s, yard_s = in_order(run, app, yardstick)
    return app_s, yard_s, results


def talent_map_50k(run: Run) -> FigureResult:
    from karier_desktop.services import talent
    from karier_desktop.store.lifecycle import open_database

    path, today, period, n = _prepare(run, "talent")
    db = open_database(path)
    conn = sqlite3.connect(path)
    try:
        params = _params(db, today, period)

        def app_call() -> object:
            with db.read_scope() as session:
                return talent.talent_map(session, period, today)

        app_s, yard_s, results = _race(run, app_call,
                                       lambda: conn.execute(MAP_SQL, params).fetchall())
    finally:
        conn.close()
        db.dispose()
    tm, rows = results["app"], results["yard"]
    sql_box = {eid: (x, y, box) for eid, x, y, box in rows}  # type: ignore[union-attr]
    differ = 0
    for p in tm.rows:  # type: ignore[attr-defined]
        x, y, box = sql_box[p.employee_id]
        if box != p.computed_box:
            near = x is not None and min(abs(x - 60), abs(x - 80)) < 0.01
            if not near:
                raise AssertionError(f"box of employee {p.employee_id}: app {p.computed_box}, "
                                     f"SQL {box} (x {x}, y {y})")
            differ += 1
    placed = len(tm.placed)  # type: ignore[attr-defined]
    if placed < n // 2:
        raise AssertionError(f"only {placed} of {n} placed: the comparison would prove little")
    return app_s, yard_s, {"goal": GOAL, "employees": len(tm.rows), "placed": placed,  # type: ignore[attr-defined]
                           "boxes_at_a_cut_off": differ}


def candidates_50k(run: Run) -> FigureResult:
    from karier_desktop.services import talent
    from karier_desktop.store.lifecycle import open_database

    path, today, period, _n = _prepare(run, "suksesi")
    conn = sqlite3.connect(path)
    pid = conn.execute(
        "SELECT p.id FROM positions p JOIN position_standards ps ON ps.position_id = p.id "
        "WHERE p.kind_code = 'administrator' GROUP BY p.id ORDER BY COUNT(*) DESC, p.id "
        "LIMIT 1").fetchone()[0]
    db = open_database(path)
    try:
        with db.read_scope() as session:
            rules = talent.load_rules(session)
        months = rules.retiring_within_months
        years, month = divmod(today.month - 1 + months, 12)
        params = {**_params(db, today, period), "pid": pid,
                  "min_order": conn.execute("SELECT \"order\" FROM ranks WHERE code = ?",
                                            (rules.min_rank["administrator"],)).fetchone()[0],
                  "age": 58, "horizon": dt.date(today.year + years, month + 1, 1).isoformat()}

        def app_call() -> object:
            with db.read_scope() as session:
                return talent.candidates(session, pid, period, today)

        app_s, yard_s, results = _race(run, app_call,
                                       lambda: conn.execute(CANDIDATE_SQL, params).fetchall())
    finally:
        conn.close()
        db.dispose()
    board, rows = results["app"], results["yard"]
    app_jpm = {c.employee_id: c.jpm for c in board.candidates}  # type: ignore[attr-defined]
    sql_jpm = {eid: jpm for eid, _box, jpm, _lead in rows}  # type: ignore[union-attr]
    missing = set(app_jpm) ^ set(sql_jpm)
    if len(missing) > max(3, len(app_jpm) // 1000):  # a score exactly at a cut-off
        raise AssertionError(f"candidates differ: {sorted(missing)[:10]}")
    for eid in set(app_jpm) & set(sql_jpm):
        a, b = app_jpm[eid], sql_jpm[eid]
        if (a is None) != (b is None) or (a is not None and abs(a - b) > 0.0101):
            raise AssertionError(f"JPM of candidate {eid}: service {a}, SQL {b}")
    if not app_jpm:
        raise AssertionError("no candidate: the comparison would prove nothing")
    return app_s, yard_s, {"goal": GOAL, "candidates": len(app_jpm), "position_id": pid}

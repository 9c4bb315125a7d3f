"""Figures of the later issues: import_10k and plan_regency (idp_batch_1000 in fig_idp.py).

import_10k — importing a 10,000-row employee .xlsx through the service (validation, units and
positions created, one transaction, forced backup) vs reading the same file with openpyxl alone
plus a raw sqlite3 executemany of the same rows. Goal ratio ≤ 1.5.

plan_regency — the budget planner on the 5,000-employee demo and its full catalogue. The
"yardstick" here is the greedy plan of the same problem; the figure reports solve seconds, the
MIP status and the objective against greedy. Goal: proven optimal (or gap ≤ 0.5 %) in < 30 s.
"""

from __future__ import annotations

import datetime as dt

from perfkit import FigureResult, Run, copy_db, demo_db, in_order, timed

TODAY = dt.date(2026, 11, 29)


def import_10k(run: Run) -> FigureResult:
    from karier_desktop.services.importing import import_file
    from karier_desktop.services.importing.sample import baseline_import, write_employee_xlsx
    from karier_desktop.store.lifecycle import open_database

    n = run.size(10_000, 2_000)
    sheet = run.cache / f"pegawai_{n}.xlsx"
    if not sheet.exists():
        write_employee_xlsx(sheet, n, today=TODAY)
    empty = run.cache / "empty_seeded.db"
    if not empty.exists():
        open_database(empty).dispose()

    def app() -> float:
        target = copy_db(empty, run.workdir / "app.db")
        db = open_database(target)
        try:
            def work() -> None:
                with db.session_scope() as session:
                    import_file(session, "pegawai", sheet, db_path=target, today=TODAY)
            seconds, _ = timed(work)
        finally:
            db.dispose()
        return seconds

    def yardstick() -> float:
        target = copy_db(empty, run.workdir / "yard.db")
        seconds, _ = timed(lambda: baseline_import(sheet, target))
        return seconds

    app_s, yard_s = in_order(run, app, yardstick)
    return app_s, yard_s, {"goal": 1.5, "rows": n}


def plan_regency(run: Run) -> FigureResult:
    from karier_desktop.services.planner import plan_for_year
    from karier_desktop.store.lifecycle import open_database

    n = run.size(5_000, 1_000)
    path = copy_db(demo_db(run.cache, n), run.workdir / "plan.db")
    db = open_database(path)
    try:
        with db.session_scope() as session:
            result = plan_for_year(session, TODAY.year + 1, 1_000_000_000, time_limit=30,
                                   curve_factors=None, today=TODAY)
    finally:
        db.dispose()
    solve = result.prep_seconds + result.solve_seconds
    return solve, result.prep_seconds + result.greedy_seconds, {
        "goal_note": "optimal (gap ≤ 0.5 %) in < 30 s", "status": result.status,
        "ok": solve < 30 and (result.gap_percent or 0) <= 0.5 and result.status != "tidak_layak",
        "objective": result.objective, "greedy_objective": result.greedy_objective,
        "gap_percent": result.gap_percent, "employees": n, "budget": 1_000_000_000}

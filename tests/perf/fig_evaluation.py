"""evaluation_100k: the training evaluation (Evaluasi page, `efektivitas`) vs its raw SQL.

App: `services.effectiveness.evaluate_programmes(session)` over the 100,000-employee demo
regency (quick: 5,000), in one read scope: every programme, participants and the comparison
group, per competency. Yardstick: the comparison-group aggregate alone (the part that reads
every assessment of every comparable employee), compiled to SQL and run with `sqlite3` over
the same file, rows fetched. Both warmed once untimed. Extra: the report's programme count and
the process's peak memory (VmHWM) after the app side.
"""

from __future__ import annotations

import sqlite3

from perfkit import FigureResult, Run, copy_db, demo_db, in_order, timed, vm_mb

GOAL = 3.0


def raw_comparison_sql() -> str:
    from sqlalchemy.dialects import sqlite as sqlite_dialect

    from karier_desktop.services.effectiveness import comparison_statement

    return str(comparison_statement().compile(dialect=sqlite_dialect.dialect(),
                                              compile_kwargs={"literal_binds": True}))


def evaluation_100k(run: Run) -> FigureResult:
    n = run.size(100_000, 5_000)
    path = copy_db(demo_db(run.cache, n), run.workdir / "eval.db")
    from karier_desktop.services.effectiveness import evaluate_programmes
    from karier_desktop.store.lifecycle import open_database

    db = open_database(path)
    sql = raw_comparison_sql()
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    found: dict[str, int] = {}

    def app() -> float:
        def go() -> int:
            with db.read_scope() as session:
                return len(evaluate_programmes(session).programmes)
        seconds, found["programmes"] = timed(go)
        return seconds

    def yardstick() -> float:
        return timed(lambda: raw.execute(sql).fetchall())[0]

    try:
        app()
        yardstick()
        app_s, yard_s = in_order(run, app, yardstick)
    finally:
        raw.close()
        db.dispose()
    if not found["programmes"]:
        raise AssertionError("the evaluation found no programme")
    rss, hwm = vm_mb()
    return app_s, yard_s, {"goal": GOAL, "employees": n, "programmes": found["programmes"],
                           "rss_mb": rss, "peak_mb": hwm}

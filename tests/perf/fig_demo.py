"""demo_50k: generating the demo regency vs raw sqlite3 executemany of the same rows.

App: `services.demo.generate(session, N, seed=1)` into a fresh database, inside
`open_database(path).session_scope()` (commit included; creating the database is not timed).
Yardstick: the rows the app wrote, read back table by table, inserted with `sqlite3`
executemany into another fresh database of the same schema (made by `open_database` too, same
connection pragmas as the app) in one transaction; only the inserts and the commit are timed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from perfkit import FigureResult, Run, demo_db, in_order, keep_demo, timed

GOAL = 3.0
SEED = 1


def _app(run: Run, n: int) -> float:
    from karier_desktop.services.demo import generate
    from karier_desktop.store.lifecycle import open_database

    path = run.workdir / "app.db"
    db = open_database(path)
    try:
        def work() -> None:
            with db.session_scope() as session:
                generate(session, n, seed=SEED)

        seconds, _ = timed(work)
    finally:
        db.dispose()
    keep_demo(run.cache, n, SEED, path)  # the yardstick's source rows, and gap_all's database
    return seconds


REPLACED_BY_DEMO = {"programmes", "programme_targets"}
# Bookkeeping the database's own triggers write while rows are copied (migration 0013: the
# employees changed since the start-up snapshot); copying it too would note them twice.
WRITTEN_BY_TRIGGERS = {"start_changes"}


def _rows_to_copy(source: Path, fresh: Path) -> list[tuple[str, list[tuple[object, ...]], bool]]:
    """Rows of every table the demo filled, and whether the fresh database's own rows there are
    replaced (the starter catalogue, which the demo clears before loading its own)."""
    from karier_desktop.store.models import Base

    src = sqlite3.connect(source)
    dst = sqlite3.connect(fresh)
    try:
        out = []
        for table in Base.metadata.sorted_tables:
            name = table.name
            if name in WRITTEN_BY_TRIGGERS:
                continue
            have = dst.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            rows = src.execute(f'SELECT * FROM "{name}"').fetchall()
            if have == 0 and rows:
                out.append((name, rows, False))
            elif have and have != len(rows):
                if name not in REPLACED_BY_DEMO:
                    raise RuntimeError(f"table {name}: {have} seeded rows vs {len(rows)} in "
                                       "the demo")
                out.append((name, rows, True))
        return out
    finally:
        src.close()
        dst.close()


def _yardstick(run: Run, n: int) -> tuple[float, int]:
    from karier_desktop.store.db import SQLITE_PRAGMAS
    from karier_desktop.store.lifecycle import open_database

    path = run.workdir / "yardstick.db"
    open_database(path, seed=True).dispose()
    tables = _rows_to_copy(demo_db(run.cache, n, SEED), path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in SQLITE_PRAGMAS:
            conn.execute(pragma)

        def work() -> None:
            conn.execute("BEGIN")
            for name, _rows, replaced in reversed(tables):  # children first
                if replaced:
                    conn.execute(f'DELETE FROM "{name}"')
            for name, rows, _replaced in tables:
                marks = ", ".join("?" * len(rows[0]))
                conn.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
            conn.execute("COMMIT")

        seconds, _ = timed(work)
    finally:
        conn.close()
    return seconds, sum(len(rows) for _, rows, _replaced in tables)


def demo_50k(run: Run) -> FigureResult:
    n = run.size(50_000, 5_000)
    inserted = 0

    def yardstick() -> float:
        nonlocal inserted
        seconds, inserted = _yardstick(run, n)
        return seconds

    app_s, yard_s = in_order(run, lambda: _app(run, n), yardstick)
    return app_s, yard_s, {"goal": GOAL, "employees": n, "rows_inserted": inserted}

"""server_gap_50k, server_import_10k, server_table_50k: the same work on a PostgreSQL server
(app) and on the SQLite file (yardstick), in the same run. Goal: the server at most 2× SQLite.

The server is KARIER_TEST_PG_URL when set, else a throw-away one started here with
.ci/pg-server (and stopped when the figure's process ends). The demo regency is the suite's
cached SQLite demo, moved onto the server with `services.database.move_to_server` (untimed), so
both sides hold the same rows.

server_gap_50k — `services.gaps.jpm_all` for every employee, in one read unit of work each side.
server_import_10k — `importing.import_file` of the same 10,000-row employee sheet into an empty
seeded database on each side (each with its pre-import backup: a SQLite copy, a pg_dump).
server_table_50k — `services.employees.list_rows`, what the employee table loads, in one read
unit of work each side. Both sides are warmed once untimed and must agree on their results.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import subprocess
import uuid
from pathlib import Path
from typing import Any

from perfkit import FigureResult, Run, copy_db, demo_db, in_order, timed

GOAL = 2.0
TODAY = dt.date(2026, 11, 29)
ROOT = Path(__file__).resolve().parents[2]
_SERVER: dict[str, str] = {}


def _base_url() -> str:
    """postgresql+psycopg://…/postgres of a server for this process."""
    if "url" in _SERVER:
        return _SERVER["url"]
    url = os.environ.get("KARIER_TEST_PG_URL")
    if not url:
        out = subprocess.run(["bash", str(ROOT / ".ci" / "pg-server"), "start"], check=True,
                             capture_output=True, text=True).stdout
        values = dict(part.split("=", 1) for part in out.split()[1:])
        url = values["KARIER_TEST_PG_URL"]
        folder = values["KARIER_PG_DIR"]
        atexit.register(subprocess.run, ["bash", str(ROOT / ".ci" / "pg-server"), "stop",
                                         folder], check=False)
    _SERVER["url"] = url
    return url


def _new_database(tag: str) -> str:
    import psycopg

    base = _base_url()
    name = f"perf_{tag}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = base.rsplit("/", 1)[0] + "/" + name
    atexit.register(_drop, url)
    return url


def _drop(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    try:
        with psycopg.connect(_base_url().replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except psycopg.Error:
        pass  # the throw-away server may be gone already


def _demo_on_server(run: Run, n: int) -> tuple[Path, str]:
    """The cached SQLite demo and the same rows on the server (moved once per process)."""
    key = f"demo_{n}"
    source = demo_db(run.cache, n)
    if key not in _SERVER:
        from karier_desktop.services.database import move_to_server

        url = _new_database(f"demo{n}")
        print(f"  (moving the demo of {n:,} employees onto the server)", flush=True)
        move_to_server(copy_db(source, run.workdir / "move.db"), url)
        _SERVER[key] = url
    return source, _SERVER[key]


def _read_pair(run: Run, n: int, work: Any, compare: Any) -> tuple[float, float]:
    from karier_desktop.store.lifecycle import open_database

    source, url = _demo_on_server(run, n)
    local = open_database(copy_db(source, run.workdir / "local.db"))
    server = open_database(url)
    try:
        def call(db: Any) -> Any:
            with db.read_scope() as session:
                return work(session)

        results = {"app": call(server), "yard": call(local)}  # warm both
        assert compare(results["app"]) == compare(results["yard"]), "server and file disagree"

        def app() -> float:
            seconds, _ = timed(lambda: call(server))
            return seconds

        def yardstick() -> float:
            seconds, _ = timed(lambda: call(local))
            return seconds

        return in_order(run, app, yardstick)
    finally:
        server.dispose()
        local.dispose()


def server_gap_50k(run: Run) -> FigureResult:
    from karier_desktop.services.gaps import jpm_all

    n = run.size(50_000, 2_000)
    app_s, yard_s = _read_pair(run, n, lambda s: jpm_all(s, TODAY),
                               lambda r: sorted((k, round(v.jpm or 0, 2)) for k, v in r.items()))
    return app_s, yard_s, {"goal": GOAL, "employees": n}


def server_table_50k(run: Run) -> FigureResult:
    from karier_desktop.services.employees import list_rows

    n = run.size(50_000, 2_000)
    app_s, yard_s = _read_pair(run, n, lambda s: list_rows(s, TODAY),
                               lambda rows: sorted(r.nip for r in rows))
    return app_s, yard_s, {"goal": GOAL, "employees": n}


def server_import_10k(run: Run) -> FigureResult:
    from karier_desktop.services.importing import import_file
    from karier_desktop.services.importing.sample import write_employee_xlsx
    from karier_desktop.store.lifecycle import open_database

    n = run.size(10_000, 1_000)
    sheet = run.cache / f"pegawai_{n}.xlsx"
    if not sheet.exists():
        write_employee_xlsx(sheet, n, today=TODAY)
    empty = run.cache / "empty_seeded.db"
    if not empty.exists():
        open_database(empty).dispose()
    counts: dict[str, int] = {}

    def one(target: str | Path, side: str) -> float:
        db = open_database(target)
        try:
            def work() -> None:
                with db.session_scope() as session:
                    _preview, result = import_file(session, "pegawai", sheet, today=TODAY)
                    counts[side] = result.new if result else 0
            seconds, _ = timed(work)
        finally:
            db.dispose()
        return seconds

    server_url = _new_database("import")
    open_database(server_url).dispose()  # migrated and seeded, untimed

    app_s, yard_s = in_order(run, lambda: one(server_url, "app"),
                             lambda: one(copy_db(empty, run.workdir / "yard.db"), "yard"))
    assert counts["app"] == counts["yard"] == n, counts
    _drop(server_url)
    return app_s, yard_s, {"goal": GOAL, "rows": n}

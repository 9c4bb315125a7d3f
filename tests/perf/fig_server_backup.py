"""server_export_50k, server_restore_50k: the app's own backup of a server database (for
computers without pg_dump) against pg_dump/pg_restore on the same database, in the same run.

server_export_50k — `store.server_export.write_export` of the demo regency on the server (app)
against `store.server_backup.dump_database`, pg_dump's custom format (yardstick). Both write,
check and rename their file.
server_restore_50k — `store.server_export.restore_export` of that export (app) against
`pg_restore --clean --single-transaction` of the dump (yardstick), each into the same database.
Extra: the Python heap's peak (tracemalloc, one untimed pass each on the first repetition) of
the export and the restore, which must stay bounded whatever the number of employees.
"""

from __future__ import annotations

import datetime as dt
import tracemalloc
from pathlib import Path
from typing import Any

from fig_server import _demo_on_server
from perfkit import FigureResult, Run, in_order, timed

_PEAKS: dict[str, float] = {}


def _peak_mb(work: Any) -> float:
    tracemalloc.start()
    try:
        work()
        return round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    finally:
        tracemalloc.stop()


def _export(url: str, target: Path) -> Path:
    from karier_desktop.store import server_export
    from karier_desktop.store.lifecycle import open_database
    from karier_desktop.store.migrate import current_revision

    db = open_database(url)
    try:
        return server_export.write_export(db.engine, target, current_revision(db.engine) or "",
                                          dt.datetime(2026, 12, 7, 9, 0))
    finally:
        db.dispose()


def _restore(url: str, source: Path) -> None:
    from karier_desktop.store import server_export
    from karier_desktop.store.lifecycle import open_database
    from karier_desktop.store.migrate import current_revision

    db = open_database(url)
    try:
        server_export.restore_export(db.engine, source, current_revision(db.engine),
                                     {"actor": "perf", "action": "pulihkan",
                                      "entity": "database", "detail": ""})
    finally:
        db.dispose()


def server_export_50k(run: Run) -> FigureResult:
    from karier_desktop.store.server_backup import dump_database

    n = run.size(50_000, 2_000)
    _source, url = _demo_on_server(run, n)
    export = run.workdir / "kantor.karier-server"
    dump = run.workdir / "kantor.dump"
    app_s, yard_s = in_order(run, lambda: timed(lambda: _export(url, export))[0],
                             lambda: timed(lambda: dump_database(url, dump))[0])
    extra: dict[str, Any] = {"employees": n, "export_mb": round(export.stat().st_size / 2**20, 1),
                             "dump_mb": round(dump.stat().st_size / 2**20, 1)}
    if run.rep == 0:
        extra["export_peak_heap_mb"] = _peak_mb(lambda: _export(url, run.workdir / "b.karier-server"))
    return app_s, yard_s, extra


def server_restore_50k(run: Run) -> FigureResult:
    from karier_desktop.store.revision import HEAD_REVISION
    from karier_desktop.store.server_backup import dump_database, restore_dump

    n = run.size(50_000, 2_000)
    _source, url = _demo_on_server(run, n)
    export = _export(url, run.workdir / "kantor.karier-server")
    dump = dump_database(url, run.workdir / "kantor.dump")
    app_s, yard_s = in_order(run, lambda: timed(lambda: _restore(url, export))[0],
                             lambda: timed(lambda: restore_dump(url, dump, {HEAD_REVISION}))[0])
    extra: dict[str, Any] = {"employees": n}
    if run.rep == 0:
        extra["restore_peak_heap_mb"] = _peak_mb(lambda: _restore(url, export))
    return app_s, yard_s, extra

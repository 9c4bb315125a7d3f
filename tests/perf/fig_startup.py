"""startup_10k: process start to the employee table shown, vs a bare PySide6 window.

App: `python tests/perf/startup_probe.py DB` on a copy of a 10,000-employee demo regency that
the app has opened once before (so it holds the start-up snapshot the app keeps, as on every
working day after the first). Timed from Popen to the probe's `shown` line: the table has rows
and has been painted.
Yardstick: `python -c` creating a QApplication and a QMainWindow with an empty QTableView,
showing it and processing events until the table has been painted; timed from Popen to its
`shown` line, the same way.
Also measured (extra, not the ratio): `cold_s`, the same start on a copy without a snapshot
(the first start after the data was changed by another program), `earlier_s`, on a copy whose
snapshot was made four weeks before (same year: assessments that expired since are taken out
at start), and `ready_after_shown_s`, until the database is open behind the shown table.
`after_import_s`/`_ratio`: the first start after `import pegawai` of 50 new employees from the
command line (the import keeps the start view, so this is the common "after a change" start);
`*_ready_s`: seconds until the database is open behind the table (the window usable), beside
the first paint. Both sides run once untimed first so they start with warm file caches.

startup_cold_10k: the first start after the data was changed, vs the same bare window.
App: the start after a working session in the window on a copy of the same regency: the
window imported 50 new employees (the import dialog's service and change notice), renamed one
employee, deleted a training record and was closed (startup_probe.py --change). The window
brings the kept start view up to date for the changed employees only (start_changes, migration
0013) while it works or when it closes, so this start shows the rows without SQLAlchemy.
Also measured: `*_usable_s`, seconds until the window is usable (database open, no page still
loading, the event loop answering at once) beside `*_shown_s`, the first paint with rows;
`external_*`, the first start after another program changed rows of a few employees with SQL
(the window reads again only those employees: SQLAlchemy and the database are needed before
the first paint); `full_*`, the start on a copy with no kept view at all (computed in full).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

from perfkit import FigureResult, Run, copy_db, demo_db, in_order

GOAL = 3.0
PROBE = Path(__file__).resolve().parent / "startup_probe.py"
BARE = (
    "import sys\n"
    "from PySide6.QtCore import QEvent, QObject\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow, QTableView\n"
    "class Painted(QObject):\n"
    "    seen = False\n"
    "    def eventFilter(self, _w, e):\n"
    "        if e.type() == QEvent.Type.Paint:\n"
    "            self.seen = True\n"
    "        return False\n"
    "app = QApplication(sys.argv)\n"
    "w = QMainWindow(); t = QTableView(); w.setCentralWidget(t); w.resize(1280, 720)\n"
    "p = Painted(); t.viewport().installEventFilter(p); w.show()\n"
    "while not p.seen:\n"
    "    app.processEvents()\n"
    "print('shown', flush=True)\n"
    "w.close()\n"
)


def _to_shown(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Seconds from Popen to the line starting with "shown"; and all the output."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    seconds = None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if seconds is None and line.startswith("shown"):
            seconds = time.perf_counter() - start
    _out, err = proc.communicate(timeout=300)
    if proc.returncode != 0 or seconds is None:
        raise RuntimeError(f"{cmd[1]} ended with {proc.returncode}: {err[-2000:]}")
    return seconds, "".join(lines)


def _fields(output: str, tag: str) -> dict[str, str]:
    line = next(ln for ln in output.splitlines() if ln.startswith(tag))
    return dict(part.split("=") for part in line.split()[1:])


def _keep_view_of(path: Path, day: dt.date) -> None:
    """Leave in `path` the snapshot the app would have kept on `day` (not timed)."""
    from karier_desktop.services.start import snapshot as start_snapshot
    from karier_desktop.store.lifecycle import open_database

    db = open_database(path)
    try:
        with db.read_scope() as session:
            view = start_snapshot.build(session, day)
        with db.session_scope() as session:
            assert start_snapshot.save(session, view)
    finally:
        db.dispose()


def startup_10k(run: Run) -> FigureResult:
    n = run.size(10_000, 2_000)
    source = demo_db(run.cache, n)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               KARIER_DATA_DIR=str(run.workdir / "userdata"))
    used, fresh = run.workdir / "used.db", run.workdir / "fresh.db"
    app_cmd = [sys.executable, str(PROBE), str(used)]
    bare_cmd = [sys.executable, "-c", BARE]
    copy_db(source, used)
    _to_shown(app_cmd, env)  # the first start computes the rows and keeps the snapshot
    _to_shown(bare_cmd, env)
    out: dict[str, str] = {}

    def app() -> float:
        seconds, out["probe"] = _to_shown(app_cmd, env)
        return seconds

    def yardstick() -> float:
        return _to_shown(bare_cmd, env)[0]

    app_s, yard_s = in_order(run, app, yardstick)
    shown = _fields(out["probe"], "shown")
    if int(shown["rows"]) < n * 0.9:
        raise AssertionError(f"the table showed {shown['rows']} rows of about {n}")
    copy_db(source, fresh)
    cold_s, cold_out = _to_shown([sys.executable, str(PROBE), str(fresh)], env)
    earlier = run.workdir / "earlier.db"
    copy_db(source, earlier)
    _keep_view_of(earlier, max(dt.date.today() - dt.timedelta(days=28),
                               dt.date(dt.date.today().year, 1, 1)))
    earlier_s, earlier_out = _to_shown([sys.executable, str(PROBE), str(earlier)], env)
    if _fields(earlier_out, "shown")["sqlalchemy"] != "no":
        raise AssertionError("the four-week-old snapshot was not used")
    ready = float(_fields(out["probe"], "ready")["elapsed"]) - float(shown["elapsed"])
    # The common first start after a change: an import from the command line (which keeps the
    # start view for the next start), then the window.
    imported = run.workdir / "imported.db"
    copy_db(source, imported)
    from karier_desktop.services.importing.sample import write_employee_xlsx

    sheet = write_employee_xlsx(run.workdir / "baru.xlsx", 50, seed=99)
    subprocess.run([sys.executable, "-m", "karier_desktop", "import", "pegawai", str(sheet),
                    "--db", str(imported)], env=env, check=True, capture_output=True)
    after_s, after_out = _to_shown([sys.executable, str(PROBE), str(imported)], env)
    after = _fields(after_out, "shown")
    return app_s, yard_s, {"goal": GOAL, "employees": n, "table_rows": int(shown["rows"]),
                           "ready_after_shown_s": round(ready, 3),
                           "earlier_s": round(earlier_s, 3),
                           "cold_s": round(cold_s, 3), "cold_ratio": round(cold_s / yard_s, 2),
                           "cold_rows": int(_fields(cold_out, "shown")["rows"]),
                           "cold_ready_s": float(_fields(cold_out, "ready")["elapsed"]),
                           "after_import_s": round(after_s, 3),
                           "after_import_ratio": round(after_s / yard_s, 2),
                           "after_import_from_snapshot": after["sqlalchemy"] == "no",
                           "after_import_ready_s": float(_fields(after_out, "ready")["elapsed"])}


EXTERNAL_SQL = (
    "UPDATE employees SET name = name || ' Luar' WHERE id IN "
    "(SELECT id FROM employees ORDER BY id LIMIT 5)",
    "INSERT INTO training_records (employee_id, title, start_date, end_date, jp, cost, status) "
    "SELECT employee_id, 'Pelatihan luar', start_date, end_date, jp, cost, status "
    "FROM training_records ORDER BY id LIMIT 20",
    "DELETE FROM assessments WHERE id = (SELECT max(id) FROM assessments)",
)


def _change_outside(path: Path) -> None:
    """Another program (an office's own script) changes a few employees' rows."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        for statement in EXTERNAL_SQL:
            conn.execute(statement)
    conn.close()


def startup_cold_10k(run: Run) -> FigureResult:
    n = run.size(10_000, 2_000)
    source = demo_db(run.cache, n)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               KARIER_DATA_DIR=str(run.workdir / "userdata"))
    from karier_desktop.services.importing.sample import write_employee_xlsx

    sheet = write_employee_xlsx(run.workdir / "baru.xlsx", 50, seed=99)
    worked, outside, bare = (run.workdir / f"{name}.db" for name in ("worked", "outside", "bare"))
    copy_db(source, worked)
    _to_shown([sys.executable, str(PROBE), str(worked)], env)  # keeps the start view
    copy_db(worked, outside)
    copy_db(source, bare)
    _to_shown([sys.executable, str(PROBE), str(worked), "--change", str(sheet)], env)
    bare_cmd = [sys.executable, "-c", BARE]
    _to_shown(bare_cmd, env)
    out: dict[str, str] = {}

    def app() -> float:
        seconds, out["worked"] = _to_shown([sys.executable, str(PROBE), str(worked)], env)
        return seconds

    def yardstick() -> float:
        return _to_shown(bare_cmd, env)[0]

    app_s, yard_s = in_order(run, app, yardstick)
    shown = _fields(out["worked"], "shown")
    if int(shown["rows"]) < n + 50:
        raise AssertionError(f"the table showed {shown['rows']} rows, not the {n} + 50 imported")
    _change_outside(outside)
    external_s, external_out = _to_shown([sys.executable, str(PROBE), str(outside)], env)
    full_s, full_out = _to_shown([sys.executable, str(PROBE), str(bare)], env)
    extra: dict[str, object] = {"goal": GOAL, "employees": n, "table_rows": int(shown["rows"]),
                                "from_snapshot": shown["sqlalchemy"] == "no"}
    for name, seconds, output in (("worked", app_s, out["worked"]),
                                  ("external", external_s, external_out),
                                  ("full", full_s, full_out)):
        fields = _fields(output, "shown")
        extra[f"{name}_ratio"] = round(seconds / yard_s, 2)
        extra[f"{name}_shown_s"] = float(fields["elapsed"])
        extra[f"{name}_usable_s"] = float(_fields(output, "usable")["elapsed"])
    return app_s, yard_s, extra

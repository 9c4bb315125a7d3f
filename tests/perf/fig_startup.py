"""startup_10k: process start to the employee table populated, vs a bare PySide6 window.

App: `python tests/perf/startup_probe.py DB` on a copy of a 10,000-employee demo regency.
Yardstick: `python -c` creating a QApplication and a QMainWindow with an empty QTableView,
showing it, processing events and quitting. Both offscreen, timed from Popen to exit; each is
run once untimed first so both start with warm file caches.
"""

from __future__ import annotations

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
    "from PySide6.QtWidgets import QApplication, QMainWindow, QTableView\n"
    "app = QApplication(sys.argv)\n"
    "w = QMainWindow(); w.setCentralWidget(QTableView()); w.resize(1280, 720); w.show()\n"
    "app.processEvents()\n"
    "w.close()\n"
)
_warmed: set[str] = set()


def _wall(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[1]} ended with {proc.returncode}: {proc.stderr[-2000:]}")
    return seconds, proc.stdout


def startup_10k(run: Run) -> FigureResult:
    n = run.size(10_000, 2_000)
    source = demo_db(run.cache, n)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               KARIER_DATA_DIR=str(run.workdir / "userdata"))
    app_cmd = [sys.executable, str(PROBE), str(run.workdir / "app.db")]
    bare_cmd = [sys.executable, "-c", BARE]
    if "done" not in _warmed:
        copy_db(source, run.workdir / "app.db")
        _wall(app_cmd, env)
        _wall(bare_cmd, env)
        _warmed.add("done")
    copy_db(source, run.workdir / "app.db")
    out: dict[str, str] = {}

    def app() -> float:
        seconds, out["probe"] = _wall(app_cmd, env)
        return seconds

    def yardstick() -> float:
        return _wall(bare_cmd, env)[0]

    app_s, yard_s = in_order(run, app, yardstick)
    fields = dict(part.split("=") for part in out["probe"].split())
    if int(fields["rows"]) < n * 0.9:
        raise AssertionError(f"the table showed {fields['rows']} rows of about {n}")
    return app_s, yard_s, {"goal": GOAL, "employees": n, "table_rows": int(fields["rows"]),
                           "probe_elapsed_s": float(fields["elapsed"])}

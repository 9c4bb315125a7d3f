"""batch_memory: the peak memory of the batch jobs at a province's size, each in its own process.

Jobs (quick sizes in brackets), each a child process whose peak resident memory (ru_maxrss of
that child, from os.wait4) is read when it ends:
- `demo --employees 100000` (5,000) through the command line, into an empty file;
- `efektivitas --json` on that regency through the command line;
- the import of a 10,000-row (2,000) employee sheet through `services.importing.import_file`;
- 1,000 (120) IDPs to PDF files through the batch service (its two render processes included:
  wait4 reports the largest of the child and the processes it waited for).
The figure is the largest peak in MB against the 300 MB budget (ratio <= 1: within it); the
extra keys hold each job's peak and seconds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from perfkit import FigureResult, Run, copy_db, demo_db

BUDGET_MB = 300.0
TODAY = "2026-11-29"

IMPORT = """
import datetime as dt, sys
from karier_desktop.services.importing import import_file
from karier_desktop.store.lifecycle import open_database
db = open_database(sys.argv[1])
with db.session_scope() as session:
    import_file(session, "pegawai", sys.argv[2], db_path=sys.argv[1], today=dt.date(2026, 11, 29))
db.dispose()
"""

IDP = """
import datetime as dt, sys
from pathlib import Path
from sqlalchemy import select
from karier_desktop.services import idp
from karier_desktop.store import models as m
from karier_desktop.store.lifecycle import open_database
db = open_database(sys.argv[1])
with db.read_scope() as session:
    ids = list(session.scalars(select(m.Employee.id).order_by(m.Employee.id)))[:int(sys.argv[3])]
params = idp.BatchParams(db=db, year=2027, employee_ids=tuple(ids), out_dir=Path(sys.argv[2]),
                         today=dt.date(2026, 11, 29))
idp.run_batch(params, None)
db.dispose()
"""


def _peak(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(peak MB, seconds) of one child process run to its end; it must succeed."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[1:4]} ended with {proc.returncode}: {err[-2000:]!r}")
    return round(usage.ru_maxrss / 1024, 1), round(seconds, 2)


def batch_memory(run: Run) -> FigureResult:
    n = run.size(100_000, 5_000)
    rows = run.size(10_000, 2_000)
    plans = run.size(1_000, 120)
    env = dict(os.environ, KARIER_DATA_DIR=str(run.workdir / "userdata"))
    py = sys.executable
    jobs: dict[str, dict[str, float]] = {}

    def job(name: str, cmd: list[str]) -> None:
        peak, seconds = _peak(cmd, env)
        jobs[name] = {"peak_mb": peak, "s": seconds}
        print(f"  {name:<22} peak {peak:>7.1f} MB  {seconds:>8.2f} s", flush=True)

    fresh = run.workdir / "demo.db"
    job(f"demo_{n}", [py, "-m", "karier_desktop", "demo", "--db", str(fresh),
                      "--employees", str(n)])
    job(f"efektivitas_{n}", [py, "-m", "karier_desktop", "efektivitas", "--db", str(fresh),
                             "--json"])

    from karier_desktop.services.importing.sample import write_employee_xlsx
    from karier_desktop.store.lifecycle import open_database

    sheet = run.cache / f"pegawai_{rows}.xlsx"
    if not sheet.exists():
        import datetime as dt

        write_employee_xlsx(sheet, rows, today=dt.date.fromisoformat(TODAY))
    empty = run.cache / "empty_seeded.db"
    if not empty.exists():
        open_database(empty).dispose()
    target = copy_db(empty, run.workdir / "import.db")
    job(f"import_{rows}", [py, "-c", IMPORT, str(target), str(sheet)])

    idp_db = copy_db(demo_db(run.cache, max(1_200, plans)), run.workdir / "idp.db")
    job(f"idp_{plans}", [py, "-c", IDP, str(idp_db), str(run.workdir / "idp"), str(plans)])
    worst = max(j["peak_mb"] for j in jobs.values())
    return worst, BUDGET_MB, {"goal": 1.0, "unit": "MB against the 300 MB budget",
                              "jobs": jobs}

"""walk_100k: the real main window driven through every page on 100,000 employees.

App: `tests/perf/walk_probe.py` in its own process on a copy of the 100,000-employee demo
regency (quick: 3,000) that the app has opened once before (startup_probe.py): start, then Beranda, Pegawai,
Jabatan & Standar, Kamus, Asesmen, Pelatihan, Kesenjangan, IDP, Anggaran (opened only),
Evaluasi, Talenta, Renbangkom, Pertukaran Data, each timed until its rows are there.
Yardstick: per page, the same rows read by one raw SQL query and set on a bare model
(see walk_probe.YARDSTICK_SQL). The figure's ratio is the worst ratio among the pages whose
rows scale with the regency (yardstick rows >= a tenth of the employees: Pegawai, Asesmen,
Pelatihan, Kesenjangan, IDP, Talenta); the small pages (Kamus: 37 rows) cost the building of
their widgets, which no row count changes, and are reported with their time and stall only.
Per page the extra keys give seconds, ratio, rows, the longest event-loop stall (a 10 ms QTimer
heartbeat) and VmRSS/VmHWM after the step. Goals: those pages <= 2x their yardstick, peak
<= 300 MB, and no stall of a loaded page that grows with the rows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from perfkit import FigureResult, Run, copy_db, demo_db

GOAL = 2.0
PEAK_GOAL_MB = 300
PROBE = Path(__file__).resolve().parent / "walk_probe.py"
STARTUP_PROBE = Path(__file__).resolve().parent / "startup_probe.py"


def _walk(path: Path, env: dict[str, str]) -> tuple[list[dict], dict[str, dict]]:
    proc = subprocess.Popen([sys.executable, str(PROBE), str(path)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    steps, yards = [], {}
    for line in proc.stdout:  # streamed: a slow page shows while the walk goes on
        if line.startswith("@@walk "):
            steps.append(json.loads(line[7:]))
            print(f"    opened {steps[-1]['page']}: {steps[-1]['s']:.2f} s", flush=True)
        elif line.startswith("@@yard "):
            y = json.loads(line[7:])
            yards[y["page"]] = y
    _out, err = proc.communicate(timeout=3600)
    if proc.returncode != 0:
        raise RuntimeError(f"walk probe ended with {proc.returncode}: {err[-3000:]}")
    return steps, yards


def walk_100k(run: Run) -> FigureResult:
    n = run.size(100_000, 3_000)
    path = copy_db(demo_db(run.cache, n), run.workdir / "walk.db")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               KARIER_DATA_DIR=str(run.workdir / "userdata"))
    # the first start keeps the start view (as on any working day after the first) and brings
    # the file into the page cache
    subprocess.run([sys.executable, str(STARTUP_PROBE), str(path)], env=env, check=True,
                   capture_output=True, timeout=1800)
    steps, yards = _walk(path, env)
    pages: dict[str, dict] = {}
    worst_app, worst_yard, worst_ratio = 0.0, 1.0, 0.0
    for step in steps:
        yard = yards[step["page"]]
        ratio = step["s"] / max(yard["s"], 1e-4)
        pages[step["page"]] = dict(step, yard_s=yard["s"], yard_rows=yard["rows"],
                                   ratio=round(ratio, 2))
        print(f"  {step['page']:<12} {step['s']:>8.3f} s  yardstick {yard['s']:>7.3f} s  "
              f"ratio {ratio:>6.2f}  rows {step['rows']:>7}  stall {step['stall_ms']:>7.1f} ms"
              f"  rss {step['rss_mb']:>6.1f} MB  peak {step['hwm_mb']:>6.1f} MB", flush=True)
        if yard["rows"] >= n // 10 and ratio > worst_ratio:
            worst_app, worst_yard, worst_ratio = step["s"], yard["s"], ratio
    peak = max(s["hwm_mb"] for s in steps)
    stall = max(s["stall_ms"] for s in steps)
    if worst_ratio == 0.0:  # every page at once: report the slowest
        slowest = max(steps, key=lambda s: s["s"])
        worst_app, worst_yard = slowest["s"], max(yards[slowest["page"]]["s"], 1e-4)
    return worst_app, worst_yard, {"goal": GOAL, "employees": n, "peak_mb": peak,
                                   "peak_ok": peak <= PEAK_GOAL_MB, "worst_stall_ms": stall,
                                   "pages": pages}

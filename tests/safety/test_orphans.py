"""A killed `idp --unit` takes its worker processes with it (they once ran on for good, about
95 MB each)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    """Poll until `condition()` holds; a bound on waiting, not a measurement."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_killing_the_unit_batch_ends_its_workers(demo_template: Path, tmp_path: Path) -> None:
    db = tmp_path / "karier.db"
    shutil.copy(demo_template, db)
    child = subprocess.Popen(
        [sys.executable, "-m", "karier_desktop", "idp", "--db", str(db), "--unit", "DISDIKPORA",
         "--tahun", "2027", "--out-dir", str(tmp_path / "out")],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert _wait_for(lambda: len(_children(child.pid)) >= 2, 120), "no workers started"
        workers = _children(child.pid)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(60)
        assert _wait_for(lambda: not any(_alive(p) for p in workers), 60), \
            f"{sum(_alive(p) for p in workers)} worker processes outlived the killed batch"
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(60)

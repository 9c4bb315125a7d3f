"""Crashes: a killed import leaves all rows or none; a damaged file is recovered from a backup.

The import runs in a child process that is SIGKILLed (TerminateProcess on Windows) at random
moments, as a crash or a clerk ending the task would. Every time the database must open, pass
integrity_check and foreign_key_check, and hold either the whole import or nothing of it.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from karier_desktop.paths import backup_dir_for
from karier_desktop.services.importing.sample import write_employee_xlsx
from karier_desktop.store.backup import make_backup, newest_good_backup
from karier_desktop.store.lifecycle import DatabaseDamaged, open_database
from karier_desktop.store.restore import restore_database

ROWS = 5000
RUNS = 12
CHILD = """
import datetime as dt, sys
from karier_desktop.services.importing import import_file
from karier_desktop.store.lifecycle import open_database
db = open_database(sys.argv[1])
with db.session_scope() as session:
    import_file(session, "pegawai", sys.argv[2], today=dt.date(2026, 11, 29))
db.dispose()
print("SELESAI", flush=True)
"""
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def big_sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_employee_xlsx(tmp_path_factory.mktemp("sheet") / "pegawai5000.xlsx", ROWS)


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tmpl") / "karier.db"
    open_database(path).dispose()
    return path


def _fresh_copy(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    target = folder / "karier.db"
    shutil.copy(template, target)
    return target


def _start(db_path: Path, sheet: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", CHILD, str(db_path), str(sheet)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _state(db_path: Path) -> tuple[int, int, int]:
    """Open like the app does, check the file, and count what the import left."""
    db = open_database(db_path)  # raises if damaged
    db.dispose()
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        employees = conn.execute("SELECT count(*) FROM employees").fetchone()[0]
        batches = conn.execute("SELECT count(*) FROM import_batches").fetchone()[0]
        audited = conn.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'impor-tambah'").fetchone()[0]
    finally:
        conn.close()
    return employees, batches, audited


@pytest.mark.slow
def test_sigkill_during_import_leaves_all_rows_or_none(big_sheet, empty_template, tmp_path):
    full = _fresh_copy(empty_template, tmp_path / "full")
    began = time.monotonic()
    child = _start(full, big_sheet)
    out, err = child.communicate(timeout=300)
    duration = time.monotonic() - began
    assert child.returncode == 0, err.decode()
    assert _state(full) == (ROWS, 1, ROWS)

    rng = random.Random(20261129)
    delays = [0.05 + (duration - 0.05) * (i + rng.random()) / RUNS for i in range(RUNS)]
    outcomes = []
    for i, delay in enumerate(delays):
        db_path = _fresh_copy(empty_template, tmp_path / f"run{i}")
        child = _start(db_path, big_sheet)
        time.sleep(delay)
        child.kill()
        child.communicate(timeout=60)
        employees, batches, audited = _state(db_path)
        assert (employees, batches, audited) in ((0, 0, 0), (ROWS, 1, ROWS)), (
            f"run {i}: killed after {delay:.2f}s left {employees} employees")
        outcomes.append(employees)
        # A re-run after the crash completes and never doubles anything.
        if i == RUNS // 2:
            rerun = _start(db_path, big_sheet)
            rerun.communicate(timeout=300)
            assert _state(db_path) == (ROWS, batches + 1, ROWS)
    assert 0 in outcomes  # some kills landed before the commit


def test_damaged_database_at_startup_is_recovered_from_backup(empty_template, tmp_path):
    db_path = _fresh_copy(empty_template, tmp_path / "d")
    db = open_database(db_path)
    with db.session_scope() as s:
        from karier_desktop.store import models as m

        s.add_all([m.Unit(code=f"U{i}", name=f"Unit {i} " + "x" * 150) for i in range(300)])
    db.dispose()
    backup = make_backup(db_path, backup_dir_for(db_path), reason="otomatis")
    size = db_path.stat().st_size
    page = 4096
    with open(db_path, "r+b") as fh:  # random bytes over pages 3.. (keep the header page)
        rnd = random.Random(5)
        for start in range(2 * page, size, page):
            fh.seek(start)
            fh.write(bytes(rnd.randrange(256) for _ in range(page)))
    with pytest.raises(DatabaseDamaged):
        open_database(db_path)
    found = newest_good_backup(backup_dir_for(db_path))
    assert found is not None and found.path == backup
    aside = restore_database(db_path, found.path)
    assert aside.exists()
    db = open_database(db_path)
    try:
        with db.session_scope() as s:
            from sqlalchemy import func, select

            from karier_desktop.store import models as m

            assert s.scalar(select(func.count()).select_from(m.Unit)) == 300
    finally:
        db.dispose()

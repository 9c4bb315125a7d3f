"""Folders named like clerks name them: every file operation reaches the file it names.

A `#` in a folder name once made every "verified" backup an empty database and a restore wipe the
live one (SQLite ended the raw URI at `#`). These tests run the backup, USB backup, automatic
backup, restore, recovery, import and IDP batch paths through such folders, count the rows that
arrive, and check that nothing appears beside the folders.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from pathlib import Path, PureWindowsPath

import pytest

from karier_desktop.cli import main as cli
from karier_desktop.paths import backup_dir_for
from karier_desktop.services import idp, safety
from karier_desktop.store import backup as backups
from karier_desktop.store.lifecycle import open_database
from karier_desktop.store.restore import restore_database
from karier_desktop.store.sqlite_uri import sqlite_uri

PACKAGE = Path(__file__).resolve().parents[2] / "karier_desktop"
ODD_NAMES = ["Cadangan #1", "Data 100%", "Dokumen Ṣiti", "a?b", "x%23y #2 ?"]
TODAY = dt.date(2026, 11, 29)


def _employees(path: Path) -> int:
    conn = sqlite3.connect(sqlite_uri(path), uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM employees").fetchone()[0])
    finally:
        conn.close()


def _place(demo_template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    path = folder / "karier.db"
    shutil.copy(demo_template, path)
    return path


def test_one_helper_builds_every_sqlite_uri() -> None:
    builders = re.compile(r"""["']file:|sqlite:///""")
    found = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                   if builders.search(p.read_text(encoding="utf-8")))
    assert found == ["store/sqlite_uri.py"]


@pytest.mark.parametrize(("path", "uri"), [
    (PureWindowsPath(r"C:\Data Kantor\karier.db"), "file:/C:/Data%20Kantor/karier.db?mode=ro"),
    (PureWindowsPath(r"E:\Cadangan #1\karier.db"), "file:/E:/Cadangan%20%231/karier.db?mode=ro"),
    (PureWindowsPath(r"D:\Data 100%\a?b.db"), "file:/D:/Data%20100%25/a%3Fb.db?mode=ro"),
    # a shared folder: an empty URI authority, which SQLite accepts ("//server" it refuses)
    (PureWindowsPath(r"\\server\share\Karier ASN\karier.db"),
     "file:////server/share/Karier%20ASN/karier.db?mode=ro"),
    (PureWindowsPath(r"\\server\share #1\Dokumen Ṣiti\k.db"),
     "file:////server/share%20%231/Dokumen%20%E1%B9%A2iti/k.db?mode=ro"),
])
def test_windows_drive_and_network_paths_are_quoted(path: PureWindowsPath, uri: str) -> None:
    assert sqlite_uri(path) == uri


@pytest.mark.parametrize("name", ODD_NAMES)
def test_backups_restore_and_recovery_through_odd_folders(demo_template: Path, tmp_path: Path,
                                                          name: str) -> None:
    live = _place(demo_template, tmp_path / name / "data")
    employees = _employees(live)
    assert employees > 100

    # the command-line backup to a stick, and the menu's USB backup
    stick = tmp_path / f"Cadangan {name}"
    assert cli(["backup", "--db", str(live), "-o", str(stick / "c.db")]) == 0
    assert _employees(stick / "c.db") == employees
    usb = safety.backup_to(live, stick / "usb")
    assert usb == stick / "usb.db" and _employees(usb) == employees

    # the automatic / forced backup into the backup folder beside the database
    auto = safety.backup_now(live, reason="otomatis", now=dt.datetime(2026, 11, 29, 10, 0))
    assert auto.parent == backup_dir_for(live) and _employees(auto) == employees

    # restore the stick's copy after the live file lost rows
    db = open_database(live)
    with db.session_scope() as s:
        from sqlalchemy import text

        s.execute(text("DELETE FROM training_records"))
        s.execute(text("DELETE FROM plan_items"))
        s.execute(text("DELETE FROM development_plans"))
        s.execute(text("DELETE FROM assessment_results"))
        s.execute(text("DELETE FROM assessments"))
        s.execute(text("DELETE FROM employees"))
    db.dispose()
    assert _employees(live) == 0
    assert cli(["restore", "--db", str(live), "--dari", str(stick / "c.db")]) == 0
    assert _employees(live) == employees

    # recovery at start-up: a damaged live file, the newest good backup put back
    safety.backup_now(live, reason="otomatis", now=dt.datetime.now() + dt.timedelta(hours=1))
    with open(live, "r+b") as fh:
        fh.seek(4096 * 4)
        fh.write(b"\xff" * 4096 * 3)
    newest = backups.newest_good_backup(backup_dir_for(live))
    assert newest is not None
    restore_database(live, newest.path)
    reopened = open_database(live)
    reopened.dispose()
    assert _employees(live) == employees

    # nothing appeared beside the folders (the old bug left empty files named "Data ", "a")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, f"Cadangan {name}"])
    assert sorted(p.name for p in (tmp_path / name).iterdir()) == ["data"]


@pytest.mark.parametrize("name", ["Cadangan #1", "Data 100%", "a?b"])
def test_import_backup_and_idp_batch_through_odd_folders(demo_template: Path, tmp_path: Path,
                                                         name: str) -> None:
    source = _place(demo_template, tmp_path / "asal")
    sheet = tmp_path / name / "pegawai.xlsx"
    sheet.parent.mkdir()
    assert cli(["export", "pegawai", "--db", str(source), "-o", str(sheet)]) == 0
    target = tmp_path / name / "baru" / "karier.db"
    assert cli(["import", "pegawai", str(sheet), "--db", str(target)]) == 0
    assert _employees(target) == _employees(source)
    kept = backups.list_backups(backup_dir_for(target))
    assert [b.reason for b in kept] == ["impor"]  # the pre-import backup, of the right file
    assert backups.integrity_ok(kept[0].path) and _employees(kept[0].path) == 0

    db = open_database(target)
    try:
        with db.read_scope() as s:
            from sqlalchemy import text

            nips = [n for (n,) in s.execute(text("SELECT nip FROM employees ORDER BY id LIMIT 3"))]
            ids = [i for (i,) in s.execute(text("SELECT id FROM employees ORDER BY id LIMIT 3"))]
        out = tmp_path / name / "IDP #1"
        result = idp.run_batch(idp.BatchParams(db=db, year=2027, employee_ids=tuple(ids),
                                                     out_dir=out, today=TODAY, workers=0))
    finally:
        db.dispose()
    assert len(nips) == 3 and result.documents == 3
    assert sorted(p.suffix for p in out.iterdir()) == [".pdf"] * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["asal", name])


def test_a_backup_of_a_missing_or_foreign_file_is_refused_and_the_old_backup_kept(
        tmp_path: Path) -> None:
    stick = tmp_path / "Cadangan #1"
    stick.mkdir()
    old = stick / "c.db"
    old.write_bytes(b"isi lama")
    with pytest.raises(safety.SafetyError, match="tidak ditemukan"):
        safety.backup_to(tmp_path / "Data #1" / "karier.db", old)
    foreign = tmp_path / "lain.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE catatan (x)")
    conn.commit()
    conn.close()
    with pytest.raises(safety.SafetyError, match="bukan database Karier ASN"):
        safety.backup_to(foreign, old)
    assert old.read_bytes() == b"isi lama"
    assert sorted(p.name for p in stick.iterdir()) == ["c.db"]
    assert not (tmp_path / "Data #1").exists()


def test_a_copy_that_differs_from_its_source_is_refused(demo_template: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    live = _place(demo_template, tmp_path / "data")
    real = backups.read_facts

    def copy_lost_rows(conn: sqlite3.Connection) -> backups.DatabaseFacts:
        facts = real(conn)
        if conn.execute("PRAGMA database_list").fetchone()[2].endswith(".tmp"):
            rows = tuple((t, n - 1 if t == "employees" else n) for t, n in facts.rows)
            return backups.DatabaseFacts(facts.application_id, facts.revision,
                                         facts.page_count, rows)
        return facts

    monkeypatch.setattr(backups, "read_facts", copy_lost_rows)
    target = tmp_path / "stick" / "c.db"
    with pytest.raises(safety.SafetyError, match="tidak sama dengan database asal.*employees"):
        safety.backup_to(live, target)
    assert not target.exists() and list(target.parent.iterdir()) == []

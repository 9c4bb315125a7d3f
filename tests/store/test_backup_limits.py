"""Backups check free space, stay under a size cap, are private to the user, and leave nothing
half-made behind; the check notices a missing audit guard."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import stat
from collections import namedtuple
from pathlib import Path

import pytest

from karier_desktop.paths import backup_dir_for
from karier_desktop.services import check as check_service
from karier_desktop.services import exporting, safety
from karier_desktop.store import backup as backups
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database

Usage = namedtuple("Usage", "total used free")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_backup_that_does_not_fit_says_so_and_keeps_the_old_one(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    old = safety.backup_to(db.path, stick / "c.db")
    before = old.read_bytes()
    monkeypatch.setattr(backups.shutil, "disk_usage", lambda _p: Usage(10**9, 10**9, 200_000))
    with pytest.raises(safety.SafetyError, match=r"Ruang kosong di .* tidak cukup: .* MB"):
        safety.backup_to(db.path, stick / "c.db")
    assert old.read_bytes() == before
    assert sorted(p.name for p in stick.iterdir()) == ["c.db"]


def test_the_backup_folder_stays_under_its_size_cap_and_keeps_the_newest(db: Database) -> None:
    assert db.path is not None
    folder = backup_dir_for(db.path)
    start = dt.datetime(2026, 12, 1, 8, 0)
    for i in range(4):
        backups.make_backup(db.path, folder, now=start + dt.timedelta(hours=i))
    size = backups.list_backups(folder)[0].path.stat().st_size
    newest = backups.make_backup(db.path, folder, now=start + dt.timedelta(hours=5),
                                 max_total_bytes=int(size * 2.5))
    kept = backups.list_backups(folder)
    assert [b.path for b in kept] == [newest, kept[1].path] and len(kept) == 2
    assert kept[1].taken_at == start + dt.timedelta(hours=3)  # the older ones went first


def test_the_automatic_backup_thins_by_the_rule_too(db: Database) -> None:
    assert db.path is not None
    folder = backup_dir_for(db.path)
    for day in range(40):  # forty daily backups, made a long time ago
        backups.copy_database(db.path, folder / backups.backup_name(
            dt.datetime(2025, 1, 1, 9) + dt.timedelta(days=day), "otomatis"))
    made = safety.maybe_backup(db.path, dt.datetime(2026, 12, 7, 9), True)
    kept = backups.list_backups(folder)
    assert kept[0].path == made and len(kept) < 41


def test_database_backups_and_exports_are_private_to_the_user(tmp_path: Path) -> None:
    path = tmp_path / "baru" / "karier.db"
    db = open_database(path)
    try:
        assert _mode(path) == 0o600
        made = safety.backup_now(path, reason="manual")
        assert _mode(made) == 0o600 and _mode(made.parent) == 0o700
        usb = safety.backup_to(path, tmp_path / "usb" / "c.db")
        assert _mode(usb) == 0o600
        with db.session_scope() as s:
            out = exporting.export_table(s, "pegawai", tmp_path / "pegawai.xlsx")
        assert _mode(out.path) == 0o600
    finally:
        db.dispose()


def test_leftovers_of_a_killed_backup_are_cleaned_at_the_next_start(db: Database) -> None:
    assert db.path is not None
    folder = backup_dir_for(db.path)
    folder.mkdir(exist_ok=True)
    for name in ("karier-20261207-010000-otomatis.db.tmp",
                 "karier-20261207-010000-otomatis.db.tmp-journal"):
        (folder / name).write_bytes(b"setengah")
    path = db.path
    db.dispose()
    open_database(path).dispose()
    assert not [p for p in folder.iterdir() if ".tmp" in p.name]


def test_the_check_notices_a_missing_audit_guard(db: Database) -> None:
    assert db.path is not None
    path = db.path
    db.dispose()
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER trg_audit_log_no_delete")
    conn.commit()
    conn.close()
    again = open_database(path)
    try:
        with again.session_scope() as s:
            report = check_service.run_check(s)
    finally:
        again.dispose()
    assert any("Pelindung catatan audit hilang (trg_audit_log_no_delete)" in p
               for p in report.problems)
    shutil.rmtree(backup_dir_for(path), ignore_errors=True)

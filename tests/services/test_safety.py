"""Automatic backups on a fake clock, backups to a stick, and restoring a backup."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from karier_desktop.paths import backup_dir_for
from karier_desktop.services import safety
from karier_desktop.services.safety import SafetyError
from karier_desktop.store import backup as store_backup
from karier_desktop.store.lifecycle import open_database

T0 = dt.datetime(2026, 11, 29, 8, 0, 0)


def add_unit(db, code: str) -> None:
    with db.session_scope() as s:
        from karier_desktop.store import models as m

        s.add(m.Unit(code=code, name=f"Unit {code}"))


def unit_codes(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT code FROM units")}
    finally:
        conn.close()


def test_periodic_backup_only_when_changed_and_interval_passed(db):
    path = db.path
    assert safety.maybe_backup(path, T0, changed_since_last=False) is None
    first = safety.maybe_backup(path, T0, changed_since_last=True)
    assert first is not None and first.exists() and store_backup.integrity_ok(first)
    assert safety.maybe_backup(path, T0 + dt.timedelta(minutes=29), True) is None
    second = safety.maybe_backup(path, T0 + dt.timedelta(minutes=30), True)
    assert second is not None and second != first
    # A forced backup (before an import) resets the clock.
    safety.backup_now(path, reason="impor", now=T0 + dt.timedelta(minutes=50))
    assert safety.maybe_backup(path, T0 + dt.timedelta(minutes=70), True) is None
    assert safety.maybe_backup(path, T0 + dt.timedelta(minutes=81), True) is not None


def test_old_backups_are_thinned_after_a_periodic_backup(db):
    folder = backup_dir_for(db.path)
    for days in range(1, 120):
        store_backup.make_backup(db.path, folder, reason="otomatis",
                                 now=T0 - dt.timedelta(days=days))
    before = len(store_backup.list_backups(folder))
    made = safety.maybe_backup(db.path, T0, True)
    kept = store_backup.list_backups(folder)
    assert before == 119 and made in [b.path for b in kept]
    assert len(kept) < 60
    assert kept[0].path == made


def test_backup_to_usb_and_failure_message(db, tmp_path):
    add_unit(db, "A")
    target = safety.backup_to(db.path, tmp_path / "usb" / "karier-cadangan.db")
    assert unit_codes(target) == {"A"} and store_backup.integrity_ok(target)
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("x")
    with pytest.raises(SafetyError, match="^Cadangan gagal"):
        safety.backup_to(db.path, blocker / "karier.db")
    assert not (blocker / "karier.db").exists()


def test_restore_brings_back_the_backup_and_keeps_a_copy_of_the_current_file(db):
    add_unit(db, "A")
    good = safety.backup_now(db.path, reason="manual", now=T0)
    add_unit(db, "B")
    path = db.path
    db.dispose()
    result = safety.restore(path, good)
    assert unit_codes(path) == {"A"}
    assert result.safety_copy is not None and unit_codes(result.safety_copy) == {"A", "B"}
    assert "sebelum_pulih" in result.safety_copy.name
    assert result.taken_at == T0
    reopened = open_database(path)
    reopened.dispose()
    rows = safety.list_backups(path)
    assert rows[0].label.startswith("29 November 2026") or rows[-1].label.startswith(
        "29 November 2026")
    assert any("sebelum pemulihan" in r.label for r in rows)


def test_restore_refuses_a_damaged_backup(db, tmp_path):
    bad = tmp_path / "rusak.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    with pytest.raises(SafetyError, match="rusak"):
        safety.restore(db.path, bad)


@pytest.mark.parametrize("kind", ["foreign", "empty", "newer"])
def test_restore_refuses_a_file_that_is_no_backup_of_ours_and_changes_nothing(db, tmp_path, kind):
    add_unit(db, "A")
    path = db.path
    db.dispose()
    other = tmp_path / f"{kind}.db"
    if kind == "newer":
        safety.backup_to(path, other)
        with sqlite3.connect(other) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '9999'")
    else:
        with sqlite3.connect(other) as conn:  # e.g. another program's collection
            if kind == "foreign":
                conn.execute("CREATE TABLE cards (id INTEGER PRIMARY KEY, front TEXT)")
                conn.execute("INSERT INTO cards (front) VALUES ('x')")
            else:
                conn.execute("PRAGMA user_version = 1")
    expected = "versi aplikasi yang lebih baru" if kind == "newer" else "bukan"
    with pytest.raises(SafetyError, match=expected):
        safety.restore(path, other)
    assert unit_codes(path) == {"A"}
    assert not path.with_name(path.name + ".damaged").exists()

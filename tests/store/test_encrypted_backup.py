"""Encrypted backups to a USB stick: round trip, refusals, nothing in clear left behind.

Runs with Windows file semantics (tests/winsem.py): every rename and delete must find its
file closed.
"""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from karier_desktop.paths import backup_dir_for
from karier_desktop.services import safety
from karier_desktop.services.safety import PassphraseError, SafetyError
from karier_desktop.store import encrypted_backup as sealed
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database

SANDI = "kuda-lumping-77"


def add_unit(db: Database, code: str, name: str | None = None) -> None:
    with db.session_scope() as s:
        s.add(m.Unit(code=code, name=name or f"Unit {code}"))


def unit_rows(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute("SELECT code, name FROM units"))
    finally:
        conn.close()


def leftovers(*folders: Path) -> list[str]:
    found = []
    for folder in folders:
        if folder.is_dir():
            found += [p.name for p in folder.iterdir()
                      if p.name.endswith(".tmp") or p.name.startswith(sealed.PLAIN_PREFIX)
                      or ".restore" in p.name]
    return found


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    return tmp_path / "flashdisk"


def encrypted(db: Database, usb: Path) -> Path:
    add_unit(db, "DINKES", "Dinas Kesehatan Rahasia")
    return safety.backup_encrypted_to(db.path, usb / "karier-cadangan", SANDI)


def test_round_trip_restores_the_rows_of_the_backup(db: Database, usb: Path) -> None:
    made = encrypted(db, usb)
    assert made.name == "karier-cadangan.dbenc" and sealed.is_encrypted(made)
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert b"Dinas Kesehatan Rahasia" not in made.read_bytes()  # nothing readable on the stick
    assert b"SQLite format" not in made.read_bytes()
    backed_up = unit_rows(db.path)
    add_unit(db, "BKPSDM")  # made after the backup: the restore rolls it back
    db.dispose()
    result = safety.restore(db.path, made, passphrase=SANDI)
    assert unit_rows(db.path) == backed_up
    assert result.restored_from == made and result.taken_at is not None
    assert result.safety_copy is not None and result.safety_copy.is_file()
    assert ("BKPSDM", "Unit BKPSDM") in unit_rows(result.safety_copy)
    assert leftovers(usb, db.path.parent, backup_dir_for(db.path)) == []
    open_database(db.path).dispose()  # the restored file opens


def test_a_large_database_goes_through_many_chunks(db: Database, usb: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sealed, "CHUNK", 4096)
    for i in range(300):
        add_unit(db, f"U{i:03d}", "x" * 200)
    made = encrypted(db, usb)
    with open(made, "rb") as fh:
        header = sealed.read_header(fh)
    assert header.chunk == 4096 and header.size > 40 * 4096
    expected = unit_rows(db.path)
    db.dispose()
    safety.restore(db.path, made, passphrase=SANDI)
    assert unit_rows(db.path) == expected


def _refused(db: Database, made: Path, passphrase: str = SANDI) -> SafetyError:
    before = unit_rows(db.path)
    db.dispose()
    with pytest.raises(SafetyError) as caught:
        safety.restore(db.path, made, passphrase=passphrase)
    assert unit_rows(db.path) == before  # the live database is unchanged
    assert leftovers(db.path.parent, backup_dir_for(db.path)) == []
    return caught.value


def test_a_wrong_passphrase_is_refused_and_nothing_changes(db: Database, usb: Path) -> None:
    made = encrypted(db, usb)
    add_unit(db, "BARU")
    error = _refused(db, made, "sandi-yang-keliru")
    assert isinstance(error, PassphraseError) and not error.missing
    assert str(error).startswith("Sandi salah")
    with pytest.raises(PassphraseError):
        safety.check_backup_passphrase(made, "sandi-yang-keliru")
    safety.check_backup_passphrase(made, SANDI)


def test_without_a_passphrase_the_restore_asks_for_it(db: Database, usb: Path) -> None:
    made = encrypted(db, usb)
    db.dispose()
    with pytest.raises(PassphraseError) as caught:
        safety.restore(db.path, made)
    assert caught.value.missing and "terenkripsi" in str(caught.value)


@pytest.mark.parametrize("cut", ["last_bytes", "chunk_boundary", "header"])
def test_a_truncated_backup_is_refused(db: Database, usb: Path, cut: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sealed, "CHUNK", 4096)
    made = encrypted(db, usb)
    data = made.read_bytes()
    with open(made, "rb") as fh:
        header = sealed.read_header(fh)
    keep = {"last_bytes": len(data) - 5,
            "chunk_boundary": len(header.raw) + 3 * (4096 + sealed.TAG),
            "header": len(header.raw) - 10}[cut]
    made.write_bytes(data[:keep])
    error = _refused(db, made)
    assert not isinstance(error, PassphraseError)
    assert "rusak" in str(error) and "database tidak diubah" in str(error)


@pytest.mark.parametrize("where", ["content", "header_json", "last_tag"])
def test_a_flipped_byte_is_refused(db: Database, usb: Path, where: str) -> None:
    made = encrypted(db, usb)
    data = bytearray(made.read_bytes())
    with open(made, "rb") as fh:
        header = sealed.read_header(fh)
    at = {"content": len(header.raw) + 5000, "header_json": header.raw.index(b'"chunk"') + 9,
          "last_tag": len(data) - 1}[where]
    data[at] ^= 0x01
    made.write_bytes(bytes(data))
    error = _refused(db, made)
    assert "database tidak diubah" in str(error)


def test_a_short_passphrase_is_refused_before_anything_is_written(db: Database,
                                                                  usb: Path) -> None:
    with pytest.raises(SafetyError, match="minimal 10 karakter"):
        safety.backup_encrypted_to(db.path, usb / "c.dbenc", "pendek")
    assert not usb.exists() or list(usb.iterdir()) == []
    assert leftovers(backup_dir_for(db.path)) == []


def test_a_failed_encryption_leaves_no_plaintext_and_no_half_file(
        db: Database, usb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_unit(db, "DINKES")
    (usb).mkdir()
    (usb / "lama.dbenc.tmp").write_bytes(b"sisa cadangan yang terpotong")

    def broken_verify(*_args: object) -> None:
        raise sealed.backups.BackupError("flashdisk dicabut")

    monkeypatch.setattr(sealed, "_verify", broken_verify)
    with pytest.raises(SafetyError, match="flashdisk dicabut"):
        safety.backup_encrypted_to(db.path, usb / "c.dbenc", SANDI)
    assert list(usb.iterdir()) == []
    assert leftovers(backup_dir_for(db.path), db.path.parent) == []


def test_plaintext_left_by_a_kill_is_removed_at_the_next_start(db: Database) -> None:
    folder = backup_dir_for(db.path)
    folder.mkdir(exist_ok=True)
    db.dispose()
    (folder / f"{sealed.PLAIN_PREFIX}0123456789ab.db").write_bytes(b"plaintext")
    (folder / f"{sealed.PLAIN_PREFIX}0123456789ab.db.tmp").write_bytes(b"plaintext")
    (db.path.parent / (db.path.name + ".restore-dekripsi.tmp")).write_bytes(b"plaintext")
    open_database(db.path).dispose()
    assert leftovers(folder, db.path.parent) == []

"""CLI encrypted backups: `backup --ke FOLDER --sandi-file F`, `restore --sandi-file F`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from karier_desktop.cli import main
from karier_desktop.store import models as m
from karier_desktop.store.lifecycle import open_database

SANDI = "kuda-lumping-77"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def units(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT code FROM units ORDER BY code")]
    finally:
        conn.close()


def add_unit(path: Path, code: str) -> None:
    db = open_database(path)
    try:
        with db.session_scope() as s:
            s.add(m.Unit(code=code, name=f"Unit {code}"))
    finally:
        db.dispose()


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    db = tmp_path / "k.db"
    add_unit(db, "DINKES")
    usb = tmp_path / "usb"
    usb.mkdir()
    secret = tmp_path / "sandi.txt"
    secret.write_text(SANDI + "\n", encoding="utf-8")
    return db, usb, secret


def test_backup_to_a_folder_encrypted_and_restore_it(capsys, setup) -> None:
    db, usb, secret = setup
    code, out, _ = run(capsys, "backup", "--db", db, "--ke", usb, "--sandi-file", secret)
    assert code == 0 and "terenkripsi" in out
    (made,) = usb.iterdir()
    assert made.suffix == ".dbenc" and made.read_bytes().startswith(b"KASNBAK1")
    add_unit(db, "BARU")
    code, out, _ = run(capsys, "restore", "--db", db, "--dari", made, "--sandi-file", secret)
    assert code == 0 and "dipulihkan" in out
    assert units(db) == ["DINKES"]


def test_wrong_passphrase_file_exit_1_and_nothing_changes(capsys, setup, tmp_path) -> None:
    db, usb, secret = setup
    run(capsys, "backup", "--db", db, "-o", usb / "c", "--sandi-file", secret)
    made = usb / "c.dbenc"
    add_unit(db, "BARU")
    wrong = tmp_path / "salah.txt"
    wrong.write_text("bukan-sandinya\n", encoding="utf-8")
    code, _, err = run(capsys, "restore", "--db", db, "--dari", made, "--sandi-file", wrong)
    assert code == 1 and "Sandi salah" in err and "Traceback" not in err
    assert units(db) == ["BARU", "DINKES"]


def test_a_damaged_encrypted_backup_exit_1(capsys, setup) -> None:
    db, usb, secret = setup
    run(capsys, "backup", "--db", db, "-o", usb / "c.dbenc", "--sandi-file", secret)
    made = usb / "c.dbenc"
    made.write_bytes(made.read_bytes()[:-100])
    code, _, err = run(capsys, "restore", "--db", db, "--dari", made, "--sandi-file", secret)
    assert code == 1 and "rusak" in err


def test_restore_without_passphrase_and_no_terminal_exit_2(capsys, setup, monkeypatch) -> None:
    db, usb, secret = setup
    run(capsys, "backup", "--db", db, "-o", usb / "c.dbenc", "--sandi-file", secret)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _, err = run(capsys, "restore", "--db", db, "--dari", usb / "c.dbenc")
    assert code == 2 and "--sandi-file" in err


def test_backup_with_a_prompted_passphrase(capsys, setup, monkeypatch) -> None:
    db, usb, _ = setup
    answers = iter([SANDI, SANDI])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda _label: next(answers))
    code, _, err = run(capsys, "backup", "--db", db, "--ke", usb, "--enkripsi")
    assert code == 0 and "tidak dapat dipulihkan" in err
    assert [p.suffix for p in usb.iterdir()] == [".dbenc"]


def test_backup_refuses_a_short_or_mismatched_passphrase_exit_2(capsys, setup, monkeypatch,
                                                                tmp_path) -> None:
    db, usb, _ = setup
    short = tmp_path / "pendek.txt"
    short.write_text("pendek\n", encoding="utf-8")
    code, _, err = run(capsys, "backup", "--db", db, "--ke", usb, "--sandi-file", short)
    assert code == 2 and "minimal 10 karakter" in err
    answers = iter([SANDI, SANDI + "x"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda _label: next(answers))
    code, _, err = run(capsys, "backup", "--db", db, "--ke", usb, "--enkripsi")
    assert code == 2 and "tidak sama" in err
    assert list(usb.iterdir()) == []


def test_backup_to_a_missing_folder_exit_2(capsys, setup, tmp_path) -> None:
    db, _, secret = setup
    code, _, err = run(capsys, "backup", "--db", db, "--ke", tmp_path / "tidak-ada",
                       "--sandi-file", secret)
    assert code == 2 and "tidak ditemukan" in err

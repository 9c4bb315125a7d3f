"""The USB backup dialog: encryption on by default on a removable drive, passphrase typed
twice, and the File-menu backup and restore of an encrypted backup through the window."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox, QProgressDialog, QPushButton
from sqlalchemy import select

from karier_desktop.services import safety
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.dialogs import usb_backup
from karier_desktop.ui.dialogs.usb_backup import PassphraseDialog, UsbBackupDialog

SANDI = "kuda-lumping-77"
SHOTS = os.environ.get("KARIER_SHOTS")  # set to a folder to keep screenshots


def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def units(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT code FROM units ORDER BY code")]
    finally:
        conn.close()


@pytest.mark.parametrize("removable", [True, False])
def test_encryption_is_on_by_default_on_a_removable_drive(qtbot, tmp_path, monkeypatch,
                                                          removable) -> None:
    monkeypatch.setattr(safety, "is_removable", lambda _p: removable)
    dialog = UsbBackupDialog(target=tmp_path / "karier-cadangan.db")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.encrypt.isChecked() is removable
    assert dialog.path_edit.text().endswith(".dbenc" if removable else ".db")
    assert dialog.warning.isVisible() is removable
    assert dialog.first.isEnabled() is removable
    shot(dialog, f"usb-dialog-{'flashdisk' if removable else 'lokal'}")


def test_the_passphrase_must_be_long_enough_and_typed_twice(qtbot, tmp_path,
                                                            monkeypatch) -> None:
    monkeypatch.setattr(safety, "is_removable", lambda _p: True)
    dialog = UsbBackupDialog(target=tmp_path / "c.db")
    qtbot.addWidget(dialog)
    dialog.show()
    assert "tidak dapat dipulihkan" in dialog.warning.text()
    dialog.first.setText("pendek")
    dialog.second.setText("pendek")
    dialog._accept()
    assert "minimal 10 karakter" in dialog.error.text() and dialog.result() == 0
    dialog.first.setText(SANDI)
    dialog.second.setText(SANDI + "x")
    dialog._accept()
    assert "tidak sama" in dialog.error.text() and dialog.result() == 0
    shot(dialog, "usb-dialog-sandi-tidak-sama")
    dialog.second.setText(SANDI)
    dialog._accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.passphrase == SANDI and dialog.target == tmp_path / "c.dbenc"


def test_turning_encryption_off_makes_a_plain_copy(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(safety, "is_removable", lambda _p: True)
    dialog = UsbBackupDialog(target=tmp_path / "c.db")
    qtbot.addWidget(dialog)
    dialog.encrypt.click()  # the clerk's choice stays when the place changes
    dialog._place_changed()
    assert not dialog.encrypt.isChecked()
    dialog._accept()
    assert dialog.passphrase is None and dialog.target == tmp_path / "c.db"


def test_backup_and_restore_an_encrypted_backup_from_the_file_menu(
        qtbot, db: Database, tmp_path, monkeypatch) -> None:
    from karier_desktop.ui.main_window import MainWindow

    with db.session_scope() as s:
        s.add(m.Unit(code="DINKES", name="Dinas Kesehatan"))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    monkeypatch.setattr(safety, "is_removable", lambda _p: True)
    usb = tmp_path / "flashdisk"
    usb.mkdir()

    def fill_and_accept(dialog: UsbBackupDialog) -> int:
        assert dialog.encrypt.isChecked()
        dialog.path_edit.setText(str(usb / "karier-cadangan.db"))
        dialog.first.setText(SANDI)
        dialog.second.setText(SANDI)
        dialog._accept()
        return dialog.result()

    monkeypatch.setattr(UsbBackupDialog, "exec", fill_and_accept)
    window = MainWindow(db)
    qtbot.addWidget(window)
    io = window.io  # type: ignore[attr-defined]
    task = io.backup_to()
    assert task is not None
    qtbot.waitUntil(lambda: not task.running, timeout=30_000)
    made = usb / "karier-cadangan.dbenc"
    assert made.is_file() and "Cadangan terenkripsi tersimpan" in shown[-1]
    assert [p.name for p in usb.iterdir()] == [made.name]

    with window.ctx.db.session_scope() as s:
        s.add(m.Unit(code="BARU", name="Unit baru"))
    answers = iter(["sandi-yang-keliru", SANDI])
    errors: list[str] = []

    def type_passphrase(dialog: PassphraseDialog) -> int:
        errors.append(dialog.error.text())
        if len(errors) == 2:
            shot(dialog, "usb-sandi-salah")
        dialog.field.setText(next(answers))
        dialog._accept()
        return dialog.result()

    monkeypatch.setattr(usb_backup.PassphraseDialog, "exec", type_passphrase)
    restoring = io.restore(made, confirm=False)
    assert restoring is not None
    with qtbot.waitSignal(restoring.done, timeout=60_000):
        pass
    assert errors[0] == "" and errors[1].startswith("Sandi salah")
    assert units(db.path) == ["DINKES"]
    assert "dipulihkan dari karier-cadangan.dbenc" in shown[-1]
    assert not list(db.path.parent.glob("*.restore*"))
    window.ctx.close()


def test_cancelling_the_passphrase_changes_nothing(qtbot, db: Database, tmp_path,
                                                   monkeypatch) -> None:
    from karier_desktop.ui.main_window import MainWindow

    made = safety.backup_encrypted_to(db.path, tmp_path / "c.dbenc", SANDI)
    with db.session_scope() as s:
        s.add(m.Unit(code="BARU", name="Unit baru"))
    monkeypatch.setattr(usb_backup.PassphraseDialog, "exec", lambda _d: 0)
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert not window.io.restore(made, confirm=False)  # type: ignore[attr-defined]
    assert units(db.path) == ["BARU"]
    window.ctx.close()


def test_an_encrypted_restore_runs_in_a_worker_behind_a_modal_progress(
        qtbot, db: Database, tmp_path, monkeypatch) -> None:
    from karier_desktop.ui.main_window import MainWindow

    with db.session_scope() as s:
        s.add(m.Unit(code="DINKES", name="Dinas Kesehatan"))
    made = safety.backup_encrypted_to(db.path, tmp_path / "flashdisk.dbenc", SANDI)
    with db.session_scope() as s:
        s.add(m.Unit(code="BARU", name="Unit baru"))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    window = MainWindow(db)
    qtbot.addWidget(window)
    restoring = window.io.restore(made, confirm=False, passphrase=SANDI)  # type: ignore[attr-defined]
    assert restoring is not None and restoring.running
    # decrypting and swapping happen in the worker: the window waits, disabled
    assert not window.centralWidget().isEnabled() and not window.menuBar().isEnabled()
    progress = window.findChild(QProgressDialog)
    assert progress is not None and progress.isVisible()
    batal = progress.findChild(QPushButton)  # the decryption may be stopped
    assert batal is not None and batal.text() == "Batal"
    window.io.dirty = True  # type: ignore[attr-defined]
    window.io.backup_tick(wait=True)  # type: ignore[attr-defined]  # the 5-minute timer
    assert window.io._backup_thread is None  # type: ignore[attr-defined]  # waits its turn
    with qtbot.waitSignal(restoring.done, timeout=60_000):
        pass
    assert shown[-1].startswith("Database dipulihkan dari flashdisk.dbenc (")
    assert units(db.path) == ["DINKES"]
    assert window.centralWidget().isEnabled() and window.menuBar().isEnabled()
    with window.ctx.db.session_scope() as s:  # the window works on the restored file
        assert s.scalars(select(m.Unit.code)).all() == ["DINKES"]
    assert not list(db.path.parent.glob("*.restore*"))
    window.ctx.close()


def test_a_wrong_passphrase_found_by_the_worker_changes_nothing(
        qtbot, db: Database, tmp_path, monkeypatch) -> None:
    from karier_desktop.ui.main_window import MainWindow

    made = safety.backup_encrypted_to(db.path, tmp_path / "c.dbenc", SANDI)
    with db.session_scope() as s:
        s.add(m.Unit(code="BARU", name="Unit baru"))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    window = MainWindow(db)
    qtbot.addWidget(window)
    restoring = window.io.restore(made, confirm=False,  # type: ignore[attr-defined]
                                  passphrase="bukan-sandinya")
    assert restoring is not None
    with qtbot.waitSignal(restoring.error, timeout=60_000):
        pass
    assert shown[-1].startswith("Sandi salah")
    assert units(db.path) == ["BARU"]
    assert window.centralWidget().isEnabled()
    with window.ctx.db.session_scope() as s:  # the database is open again
        assert s.scalars(select(m.Unit.code)).all() == ["BARU"]
    window.ctx.close()


def test_after_a_restore_the_window_still_acts_as_the_signed_in_admin(
        qtbot, db: Database, tmp_path, monkeypatch) -> None:
    from karier_desktop.services.accounts import login, users
    from karier_desktop.services.accounts.roles import Role
    from karier_desktop.services.accounts.session import sign_in
    from karier_desktop.ui.main_window import MainWindow

    with db.session_scope() as s:
        users.add_user(s, users.UserInput("admin", "Admin Kantor", Role.ADMIN), SANDI)
        login.set_login_required(s, True)
    with db.session_scope() as s:
        account = login.authenticate(s, "admin", SANDI).account
    assert account is not None
    sign_in(db, account)
    made = safety.backup_encrypted_to(db.path, tmp_path / "usb.dbenc", SANDI)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window = MainWindow(db)
    qtbot.addWidget(window)
    restoring = window.io.restore(made, confirm=False, passphrase=SANDI)  # type: ignore[attr-defined]
    assert restoring is not None
    with qtbot.waitSignal(restoring.done, timeout=60_000):
        pass
    assert window.ctx.db is not db and window.ctx.db.account.username == "admin"
    assert window.user_label.text().startswith("Admin Kantor")
    with window.ctx.db.session_scope() as s:  # the restore itself names the admin
        actors = s.scalars(select(m.AuditLog.actor).where(m.AuditLog.action == "pulihkan")
                           ).all()
    assert actors == ["admin"]
    with window.ctx.db.session_scope() as s:  # and so does the next audited change
        users.add_user(s, users.UserInput("kepala", "Kepala", Role.PIMPINAN), SANDI)
    with window.ctx.db.session_scope() as s:
        last = s.scalars(select(m.AuditLog.actor).order_by(m.AuditLog.id.desc()).limit(1)).all()
    assert last == ["admin"]
    window.ctx.close()

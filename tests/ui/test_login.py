"""The login step: wrong password message, lock-out text, success; the window then shows the
user and offers only what the role may do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from karier_desktop.services.accounts import login, users
from karier_desktop.services.accounts.roles import Account, Role
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database
from karier_desktop.ui.login import FirstAdminDialog, LoginDialog
from karier_desktop.ui.main_window import MainWindow
from karier_desktop.ui.open_flow import open_local_with_login


def _add(db: Database, name: str, role: Role, unit_id: int | None = None) -> None:
    with db.session_scope() as s:
        users.add_user(s, users.UserInput(name, name.title(), role, unit_id), "sandi-uji-123")


def _attempt(db: Database) -> Callable[[str, str], tuple[Account | None, str]]:
    def attempt(name: str, password: str) -> tuple[Account | None, str]:
        with db.session_scope() as s:
            result = login.authenticate(s, name, password)
        return result.account, result.message
    return attempt


def test_wrong_password_then_success(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    _add(db, "sari", Role.OPERATOR_BKPP)
    dialog = LoginDialog(_attempt(db), "karier.db")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "sari")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.password, "keliru-sekali")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.account is None
    assert dialog.message.text().startswith("Nama pengguna atau kata sandi salah.")
    assert "Sisa 4 kali" in dialog.message.text()
    assert dialog.password.text() == "" and dialog.username.text() == "sari"
    qtbot.keyClicks(dialog.password, "sandi-uji-123")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.account is not None and dialog.account.username == "sari"


def test_locked_and_inactive_accounts_are_explained(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    _add(db, "admin", Role.ADMIN)
    _add(db, "budi", Role.OPERATOR_BKPP)
    with db.session_scope() as s:
        users.set_active(s, users.user_id_by_name(s, "budi"), False)
    dialog = LoginDialog(_attempt(db))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("budi")
    dialog.password.setText("sandi-uji-123")
    dialog.ok.click()
    assert "dinonaktifkan" in dialog.message.text()
    dialog.username.setText("admin")
    for _ in range(5):
        dialog.password.setText("salah-terus")
        dialog.ok.click()
    assert "terkunci" in dialog.message.text() and "15 menit" in dialog.message.text()


def test_first_admin_of_a_server_database_dialog(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    made: list[tuple[str, str, str]] = []

    def create(name: str, full: str, password: str) -> list[str]:
        made.append((name, full, password))
        with db.session_scope() as s:
            users.create_first_admin(s, users.UserInput(name, full, Role.ADMIN), password)
        return []

    dialog = FirstAdminDialog(create)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.full_name, "Admin BKPP")
    dialog.password.setText("sandi-admin-1")
    dialog.repeat.setText("sandi-admin-2")
    dialog._try()
    assert "tidak sama" in dialog.message.text() and not made
    dialog.repeat.setText("sandi-admin-1")
    dialog._try()
    with db.session_scope() as s:
        assert s.scalar(select(m.User.role).where(m.User.username == "admin")) == "admin"


def _answer_modal(fill: Callable[[QWidget], None]) -> None:
    def later() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, later)
            return
        fill(modal)
    QTimer.singleShot(0, later)


def test_a_file_with_login_on_opens_after_login_as_that_user(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "karier.db"
    db = open_database(path)
    _add(db, "admin", Role.ADMIN)
    _add(db, "kepala", Role.PIMPINAN)
    with db.session_scope() as s:
        login.set_login_required(s, True)
    db.dispose()

    def fill(modal: QWidget) -> None:
        assert isinstance(modal, LoginDialog)
        modal.username.setText("kepala")
        modal.password.setText("sandi-uji-123")
        modal.ok.click()

    _answer_modal(fill)
    window = open_local_with_login(path)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.user_label.text() == "Kepala (Pimpinan)"
    assert "pengguna" not in [spec.key for spec in window.available_pages()]
    page = window.show_page("pegawai")
    add = page.add_btn  # type: ignore[attr-defined]
    assert not add.isEnabled() and "Pimpinan hanya dapat membaca" in add.toolTip()
    add.setEnabled(True)  # a page enabling it again on a selection change does not undo it
    assert not add.isEnabled()
    assert window.ctx.db.actor == "kepala"
    window.ctx.close()


def test_cancelling_the_login_opens_nothing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "karier.db"
    db = open_database(path)
    _add(db, "admin", Role.ADMIN)
    with db.session_scope() as s:
        login.set_login_required(s, True)
    db.dispose()
    _answer_modal(lambda modal: modal.reject())  # type: ignore[attr-defined]
    assert open_local_with_login(path) is None

"""Answers for the modal dialogs a start-up or an action is about to show (the login, the
first admin): queued before the call that opens them, filled once they are on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from karier_desktop.ui.login import FirstAdminDialog, LoginDialog


def answer(kind: type[QWidget], fill: Callable[[QWidget], None]) -> None:
    """Fill the next modal dialog of type `kind` once it is shown."""
    def later() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, kind):
            QTimer.singleShot(20, later)
            return
        fill(modal)
    QTimer.singleShot(0, later)


def answer_modal(fill: Callable[[QWidget], None]) -> None:
    """Fill the next modal dialog, whichever it is."""
    answer(QWidget, fill)


def first_admin(modal: QWidget) -> None:
    assert isinstance(modal, FirstAdminDialog)
    modal.full_name.setText("Admin Kantor")
    modal.password.setText("sandi-admin-1")
    modal.repeat.setText("sandi-admin-1")
    modal._try()


def sign_in_as(name: str, password: str) -> Callable[[QWidget], None]:
    def fill(modal: QWidget) -> None:
        assert isinstance(modal, LoginDialog)
        modal.username.setText(name)
        modal.password.setText(password)
        modal.ok.click()
    return fill

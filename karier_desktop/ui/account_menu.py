"""The Akun menu and the changes of who works where without a restart.

- "Ganti kata sandi…": the signed-in user's own password (services.accounts.users).
- "Keluar / ganti pengguna…": signs out (the pages and their data go), asks for a login and
  rebuilds the window for the new account's role and OPD; a cancelled login closes the window
  and the database.
- `connect_server(window, url)`: the saved server connection taken into use now (from
  ui.connection_form): the server database is opened and signed in first, and only then is the
  current database closed, so that a failure leaves the current one open.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox

from karier_desktop.ui.login import ChangePasswordDialog

if TYPE_CHECKING:
    from karier_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)
CLOSE_WAIT_S = 10.0
NO_LOGIN = ("Masuk dengan nama pengguna tidak diwajibkan di database ini; admin dapat "
            "mewajibkannya di halaman Pengguna.")
SWITCH = "Ganti pengguna"
CONNECT = "Sambungkan ke server"


class AccountMenu(QObject):
    """Akun → Ganti kata sandi…, Keluar / ganti pengguna…"""

    connected = Signal(bool)  # connect_server finished: True when the window switched

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.locked_message = ""  # set when Ganti kata sandi locked the account
        menu = window.menuBar().addMenu("&Akun")
        self.menu = menu
        self.password_action = QAction("Ganti kata &sandi…", window)
        self.password_action.triggered.connect(lambda _=False: self.change_password())
        self.switch_action = QAction("&Keluar / ganti pengguna…", window)
        self.switch_action.triggered.connect(lambda _=False: self.switch_user())
        menu.addAction(self.password_action)
        menu.addAction(self.switch_action)
        self.refresh()

    def refresh(self) -> None:
        """Both need a signed-in account (none while login is off on the laptop's file)."""
        signed_in = self.window.account is not None
        for action in (self.password_action, self.switch_action):
            action.setEnabled(signed_in)
            action.setToolTip("" if signed_in else NO_LOGIN)

    # --- own password
    def password_dialog(self) -> ChangePasswordDialog:
        from karier_desktop.services.accounts import users
        from karier_desktop.services.errors import ValidationError

        ctx = self.window.ctx
        dialog: ChangePasswordDialog

        def change(old: str, new: str) -> list[str]:
            try:
                users.change_own_password_counted(ctx.db, old, new)
            except users.AccountLocked as exc:
                self.locked_message = "\n".join(exc.messages)
                dialog.reject()
                return exc.messages
            except ValidationError as exc:
                return exc.messages
            return []

        self.locked_message = ""
        account = self.window.account
        dialog = ChangePasswordDialog(change, account.label if account else "", self.window)
        return dialog

    def change_password(self) -> bool:
        dialog = self.password_dialog()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            if self.locked_message:
                self.sign_out_locked(self.locked_message)
            return False
        self.window.statusBar().showMessage("Kata sandi Anda sudah diganti.", 10_000)
        return True

    def sign_out_locked(self, message: str) -> bool:
        """The fifth wrong old password locked the account: say so, sign out and ask for a
        login (another user may sign in); a cancelled login closes the window."""
        QMessageBox.warning(self.window, "Akun terkunci", message)
        return self._sign_out_and_in()

    # --- switch user
    def switch_user(self) -> bool:
        """Sign out and in again; False when nothing changed or the window closed."""
        if not may_leave(self.window, SWITCH):
            return False
        return self._sign_out_and_in()

    def _sign_out_and_in(self) -> bool:
        from karier_desktop.services.accounts.session import sign_out
        from karier_desktop.ui.login import sign_in_or_quit

        window = self.window
        db = window.ctx.db
        sign_out(db)
        window.clear_pages()  # nothing of the last user's data stays on screen
        window.account = None
        if not sign_in_or_quit(db, window):
            window.statusBar().showMessage("Masuk dibatalkan; aplikasi ditutup.")
            window.close()
            return False
        window.reload()
        window.statusBar().showMessage(f"Masuk sebagai {window.account.label}."
                                       if window.account else "", 10_000)
        return True


def may_leave(window: MainWindow, title: str) -> bool:
    """No background work running and the page's unsaved edits settled."""
    running = window.running_tasks()
    if running:
        QMessageBox.information(window, title, f"Pekerjaan \"{running[0]}\" masih berjalan. "
                                "Tunggu sampai selesai (atau batalkan), lalu ulangi.")
        return False
    return window._leave_current()


def connect_server(window: MainWindow, url: str) -> bool:
    """Open the server database at `url` in `window` (with its login), then close the current
    one. False, with a message, when the current database stays open. Either way the window's
    `account_menu.connected` tells."""
    done = _connect(window, url)
    window.account_menu.connected.emit(done)
    return done


def _connect(window: MainWindow, url: str) -> bool:
    from karier_desktop.services.database import DatabaseOpenError, open_database
    from karier_desktop.ui.login import sign_in_or_quit

    if not may_leave(window, CONNECT):
        return False
    keep = "\n\nDatabase yang sedang terbuka tetap dipakai."
    try:
        new = open_database(url)
    except DatabaseOpenError as exc:
        QMessageBox.warning(window, CONNECT, f"{exc}{keep}")
        return False
    except Exception as exc:  # noqa: BLE001 - the current database must stay usable
        log.warning("opening the server database failed", exc_info=True)
        QMessageBox.warning(window, CONNECT, f"Database server tidak dapat dibuka "
                                             f"({type(exc).__name__}).{keep}")
        return False
    if not sign_in_or_quit(new, window):
        new.dispose()
        QMessageBox.information(window, CONNECT, f"Masuk ke server dibatalkan.{keep}")
        return False
    io = window.io
    thread = getattr(io, "_backup_thread", None)
    if thread is not None:
        thread.join()  # an automatic backup of the current database finishes first
    if not window.ctx.db.close_and_wait(CLOSE_WAIT_S):
        new.dispose()
        QMessageBox.information(window, CONNECT, "Pekerjaan lain masih memakai database; "
                                f"tunggu sampai selesai, lalu ulangi.{keep}")
        return False
    window.ctx.db = new
    window.reload()
    window.ctx.changed("all")
    where = new.engine.url.render_as_string(hide_password=True)
    window.statusBar().showMessage(f"Tersambung ke {where}.", 10_000)
    log.info("window switched to a server database")
    return True


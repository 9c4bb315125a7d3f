"""A saved server connection takes effect at once: "Sambungkan sekarang" closes the laptop's
file and opens the server in the same window (with the server's login); a server that cannot be
opened leaves the file open and says why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from karier_desktop.services import demo
from karier_desktop.services.first_day import has_employees
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database
from karier_desktop.ui.account_menu import connect_server
from karier_desktop.ui.connection_form import ConnectionDialog
from karier_desktop.ui.login import FirstAdminDialog, LoginDialog
from karier_desktop.ui.main_window import MainWindow
from karier_desktop.ui.pages.employees.page import EmployeesPage
from tests.modal_answers import answer, first_admin


def click(label: str) -> Callable[[QWidget], None]:
    def fill(modal: QWidget) -> None:
        assert isinstance(modal, QMessageBox)
        button = next(b for b in modal.buttons() if b.text().replace("&", "") == label)
        button.click()
    return fill



def _fill(dialog: ConnectionDialog, pg_url: str) -> None:
    rest = pg_url.split("://", 1)[1]
    user, rest = rest.split("@", 1)
    hostport, name = rest.split("/", 1)
    host, port = hostport.rsplit(":", 1)
    form = dialog.form
    form.host.setText(host)
    form.port.setValue(int(port))
    form.database.setText(name)
    form.user.setText(user)
    form.password.setText("rahasia123")


def test_connect_now_opens_the_server_in_the_same_window(  # type: ignore[no-untyped-def]
        qtbot, pg_url: str, tmp_path: Path, memory_keyring) -> None:
    server = open_database(pg_url)
    with server.session_scope() as s:
        demo.generate(s, 40, seed=5, today=dt.date(2026, 11, 29))
    server.dispose()
    local = open_database(tmp_path / "karier.db")  # the laptop's file, login off, empty
    window = MainWindow(local)
    qtbot.addWidget(window)
    window.show()
    assert window.ctx.call(has_employees) is False
    dialog = ConnectionDialog(window)
    _fill(dialog, pg_url)
    with qtbot.waitSignal(dialog.form.checked, timeout=20_000):
        dialog.form.test_btn.click()
    answer(QMessageBox, click("Sambungkan sekarang"))
    answer(FirstAdminDialog, first_admin)  # a server nobody signed in to yet
    with qtbot.waitSignal(window.account_menu.connected, timeout=30_000) as done:
        dialog.save_btn.click()
    assert done.args == [True]
    assert window.ctx.db is not local and window.ctx.db.path is None
    assert window.db_label.text().startswith("Database: postgresql")
    assert "rahasia123" not in window.db_label.text() + window.windowTitle()
    assert window.user_label.text() == "Admin Kantor (Admin)"
    assert window.account_menu.switch_action.isEnabled()
    page = window.show_page("pegawai")
    assert isinstance(page, EmployeesPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 40, timeout=20_000)
    assert local.closing.is_set()  # the file was closed cleanly …
    again = open_database(tmp_path / "karier.db")  # … and can be opened by someone else
    again.dispose()
    window.close()


def test_a_failed_connection_keeps_the_open_database(  # type: ignore[no-untyped-def]
        qtbot, pg_url: str, tmp_path: Path, monkeypatch) -> None:
    local = open_database(tmp_path / "karier.db")
    window = MainWindow(local)
    qtbot.addWidget(window)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: told.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    missing = pg_url.rsplit("/", 1)[0] + "/tidak_ada"
    assert connect_server(window, missing) is False
    assert "tidak_ada" in told[-1] and told[-1].endswith(
        "Database yang sedang terbuka tetap dipakai.")
    assert window.ctx.db is local and window.ctx.call(has_employees) is False
    # a cancelled server login keeps the file too
    server = open_database(pg_url)
    from karier_desktop.services.accounts import users
    from karier_desktop.services.accounts.roles import Role

    with server.session_scope() as s:
        users.add_user(s, users.UserInput("admin", "Admin", Role.ADMIN), "sandi-admin-1")
    server.dispose()
    answer(LoginDialog, lambda modal: modal.reject())  # type: ignore[attr-defined]
    assert connect_server(window, pg_url) is False
    assert "Masuk ke server dibatalkan" in told[-1]
    assert isinstance(window.ctx.db, Database) and window.ctx.db is local
    assert window.ctx.db.path == tmp_path / "karier.db"
    window.close()


def _save_and_connect(pg_url: str) -> Callable[[QWidget], None]:
    """Fill the connection dialog shown as a modal, test it, then save."""
    def fill(modal: QWidget) -> None:
        assert isinstance(modal, ConnectionDialog)
        _fill(modal, pg_url)
        modal.form.checked.connect(lambda ok, _m: ok and modal.save_btn.click())
        modal.form.test_btn.click()
    return fill


def test_from_pengaturan_and_from_the_welcome_screen(  # type: ignore[no-untyped-def]
        qtbot, pg_url: str, tmp_path: Path, memory_keyring) -> None:
    from karier_desktop.ui.open_flow import attach_welcome_if_empty
    from karier_desktop.ui.pages.settings_page import SettingsPage
    from karier_desktop.ui.welcome import WelcomeDialog

    window = MainWindow(open_database(tmp_path / "karier.db"))
    qtbot.addWidget(window)
    window.show()
    settings = window.show_page("pengaturan")
    assert isinstance(settings, SettingsPage)
    answer(ConnectionDialog, _save_and_connect(pg_url))
    answer(QMessageBox, click("Sambungkan sekarang"))
    answer(FirstAdminDialog, first_admin)
    with qtbot.waitSignal(window.account_menu.connected, timeout=30_000) as done:
        settings.server_section.change()
    assert done.args == [True] and window.ctx.db.path is None
    # the settings page was built again on the server, saying where the app now works
    rebuilt = window.show_page("pengaturan")
    assert rebuilt is not settings and isinstance(rebuilt, SettingsPage)
    assert "aplikasi membuka server karier@" in rebuilt.server_section.state.text()
    window.close()

    # the first start on an empty file: the welcome screen offers the server, then goes away
    window = MainWindow(open_database(tmp_path / "kedua.db"))
    qtbot.addWidget(window)
    window.show()
    assert attach_welcome_if_empty(window)  # as at start-up
    welcome = window.pending_welcome
    assert isinstance(welcome, WelcomeDialog)
    welcome.open()
    answer(ConnectionDialog, _save_and_connect(pg_url))
    answer(QMessageBox, click("Sambungkan sekarang"))
    answer(LoginDialog, sign_in_admin)
    with qtbot.waitSignal(window.account_menu.connected, timeout=30_000) as done:
        welcome.server_btn.click()
    assert done.args == [True] and not welcome.isVisible() and window.pending_welcome is None
    assert window.user_label.text() == "Admin Kantor (Admin)"
    window.close()


def sign_in_admin(modal: QWidget) -> None:
    assert isinstance(modal, LoginDialog)
    modal.username.setText("admin")
    modal.password.setText("sandi-admin-1")
    modal.ok.click()

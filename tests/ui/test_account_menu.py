"""The Akun menu: a clerk changes their own password, and clerks take turns at one window
(Keluar / ganti pengguna) on both back ends: the window then shows what the new role may do and
an operator OPD's own OPD only. The Audit page shows local time with the zone named."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy import select

from karier_desktop.services import demo
from karier_desktop.services.accounts import login, users
from karier_desktop.services.accounts.roles import Role
from karier_desktop.services.accounts.session import sign_in
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database
from karier_desktop.ui.login import ChangePasswordDialog, LoginDialog
from karier_desktop.ui.main_window import MainWindow
from karier_desktop.ui.pages.audit import AuditPage
from karier_desktop.ui.pages.employees.page import EmployeesPage
from tests import modal_answers
from tests.modal_answers import answer

PASSWORD = "sandi-uji-123"
EMPLOYEES = 120



def sign_in_as(name: str, password: str = PASSWORD) -> Callable[[QWidget], None]:
    return modal_answers.sign_in_as(name, password)


@pytest.fixture(params=["sqlite", "postgresql"])
def office(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Database, int]]:
    """A demo regency with an admin, an operator OPD and a pimpinan, login on, the admin
    signed in; with the operator's OPD id."""
    target = (str(request.getfixturevalue("pg_url")) if request.param == "postgresql"
              else tmp_path / "karier.db")
    db = open_database(target)
    with db.session_scope() as s:
        demo.generate(s, EMPLOYEES, seed=3, today=dt.date(2026, 11, 29))
    with db.session_scope() as s:
        opd = next(uid for uid, _name in users.opd_choices(s)
                   if s.scalar(select(m.Employee.id).where(m.Employee.unit_id == uid)))
        for name, role, unit in (("admin", Role.ADMIN, None), ("opd", Role.OPERATOR_OPD, opd),
                                 ("kepala", Role.PIMPINAN, None)):
            users.add_user(s, users.UserInput(name, name.title(), role, unit), PASSWORD)
        if request.param == "sqlite":
            login.set_login_required(s, True)
    with db.session_scope() as s:
        account = login.authenticate(s, "admin", PASSWORD).account
    assert account is not None
    sign_in(db, account)
    yield db, opd
    db.dispose()


def nav_keys(window: MainWindow) -> list[str]:
    return [window.nav.item(i).data(256) for i in range(window.nav.count())]


def employee_rows(qtbot, window: MainWindow) -> list:  # type: ignore[no-untyped-def,type-arg]
    page = window.show_page("pegawai")
    assert isinstance(page, EmployeesPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=20_000)
    return page.model.rows()


def test_switching_user_reloads_the_window_for_the_new_role_and_opd(  # type: ignore[no-untyped-def]
        qtbot, office: tuple[Database, int]) -> None:
    db, opd = office
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    assert "pengguna" in nav_keys(window) and window.user_label.text() == "Admin (Admin)"
    assert len(employee_rows(qtbot, window)) == EMPLOYEES

    answer(LoginDialog, sign_in_as("opd"))
    assert window.account_menu.switch_action.isEnabled()
    window.account_menu.switch_action.trigger()
    assert window.user_label.text().startswith("Opd (Operator OPD, ")
    assert "pengguna" not in nav_keys(window) and "audit" not in nav_keys(window)
    rows = employee_rows(qtbot, window)
    assert 0 < len(rows) < EMPLOYEES and {r.opd_id for r in rows} == {opd}
    page = window.show_page("pegawai")
    assert page.add_btn.isEnabled()  # type: ignore[attr-defined]  # an operator edits

    answer(LoginDialog, sign_in_as("kepala"))
    window.account_menu.switch_action.trigger()
    assert window.user_label.text() == "Kepala (Pimpinan)"
    assert len(employee_rows(qtbot, window)) == EMPLOYEES  # a pimpinan reads everyone
    add = window.show_page("pegawai").add_btn  # type: ignore[attr-defined]
    assert not add.isEnabled() and "Pimpinan hanya dapat membaca" in add.toolTip()
    imports = window.io.actions["import"]  # type: ignore[attr-defined]
    assert not imports.isEnabled()

    answer(LoginDialog, sign_in_as("admin"))
    window.account_menu.switch_action.trigger()
    assert window.io.actions["import"].isEnabled()  # type: ignore[attr-defined]
    assert "audit" in nav_keys(window)
    with db.session_scope() as s:
        trail = list(s.execute(select(m.AuditLog.actor, m.AuditLog.action)
                               .where(m.AuditLog.entity == "pengguna")
                               .where(m.AuditLog.action.in_(["masuk", "keluar"]))
                               .order_by(m.AuditLog.id)))
    assert trail[-6:] == [("admin", "keluar"), ("opd", "masuk"), ("opd", "keluar"),
                          ("kepala", "masuk"), ("kepala", "keluar"), ("admin", "masuk")]
    window.close()


def test_a_cancelled_login_closes_the_window_without_data(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_database(tmp_path / "karier.db")
    with db.session_scope() as s:
        demo.generate(s, 20, seed=3, today=dt.date(2026, 11, 29))
        users.add_user(s, users.UserInput("admin", "Admin", Role.ADMIN), PASSWORD)
        login.set_login_required(s, True)
    with db.session_scope() as s:
        account = login.authenticate(s, "admin", PASSWORD).account
    sign_in(db, account)  # type: ignore[arg-type]
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    employee_rows(qtbot, window)
    seen: list[tuple[int, int, str]] = []

    def cancel(modal: QWidget) -> None:
        seen.append((window.nav.count(), len(window.findChildren(EmployeesPage)),
                     window.user_label.text()))
        modal.reject()  # type: ignore[attr-defined]

    answer(LoginDialog, cancel)
    assert window.account_menu.switch_user() is False
    # while the login was asked: no page, no employee list, nobody named
    assert seen == [(0, 0, "Belum masuk")]
    assert not window.isVisible() and db.account is None
    assert window.nav.count() == 0 and not window.findChildren(EmployeesPage)
    again = open_database(tmp_path / "karier.db")  # the window let go of the file
    again.dispose()


def test_a_clerk_changes_their_own_password(qtbot, office: tuple[Database, int]) -> None:  # type: ignore[no-untyped-def]
    db, _opd = office
    window = MainWindow(db)
    qtbot.addWidget(window)
    answer(LoginDialog, sign_in_as("kepala"))
    window.account_menu.switch_user()
    messages: list[str] = []

    def fill(modal: QWidget) -> None:
        assert isinstance(modal, ChangePasswordDialog)
        modal.old.setText("bukan-sandinya")
        modal.password.setText("sandi-baru-456")
        modal.repeat.setText("sandi-baru-456")
        modal.ok.click()
        messages.append(modal.message.text())
        modal.old.setText(PASSWORD)
        modal.password.setText("pendek")
        modal.repeat.setText("pendek")
        modal.ok.click()
        messages.append(modal.message.text())
        modal.password.setText("sandi-baru-456")
        modal.repeat.setText("sandi-baru-457")
        modal.ok.click()
        messages.append(modal.message.text())
        modal.repeat.setText("sandi-baru-456")
        modal.ok.click()

    answer(ChangePasswordDialog, fill)
    window.account_menu.password_action.trigger()
    assert messages == ["Kata sandi lama salah; kata sandi tidak diubah. Sisa 4 kali percobaan "
                        "sebelum akun dikunci 15 menit.",
                        "Kata sandi minimal 8 karakter.", "Kedua kata sandi tidak sama."]
    assert window.statusBar().currentMessage() == "Kata sandi Anda sudah diganti."
    with db.session_scope() as s:
        assert login.authenticate(s, "kepala", PASSWORD).account is None
    with db.session_scope() as s:
        assert login.authenticate(s, "kepala", "sandi-baru-456").account is not None
        changed = s.execute(select(m.AuditLog.actor).where(
            m.AuditLog.action == "ganti_sandi")).scalars().all()
    assert changed == ["kepala"]
    window.close()


def test_without_login_the_account_menu_says_why(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    menu = window.account_menu
    assert not menu.password_action.isEnabled() and not menu.switch_action.isEnabled()
    assert "tidak diwajibkan" in menu.switch_action.toolTip()
    window.close()


@pytest.fixture
def computer_in_makassar(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "WITA-8")  # POSIX: eight hours east of UTC
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("computer_in_makassar")
def test_audit_page_shows_local_time_with_the_zone(qtbot, db: Database, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)

    from karier_desktop.ui.context import AppContext

    with db.session_scope() as s:
        s.add(m.AuditLog(at=dt.datetime(2026, 12, 1, 20, 30, tzinfo=dt.UTC), actor="sari",
                         action="ubah", entity="pegawai", entity_id="7", detail=""))
    page = AuditPage(AppContext(db))
    qtbot.addWidget(page)
    header = page.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    assert header == "Waktu (WITA)"
    shown = [page.model.data(page.model.index(i, 0)) for i in range(page.model.rowCount())]
    assert "02-12-2026 04:30:00" in shown
    out = page.export(tmp_path / "audit.csv")
    assert out is not None
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("WAKTU (WITA);PENGGUNA")
    assert "\n02-12-2026 04:30:00;sari;ubah;Pegawai;7;" in text  # the time, not only the day


def test_five_wrong_old_passwords_lock_the_account_and_sign_out(  # type: ignore[no-untyped-def]
        qtbot, office: tuple[Database, int], monkeypatch) -> None:
    db, _opd = office
    window = MainWindow(db)
    qtbot.addWidget(window)
    answer(LoginDialog, sign_in_as("kepala"))
    window.account_menu.switch_user()
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, title, text, *a, **k: warned.append((title, text)))
    messages: list[str] = []

    def five_wrong(modal: QWidget) -> None:
        assert isinstance(modal, ChangePasswordDialog)
        for _ in range(5):
            modal.old.setText("bukan-sandinya")
            modal.password.setText("sandi-baru-456")
            modal.repeat.setText("sandi-baru-456")
            modal.ok.click()
            messages.append(modal.message.text())
        assert not modal.isVisible()  # the fifth closed the dialog
        answer(LoginDialog, sign_in_as("admin"))  # the login asked after the sign-out

    answer(ChangePasswordDialog, five_wrong)
    window.account_menu.password_action.trigger()
    assert messages[0].endswith("Sisa 4 kali percobaan sebelum akun dikunci 15 menit.")
    assert messages[3].endswith("Sisa 1 kali percobaan sebelum akun dikunci 15 menit.")
    assert messages[4].startswith("Akun terkunci karena 5 kali salah kata sandi.")
    assert warned and warned[0][0] == "Akun terkunci"
    assert warned[0][1].startswith("Akun terkunci karena 5 kali salah kata sandi.")
    assert window.user_label.text() == "Admin (Admin)"  # signed out; another clerk signed in
    with db.session_scope() as s:  # locked even with the right password
        refused = login.authenticate(s, "kepala", PASSWORD)
        locks = s.execute(select(m.AuditLog.actor).where(m.AuditLog.action == "kunci")
                          ).scalars().all()
    assert refused.account is None and refused.message.startswith("Akun terkunci")
    assert locks == ["kepala"]
    window.close()

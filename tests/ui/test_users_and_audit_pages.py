"""The admin's pages: Pengguna (add, role, deactivate, login switch) and Audit (filter,
export), checked against the database and the exported file."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy import select

from karier_desktop.services.accounts import gate, login
from karier_desktop.services.accounts.session import sign_in
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.audit import AuditPage
from karier_desktop.ui.pages.users import UsersPage
from karier_desktop.ui.pages.users.dialog import UserDialog


def _answer_modal(fill: Callable[[QWidget], None]) -> None:
    def later() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, later)
            return
        fill(modal)
    QTimer.singleShot(0, later)


def _add_through_dialog(page: UsersPage, name: str, role_label: str,
                        password: str = "sandi-uji-123") -> None:
    def fill(modal: QWidget) -> None:
        assert isinstance(modal, UserDialog)
        modal.username.setText(name)
        modal.full_name.setText(name.title())
        modal.role.setCurrentIndex(modal.role.findText(role_label))
        modal.password.setText(password)
        modal.repeat.setText(password)
        modal._save()
        if modal.isVisible():  # refused: keep the message for the test, then close
            page.setProperty("last_message", modal.message.text())
            modal.reject()

    _answer_modal(fill)
    page.add_user()


def test_admin_adds_users_and_switches_login_on(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    page = UsersPage(AppContext(db))
    qtbot.addWidget(page)
    page.required.setChecked(True)  # no admin yet: refused with the reason
    assert warnings and "admin yang aktif" in warnings[-1] and not page.required.isChecked()
    _add_through_dialog(page, "a", "Admin")
    assert "Nama pengguna 3–40 karakter" in page.property("last_message")
    _add_through_dialog(page, "admin", "Admin")
    _add_through_dialog(page, "budi", "Operator BKPP")
    assert [u.username for u in page.model.rows()] == ["admin", "budi"]
    page.required.setChecked(True)
    assert page.required.isChecked()
    assert db.path is not None and gate.login_required_in_file(db.path)
    page.table.selectRow(1)
    page.active_btn.click()
    with db.session_scope() as s:
        assert s.scalar(select(m.User.active).where(m.User.username == "budi")) is False
    assert page.model.rows()[1].active is False and page.active_btn.text() == "&Aktifkan"


def test_audit_shows_who_did_what_and_exports_it(qtbot, db: Database, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    from karier_desktop.services.accounts import users
    from karier_desktop.services.accounts.roles import Role

    with db.session_scope() as s:
        users.add_user(s, users.UserInput("admin", "Admin", Role.ADMIN), "sandi-uji-123")
    with db.session_scope() as s:
        account = login.authenticate(s, "admin", "sandi-uji-123").account
    assert account is not None
    sign_in(db, account)
    with db.session_scope() as s:
        s.add(m.Unit(code="BARU", name="Unit Baru"))
        from karier_desktop.services import audit

        audit.record(s, "tambah", "unit", "BARU")
    page = AuditPage(AppContext(db))
    qtbot.addWidget(page)
    actors = {r.actor for r in page.model.rows()}
    assert {"admin", "operator"} <= actors  # the first user was added before anyone signed in
    page.actor.setCurrentIndex(page.actor.findData("admin"))
    page.show_rows()
    assert page.model.rows() and {r.actor for r in page.model.rows()} == {"admin"}
    out = page.export(tmp_path / "audit.csv")
    assert out is not None
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0][0].startswith("WAKTU (") and rows[0][1:3] == ["PENGGUNA", "TINDAKAN"]
    assert {r[1] for r in rows[1:]} == {"admin"} and "masuk" in {r[2] for r in rows[1:]}

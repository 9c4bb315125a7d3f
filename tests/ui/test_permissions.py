"""Each control declares what it needs; the window disables what the signed-in role may not
do from those declarations alone, and a control that forgot to declare itself is caught."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QPushButton, QWidget
from sqlalchemy import select

from karier_desktop.services.accounts import login, users
from karier_desktop.services.accounts.roles import Account, Permission, Role
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui import permissions
from karier_desktop.ui.kit import permits
from karier_desktop.ui.main_window import MainWindow


def _sign_in(db: Database, name: str, role: Role) -> Account:
    with db.session_scope() as s:
        unit_id = s.scalar(select(m.Unit.id).where(m.Unit.parent_id.is_(None))
                           .order_by(m.Unit.name)) if role is Role.OPERATOR_OPD else None
        users.add_user(s, users.UserInput("admin", "Admin", Role.ADMIN), "sandi-uji-123")
        users.add_user(s, users.UserInput(name, name.title(), role, unit_id), "sandi-uji-123")
        login.set_login_required(s, True)
    with db.session_scope() as s:
        account = login.authenticate(s, name, "sandi-uji-123").account
    assert account is not None
    db.sign_in(account)
    return account


def _label(control: QAbstractButton | QAction) -> str:
    return control.text().replace("&", "").replace("\n", " ")


@pytest.mark.parametrize("role", [Role.PIMPINAN, Role.OPERATOR_OPD])
def test_every_enabled_control_on_every_page_is_read_only_or_allowed(  # type: ignore[no-untyped-def]
        qtbot, demo_db: Database, role: Role) -> None:
    account = _sign_in(demo_db, "petugas", role)
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    offending: list[str] = []
    refused = 0
    for spec in window.available_pages():
        page = window.show_page(spec.key)
        assert permissions.undeclared(page) == [], spec.key
        for control in permissions.controls(page):
            if not control.text().strip():
                continue  # tab scrollers, table corners, icons of a field
            if isinstance(control, QAbstractButton) and control.window() is not window:
                continue  # a progress dialog of the page's own
            if control.property("refused_by_role"):
                refused += 1
                assert not control.isEnabled()
                assert control.toolTip() and not account.may(permits.needed(control))  # type: ignore[arg-type]
                continue
            need = permits.needed(control)
            if control.isEnabled() and (not permits.declared(control)
                                         or (need is not None and not account.may(need))):
                offending.append(f"{spec.title}: {_label(control)}")
    assert offending == []
    for action in window.io.actions.values():  # type: ignore[union-attr]
        assert permits.declared(action), action.text()
        need = permits.needed(action)
        assert action.isEnabled() == (need is None or account.may(need)), action.text()
    assert refused > 10  # the role does see what it may not do, disabled with the reason
    if role is Role.PIMPINAN:
        page = window.show_page("pegawai")
        assert not page.add_btn.isEnabled()  # type: ignore[attr-defined]
        assert window.show_page("idp").approve_btn.property("refused_by_role") is None  # type: ignore[attr-defined]
        # the talent card opens for reading; its saves are off, with the reason
        from karier_desktop.ui.pages.talent.card_dialog import TalentCardDialog

        with demo_db.session_scope() as s:
            someone = s.scalar(select(m.Employee.id).order_by(m.Employee.id).limit(1))
        card = TalentCardDialog(window.show_page("talenta"), someone)  # type: ignore[arg-type]
        qtbot.addWidget(card)
        assert permissions.undeclared(card) == []
        assert not card.career_btn.isEnabled()
        assert "Pimpinan hanya dapat membaca" in card.career_btn.toolTip()
    else:
        assert window.show_page("idp").approve_btn.property("refused_by_role")  # type: ignore[attr-defined]
        assert not window.show_page("pengaturan").save_btn.isEnabled()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not window.running_tasks(), timeout=30_000)


def test_an_undeclared_change_button_fails_the_check(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = QWidget()
    qtbot.addWidget(page)
    forgot = QPushButton("&Simpan perubahan", page)
    look = QPushButton("&Lihat rincian", page)
    QAction("Hapus &baris", page)
    assert permissions.undeclared(page) == ["&Simpan perubahan", "Hapus &baris"]
    permits.needs(Permission.EDIT, forgot)
    permits.reading(*page.findChildren(QAction))
    assert permissions.undeclared(page) == []
    assert not permits.declared(look) and permits.needed(forgot) is Permission.EDIT


def test_apply_uses_only_the_declarations(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = QWidget()
    qtbot.addWidget(page)
    guessed = QPushButton("Hapus", page)  # no declaration: the label alone does not disable it
    approve = permits.button("Periksa dan setujui", page.close, needs=Permission.APPROVE)
    approve.setParent(page)
    save = permits.button("Rekam", page.close, needs=Permission.EDIT)
    save.setParent(page)
    boss = Account("kepala", "Kepala", Role.PIMPINAN)
    assert permissions.apply(page, boss) == 1
    assert guessed.isEnabled() and approve.isEnabled()
    assert not save.isEnabled() and "Pimpinan hanya dapat membaca" in save.toolTip()
    assert permissions.apply(page, None) == 0  # login off: nothing is disabled

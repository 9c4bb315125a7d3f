"""Issue 18's day at the office, in real windows on one PostgreSQL server: two clerks log in
with different roles, each sees what the role allows, both edit the same employee and the
second save gets the conflict message, both import at the same time without loss, and the
admin sees both clerks in the audit trail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from sqlalchemy import func, select

from karier_desktop.services import demo
from karier_desktop.services.accounts import users
from karier_desktop.services.accounts.roles import Role
from karier_desktop.store import models as m
from karier_desktop.store.lifecycle import open_database
from karier_desktop.ui.dialogs.import_dialog import ImportDialog
from karier_desktop.ui.main_window import MainWindow
from karier_desktop.ui.pages.employees.dialog import EmployeeDialog
from karier_desktop.ui.startup import start
from tests.modal_answers import answer_modal, sign_in_as

PEOPLE = 60



def _window(qtbot, url: str, name: str, password: str) -> MainWindow:  # type: ignore[no-untyped-def]
    answer_modal(sign_in_as(name, password))
    window = start(QApplication.instance(), url)  # type: ignore[arg-type]
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    return window


def _office(url: str) -> tuple[int, str, set[int]]:
    """A demo regency with an admin, an operator BKPP and an operator OPD of the OPD of the
    first employee; that OPD's id and name and its employees' ids."""
    db = open_database(url)
    with db.session_scope() as s:
        demo.generate(s, PEOPLE, seed=5, today=dt.date(2026, 11, 29))
    with db.session_scope() as s:
        users.create_first_admin(s, users.UserInput("admin", "Admin", Role.ADMIN),
                                 "sandi-admin-1")
        parents = dict(s.execute(select(m.Unit.id, m.Unit.parent_id)).all())
        opd = s.scalar(select(m.Employee.unit_id).order_by(m.Employee.id))
        while parents.get(opd) is not None:
            opd = parents[opd]
        users.add_user(s, users.UserInput("ani", "Ani", Role.OPERATOR_OPD, opd), "sandi-opd-12")
        users.add_user(s, users.UserInput("budi", "Budi", Role.OPERATOR_BKPP), "sandi-bkpp-1")
        inside = {opd}
        grew = True
        while grew:
            more = {u for u, p in parents.items() if p in inside} - inside
            inside |= more
            grew = bool(more)
        mine = set(s.scalars(select(m.Employee.id).where(m.Employee.unit_id.in_(inside))))
        opd_name = s.scalar(select(m.Unit.name).where(m.Unit.id == opd))
    db.dispose()
    assert opd_name
    return opd, opd_name, mine


def _sheet(path: Path, unit: str, nips: list[str], names: list[str]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["NIP", "NAMA", "GOL", "UNIT KERJA"])
    for nip, name in zip(nips, names, strict=True):
        book.active.append([nip, name, "III/a", unit])
    book.save(path)
    return path


def _save(dialog: QWidget) -> None:
    box = dialog.findChild(QDialogButtonBox)
    box.button(QDialogButtonBox.StandardButton.Save).click()  # type: ignore[union-attr]


def test_two_clerks_and_the_admin_share_one_server(qtbot, pg_url: str,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path) -> None:
    _opd, opd_name, mine = _office(pg_url)
    ani = _window(qtbot, pg_url, "ani", "sandi-opd-12")
    budi = _window(qtbot, pg_url, "budi", "sandi-bkpp-1")
    assert ani.user_label.text().startswith("Ani (Operator OPD")
    assert budi.user_label.text().startswith("Budi (Operator BKPP")

    # each sees what the role allows
    seen: dict[str, int] = {}
    for who, window in (("ani", ani), ("budi", budi)):
        page = window.show_page("pegawai")
        qtbot.waitUntil(lambda p=page: p.model.rowCount() > 0, timeout=30_000)
        seen[who] = page.model.rowCount()
        assert "pengguna" not in [spec.key for spec in window.available_pages()]
    assert seen == {"ani": len(mine), "budi": PEOPLE}
    assert 0 < len(mine) < PEOPLE

    # both open the same employee of Ani's OPD; Budi saves first, Ani's save is refused
    target = min(mine)
    ani_form, budi_form = EmployeeDialog(ani.ctx, target), EmployeeDialog(budi.ctx, target)
    for dialog in (ani_form, budi_form):
        qtbot.addWidget(dialog)
        dialog.show()
    budi_form.rank.setCurrentText("IV/a")
    with qtbot.waitSignal(budi_form.accepted):
        _save(budi_form)
    ani_form.birth_place.setText("Kalukku")
    _save(ani_form)
    assert ani_form.isVisible() and ani_form.result() == 0
    assert "diubah petugas lain" in ani_form.errors.text()
    assert "tersimpan IV/a" in ani_form.errors.text()
    ani_form.grab().save(str(tmp_path / "konflik.png"))
    ani_form.reject()

    # both import at the same time: every row of both files arrives
    ani_rows = (["199101012020121001", "199101022020121002"], ["Rina Ani", "Sari Ani"])
    budi_rows = (["199201012020121003", "199201022020121004"], ["Tono Budi", "Wati Budi"])
    dialogs = []
    for window, rows, name in ((ani, ani_rows, "ani"), (budi, budi_rows, "budi")):
        dialog = ImportDialog(window.ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.load(_sheet(tmp_path / f"{name}.xlsx", opd_name, *rows))
        qtbot.waitUntil(lambda d=dialog: d.preview is not None and d.task is None,
                        timeout=30_000)
        assert dialog.import_btn.isEnabled(), dialog.summary.text()
        dialogs.append(dialog)
    blockers = [qtbot.waitSignal(d.imported, timeout=60_000) for d in dialogs]
    for dialog in dialogs:  # both started before either ends
        qtbot.mouseClick(dialog.import_btn, Qt.MouseButton.LeftButton)
    for blocker in blockers:
        blocker.wait()
    assert [b.args[0].new for b in blockers] == [2, 2]
    check = open_database(pg_url)
    with check.session_scope() as s:
        names = set(s.scalars(select(m.Employee.name).where(
            m.Employee.nip.in_(ani_rows[0] + budi_rows[0]))))
        total = s.scalar(select(func.count()).select_from(m.Employee))
        rank = s.scalar(select(m.Employee.rank_code).where(m.Employee.id == target))
    check.dispose()
    assert names == {"Rina Ani", "Sari Ani", "Tono Budi", "Wati Budi"}
    assert total == PEOPLE + 4
    assert rank == "IV/a"  # Budi's change stands; Ani's stale form wrote nothing
    ani.close()
    budi.close()

    # the admin sees both clerks in the audit trail
    admin = _window(qtbot, pg_url, "admin", "sandi-admin-1")
    audit = admin.show_page("audit")
    qtbot.waitUntil(lambda: audit.model.rowCount() > 0, timeout=30_000)
    actors = {audit.actor.itemData(i) for i in range(audit.actor.count())}
    assert {"ani", "budi"} <= actors
    for who in ("ani", "budi"):
        audit.actor.setCurrentIndex(audit.actor.findData(who))
        audit.show_rows()
        qtbot.waitUntil(lambda: audit.model.rowCount() > 0, timeout=30_000)
        cells = {audit.model.index(r, c).data() for r in range(audit.model.rowCount())
                 for c in range(audit.model.columnCount())}
        assert who in cells
    admin.grab().save(str(tmp_path / "audit.png"))
    admin.close()

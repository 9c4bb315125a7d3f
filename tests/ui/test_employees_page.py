"""Employees page: search, filters, sorting, detail, and add/edit/delete through the dialog."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.employees.dialog import EmployeeDialog
from karier_desktop.ui.pages.employees.page import EmployeesPage


@pytest.fixture
def page(qtbot, demo_db: Database) -> EmployeesPage:  # type: ignore[no-untyped-def]
    ctx = AppContext(demo_db)
    widget = EmployeesPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    widget.on_shown()
    return widget


def test_model_passes_qt_model_checks(page: EmployeesPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)


def test_all_active_employees_listed(page: EmployeesPage, demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        n = len(s.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")).all())
    assert page.model.rowCount() == n
    assert page.count.text() == f"{n} dari {n} pegawai"


def test_search_by_nip_typed_with_spaces(qtbot, page: EmployeesPage) -> None:  # type: ignore[no-untyped-def]
    target = page.all_rows[17]
    qtbot.keyClicks(page.search, target.nip_display)
    shown = page.model.rows()
    assert [r.id for r in shown] == [target.id]
    assert page.count.text().startswith("1 dari")


def test_search_by_part_of_name_is_case_insensitive(qtbot, page: EmployeesPage) -> None:  # type: ignore[no-untyped-def]
    word = page.all_rows[5].name.split()[0]
    qtbot.keyClicks(page.search, word.upper())
    assert page.model.rowCount() >= 1
    assert all(word.lower() in r.name.lower() for r in page.model.rows())


def test_under_minimum_jp_filter(page: EmployeesPage) -> None:
    page.under_jp.setChecked(True)
    rows = page.model.rows()
    assert rows and all(r.jp_year < 20 for r in rows)
    assert len(rows) < len(page.all_rows)


def test_category_filter_and_colour(page: EmployeesPage) -> None:
    page.category.setCurrentIndex(page.category.findData("Kurang Optimal"))
    rows = page.model.rows()
    assert rows and all(r.category == "Kurang Optimal" for r in rows)
    idx = page.model.index(0, 5)  # Kategori (after JPM and "Diases")
    assert page.model.data(idx, Qt.ItemDataRole.BackgroundRole) is not None


def test_unit_tree_filters_to_the_opd(page: EmployeesPage) -> None:
    root = page.tree.topLevelItem(0)
    opd_item = root.child(0)
    page.tree.setCurrentItem(opd_item)
    opd_id = opd_item.data(0, Qt.ItemDataRole.UserRole)
    rows = page.model.rows()
    assert rows and all(r.opd_id == opd_id for r in rows)


def test_sort_by_jpm_descending(page: EmployeesPage) -> None:
    page.table.horizontalHeader().setSortIndicator(3, Qt.SortOrder.DescendingOrder)  # JPM
    values = [r.jpm for r in page.model.rows() if r.jpm is not None]
    assert values == sorted(values, reverse=True)


def test_selecting_shows_the_detail(qtbot, page: EmployeesPage) -> None:  # type: ignore[no-untyped-def]
    page.table.selectRow(0)
    page._show_selected()
    row = page.model.row_at(0)
    assert row is not None
    assert page.panel.name.text() == row.name
    assert page.panel.fields["nip"].text() == row.nip_display


def fill_new_employee(qtbot, dialog: EmployeeDialog, nip: str, name: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.nip, nip)
    qtbot.keyClicks(dialog.name, name)
    dialog.rank.setCurrentText("III/a")


def test_add_employee_through_dialog(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext(demo_db)
    dialog = EmployeeDialog(ctx, None)
    qtbot.addWidget(dialog)
    fill_new_employee(qtbot, dialog, "19900101 201503 2 001", "Andi Tenri")
    # decoding the NIP filled the birth date and sex
    assert dialog.birth_date.value() == dt.date(1990, 1, 1)
    assert dialog.sex.currentData() == "P"
    assert "Lahir 1 Januari 1990" in dialog.nip_info.text()
    dialog.position.setCurrentIndex(3)
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert dialog.result() == 1
    with demo_db.session_scope() as s:
        emp = s.scalars(select(m.Employee).where(m.Employee.nip == "199001012015032001")).one()
        assert (emp.name, emp.sex, emp.rank_code) == ("Andi Tenri", "P", "III/a")
        assert emp.position_id is not None and emp.unit_id is not None
        assert s.scalars(select(m.AuditLog).where(m.AuditLog.entity == "pegawai",
                                                  m.AuditLog.action == "tambah")).first()


def test_bad_nip_is_refused_with_a_message(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext(demo_db)
    dialog = EmployeeDialog(ctx, None)
    qtbot.addWidget(dialog)
    fill_new_employee(qtbot, dialog, "19901301 201503 2 001", "Salah Tanggal")
    dialog.sex.setCurrentIndex(dialog.sex.findData("P"))
    dialog.birth_date.set_value(dt.date(1990, 1, 1))
    dialog.try_save()
    assert dialog.result() == 0
    assert "Tanggal lahir pada NIP tidak valid" in dialog.errors.text()
    with demo_db.session_scope() as s:
        assert s.scalars(select(m.Employee).where(m.Employee.name == "Salah Tanggal")).first() is None


def test_birth_date_contradicting_the_nip_is_flagged(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext(demo_db)
    dialog = EmployeeDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.birth_date.set_value(dt.date(1991, 5, 5))
    fill_new_employee(qtbot, dialog, "199001012015031001", "Beda Lahir")
    assert "tidak sesuai dengan NIP" in dialog.nip_info.text()
    dialog.try_save()
    assert "tidak sesuai dengan NIP" in dialog.errors.text()


def test_edit_and_delete(qtbot, page: EmployeesPage, demo_db: Database,  # type: ignore[no-untyped-def]
                         monkeypatch: pytest.MonkeyPatch) -> None:
    row = page.model.row_at(2)
    assert row is not None
    dialog = EmployeeDialog(page.ctx, row.id)
    qtbot.addWidget(dialog)
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Nama Baru")
    dialog.try_save()
    assert dialog.result() == 1
    with demo_db.session_scope() as s:
        assert s.get(m.Employee, row.id).name == "Nama Baru"
    page.reload()
    assert page.select_employee(row.id)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete_selected()
    with demo_db.session_scope() as s:
        assert s.get(m.Employee, row.id) is None
    page.reload()
    assert all(r.id != row.id for r in page.model.rows())


def _active(db: Database) -> int:
    with db.session_scope() as s:
        return len(s.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")).all())


def test_large_regency_loads_off_the_gui_thread(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    widget = EmployeesPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    widget.loader.background_above = 10  # the demo's 400 employees count as a large regency here
    widget.show()
    widget.on_shown()
    assert widget.task_running()
    assert widget.count.text() == "Memuat data pegawai…"
    qtbot.waitUntil(lambda: not widget.task_running(), timeout=30_000)
    n = _active(demo_db)
    assert widget.model.rowCount() == n
    assert widget.count.text() == f"{n} dari {n} pegawai"


def test_change_during_background_load_is_shown(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext(demo_db)
    widget = EmployeesPage(ctx)
    qtbot.addWidget(widget)
    widget.loader.background_above = 10
    widget.show()
    widget.on_shown()
    assert widget.task_running()
    with demo_db.session_scope() as s:
        retired = s.scalars(select(m.Employee).where(m.Employee.status == "aktif")).first()
        retired.status = "pensiun"
        retired_id = retired.id
    ctx.changed("employees")  # while the first load is still running
    qtbot.waitUntil(lambda: not widget.task_running(), timeout=30_000)
    qtbot.waitUntil(lambda: widget.model.rowCount() == _active(demo_db), timeout=30_000)
    assert retired_id not in {r.id for r in widget.model.rows()}


def test_window_stays_open_while_work_runs(qtbot, demo_db: Database,  # type: ignore[no-untyped-def]
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from karier_desktop.ui.main_window import MainWindow

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    page = window.page("pegawai")
    page.loader.background_above = 10
    window.show_page("pegawai")
    assert page.task_running()
    window.close()
    assert window.isVisible()
    assert told and "Memuat data pegawai" in told[0]
    qtbot.waitUntil(lambda: not page.task_running(), timeout=30_000)
    window.close()
    assert not window.isVisible()

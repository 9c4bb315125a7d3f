"""Rencana Anggaran page: calculate off the GUI thread, pin and forbid, accept into the IDPs."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from karier_desktop.services import planner
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.planner import FORBID_COL, PIN_COL, PlannerPage


@pytest.fixture
def page(qtbot, demo_db: Database) -> PlannerPage:  # type: ignore[no-untyped-def]
    widget = PlannerPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    widget.resize(1176, 690)
    widget.show()
    widget.on_shown()
    widget.seconds.setValue(20)  # room for the curve on a loaded machine
    return widget


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def record(_parent: Any, _title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        seen.append(text)
        return QMessageBox.StandardButton.Yes

    for name in ("warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, record)
    return seen


def calculate(qtbot, page: PlannerPage) -> planner.PlanResult:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.calc_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.task_running(), timeout=90_000)
    assert page.result is not None
    return page.result


def test_budget_field_formats_what_is_typed(qtbot, page: PlannerPage) -> None:  # type: ignore[no-untyped-def]
    page.budget.clear()
    qtbot.keyClicks(page.budget, "2500000")
    assert page.budget.text() == "2.500.000"
    assert page.budget.value() == 2_500_000


def test_missing_budget_and_scope_are_explained(qtbot, page: PlannerPage,  # type: ignore[no-untyped-def]
                                                messages: list[str]) -> None:
    page.budget.clear()
    page.all_units.setChecked(False)
    qtbot.mouseClick(page.calc_btn, Qt.MouseButton.LeftButton)
    assert not page.task_running()
    assert "Isi anggaran" in messages[0] and "Centang minimal satu unit" in messages[0]
    assert page.result is None


def test_calculate_forbid_pin_and_accept(qtbot, page: PlannerPage, messages: list[str],  # type: ignore[no-untyped-def]
                                         demo_db: Database, qtmodeltester) -> None:
    page.budget.set_value(60_000_000)
    result = calculate(qtbot, page)
    assert result.status in planner.SOLVED
    assert ("Pilihan terbaik (sudah dibuktikan)" in page.status.text()
            or "Selisih maksimum" in page.status.text()
            or "Batas waktu" in page.status.text())
    assert "dibanding cara sederhana" in page.summary.text()
    assert "Tingkat kesenjangan yang tertutup" in page.summary.text()  # plain words, no jargon
    assert "Rp\u00a060.000.000" in page.summary.text()  # never split across two lines
    assert len(page.curve.points) == 5
    assert page.rows_model.rowCount() == len(result.funded)
    assert page.units_model.rowCount() == len(result.units)
    qtmodeltester.check(page.rows_model)
    qtmodeltester.check(page.units_model)

    # Forbid the first funded pair, pin an unfunded one, and solve again.
    forbidden = page.rows_model.row_at(0)
    assert page.rows_model.setData(page.rows_model.index(0, FORBID_COL), Qt.CheckState.Checked,
                                   Qt.ItemDataRole.CheckStateRole)
    page.show_combo.setCurrentIndex(1)  # Tidak terdanai
    idx = next(i for i, r in enumerate(page.rows_model.rows())
               if r.reason == planner.REASON_BUDGET)
    pinned = page.rows_model.row_at(idx)
    page.rows_model.setData(page.rows_model.index(idx, PIN_COL), Qt.CheckState.Checked,
                            Qt.ItemDataRole.CheckStateRole)
    again = calculate(qtbot, page)
    funded = {(r.employee_id, r.programme_id) for r in again.funded}
    assert (pinned.employee_id, pinned.programme_id) in funded
    assert (forbidden.employee_id, forbidden.programme_id) not in funded
    page.show_combo.setCurrentIndex(2)  # Semua
    shown = [r for r in page.rows_model.rows()
             if (r.employee_id, r.programme_id) == (forbidden.employee_id, forbidden.programme_id)]
    assert shown and shown[0].reason == planner.REASON_FORBIDDEN

    changed: list[str] = []
    page.ctx.data_changed.connect(changed.append)
    qtbot.mouseClick(page.accept_btn, Qt.MouseButton.LeftButton)
    assert "ke IDP tahun 2027" in messages[-2]
    assert "butir ditambahkan" in messages[-1]
    assert changed == ["plans"]
    with demo_db.session_scope() as s:
        n = s.scalar(select(func.count()).select_from(m.PlanItem)
                     .where(m.PlanItem.source == "anggaran"))
    # merged into the drafts: a competency already planned for someone is not added twice
    assert 0 < n <= len(again.funded)


def test_cancelled_calculation_leaves_no_result(qtbot, page: PlannerPage,  # type: ignore[no-untyped-def]
                                                messages: list[str]) -> None:
    page.calculate()
    page.task.cancel()
    qtbot.waitUntil(lambda: not page.task_running(), timeout=60_000)
    assert page.result is None
    assert messages == []
    assert page.calc_btn.isEnabled()


def test_weights_dialog_changes_the_weights(qtbot, page: PlannerPage,  # type: ignore[no-untyped-def]
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from karier_desktop.ui.pages.planner import WeightsDialog

    def fake_exec(dialog: WeightsDialog) -> int:
        dialog.spins["kind_teknis"].setValue(2.5)
        dialog.spins["stale_factor"].setValue(0.5)
        return 1

    monkeypatch.setattr(WeightsDialog, "exec", fake_exec)
    qtbot.mouseClick(page.weights_btn, Qt.MouseButton.LeftButton)
    assert page.weights.kind_teknis == 2.5
    assert page.weights.stale_factor == 0.5
    assert page.weights.kind_manajerial == 1.0


def test_unit_row_opens_its_assignments(qtbot, page: PlannerPage) -> None:  # type: ignore[no-untyped-def]
    page.budget.set_value(30_000_000)
    page.seconds.setValue(5)
    result = calculate(qtbot, page)
    page.tabs.setCurrentIndex(1)
    unit = next(u for u in result.units if u.funded and u.not_funded)
    row = page.units_model.rows().index(unit)
    page._open_unit(page.units_model.index(row, 0))
    assert page.tabs.currentIndex() == 0
    shown = page.rows_model.rows()
    assert {r.opd_name for r in shown} == {unit.name}
    assert sum(1 for r in shown if r.funded) == unit.funded
    assert sum(1 for r in shown if not r.funded) == unit.not_funded


def test_the_plan_exports_to_excel(qtbot, page: PlannerPage, tmp_path,  # type: ignore[no-untyped-def]
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    page.budget.set_value(60_000_000)
    result = calculate(qtbot, page)
    target = tmp_path / "rencana.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(page.export_btn, Qt.MouseButton.LeftButton)
    sheet = openpyxl.load_workbook(target).active
    assert sheet.max_row - 1 == len(result.funded) + len(result.not_funded)
    assert sheet.cell(1, 10).value == "KESENJANGAN TERTUTUP"
    assert sheet.cell(2, 12).value == "Terdanai"  # funded assignments first


def test_page_says_what_the_exact_plan_gains_and_spends(qtbot, page: PlannerPage,  # type: ignore[no-untyped-def]
                                                        demo_db: Database, tmp_path) -> None:
    from karier_desktop.services import renbangkom

    with demo_db.session_scope() as s:
        renbangkom.set_budget(s, 2027, "apbd_kab", 30_000_000)
    page.year.setValue(2027)
    page.budget.set_value(80_000_000)
    assert page.person_rules.isChecked()  # the rules per employee type apply by default
    result = calculate(qtbot, page)
    assert result.status in planner.SOLVED
    text = page.gain.text()
    assert "Rencana optimal" in text and "cara sederhana" in text
    assert "menyisakan" in text
    assert "APBD Kabupaten" in text and "pagu Rp\u00a030.000.000" in text
    assert result.cost <= 30_000_000 + sum(u for s, u, _g, _t in result.by_source
                                           if s != "apbd_kab")
    assert "membaca data" in page.status.text()
    page.grab().save(str(tmp_path / "planner_gain.png"))


def test_a_new_unit_appears_and_the_ticks_stay(qtbot, page: PlannerPage,  # type: ignore[no-untyped-def]
                                               demo_db: Database) -> None:
    from karier_desktop.services import positions

    page.all_units.setChecked(False)
    first = page.unit_list.item(0)
    first.setCheckState(Qt.CheckState.Checked)
    ticked = page.selected_units()
    before = page.unit_list.count()
    with demo_db.session_scope() as s:
        positions.save_unit(s, positions.UnitInput("Dinas Uji Coba Baru", None, "dinas"))
    page.on_data_changed("units")  # what the window does after the unit dialog saves
    names = [page.unit_list.item(i).text() for i in range(page.unit_list.count())]
    assert page.unit_list.count() == before + 1 and "Dinas Uji Coba Baru" in names
    assert page.selected_units() == ticked

"""Pelatihan page: catalogue and record dialogs driven by keys and clicks, the JP calculator,
and 20-JP compliance, checked against the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QMessageBox,
    QPushButton,
    QWidget,
)
from sqlalchemy import func, select

from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.training.dialogs import ProgrammeDialog, RecordDialog
from karier_desktop.ui.pages.training.page import TrainingPage


@pytest.fixture
def page(qtbot, demo_db: Database) -> TrainingPage:  # type: ignore[no-untyped-def]
    ctx = AppContext(demo_db)
    widget = TrainingPage(ctx)
    ctx.data_changed.connect(widget.on_data_changed)
    qtbot.addWidget(widget)
    widget.resize(1180, 680)
    widget.show()
    widget.on_shown()
    return widget


def _when_modal(handler: Callable[[QWidget], None]) -> None:
    def attempt() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            QTimer.singleShot(10, attempt)
            return
        try:
            handler(widget)
        finally:  # a failed check must not leave the modal dialog blocking the test
            if widget.isVisible():
                widget.close()
    QTimer.singleShot(0, attempt)


def _save(qtbot, dialog: QWidget) -> None:  # type: ignore[no-untyped-def]
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def _choose(qtbot, combo, text: str) -> None:  # type: ignore[no-untyped-def]
    """Pick the item starting with `text` by typing it, as the keyboard search does."""
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert combo.currentText().startswith(text), combo.currentText()


def _pick_employee(qtbot, picker, nip_display: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(picker, nip_display.replace(" ", ""))
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton,
                     pos=popup.visualRect(popup.model().index(0, 0)).center())
    assert picker.employee_id() is not None


def _button(dialog: QWidget, text: str) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == text)


def test_models_pass_qt_model_checks(page: TrainingPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    models = (page.catalogue.model, page.records.model, page.compliance.units,
              page.compliance.under)
    for model in models:
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    dialog = ProgrammeDialog(page.ctx, page.catalogue.model.row_at(5).id, page)
    assert dialog.targets.rowCount() > 0
    qtmodeltester.check(dialog.targets)


def test_add_a_programme_with_targets(qtbot, page: TrainingPage,  # type: ignore[no-untyped-def]
                                      demo_db: Database) -> None:
    before = page.catalogue.model.rowCount()

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, ProgrammeDialog)
        qtbot.keyClicks(dialog.code, "P777")
        qtbot.keyClicks(dialog.title, "Bimtek Penyusunan SKP")
        _choose(qtbot, dialog.form, "KL10")
        qtbot.keyClicks(dialog.provider, "BKPP Kabupaten Mamuju")
        dialog.jp.lineEdit().selectAll()
        qtbot.keyClicks(dialog.jp, "24")
        dialog.cost.lineEdit().selectAll()
        qtbot.keyClicks(dialog.cost, "1750000")
        for code, level in (("M.4", "3"), ("M.6", "4")):
            dialog.target_comp.lineEdit().selectAll()
            qtbot.keyClicks(dialog.target_comp, code)
            dialog.target_level.lineEdit().selectAll()
            qtbot.keyClicks(dialog.target_level, level)
            qtbot.mouseClick(_button(dialog, "&Tambah sasaran"), Qt.MouseButton.LeftButton)
        assert dialog.targets.rowCount() == 2
        _save(qtbot, dialog)

    _when_modal(fill)
    qtbot.mouseClick(page.catalogue.add_btn, Qt.MouseButton.LeftButton)
    with demo_db.session_scope() as s:
        p = s.scalar(select(m.Programme).where(m.Programme.code == "P777"))
        assert (p.title, p.form_code, p.provider, p.jp, p.cost_per_participant) == (
            "Bimtek Penyusunan SKP", "KL10", "BKPP Kabupaten Mamuju", 24.0, 1_750_000)
        targets = dict(s.execute(
            select(m.Competency.code, m.ProgrammeTarget.to_level)
            .join(m.Competency, m.Competency.id == m.ProgrammeTarget.competency_id)
            .where(m.ProgrammeTarget.programme_id == p.id)).all())
    assert targets == {"M.4": 3, "M.6": 4}
    assert page.catalogue.model.rowCount() == before + 1


def test_duplicate_code_is_refused_in_the_dialog(qtbot, page: TrainingPage,  # type: ignore[no-untyped-def]
                                                 demo_db: Database) -> None:
    dialog = ProgrammeDialog(page.ctx, None, page)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.code, "P001")
    qtbot.keyClicks(dialog.title, "Duplikat")
    _choose(qtbot, dialog.form, "KL03")
    _save(qtbot, dialog)
    assert "Kode program P001 sudah dipakai" in dialog.errors.text()
    with demo_db.session_scope() as s:
        assert s.scalar(select(m.Programme.title).where(m.Programme.code == "P001")) != "Duplikat"


def test_add_a_training_record_from_a_programme(qtbot, page: TrainingPage,  # type: ignore[no-untyped-def]
                                                demo_db: Database) -> None:
    page.tabs.setCurrentIndex(1)
    with demo_db.session_scope() as s:
        emp = s.scalar(select(m.Employee).where(m.Employee.status == "aktif").limit(1))
        nip = emp.nip
        p5 = s.scalar(select(m.Programme).where(m.Programme.code == "P005"))
        p5_id, p5_title, p5_jp, p5_cost = p5.id, p5.title, p5.jp, p5.cost_per_participant

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, RecordDialog)
        _pick_employee(qtbot, dialog.picker, f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}")
        _choose(qtbot, dialog.programme, "P005")
        assert dialog.title.text() == p5_title
        dialog.start.set_value(dt.date(2026, 3, 9))
        dialog.end.set_value(dt.date(2026, 3, 12))
        qtbot.keyClicks(dialog.certificate, "800/77/BPSDM/2026")
        _save(qtbot, dialog)

    _when_modal(fill)
    qtbot.mouseClick(page.records.add_btn, Qt.MouseButton.LeftButton)
    with demo_db.session_scope() as s:
        r = s.scalar(select(m.TrainingRecord).where(
            m.TrainingRecord.certificate_no == "800/77/BPSDM/2026"))
        assert (r.employee_id, r.programme_id, r.title, r.form_code) == (
            emp.id, p5_id, p5_title, "KL02")
        assert (r.jp, r.cost, r.start_date, r.end_date, r.status) == (
            p5_jp, p5_cost, dt.date(2026, 3, 9), dt.date(2026, 3, 12), "selesai")


def test_jp_calculator_and_date_check(qtbot, page: TrainingPage,  # type: ignore[no-untyped-def]
                                      demo_db: Database) -> None:
    dialog = RecordDialog(page.ctx, None, page)
    qtbot.addWidget(dialog)
    _choose(qtbot, dialog.form, "KL06")  # seminar: 1 hari = 4 JP
    dialog.start.set_value(dt.date(2026, 8, 10))
    dialog.end.set_value(dt.date(2026, 8, 12))
    assert dialog.quantity.value() == 3
    qtbot.mouseClick(dialog.use_calc, Qt.MouseButton.LeftButton)
    assert dialog.jp.value() == 12
    assert "1 hari = 4 JP" in dialog.calc_rule.text()
    qtbot.keyClicks(dialog.title, "Seminar Nasional Manajemen ASN")
    dialog.end.set_value(dt.date(2026, 8, 1))
    _save(qtbot, dialog)
    text = dialog.errors.text()
    assert "Pilih pegawai peserta" in text and "tidak boleh sebelum tanggal mulai" in text
    with demo_db.session_scope() as s:
        assert s.scalar(select(m.TrainingRecord.id).where(
            m.TrainingRecord.title == "Seminar Nasional Manajemen ASN")) is None


def test_deleting_a_used_programme_suggests_deactivating(qtbot, page: TrainingPage,  # type: ignore[no-untyped-def]
                                                         demo_db: Database,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    page.catalogue.table.selectRow(0)
    row = page.catalogue.selected()
    qtbot.mouseClick(page.catalogue.delete_btn, Qt.MouseButton.LeftButton)
    assert shown and "Nonaktifkan" in shown[0]
    with demo_db.session_scope() as s:
        assert s.get(m.Programme, row.id) is not None


def test_compliance_tab_shows_units_and_employees_under_minimum(page: TrainingPage) -> None:
    tab = page.compliance
    units = tab.units.rows()
    assert sum(u.employees for u in units) > 0
    meeting = sum(u.meeting for u in units)
    assert f"{meeting:,}".replace(",", ".") in tab.summary.text()
    assert tab.under.rowCount() == sum(u.employees - u.meeting for u in units)
    colour = tab.units.index(0, 3).data(Qt.ItemDataRole.BackgroundRole).color().name()
    assert colour in ("#f9d6d5", "#fdf0c8", "#d7efdc")
    tab.year.setValue(2015)
    assert sum(u.meeting for u in tab.units.rows()) == 0
    assert tab.under.rowCount() == sum(u.employees for u in units)


def test_editing_a_record_keeps_its_deactivated_programme(qtbot, page: TrainingPage,  # type: ignore[no-untyped-def]
                                                          demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        rec = s.scalar(select(m.TrainingRecord).where(m.TrainingRecord.programme_id.is_not(None))
                       .limit(1))
        rec_id, prog_id = rec.id, rec.programme_id
        s.get(m.Programme, prog_id).active = False
    dialog = RecordDialog(page.ctx, rec_id, page)
    qtbot.addWidget(dialog)
    assert dialog.programme.currentData() == prog_id
    assert dialog.programme.currentText().endswith("(nonaktif)")
    qtbot.keyClicks(dialog.certificate, "-A")
    _save(qtbot, dialog)
    with demo_db.session_scope() as s:
        again = s.get(m.TrainingRecord, rec_id)
        assert again.programme_id == prog_id and again.certificate_no.endswith("-A")


def test_large_regency_loads_off_the_gui_thread(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    widget = TrainingPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    widget.loader.background_above = 10  # the demo's 400 employees count as a large regency here
    widget.show()
    widget.on_shown()
    assert widget.task_running()
    assert widget.records.count.text() == "Memuat data pelatihan…"
    qtbot.waitUntil(lambda: not widget.task_running(), timeout=30_000)
    year = dt.date.today().year
    with demo_db.session_scope() as s:
        records = s.scalars(select(m.TrainingRecord).where(
            m.TrainingRecord.start_date >= dt.date(year, 1, 1),
            m.TrainingRecord.start_date <= dt.date(year, 12, 31))).all()
        programmes = s.scalars(select(m.Programme)).all()
    assert widget.records.year.currentData() == year  # this year's records first
    assert widget.records.model.rowCount() == len(records) > 0
    assert widget.catalogue.all_rows and len(widget.catalogue.all_rows) == len(programmes)
    assert "pegawai aktif" in widget.compliance.summary.text()


def test_a_large_history_is_freed_when_the_page_is_left_and_read_again(  # type: ignore[no-untyped-def]
        qtbot, demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    import karier_desktop.ui.kit.loaded_page as page_module

    widget = TrainingPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    widget.loader.background_above = 10  # the demo's 400 employees count as a large regency here
    widget.show()
    widget.on_shown()
    qtbot.waitUntil(lambda: not widget.task_running(), timeout=30_000)
    widget.records.year.setCurrentIndex(widget.records.year.findData(None))  # "Semua tahun"
    qtbot.waitUntil(lambda: not widget.task_running(), timeout=30_000)
    with demo_db.session_scope() as s:
        total = s.scalar(select(func.count()).select_from(m.TrainingRecord))
    assert widget.records.model.rowCount() == total > 0
    count_text = widget.records.count.text()
    under = widget.compliance.under.rowCount()
    summary = widget.compliance.summary.text()
    monkeypatch.setattr(page_module, "FREE_ABOVE", 10)  # the demo's history counts as large here
    widget.hide()
    assert len(widget.records.store) == 0 and widget.records.model.rowCount() == 0
    assert widget.compliance.under.rowCount() == 0
    widget.show()
    widget.on_shown()
    assert widget.task_running()
    qtbot.waitUntil(lambda: not widget.task_running(), timeout=30_000)
    assert widget.records.year.currentData() is None  # the year the clerk chose stays
    assert widget.records.model.rowCount() == total
    assert widget.records.count.text() == count_text
    assert widget.compliance.under.rowCount() == under
    assert widget.compliance.summary.text() == summary


def test_history_search_status_sort_totals_and_delete(qtbot, page: TrainingPage,  # type: ignore[no-untyped-def]
                                                      demo_db: Database,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from karier_desktop.domain.textfmt import format_rupiah
    from karier_desktop.ui.pages.training.compliance import jp_text

    tab = page.records
    page.tabs.setCurrentIndex(1)
    tab.year.setCurrentIndex(tab.year.findData(None))  # "Semua tahun"
    t = m.TrainingRecord
    with demo_db.session_scope() as s:
        total = s.scalar(select(func.count()).select_from(t))
        jp, cost = s.execute(select(func.sum(t.jp), func.sum(t.cost))
                             .where(t.status == "selesai")).one()
        cancelled = s.scalar(select(func.count()).select_from(t).where(t.status == "batal"))
    assert tab.model.rowCount() == total > 0
    assert tab.count.text() == (f"{total:,} riwayat".replace(",", ".")
                                + f" · selesai: {jp_text(jp)} JP, {format_rupiah(cost)}")
    # a NIP typed without spaces: that employee's records only, name and NIP on screen
    first = tab.history.record(0)
    qtbot.keyClicks(tab.search, first.nip_display.replace(" ", ""))
    with demo_db.session_scope() as s:
        theirs = s.scalar(select(func.count()).select_from(t)
                          .where(t.employee_id == first.employee_id))
    assert tab.model.rowCount() == theirs
    assert {tab.model.index(r, 2).data() for r in range(theirs)} == {first.employee_name}
    assert f"NIP {first.nip_display}" in tab.model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    tab.search.clear()
    tab.status.setCurrentIndex(tab.status.findData("batal"))
    assert tab.model.rowCount() == cancelled
    assert {tab.model.index(r, 8).data() for r in range(cancelled)} <= {"Batal"}
    tab.status.setCurrentIndex(0)
    # a click on "JP", then on "Pegawai": the rows in that order
    header = tab.table.horizontalHeader()
    header.setSortIndicator(5, Qt.SortOrder.AscendingOrder)
    jps = [tab.history.record(r).jp for r in range(total)]
    assert jps == sorted(jps) and jps[0] < jps[-1]
    header.setSortIndicator(2, Qt.SortOrder.AscendingOrder)
    names = [tab.model.index(r, 2).data().lower() for r in range(total)]
    assert names == sorted(names)
    # delete the selected record: gone from the database and from the table
    tab.table.selectRow(3)
    gone = tab.selected()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(tab.delete_btn, Qt.MouseButton.LeftButton)
    with demo_db.session_scope() as s:
        assert s.get(t, gone.id) is None
    assert tab.model.rowCount() == total - 1
    assert gone.id not in {rec.id for rec in tab.history.records()}

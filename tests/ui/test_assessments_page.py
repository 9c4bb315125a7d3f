"""Asesmen page: typing and clicking through entering, refusing, editing and deleting
assessments, then checking the database."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from sqlalchemy import func, select

from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.dialogs.assessment_dialog import AssessmentDialog
from karier_desktop.ui.pages.assessments import AssessmentsPage


@pytest.fixture
def page(qtbot, demo_db: Database) -> AssessmentsPage:  # type: ignore[no-untyped-def]
    ctx = AppContext(demo_db)
    widget = AssessmentsPage(ctx)
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


def _count(db: Database, model: type[m.Base]) -> int:
    with db.session_scope() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _pick(qtbot, dialog: AssessmentDialog, nip_display: str) -> None:  # type: ignore[no-untyped-def]
    """Type the NIP without spaces and click the one suggestion, as a clerk does."""
    qtbot.keyClicks(dialog.picker, nip_display.replace(" ", ""))
    popup = dialog.picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    index = popup.model().index(0, 0)
    assert popup.model().rowCount() == 1
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton,
                     pos=popup.visualRect(index).center())
    qtbot.waitUntil(lambda: bool(dialog.level_boxes))


def _save(qtbot, dialog: QWidget) -> None:  # type: ignore[no-untyped-def]
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_models_pass_qt_model_checks(page: AssessmentsPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert page.model.rowCount() > 0 and page.attention_model.rowCount() > 0
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.attention_model)


def test_search_and_stale_filter(qtbot, page: AssessmentsPage) -> None:  # type: ignore[no-untyped-def]
    total = page.model.rowCount()
    page.stale_only.click()
    stale = page.model.rowCount()
    assert 0 < stale < total
    status_col = 7
    assert {page.model.index(r, status_col).data() for r in range(stale)} == {"Kedaluwarsa"}
    page.stale_only.click()
    nip = page.model.record(0).nip_display
    qtbot.keyClicks(page.search, nip.replace(" ", ""))
    assert 1 <= page.model.rowCount() < total
    assert all(page.model.record(r).nip_display == nip for r in range(page.model.rowCount()))
    assert page.count.text().endswith(f"dari {total:,} asesmen".replace(",", "."))


def test_enter_an_assessment_with_levels(qtbot, page: AssessmentsPage,  # type: ignore[no-untyped-def]
                                         demo_db: Database) -> None:
    target = next(r for r in page.attention_model.rows() if r.reason == "Belum pernah diases")
    before = page.model.rowCount()
    chosen: dict[int, int] = {}

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, AssessmentDialog)
        _pick(qtbot, dialog, target.nip_display)
        dialog.date.set_value(dt.date.today() - dt.timedelta(days=3))
        dialog.method.lineEdit().selectAll()
        qtbot.keyClicks(dialog.method, "Uji Kompetensi")
        qtbot.keyClicks(dialog.assessor, "BKPP Kabupaten Mamuju")
        for (cid, box), level in zip(list(dialog.level_boxes.items())[:3], "342", strict=True):
            qtbot.keyClicks(box, level)
            chosen[cid] = int(level)
        _save(qtbot, dialog)

    _when_modal(fill)
    qtbot.mouseClick(page.add_btn, Qt.MouseButton.LeftButton)
    with demo_db.session_scope() as s:
        a = s.scalar(select(m.Assessment).where(m.Assessment.employee_id == target.employee_id))
        assert (a.method, a.assessor) == ("Uji Kompetensi", "BKPP Kabupaten Mamuju")
        assert a.assessed_on == dt.date.today() - dt.timedelta(days=3)
        levels = dict(s.execute(select(m.AssessmentResult.competency_id, m.AssessmentResult.level)
                                .where(m.AssessmentResult.assessment_id == a.id)).all())
    assert levels == chosen
    assert page.model.rowCount() == before + 1
    assert target.employee_id not in {r.employee_id for r in page.attention_model.rows()}


def test_future_date_is_refused_and_nothing_saved(qtbot, page: AssessmentsPage,  # type: ignore[no-untyped-def]
                                                 demo_db: Database) -> None:
    row = page.attention_model.row_at(0)
    dialog = AssessmentDialog(page.ctx, None, None, page)
    qtbot.addWidget(dialog)
    dialog.show()
    _pick(qtbot, dialog, row.nip_display)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    dialog.date.set_value(tomorrow)
    qtbot.keyClicks(next(iter(dialog.level_boxes.values())), "2")
    before = (_count(demo_db, m.Assessment), _count(demo_db, m.AssessmentResult))
    _save(qtbot, dialog)
    assert "tidak boleh setelah hari ini" in dialog.errors.text()
    assert dialog.isVisible() and dialog.saved_id is None
    assert (_count(demo_db, m.Assessment), _count(demo_db, m.AssessmentResult)) == before


def test_level_description_follows_the_choice(qtbot, page: AssessmentsPage) -> None:  # type: ignore[no-untyped-def]
    row = page.model.record(0)
    dialog = AssessmentDialog(page.ctx, None, row.employee_id, page)
    qtbot.addWidget(dialog)
    line = dialog.form.lines[0]
    box = dialog.level_boxes[line.competency_id]
    qtbot.keyClicks(box, "4")
    labels = [w.text() for w in dialog.grid_host.findChildren(type(dialog.errors))]
    assert f"Level 4: {line.descriptions[3]}" in labels


def test_edit_then_delete_an_assessment(qtbot, page: AssessmentsPage,  # type: ignore[no-untyped-def]
                                        demo_db: Database, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    page.table.selectRow(0)
    row = page.selected()
    changed: dict[int, int] = {}

    def edit(dialog: QWidget) -> None:
        assert isinstance(dialog, AssessmentDialog)
        cid, box = next(iter(dialog.level_boxes.items()))
        qtbot.keyClicks(box, "5")
        changed[cid] = 5
        dialog.method.lineEdit().selectAll()
        qtbot.keyClicks(dialog.method, "Penilaian Atasan")
        _save(qtbot, dialog)

    _when_modal(edit)
    qtbot.mouseClick(page.edit_btn, Qt.MouseButton.LeftButton)
    with demo_db.session_scope() as s:
        a = s.get(m.Assessment, row.id)
        assert a.method == "Penilaian Atasan"
        (cid, level), = changed.items()
        assert s.get(m.AssessmentResult, (row.id, cid)).level == level

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.table.selectRow(next(i for i, r in enumerate(page.model.records()) if r.id == row.id))
    qtbot.mouseClick(page.delete_btn, Qt.MouseButton.LeftButton)
    with demo_db.session_scope() as s:
        assert s.get(m.Assessment, row.id) is None
        assert s.scalar(select(func.count()).select_from(m.AssessmentResult)
                        .where(m.AssessmentResult.assessment_id == row.id)) == 0
    assert row.id not in {r.id for r in page.model.records()}


class _NotingContext(AppContext):
    """The real context; it notes the thread each read runs in."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.read_threads: list[threading.Thread] = []

    def read(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.read_threads.append(threading.current_thread())
        return super().read(fn, *args, **kwargs)


def test_large_regency_loads_off_the_gui_thread(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    ctx = _NotingContext(demo_db)
    widget = AssessmentsPage(ctx)
    qtbot.addWidget(widget)
    widget.loader.background_above = 10  # the demo's 400 employees count as a large regency here
    widget.show()
    widget.on_shown()
    assert widget.task_running()
    assert widget.count.text() == "Memuat data asesmen…"
    qtbot.waitUntil(lambda: not widget.task_running(), timeout=30_000)
    with demo_db.session_scope() as s:
        total = s.scalar(select(func.count()).select_from(m.Assessment))
    assert widget.model.rowCount() == total
    assert widget.count.text() == f"{total} dari {total} asesmen"
    assert widget.unit.count() > 1  # the OPD choices came with the rows
    assert ctx.read_threads
    assert all(t is not threading.main_thread() for t in ctx.read_threads)
    # newest first, as the header says, without sorting 100,000 rows on the GUI thread
    shown = [(r.assessed_on, r.id) for r in widget.model.records()]
    assert shown == sorted(shown, reverse=True)
    with demo_db.session_scope() as s:
        counts = dict(s.execute(select(m.AssessmentResult.assessment_id, func.count())
                                .group_by(m.AssessmentResult.assessment_id)).all())
    assert all(r.competencies == counts.get(r.id, 0) for r in widget.model.records())
    need = [r.last_assessed_on for r in widget.attention_model.rows()]
    assert need == sorted(need, key=lambda d: (d is not None, d or dt.date.min))


def test_a_large_list_is_freed_when_the_page_is_left_and_read_again(  # type: ignore[no-untyped-def]
        qtbot, page: AssessmentsPage, monkeypatch: pytest.MonkeyPatch) -> None:
    import karier_desktop.ui.kit.loaded_page as page_module

    total = page.model.rowCount()
    assert total > 0
    monkeypatch.setattr(page_module, "FREE_ABOVE", 10)  # the demo's list counts as large here
    page.hide()
    assert page.model.rowCount() == 0 and len(page.store) == 0
    page.show()
    page.on_shown()
    qtbot.waitUntil(lambda: not page.task_running() and page.model.rowCount() == total,
                    timeout=30_000)
    assert page.count.text() == f"{total} dari {total} asesmen"


def test_sorts_and_the_opd_filter_show_the_rows_in_order(page: AssessmentsPage) -> None:
    total = page.model.rowCount()
    header = page.table.horizontalHeader()
    header.setSortIndicator(2, Qt.SortOrder.AscendingOrder)  # "Nama"
    names = [page.model.index(r, 2).data().lower() for r in range(total)]
    assert names == sorted(names) and names[0] != names[-1]
    header.setSortIndicator(6, Qt.SortOrder.DescendingOrder)  # "Komp."
    counts = [int(page.model.index(r, 6).data()) for r in range(total)]
    assert counts == sorted(counts, reverse=True)
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # "Tanggal", oldest first
    dates = [page.model.record(r).assessed_on for r in range(total)]
    assert dates == sorted(dates)
    opd = page.unit.itemData(1)
    page.unit.setCurrentIndex(1)
    shown = page.model.records()
    assert 0 < len(shown) < total and all(r.opd_id == opd for r in shown)
    assert [r.assessed_on for r in shown] == sorted(r.assessed_on for r in shown)
    assert page.count.text() == f"{len(shown)} dari {total} asesmen"

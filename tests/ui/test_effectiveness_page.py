"""Evaluasi Pelatihan page: figures per programme and competency, chart, PDF and Excel."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.effectiveness import EffectivenessPage


@pytest.fixture
def page(qtbot, demo_db: Database) -> EffectivenessPage:  # type: ignore[no-untyped-def]
    widget = EffectivenessPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    widget.resize(1176, 690)
    widget.show()
    widget.on_shown()
    qtbot.waitUntil(lambda: widget.report is not None and not widget.task_running(),
                    timeout=60_000)
    return widget


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def record(_parent: Any, _title: str, text: str, *args: Any) -> Any:
        seen.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", record)
    monkeypatch.setattr(QMessageBox, "warning", record)
    return seen


def test_tables_and_chart_show_the_figures(qtbot, page: EffectivenessPage,  # type: ignore[no-untyped-def]
                                           qtmodeltester) -> None:
    report = page.report
    assert report is not None and report.programmes
    assert page.model.rowCount() + page.few_model.rowCount() == len(report.programmes)
    ranked = page.model.rows()  # only programmes whose numbers allow it, best first
    assert all(not e.warning and e.did is not None for e in ranked)
    assert [e.did for e in ranked] == sorted((e.did for e in ranked), reverse=True)
    assert all(e.warning or e.did is None for e in page.few_model.rows())
    if page.few_model.rowCount():
        assert page.few_label.text().startswith("Belum dapat diperingkat")
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.comp_model)
    assert f"{len(report.programmes)} program" in page.info.text()
    first = page.model.row_at(0) or page.few_model.row_at(0)
    assert (page.model if page.model.rowCount() else page.few_model).index(0, 0).data() \
        == first.code
    assert len(page.chart.rows) == sum(1 for e in report.programmes if e.did is not None)
    # Clicking the tallest bar selects that programme in the table.
    bar = page.chart._bar_rects()[0]
    qtbot.mouseClick(page.chart, Qt.MouseButton.LeftButton, pos=bar.center().toPoint())
    chosen = page.chart.rows[0].programme_id
    model, table = ((page.model, page.table) if any(e.programme_id == chosen
                                                   for e in page.model.rows())
                    else (page.few_model, page.few_table))
    selected = table.selectionModel().selectedRows()
    assert model.row_at(selected[0].row()).programme_id == chosen
    # Per competency: the programmes that target it, largest difference first.
    page.tabs.setCurrentIndex(1)
    page.comp_list.setCurrentRow(1)
    assert page.comp_model.rows() == list(report.competencies[1].programmes)


def test_bad_period_is_refused(qtbot, page: EffectivenessPage,  # type: ignore[no-untyped-def]
                               messages: list[str]) -> None:
    import datetime as dt

    page.date_from.set_value(dt.date(2026, 6, 1))
    page.date_to.set_value(dt.date(2026, 1, 1))
    qtbot.mouseClick(page.reload_btn, Qt.MouseButton.LeftButton)
    assert "lebih awal dari tanggal mulai" in messages[0]
    assert not page.task_running()


def test_save_pdf_and_excel(qtbot, page: EffectivenessPage, messages: list[str],  # type: ignore[no-untyped-def]
                            monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = {"path": ""}
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (target["path"], ""))
    target["path"] = str(tmp_path / "evaluasi.pdf")
    qtbot.mouseClick(page.pdf_btn, Qt.MouseButton.LeftButton)
    assert messages[-1] == f"Tersimpan di {target['path']}"
    text = "".join(p.extract_text() for p in PdfReader(target["path"]).pages)
    assert "EVALUASI EFEKTIVITAS PELATIHAN" in text
    assert page.report.programmes[0].code in text
    assert "Halaman 1 dari" in text
    target["path"] = str(tmp_path / "evaluasi.xlsx")
    qtbot.mouseClick(page.excel_btn, Qt.MouseButton.LeftButton)
    wb = load_workbook(io.BytesIO(Path(target["path"]).read_bytes()))
    rows = list(wb["Per program"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Kode", "Program")
    assert len(rows) == 1 + len(page.report.programmes)
    assert rows[1][0] == page.report.programmes[0].code
    assert "Per kompetensi" in wb.sheetnames
    assert not list(tmp_path.glob("*.~tmp"))


def test_the_report_is_computed_off_the_gui_thread(qtbot, demo_db: Database,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from karier_desktop.services import effectiveness as svc

    threads: list[threading.Thread] = []
    real = svc.evaluate_programmes

    def noting(*args: Any, **kwargs: Any) -> Any:  # the real computation; notes its thread
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(svc, "evaluate_programmes", noting)
    widget = EffectivenessPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    widget.show()
    widget.on_shown()
    assert widget.task_running()
    assert widget.info.text() == "Menghitung…"
    qtbot.waitUntil(lambda: widget.report is not None and not widget.task_running(),
                    timeout=60_000)
    assert threads and threads[0] is not threading.main_thread()
    assert widget.model.rowCount() + widget.few_model.rowCount() == len(widget.report.programmes)
    assert widget.report.programmes

"""Renbangkom page driven like a clerk: build the plan from the IDPs, assign a funding source,
set a ceiling, verify and set (locked), print the document; asserts on the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.renbangkom import RenbangkomPage
from tests.renbang_regency import YEAR, approve_idps


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def record(_parent: Any, _title: str, text: str, *args: Any) -> Any:
        seen.append(text)
        return QMessageBox.StandardButton.Yes

    for name in ("information", "warning", "question"):
        monkeypatch.setattr(QMessageBox, name, record)
    return seen


@pytest.fixture
def page(qtbot, demo_db: Database) -> RenbangkomPage:  # type: ignore[no-untyped-def]
    approve_idps(demo_db, every=2)
    widget = RenbangkomPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    widget.resize(1176, 690)
    widget.show()
    widget.year.setValue(YEAR)
    widget.on_shown()
    qtbot.waitUntil(lambda: widget.data is not None and widget.data.year == YEAR,
                    timeout=60_000)
    return widget


def _plans(db: Database) -> list[tuple[int, str]]:
    with db.session_scope() as s:
        return [tuple(r) for r in s.execute(select(m.RenbangkomPlan.version,
                                                   m.RenbangkomPlan.status)
                                            .order_by(m.RenbangkomPlan.version))]


def test_build_fund_verify_set_and_print(qtbot, page: RenbangkomPage, demo_db: Database,  # type: ignore[no-untyped-def]
                                         messages: list[str], monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path, qtmodeltester) -> None:
    assert "Belum ada rencana tahun 2027" in page.status.text()
    assert not page.verify_btn.isEnabled() and not page.pdf_btn.isEnabled()
    qtbot.mouseClick(page.build_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.data is not None and page.data.plan is not None,
                    timeout=60_000)
    assert _plans(demo_db) == [(1, "draf")]
    assert page.line_model.rowCount() == len(page.data.plan.lines) > 0
    for model in (page.line_model, page.budget_model, page.opd_model, page.actual_model,
                  page.ip_model, page.regain_model):
        qtmodeltester.check(model)
    # choose the first two lines and move them to APBD Provinsi
    sel = page.lines.selectionModel()
    for row in (0, 1):
        sel.select(page.line_model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                   | QItemSelectionModel.SelectionFlag.Rows)
    ids = [page.line_model.row_at(r).id for r in (0, 1)]
    page.funding.setCurrentIndex(page.funding.findData("apbd_prov"))
    qtbot.mouseClick(page.funding_btn, Qt.MouseButton.LeftButton)
    with demo_db.session_scope() as s:
        assert set(s.scalars(select(m.RenbangkomLine.funding_source)
                             .where(m.RenbangkomLine.id.in_(ids)))) == {"apbd_prov"}
    # a ceiling for APBN
    page.budget_source.setCurrentIndex(page.budget_source.findData("apbn"))
    page.budget_amount.setValue(750_000_000)
    qtbot.mouseClick(page.budget_btn, Qt.MouseButton.LeftButton)
    with demo_db.session_scope() as s:
        assert s.get(m.RenbangkomBudget, (YEAR, "apbn")).amount == 750_000_000
    qtbot.waitUntil(lambda: page.verify_btn.isEnabled(), timeout=30_000)
    qtbot.mouseClick(page.verify_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.set_btn.isEnabled(), timeout=30_000)
    qtbot.mouseClick(page.set_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.change_btn.isEnabled(), timeout=30_000)
    assert _plans(demo_db) == [(1, "ditetapkan")]
    assert "Ditetapkan PPK" in page.status.text()
    assert not page.funding_btn.isEnabled()  # locked
    target = tmp_path / "renbangkom.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(target), "PDF (*.pdf)"))
    qtbot.mouseClick(page.pdf_btn, Qt.MouseButton.LeftButton)
    assert page.last_saved == target and len(PdfReader(str(target)).pages) >= 4
    # a change is a new version
    qtbot.mouseClick(page.change_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.verify_btn.isEnabled(), timeout=30_000)
    assert _plans(demo_db) == [(1, "ditetapkan"), (2, "draf")]
    assert "Perubahan ke-1" in page.status.text()


def test_ip_asn_moves_with_the_plan(qtbot, page: RenbangkomPage,  # type: ignore[no-untyped-def]
                                    messages: list[str]) -> None:
    qtbot.mouseClick(page.build_btn, Qt.MouseButton.LeftButton)
    page.tabs.setCurrentIndex(2)  # the IP ASN tab: its figures are read when it is shown
    qtbot.waitUntil(lambda: page.data is not None and page.data.simulation is not None,
                    timeout=60_000)
    sim = page.data.simulation
    assert sim.after >= sim.before
    assert any(mv.after > mv.before for mv in sim.opds)
    assert "dengan rencana diterima" in page.ip_info.text()
    assert page.ip_model.rowCount() == len(sim.opds)


def test_ip_tab_shows_the_whole_index_per_opd_without_a_plan(
        qtbot, page: RenbangkomPage) -> None:  # type: ignore[no-untyped-def]
    assert page.data is not None and page.data.plan is None
    assert page.data.ip_report is None  # not read while the plan tab is shown
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: page.data is not None and page.data.ip_report is not None,
                    timeout=60_000)
    report = page.data.ip_report
    assert page.ip_model.rowCount() == len(report.opds) > 0
    first = page.ip_model.row_at(0)
    opd = next(o for o in report.opds if o.opd_id == first.opd_id)
    assert first.index_before == first.index_after == opd.index_average
    assert "indeks" in page.ip_info.text()
    assert page.dims_btn.isEnabled()


def test_priority_editor_and_annex_columns_remembered(  # type: ignore[no-untyped-def]
        qtbot, page: RenbangkomPage, demo_db: Database, messages: list[str],
        tmp_path: Path) -> None:
    import os

    from openpyxl import load_workbook
    from PySide6.QtWidgets import QDialogButtonBox

    from karier_desktop.services import renbangkom as rb
    from karier_desktop.services.settings import get_value
    from karier_desktop.ui.pages.renbangkom.annex_dialog import AnnexColumnsDialog

    qtbot.mouseClick(page.build_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.data is not None and page.data.plan is not None,
                    timeout=60_000)
    # choose the first two lines and make them low priority
    sel = page.lines.selectionModel()
    for row in (0, 1):
        sel.select(page.line_model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                   | QItemSelectionModel.SelectionFlag.Rows)
    chosen = {page.line_model.row_at(r).id for r in (0, 1)}
    page.priority.setCurrentIndex(page.priority.findData(3))
    qtbot.mouseClick(page.priority_btn, Qt.MouseButton.LeftButton)
    with demo_db.session_scope() as s:
        prio = dict(s.execute(select(m.RenbangkomLine.id, m.RenbangkomLine.priority)).all())
    assert all(prio[i] == 3 for i in chosen)
    qtbot.waitUntil(lambda: all(r.priority == 3 for r in page.data.plan.lines
                                if r.id in chosen), timeout=30_000)
    # the annex column picker: the office's choice is ticked next time and used for the file
    dialog = AnnexColumnsDialog(["nip", "kegiatan", "prioritas"])
    qtbot.addWidget(dialog)
    assert dialog.chosen() == ["nip", "kegiatan", "prioritas"]
    dialog.boxes["nip"].setChecked(False)
    dialog.boxes["nama"].setChecked(True)
    target = tmp_path / "lampiran.xlsx"
    assert page.save_annex_to(dialog.chosen(), target) == target
    ws = load_workbook(target).active
    assert [c.value for c in ws[1]] == ["Nama", "Kegiatan", "Prioritas"]
    with demo_db.session_scope() as s:
        assert get_value(s, "renbangkom_annex_columns") == ["nama", "kegiatan", "prioritas"]
    again = AnnexColumnsDialog(page.ctx.read(rb.annex_columns))
    qtbot.addWidget(again)
    assert again.chosen() == ["nama", "kegiatan", "prioritas"]
    for box in again.boxes.values():
        box.setChecked(False)
    assert not again.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    if os.environ.get("KARIER_SHOTS"):
        dialog.grab().save(os.environ["KARIER_SHOTS"] + "/kolom_lampiran.png")
        page.grab().save(os.environ["KARIER_SHOTS"] + "/renbangkom_prioritas.png")

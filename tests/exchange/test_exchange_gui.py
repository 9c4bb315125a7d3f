"""Pertukaran Data page and the Beranda quality badge, driven as a clerk would."""

from __future__ import annotations

from typing import Any

import pytest
from exchange_world import NIP_SITI, build_office, record, siasn_sheet
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from karier_desktop.services import exchange
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.exchange import ExchangePage
from karier_desktop.ui.quality_badge import QualityBadge


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    with db.session_scope() as s:
        return build_office(s)


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def note(_parent: Any, _title: str, text: str, *args: Any) -> Any:
        seen.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", note)
    monkeypatch.setattr(QMessageBox, "warning", note)
    return seen


def test_reconcile_and_take_siasn_jp_by_click(qtbot, qtmodeltester, db, office,  # type: ignore[no-untyped-def]
                                              tmp_path, messages) -> None:
    siasn = siasn_sheet(tmp_path / "siasn.xlsx", [
        {"nipBaru": NIP_SITI, "namaKursus": "Pelatihan Teknis Kearsipan", "jumlahJam": 30,
         "tanggalKursus": "04-05-2026", "tanggalSelesaiKursus": "08-05-2026"}])
    page = ExchangePage(AppContext(db))
    qtbot.addWidget(page)
    page.show()
    page.reconcile(siasn)
    qtbot.waitUntil(lambda: page.report is not None and not page.task_running(), timeout=60_000)
    qtmodeltester.check(page.model)
    assert "1 beda tanggal/JP" in page.summary.text()
    row = next(i for i, ln in enumerate(page.model.rows()) if ln.status == exchange.DIFFERENT)
    page.select_row(row)
    assert "JP: aplikasi 40, SIASN 30" in page.detail.text()
    button = page.adopt_buttons["jp"]
    assert button.isEnabled() and not page.adopt_buttons["start_date"].isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    with db.read_scope() as s:
        assert record(s, office["arsip"]).jp == 30
    assert not button.isEnabled() and not messages


def test_export_for_siasn_from_the_page(qtbot, db, office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = ExchangePage(AppContext(db))
    qtbot.addWidget(page)
    page.year.setValue(2026)
    result = page.export_to(tmp_path / "kursus.xlsx")
    assert result.rows == 3 and result.certificates.exists()
    assert "3 baris diekspor" in page.summary.text()


def test_beranda_badge_shows_the_score_and_fixes(qtbot, db, office, messages) -> None:  # type: ignore[no-untyped-def]
    badge = QualityBadge(AppContext(db))
    qtbot.addWidget(badge)
    qtbot.mouseClick(badge.compute, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: badge.report is not None and badge.compute.isEnabled(),
                    timeout=60_000)
    assert "Skor mutu data kabupaten" in badge.label.text()
    assert "belum ada asesmen" in badge.label.text()
    qtbot.mouseClick(badge.more, Qt.MouseButton.LeftButton)
    assert "DINKES" in messages[-1] and "[2] Belum ada asesmen" in messages[-1]


def test_a_change_to_the_records_compares_the_same_file_again(  # type: ignore[no-untyped-def]
        qtbot, db, office, tmp_path, messages) -> None:
    siasn = siasn_sheet(tmp_path / "siasn.xlsx", [
        {"nipBaru": NIP_SITI, "namaKursus": "Pelatihan Teknis Kearsipan", "jumlahJam": 30,
         "tanggalKursus": "04-05-2026", "tanggalSelesaiKursus": "08-05-2026"}])
    page = ExchangePage(AppContext(db))
    qtbot.addWidget(page)
    page.show()
    page.on_shown()  # nothing to compare yet: the page waits for a file
    assert page.report is None
    page.reconcile(siasn)
    qtbot.waitUntil(lambda: page.report is not None and not page.task_running(), timeout=60_000)
    assert "1 beda tanggal/JP" in page.summary.text()
    with db.session_scope() as s:  # another window takes the SIASN value
        record(s, office["arsip"]).jp = 30
    first = page.report
    page.on_data_changed("training")
    qtbot.waitUntil(lambda: page.report is not first and not page.task_running(),
                    timeout=60_000)
    assert "1 sama, 0 beda tanggal/JP" in page.summary.text() and not messages

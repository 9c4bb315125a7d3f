"""Kamus Kompetensi page: browse by kind, add a technical competency with five levels, edit level
texts, refuse deleting a competency in use; each checked in the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from karier_desktop.services import competencies as svc
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.dictionary import DictionaryPage


@pytest.fixture
def page(qtbot, demo_db: Database) -> DictionaryPage:  # type: ignore[no-untyped-def]
    ctx = AppContext(demo_db)
    widget = DictionaryPage(ctx)
    ctx.data_changed.connect(widget.on_data_changed)  # what the main window does
    qtbot.addWidget(widget)
    widget.resize(1180, 680)
    widget.show()
    widget.on_shown()
    return widget


def _capture(monkeypatch: pytest.MonkeyPatch, answer=QMessageBox.StandardButton.Yes
             ) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answer)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    return shown


def _row_of(page: DictionaryPage, code: str) -> int:
    return next(i for i, r in enumerate(page.model.rows()) if r.code == code)


def test_model_passes_qt_model_checks(page: DictionaryPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)


def test_filter_by_kind_and_search(qtbot, page: DictionaryPage) -> None:  # type: ignore[no-untyped-def]
    page.kind.setCurrentIndex(page.kind.findData("manajerial"))
    assert [r.code for r in page.model.rows()] == [f"M.{n}" for n in range(1, 9)]
    page.kind.setCurrentIndex(page.kind.findData("teknis"))
    qtbot.keyClicks(page.search, "kepegawaian")
    rows = page.model.rows()
    assert rows and all(r.kind == "teknis" for r in rows)
    assert all("kepegawaian" in f"{r.name} {r.field}".lower() for r in rows)


def test_details_show_definition_and_five_levels(page: DictionaryPage, demo_db: Database) -> None:
    page.table.selectRow(_row_of(page, "M.3"))
    with demo_db.session_scope() as s:
        detail = svc.get_competency(s, page.model.rows()[_row_of(page, "M.3")].id)
    assert page.heading.text() == "M.3 Komunikasi"
    assert page.definition.toPlainText() == detail.definition
    for tab, level in zip(page.level_tabs, detail.levels, strict=True):
        assert tab.description.toPlainText() == level.description
        assert tab.indicators.toPlainText().splitlines() == list(level.indicators)
    assert not page.name.isEnabled() and not page.delete_btn.isEnabled()  # core: fixed name


def test_add_technical_competency_with_five_levels(qtbot, page: DictionaryPage,  # type: ignore[no-untyped-def]
                                                   demo_db: Database) -> None:
    qtbot.mouseClick(page.add_btn, Qt.MouseButton.LeftButton)
    assert page.heading.text() == "Kompetensi teknis baru"
    qtbot.keyClicks(page.code, "T.90")
    qtbot.keyClicks(page.name, "Statistik Sektoral")
    page.field.setCurrentText("Statistik")
    qtbot.keyClicks(page.definition, "Mengelola data statistik sektoral daerah.")
    for n, tab in enumerate(page.level_tabs, start=1):
        page.levels.setCurrentIndex(n - 1)
        qtbot.keyClicks(tab.description, f"Deskripsi level {n}")
        qtbot.keyClicks(tab.indicators, f"Indikator {n}a")
        qtbot.keyClick(tab.indicators, Qt.Key.Key_Return)
        qtbot.keyClicks(tab.indicators, f"Indikator {n}b")
    assert page.unsaved.isVisibleTo(page)
    qtbot.mouseClick(page.save_btn, Qt.MouseButton.LeftButton)
    with demo_db.session_scope() as s:
        comp = s.scalars(select(m.Competency).where(m.Competency.code == "T.90")).one()
        assert (comp.name, comp.kind, comp.field) == ("Statistik Sektoral", "teknis", "Statistik")
        levels = s.execute(select(m.CompetencyLevel.level, m.CompetencyLevel.description,
                                  m.CompetencyLevel.indicators)
                           .where(m.CompetencyLevel.competency_id == comp.id)
                           .order_by(m.CompetencyLevel.level)).all()
    assert levels == [(n, f"Deskripsi level {n}", f"Indikator {n}a\nIndikator {n}b")
                      for n in range(1, 6)]
    assert page.heading.text() == "T.90 Statistik Sektoral"
    assert page.model.rows()[_row_of(page, "T.90")].code == "T.90"
    assert not page.unsaved.isVisibleTo(page)


def test_missing_level_is_refused_and_nothing_saved(qtbot, page: DictionaryPage,  # type: ignore[no-untyped-def]
                                                    demo_db: Database, monkeypatch) -> None:
    shown = _capture(monkeypatch)
    qtbot.mouseClick(page.add_btn, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.code, "T.91")
    qtbot.keyClicks(page.name, "Survei Lapangan")
    qtbot.keyClicks(page.level_tabs[0].description, "Hanya level satu")
    qtbot.mouseClick(page.save_btn, Qt.MouseButton.LeftButton)
    assert len(shown) == 1 and "Deskripsi level 2, 3, 4, 5 wajib diisi" in shown[0]
    with demo_db.session_scope() as s:
        assert s.scalar(select(m.Competency.id).where(m.Competency.code == "T.91")) is None


def test_edit_level_description_of_core_competency(qtbot, page: DictionaryPage,  # type: ignore[no-untyped-def]
                                                   demo_db: Database) -> None:
    page.table.selectRow(_row_of(page, "M.1"))
    box = page.level_tabs[2].description
    box.clear()
    qtbot.keyClicks(box, "Teks level 3 versi kantor.")
    page.activateWindow()
    qtbot.waitActive(page)
    qtbot.keyClick(box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with demo_db.session_scope() as s:
        cid = s.scalar(select(m.Competency.id).where(m.Competency.code == "M.1"))
        text = s.get(m.CompetencyLevel, (cid, 3)).description
    assert text == "Teks level 3 versi kantor."


def test_refused_delete_says_where_it_is_used(page: DictionaryPage, demo_db: Database,  # type: ignore[no-untyped-def]
                                              monkeypatch) -> None:
    used = next(r for r in page.model.rows() if r.kind == "teknis" and r.positions)
    page.table.selectRow(_row_of(page, used.code))
    shown = _capture(monkeypatch)
    page.delete_btn.click()
    assert len(shown) == 1
    assert f"{used.code} {used.name} tidak dapat dihapus" in shown[0]
    assert f"standar {used.positions} jabatan" in shown[0]
    with demo_db.session_scope() as s:
        assert s.get(m.Competency, used.id) is not None


def test_delete_unused_after_confirmation(page: DictionaryPage, demo_db: Database,  # type: ignore[no-untyped-def]
                                          monkeypatch) -> None:
    with demo_db.session_scope() as s:
        cid = svc.add_technical(s, svc.CompetencyInput(
            "T.95", "Kearsipan Digital", "", [svc.LevelInput(f"L{n}") for n in range(1, 6)]))
    page.on_data_changed("competencies")
    page.table.selectRow(_row_of(page, "T.95"))
    _capture(monkeypatch, answer=QMessageBox.StandardButton.No)
    page.delete_btn.click()
    with demo_db.session_scope() as s:
        assert s.get(m.Competency, cid) is not None  # "Tidak" keeps it
    _capture(monkeypatch)
    page.delete_btn.click()
    with demo_db.session_scope() as s:
        assert s.get(m.Competency, cid) is None
    assert "T.95" not in [r.code for r in page.model.rows()]

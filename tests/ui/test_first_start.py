"""A new office's first hours: the welcome while empty, the guide, hints, fit and keyboard."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QTableView
from sqlalchemy import func, select

from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.main_window import MainWindow
from karier_desktop.ui.open_flow import open_or_welcome
from karier_desktop.ui.pages.home import HomePage
from karier_desktop.ui.translator import IndonesianTranslator
from karier_desktop.ui.welcome import WelcomeDialog


def _visible_texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QCoreApplication.processEvents()
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisible()]


def test_welcome_comes_back_while_there_is_no_employee(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "karier.db"
    first = open_or_welcome(path)
    qtbot.addWidget(first)
    assert isinstance(first.pending_welcome, WelcomeDialog)
    first.pending_welcome.reject()  # Esc on the welcome
    first.close()
    second = open_or_welcome(path)  # the next start: still no employee, so welcome again
    qtbot.addWidget(second)
    assert isinstance(second.pending_welcome, WelcomeDialog)
    second.show()
    home = second.page("beranda")
    assert isinstance(home, HomePage)
    qtbot.waitUntil(lambda: home.summary is not None, timeout=10_000)
    assert home.start_box.isVisible()  # and Beranda offers the same three choices
    assert home.import_btn.text() == "Impor pegawai dari &Excel…"
    second.pending_welcome.reject()
    second.close()


def test_no_welcome_and_no_start_box_once_employees_exist(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    path = demo_db.path
    demo_db.dispose()
    window = open_or_welcome(path)
    qtbot.addWidget(window)
    assert window.pending_welcome is None
    window.show()
    home = window.page("beranda")
    qtbot.waitUntil(lambda: home.summary is not None, timeout=10_000)
    assert not home.start_box.isVisible()
    window.close()


def test_beranda_counts_never_assessed_as_without_valid_assessment(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    home = window.page("beranda")
    qtbot.waitUntil(lambda: home.summary is not None, timeout=10_000)
    s = home.summary
    assert s.never_assessed > 0
    expected = f"Tanpa asesmen berlaku: <b>{s.never_assessed + s.stale_assessed}</b>"
    assert expected in _visible_texts(home)


def test_new_database_has_a_starter_catalogue(db: Database) -> None:
    with db.session_scope() as s:
        codes = list(s.scalars(select(m.Programme.code)))
        targets = s.scalar(select(func.count()).select_from(m.ProgrammeTarget))
        forms = set(s.scalars(select(m.Programme.form_code)))
    assert len(codes) >= 15 and all(c.startswith("CTH-") for c in codes)
    assert targets >= len(codes)
    assert {"NKL01", "NKL02", "NKL03", "KL02", "KL10"} <= forms  # classical and non-classical


def test_the_database_file_holds_the_data_after_close(tmp_path: Path) -> None:
    path = tmp_path / "karier.db"
    db = open_database(path)
    ctx = AppContext(db)
    with db.session_scope() as s:
        s.add(m.Unit(code="U1", name="Dinas Uji", kind="dinas"))
    ctx.close()
    wal = Path(str(path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    copy = tmp_path / "salinan.db"  # what a clerk copies by hand: the .db file only
    shutil.copy(path, copy)
    with sqlite3.connect(copy) as con:
        assert con.execute("select name from units").fetchall() == [("Dinas Uji",)]


def test_translator_passes_through_what_it_does_not_know(qapp) -> None:  # type: ignore[no-untyped-def]
    translator = IndonesianTranslator(qapp)
    qapp.installTranslator(translator)
    try:
        assert QKeySequence("Ctrl+Q").toString(QKeySequence.SequenceFormat.NativeText) == "Ctrl+Q"
        assert QCoreApplication.translate("QPlatformTheme", "&Save") == "&Simpan"
        assert QCoreApplication.translate("x", "N&ame") == "N&ame"
    finally:
        qapp.removeTranslator(translator)


def test_window_fits_1366x768_at_150_percent_with_a_taskbar(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.minimumWidth() <= 1366 / 1.5 and window.minimumHeight() + 30 <= (768 - 48) / 1.5
    assert window.windowTitle().count("Karier ASN") == 0  # the system adds the app name once
    for key in ("pegawai", "anggaran", "idp", "pengaturan"):
        window.show_page(key)
        assert window.minimumSizeHint().height() <= (768 - 48) / 1.5


def test_tab_leaves_a_table(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("pegawai")
    table = page.findChildren(QTableView)[0]
    assert not table.tabKeyNavigation()
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=5_000)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table


def test_guide_and_empty_hints(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.show_guide()
    guide = window._guide
    qtbot.addWidget(guide)
    text = guide.browser.toPlainText()
    assert "Hari pertama" in text and "Kedaluwarsa" in text and str(db.path) in text
    page = window.show_page("pegawai")
    hint = page.findChild(QLabel, "empty_hint")
    qtbot.waitUntil(hint.isVisible, timeout=10_000)
    assert hint.text().startswith("Belum ada pegawai. Impor dari Excel")


def test_window_size_is_remembered(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.resize(880, 470)  # (the offscreen test screen is only 800×600)
    qtbot.waitUntil(lambda: window.size().height() == 470, timeout=5_000)
    window.close()
    again = MainWindow(db)
    qtbot.addWidget(again)
    assert again.size().height() == 470  # not the default, which fills the screen


def test_import_from_the_assessments_page_expects_assessments(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.show_page("asesmen")
    dialog = window.io.open_import()  # type: ignore[union-attr]  # Ctrl+I
    qtbot.addWidget(dialog)
    assert dialog.current_kind == "asesmen"
    dialog.close()
    window.show_page("pegawai")
    dialog = window.io.open_import()  # type: ignore[union-attr]
    qtbot.addWidget(dialog)
    assert dialog.current_kind == "pegawai"
    dialog.close()


def test_page_menu_shows_titles_as_written(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Halaman")
    texts = [a.text() for a in menu.actions()]
    assert "Jabatan && Standar" in texts  # shown as "Jabatan & Standar", not "Jabatan _Standar"
    shortcuts = [a.shortcut().toString() for a in menu.actions()][:3]
    assert shortcuts == ["Ctrl+1", "Ctrl+2", "Ctrl+3"]

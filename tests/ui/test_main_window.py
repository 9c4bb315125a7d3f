"""Main window, first start and start-up recovery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from karier_desktop.store import models as m
from karier_desktop.store.backup import make_backup
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database
from karier_desktop.ui.main_window import PAGES, MainWindow
from karier_desktop.ui.open_flow import open_or_welcome
from karier_desktop.ui.welcome import WelcomeDialog


def test_every_page_opens(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    for spec in PAGES:
        page = window.show_page(spec.key)
        assert window.stack.currentWidget() is page
    assert window.db_label.text().endswith("demo.db")
    qtbot.waitUntil(lambda: not window.running_tasks(), timeout=30_000)  # closing waits for work


def test_first_start_welcome_with_demo(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    path = tmp_path / "baru" / "karier.db"
    window = open_or_welcome(path)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    welcome = window.pending_welcome
    assert isinstance(welcome, WelcomeDialog)
    qtbot.addWidget(welcome)
    welcome.form.government.clear()
    welcome.demo_btn.click()  # identity incomplete: refused with a message, nothing generated
    assert welcome.isEnabled() and warnings
    qtbot.keyClicks(welcome.form.government, "PEMERINTAH KABUPATEN MAMUJU")
    welcome.form.agency.clear()
    qtbot.keyClicks(welcome.form.agency, "BKPP KABUPATEN MAMUJU")
    welcome.demo_count.setValue(60)
    with qtbot.waitSignal(welcome.finished_choice, timeout=60_000) as signal:
        welcome.demo_btn.click()
    assert signal.args == ["demo"]
    with window.ctx.db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.Employee)) == 60
        lh = json.loads(s.get(m.Setting, "letterhead").value)
        assert lh["agency"] == "BKPP KABUPATEN MAMUJU"
    window.close()


def test_welcome_refuses_incomplete_identity(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from karier_desktop.ui.context import AppContext

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    welcome = WelcomeDialog(AppContext(db))
    qtbot.addWidget(welcome)
    welcome.form.government.clear()
    welcome.empty_btn.click()
    assert shown and "wajib diisi" in shown[0]
    with db.session_scope() as s:
        assert not json.loads(s.get(m.Setting, "office_configured").value
                              if s.get(m.Setting, "office_configured") else "false")


def test_damaged_database_is_restored_from_backup(qtbot, demo_db: Database, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "demo.db"
    with demo_db.session_scope() as s:
        count = s.scalar(select(func.count()).select_from(m.Employee))
    make_backup(path, tmp_path / "backup", reason="uji")
    demo_db.dispose()
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2, 4096 * 40):
        data[offset] = 0x33
    path.write_bytes(bytes(data))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window = open_or_welcome(path)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    with window.ctx.db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.Employee)) == count
    kept = list(tmp_path.glob("demo.db.rusak-*"))  # the damaged file, kept as it was
    assert len(kept) == 1 and (kept[0] / "demo.db").read_bytes() == bytes(data)
    window.close()
    reopened = open_database(path)
    reopened.dispose()


def test_gaps_page_opens_the_idp_of_the_employee(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    gaps = window.show_page("kesenjangan")
    with demo_db.session_scope() as s:
        emp_id = s.scalars(select(m.Employee.id).order_by(m.Employee.id)).first()
    gaps.open_idp_requested.emit(emp_id)
    assert window.stack.currentWidget() is window.page("idp")
    assert window.nav.currentItem().text() == "IDP"

"""The window on a shared database on a PostgreSQL server: opened from a URL (never turned into
a file path), the employee table filled, the password nowhere on screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from karier_desktop.services import demo
from karier_desktop.store.lifecycle import open_database
from karier_desktop.ui.main_window import MainWindow
from karier_desktop.ui.pages.employees.page import EmployeesPage
from karier_desktop.ui.startup import start


def test_the_window_opens_a_server_database_from_its_url(qtbot, pg_url: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         monkeypatch) -> None:
    db = open_database(pg_url)
    with db.session_scope() as s:
        demo.generate(s, 60, seed=5, today=dt.date(2026, 11, 29))
    db.dispose()
    monkeypatch.chdir(tmp_path)
    url = pg_url.replace("karier@", "karier:rahasia123@")
    window = start(QApplication.instance(), url)  # type: ignore[arg-type]
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    page = window.show_page("pegawai")
    assert isinstance(page, EmployeesPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 60, timeout=20_000)
    assert "rahasia123" not in window.windowTitle() + window.db_label.text()
    assert list(tmp_path.iterdir()) == []  # no SQLite file named after the URL
    window.close()


def test_an_unreachable_server_is_told_and_no_window_opens(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: told.append(text))
    window = start(QApplication.instance(),  # type: ignore[arg-type]
                   "postgresql+psycopg://karier:rahasia123@127.0.0.1:1/kantor")
    assert window is None
    assert told and "tidak dapat dihubungi" in told[0] and "rahasia123" not in told[0]

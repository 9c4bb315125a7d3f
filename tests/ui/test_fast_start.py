"""Starting from the start-up snapshot: the table at once, the database opened right after."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from karier_desktop.services.start import snapshot as start_snapshot
from karier_desktop.services.start import view as start_view
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.main_window import MainWindow
from karier_desktop.ui.open_flow import open_or_welcome
from karier_desktop.ui.pages.employees.page import EmployeesPage
from karier_desktop.ui.pages.home import HomePage

PROBE = Path(__file__).resolve().parents[1] / "perf" / "startup_probe.py"


def _keep_snapshot(db: Database) -> Path:
    """What the app leaves behind: the rows of today, kept in the file; then closed."""
    with db.session_scope() as s:
        view = start_snapshot.build(s, dt.date.today())
    with db.session_scope() as s:
        assert start_snapshot.save(s, view)
    db.dispose()
    assert db.path is not None
    return db.path


def _active(path: Path) -> int:
    db = open_database(path)
    try:
        with db.session_scope() as s:
            return len(s.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")).all())
    finally:
        db.dispose()


def _show(qtbot, window: MainWindow) -> EmployeesPage:  # type: ignore[no-untyped-def]
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    page = window.show_page("pegawai")
    assert isinstance(page, EmployeesPage)
    return page


def test_start_shows_the_table_before_opening_the_database(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    path = _keep_snapshot(demo_db)
    active = _active(path)
    window = open_or_welcome(path)
    assert isinstance(window, MainWindow)
    assert not window.ctx.is_open
    home = window.page("beranda")
    assert isinstance(home, HomePage) and home.summary is not None  # counts at once, too
    assert home.summary.employees == active
    page = _show(qtbot, window)
    assert page.count.text() == f"{active} dari {active} pegawai"
    qtbot.waitUntil(lambda: window.ctx.is_open and window.io is not None, timeout=10_000)
    assert window.file_menu.actions()[0].text() == "&Impor dari Excel…"
    page.table.selectRow(0)  # the detail panel reads the now open database
    qtbot.waitUntil(lambda: page.panel.current is not None, timeout=5_000)
    assert page.panel.name.text() == page.model.row_at(0).name  # type: ignore[union-attr]


def test_a_change_made_meanwhile_is_shown_once_the_database_is_open(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    path = _keep_snapshot(demo_db)
    view = start_view.load(path)
    assert view is not None
    db = open_database(path)
    with db.session_scope() as s:  # e.g. the command-line import, between reading and opening
        emp = s.get(m.Employee, view.rows[0].id)
        assert emp is not None
        emp.name = "Nama Sesudah Impor"
    db.dispose()
    ctx = AppContext(path=path, opener=lambda: open_database(path), start_view=view)
    page = _show(qtbot, MainWindow(ctx))
    qtbot.waitUntil(lambda: any(r.name.startswith("Nama Sesudah Impor")
                                for r in page.model.rows()), timeout=10_000)


def test_a_database_that_cannot_be_opened_closes_the_window(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    path = _keep_snapshot(demo_db)
    view = start_view.load(path)
    ctx = AppContext(path=path, opener=lambda: None, start_view=view)  # the user was told why
    window = MainWindow(ctx)
    _show(qtbot, window)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)


def test_an_edit_after_the_start_is_kept_for_the_next_start(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    path = _keep_snapshot(demo_db)
    window = open_or_welcome(path)
    assert isinstance(window, MainWindow)
    page = _show(qtbot, window)
    qtbot.waitUntil(lambda: window.ctx.is_open, timeout=10_000)
    first = page.model.row_at(0)
    assert first is not None

    def rename(session) -> None:  # type: ignore[no-untyped-def]
        emp = session.get(m.Employee, first.id)
        emp.name = "Andi Diubah"

    window.ctx.call(rename)
    window.ctx.changed("employees")
    qtbot.waitUntil(lambda: any(r.name.startswith("Andi Diubah") for r in page.model.rows()),
                    timeout=10_000)
    kept = start_view.load(path)
    assert kept is not None and any(r.name.startswith("Andi Diubah") for r in kept.rows)


def test_a_change_no_page_read_again_is_kept_when_the_window_closes(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    """Beranda shown, an employee retired and a record deleted, the window closed: the next
    start shows the rows at once, equal to computing them afresh."""
    path = _keep_snapshot(demo_db)
    window = open_or_welcome(path)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.ctx.is_open and window.io is not None, timeout=10_000)
    with window.ctx.db.session_scope() as s:  # another clerk's change, told to no page
        s.scalars(select(m.Employee).where(m.Employee.status == "aktif")).first().status = \
            "pensiun"  # type: ignore[union-attr]
        s.delete(s.scalars(select(m.TrainingRecord)).first())
    assert start_view.load(path) is None  # stale now
    qtbot.waitUntil(lambda: not window.running_tasks(), timeout=10_000)
    assert window.close()
    kept = start_view.load(path)
    assert kept is not None
    db = open_database(path)
    try:
        with db.read_scope() as s:
            assert kept.rows == start_snapshot.build(s, dt.date.today()).rows
    finally:
        db.dispose()
    assert len(kept.rows) == _active(path)


def test_the_app_shows_the_table_without_loading_sqlalchemy(demo_template: Path,
                                                             tmp_path: Path) -> None:
    """The real start path, in a new process: the second start shows the kept rows."""
    path = tmp_path / "kantor.db"
    shutil.copy(demo_template, path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KARIER_DATA_DIR=str(tmp_path / "data"))

    def start() -> dict[str, str]:
        out = subprocess.run([sys.executable, str(PROBE), str(path)], env=env, text=True,
                             capture_output=True, timeout=120, check=True).stdout
        line = next(ln for ln in out.splitlines() if ln.startswith("shown"))
        return dict(part.split("=") for part in line.split()[1:])

    first, second = start(), start()
    assert first["sqlalchemy"] == "yes"  # nothing kept yet: computed through the database
    assert second["sqlalchemy"] == "no"
    assert int(second["rows"]) == int(first["rows"]) == _active(path)


def test_an_unexpected_error_while_opening_is_told_and_closes_the_window(  # type: ignore[no-untyped-def]
        qtbot, demo_db: Database, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: told.append(text))
    path = _keep_snapshot(demo_db)

    def opener() -> Database:
        raise PermissionError("akses ditolak")

    window = MainWindow(AppContext(path=path, opener=opener, start_view=start_view.load(path)))
    _show(qtbot, window)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert told and "akses ditolak" in told[0]

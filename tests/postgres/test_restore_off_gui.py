"""File → Pulihkan on a server without pg_dump (the app's own export): the restore runs in a
worker while a progress dialog shows and the rest of the window is disabled; Batal before the
commit changes nothing; afterwards the data are back and the window says so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton
from sqlalchemy import func, select

from karier_desktop.services import database_server, demo
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database
from karier_desktop.ui.startup import start
from tests.modal_answers import answer_modal, first_admin

WAITING_ON_LOCK = ("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                   "AND wait_event_type = 'Lock'")


def _employees(db: Database) -> int:
    with db.session_scope() as s:
        return int(s.scalar(select(func.count()).select_from(m.Employee)) or 0)


def _restore_waits_on_the_server(db: Database) -> bool:
    with db.engine.connect() as conn:
        return bool(conn.exec_driver_sql(WAITING_ON_LOCK).scalar())


def test_a_server_restore_runs_in_a_worker_behind_a_modal_progress(  # type: ignore[no-untyped-def]
        qtbot, pg_url: str, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "tanpa-alat").mkdir()  # no pg_dump on this computer: the app's own export
    monkeypatch.setenv("KARIER_PG_TOOLS", str(tmp_path / "tanpa-alat"))
    db = open_database(pg_url)
    with db.session_scope() as s:
        demo.generate(s, 40, seed=6, today=dt.date(2026, 11, 29))
    backup = database_server.backup_server_to(pg_url, tmp_path / "kantor.karier-server")
    with db.session_scope() as s:
        s.execute(m.Employee.__table__.delete().where(m.Employee.id.in_(
            select(m.Employee.id).where(m.Employee.supervisor_id.is_(None))
            .order_by(m.Employee.id.desc()).limit(5).scalar_subquery())))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: told.append(text))
    answer_modal(first_admin)
    window = start(QApplication.instance(), pg_url)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    io = window.io_actions
    page = window.show_page("pegawai")
    qtbot.waitUntil(lambda: page.model.rowCount() == 35, timeout=30_000)

    # Another clerk's transaction holds the employee table: the restore cannot pass its lock
    # until that ends, so whatever the window does meanwhile, it does beside the restore.
    other = db.engine.connect()
    held = other.begin()
    other.exec_driver_sql("LOCK TABLE employees IN ACCESS SHARE MODE")
    first = io.restore(backup, confirm=False)
    assert first is not None and first.running
    assert not window.centralWidget().isEnabled() and not window.menuBar().isEnabled()
    qtbot.waitUntil(lambda: _restore_waits_on_the_server(db), timeout=10_000)
    progress = window.findChild(QProgressDialog)
    assert progress is not None and progress.isVisible()
    batal = progress.findChild(QPushButton)
    assert batal is not None and batal.text() == "Batal"
    batal.click()  # before the commit: safe
    with qtbot.waitSignal(first.error, timeout=60_000):
        held.rollback()
    other.close()
    assert told[-1] == "Pemulihan dibatalkan; database tidak diubah."
    assert _employees(db) == 35
    assert window.centralWidget().isEnabled() and window.menuBar().isEnabled()

    second = io.restore(backup, confirm=False)
    assert second is not None
    assert not window.centralWidget().isEnabled()
    with qtbot.waitSignal(second.done, timeout=120_000):
        pass
    assert told[-1].startswith("Database server dipulihkan dari kantor.karier-server.")
    assert _employees(db) == 40
    qtbot.waitUntil(lambda: page.model.rowCount() == 40, timeout=30_000)  # the table reloads
    assert window.centralWidget().isEnabled() and window.menuBar().isEnabled()
    with db.session_scope() as s:
        restores = s.scalars(select(m.AuditLog.actor).where(m.AuditLog.action == "pulihkan")
                             ).all()
    assert restores == ["admin"]  # the cancelled one left no trace but its safety copy
    db.dispose()
    window.close()


def test_the_export_restore_tells_each_table_and_a_cancel_midway_changes_nothing(
        pg_url: str, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from karier_desktop.services.errors import Cancelled

    (tmp_path / "tanpa-alat").mkdir()
    monkeypatch.setenv("KARIER_PG_TOOLS", str(tmp_path / "tanpa-alat"))
    db = open_database(pg_url)
    with db.session_scope() as s:
        demo.generate(s, 30, seed=7, today=dt.date(2026, 11, 29))
    backup = database_server.backup_server_to(pg_url, tmp_path / "kantor.karier-server")
    with db.session_scope() as s:
        s.execute(m.Employee.__table__.delete().where(m.Employee.supervisor_id.is_not(None)))
    left = _employees(db)
    steps: list[tuple[str, float]] = []

    def stop_at_the_third_table(message: str, fraction: float) -> None:
        steps.append((message, fraction))
        if message.startswith("Memulihkan tabel 3 dari"):
            raise Cancelled()

    with pytest.raises(Cancelled):
        database_server.restore_server(pg_url, backup, "admin", progress=stop_at_the_third_table)
    assert _employees(db) == left  # the tables emptied and refilled so far were rolled back
    with db.session_scope() as s:
        assert not s.scalars(select(m.AuditLog.id).where(m.AuditLog.action == "pulihkan")).all()

    steps.clear()
    database_server.restore_server(pg_url, backup, "admin",
                                   progress=lambda t, f: steps.append((t, f)))
    assert _employees(db) == 30
    texts = [t for t, _f in steps]
    assert texts[0] == "Memeriksa file cadangan kantor.karier-server"
    assert texts[1] == "Mencadangkan isi server sekarang (sebelum pemulihan)"
    assert texts[2].startswith("Memulihkan tabel 1 dari ")
    assert texts[-1] == "Memeriksa jumlah baris dan menyimpan (tidak dapat dibatalkan lagi)"
    fractions = [f for _t, f in steps]
    assert fractions == sorted(fractions) and fractions[-1] < 1.0
    db.dispose()

"""Restore while background work reads the database (issue 23, item 3).

Under Windows semantics (tests/winsem.py) a file that any connection holds open cannot be
replaced: the restore must let the workers' connections go first.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from karier_desktop.services import safety
from karier_desktop.store import models as m
from karier_desktop.store.db import Database, DatabaseClosing
from karier_desktop.ui.main_window import MainWindow


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {"critical": [], "warning": [], "information": []}
    for kind in seen:
        monkeypatch.setattr(QMessageBox, kind,
                            lambda _p, _t, text, *a, k=kind, **kw: seen[k].append(text))
    return seen


def _employees(db: Database) -> int:
    with db.read_scope() as s:
        return s.scalar(select(func.count()).select_from(m.Employee)) or 0


def test_restore_waits_for_a_worker_reading_the_database(
        qtbot, demo_db: Database, boxes: dict[str, list[str]],  # type: ignore[no-untyped-def]
        windows_semantics) -> None:
    assert demo_db.path is not None
    before = _employees(demo_db)
    backup = safety.backup_now(demo_db.path, reason="manual")
    with demo_db.session_scope() as s:  # a change the restore takes back
        s.delete(s.scalars(select(m.Employee).limit(1)).one())
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    inside = threading.Event()
    done: list[object] = []

    def worker() -> None:  # an export or evaluation in progress, on a read connection
        with demo_db.read_scope() as s:
            s.scalar(select(func.count()).select_from(m.Employee))
            inside.set()
            demo_db.closing.wait()  # it notices the restore only at its next step
            done.append(s.scalar(select(func.count()).select_from(m.Employee)))

    thread = threading.Thread(target=worker, name="ekspor")
    thread.start()
    assert inside.wait(30)
    try:
        restoring = window.io.restore(backup, confirm=False)  # type: ignore[union-attr]
        assert restoring is not None
    finally:
        demo_db.closing.set()
        thread.join()
    with qtbot.waitSignal(restoring.done, timeout=60_000):
        pass
    assert done == [before - 1]  # the worker finished its read before the file was swapped
    assert not boxes["warning"] and not boxes["critical"]
    assert boxes["information"][-1].startswith("Database dipulihkan dari")
    assert _employees(window.ctx.db) == before
    assert not windows_semantics.refusals
    leftovers = [p.name for p in demo_db.path.parent.iterdir() if ".restore" in p.name]
    assert leftovers == []
    window.ctx.close()


def test_new_work_is_refused_while_the_file_is_swapped(demo_db: Database) -> None:
    assert demo_db.close_and_wait(timeout=10)
    with pytest.raises(DatabaseClosing), demo_db.read_scope():
        pass


def test_restore_is_refused_when_work_does_not_end(
        qtbot, demo_db: Database, boxes: dict[str, list[str]],  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    from karier_desktop.ui import io_actions

    assert demo_db.path is not None
    backup = safety.backup_now(demo_db.path, reason="manual")
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    monkeypatch.setattr(io_actions, "RESTORE_WAIT_S", 0)
    release = threading.Event()
    inside = threading.Event()

    def worker() -> None:  # a planner run that does not watch `closing`
        with demo_db.read_scope():
            inside.set()
            release.wait()

    thread = threading.Thread(target=worker)
    thread.start()
    assert inside.wait(30)
    try:
        assert not window.io.restore(backup, confirm=False)  # type: ignore[union-attr]
    finally:
        release.set()
        thread.join()
    assert "Pekerjaan lain masih memakai database" in boxes["information"][-1]
    assert _employees(demo_db) > 0  # still open and usable
    window.ctx.close()


def test_restore_waits_for_the_automatic_backup(
        qtbot, demo_db: Database, boxes: dict[str, list[str]],  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch, windows_semantics) -> None:
    assert demo_db.path is not None
    backup = safety.backup_now(demo_db.path, reason="manual")
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    io = window.io
    started = threading.Event()
    joined = threading.Event()
    real = safety.maybe_backup
    order: list[str] = []

    def slow_backup(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        joined.wait(30)  # still copying when the restore begins
        made = real(*args, **kwargs)
        order.append("backup")
        return made

    monkeypatch.setattr(safety, "maybe_backup", slow_backup)
    io.dirty = True  # type: ignore[union-attr]
    io.backup_tick()  # type: ignore[union-attr]
    assert started.wait(30)
    thread = io._backup_thread  # type: ignore[union-attr]
    real_join = thread.join

    def join(*args, **kwargs):  # type: ignore[no-untyped-def]
        joined.set()
        return real_join(*args, **kwargs)

    thread.join = join
    try:
        restoring = io.restore(backup, confirm=False)  # type: ignore[union-attr]
        assert restoring is not None
        order.append("restore")
    finally:
        joined.set()
        real_join()
    with qtbot.waitSignal(restoring.done, timeout=60_000):
        pass
    assert order == ["backup", "restore"]
    assert not windows_semantics.refusals
    window.ctx.close()

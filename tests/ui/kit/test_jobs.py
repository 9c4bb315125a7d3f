"""One way to run a service in the background in its own unit of work: the work is saved when
it succeeds, and nothing is saved when the service refuses part-way."""

from __future__ import annotations

from karier_desktop.services import positions as svc
from karier_desktop.services.errors import ValidationError
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.jobs import run_job


def _names(db: Database) -> list[str]:
    with db.session_scope() as s:
        return [u.name for u in svc.list_units(s)]


def _two_units(session, names, progress):  # type: ignore[no-untyped-def]
    for i, name in enumerate(names):
        progress(f"Unit {name}", i / len(names))
        svc.save_unit(session, svc.UnitInput(name, None, "dinas", ""))
    return len(names)


def test_a_job_saves_in_its_own_session(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    done: list[object] = []
    task = run_job(None, "Uji", AppContext(db), _two_units, ["Dinas A", "Dinas B"],
                   on_done=done.append, on_error=lambda exc: None)
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    assert not task.running
    assert done == [2]
    assert {"Dinas A", "Dinas B"} <= set(_names(db))


def test_a_refused_job_saves_nothing(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    before = _names(db)
    failed: list[BaseException] = []
    task = run_job(None, "Uji", AppContext(db), _two_units, ["Dinas C", ""],
                   on_done=lambda result: None, on_error=failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=30_000)
    assert not task.running
    assert isinstance(failed[0], ValidationError)
    assert _names(db) == before

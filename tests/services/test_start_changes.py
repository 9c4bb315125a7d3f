"""The start view brought up to date from the kept snapshot (only the employees a change
touched read again) equals computing it in full, after every kind of change."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.services import settings as settings_service
from karier_desktop.services.start import snapshot as start_snapshot
from karier_desktop.services.start import view as start_view
from karier_desktop.store import models as m
from karier_desktop.store import snapshot as store
from karier_desktop.store.db import Database

TODAY = dt.date(2026, 11, 29)  # the day the demo_db fixture's regency was generated for


def _keep(db: Database, today: dt.date = TODAY) -> None:
    with db.read_scope() as s:
        view = start_snapshot.build(s, today)
    with db.session_scope() as s:
        assert start_snapshot.save(s, view)
    with db.read_scope() as s:
        assert store.changed_employees(s) == set()


def _first(s: Session, model: type) -> object:
    found = s.scalars(select(model)).first()
    assert found is not None
    return found


def _rename_employee(s: Session) -> None:
    _first(s, m.Employee).name = "Nama Baru"  # type: ignore[attr-defined]


def _retire_employee(s: Session) -> None:
    _first(s, m.Employee).status = "pensiun"  # type: ignore[attr-defined]


def _move_employee(s: Session) -> None:
    employee = _first(s, m.Employee)
    other = s.scalars(select(m.Position).where(
        m.Position.id != employee.position_id)).first()  # type: ignore[attr-defined]
    employee.position_id = other.id  # type: ignore[attr-defined,union-attr]


def _delete_employee(s: Session) -> None:
    s.delete(s.scalars(select(m.Employee).order_by(m.Employee.id.desc())).first())


def _change_a_level(s: Session) -> None:
    result = _first(s, m.AssessmentResult)
    result.level = 1 if result.level > 1 else 2  # type: ignore[attr-defined]


def _delete_an_assessment(s: Session) -> None:
    s.delete(_first(s, m.Assessment))


def _add_an_assessment(s: Session) -> None:
    """A new assessment, dated today, of someone not assessed before."""
    assessed = select(m.Assessment.employee_id)
    employee = s.scalars(select(m.Employee).where(m.Employee.id.not_in(assessed),
                                                  m.Employee.position_id.is_not(None))).first()
    assert employee is not None
    standards = s.scalars(select(m.PositionStandard).where(
        m.PositionStandard.position_id == employee.position_id)).all()
    template = _first(s, m.Assessment)
    assessment = m.Assessment(employee_id=employee.id, assessed_on=TODAY,
                              method=template.method)  # type: ignore[attr-defined]
    s.add(assessment)
    s.flush()
    for std in standards[:3]:
        s.add(m.AssessmentResult(assessment_id=assessment.id, competency_id=std.competency_id,
                                 level=std.required_level))


def _delete_a_training_record(s: Session) -> None:
    s.delete(_first(s, m.TrainingRecord))


def _raise_a_standard(s: Session) -> None:
    std = _first(s, m.PositionStandard)
    std.required_level = 5 if std.required_level < 5 else 4  # type: ignore[attr-defined]


def _add_a_unit(s: Session) -> None:
    s.add(m.Unit(code="UNIT-BARU", name="Unit Baru", kind="bidang",
                 parent_id=_first(s, m.Unit).id))  # type: ignore[attr-defined]


def _rename_a_unit(s: Session) -> None:
    _first(s, m.Unit).name = "Unit Berganti Nama"  # type: ignore[attr-defined]


def _raise_the_minimum_jp(s: Session) -> None:
    cfg = settings_service.load(s)
    settings_service.save(s, replace(cfg, yearly_minimum_jp=cfg.yearly_minimum_jp + 5))


# change, whether only some employees are read again (False: computed in full)
CHANGES: list[tuple[Callable[[Session], None], bool]] = [
    (_rename_employee, True), (_retire_employee, True), (_move_employee, True),
    (_delete_employee, True), (_change_a_level, True), (_delete_an_assessment, True),
    (_add_an_assessment, True), (_delete_a_training_record, True), (_raise_a_standard, True),
    (_add_a_unit, True), (_rename_a_unit, False), (_raise_the_minimum_jp, False),
]


@pytest.mark.parametrize(("change", "some"), CHANGES, ids=[c.__name__ for c, _ in CHANGES])
def test_after_a_change_the_view_equals_computing_it_in_full(
        demo_db: Database, change: Callable[[Session], None], some: bool) -> None:
    _keep(demo_db)
    with demo_db.session_scope() as s:
        change(s)
    with demo_db.read_scope() as s:
        noted = store.changed_employees(s)
        if some:
            assert noted is not None and len(noted) < 100
        else:
            assert noted is None  # may touch every row
        brought = start_snapshot.current(s, TODAY)
        computed = start_snapshot.build(s, TODAY)
    assert brought == computed
    assert start_view.decode(start_view.encode(brought)).rows == computed.rows


def test_kept_again_it_is_shown_at_the_next_start(demo_db: Database) -> None:
    _keep(demo_db)
    with demo_db.session_scope() as s:
        _rename_employee(s)
        _delete_a_training_record(s)
    assert start_view.load(_path(demo_db), TODAY) is None  # stale until brought up to date
    with demo_db.read_scope() as s:
        view = start_snapshot.current(s, TODAY)
    with demo_db.session_scope() as s:
        assert start_snapshot.save(s, view)
    with demo_db.read_scope() as s:
        assert store.changed_employees(s) == set()  # the noted changes are in it now
    shown = start_view.load(_path(demo_db), TODAY)
    assert shown is not None and shown.rows == view.rows
    assert any(r.name.startswith("Nama Baru") for r in shown.rows)


def test_a_window_closing_keeps_the_view_it_did_not_read_again(demo_db: Database) -> None:
    """What the window does when it closes: bring the kept view up to date, cheaply."""
    _keep(demo_db)
    with demo_db.session_scope() as s:
        _retire_employee(s)
    assert start_snapshot.keep_for_next_start(demo_db, in_full=False)
    shown = start_view.load(_path(demo_db), dt.date.today())
    with demo_db.read_scope() as s:
        computed = start_snapshot.build(s, dt.date.today())
    assert shown is not None and shown.rows == computed.rows
    with demo_db.session_scope() as s:
        _raise_the_minimum_jp(s)  # touches everyone: left to the next start
    assert not start_snapshot.keep_for_next_start(demo_db, in_full=False)
    assert start_view.load(_path(demo_db), dt.date.today()) is None


@pytest.mark.parametrize("sql", [
    "UPDATE employees SET name = 'Diubah Luar' WHERE id = (SELECT min(id) FROM employees)",
    "DELETE FROM assessments WHERE id = (SELECT max(id) FROM assessments)",
    "UPDATE assessment_results SET level = 1 WHERE rowid = (SELECT min(rowid) FROM assessment_results)",
    "INSERT INTO training_records (employee_id, title, start_date, end_date, jp, cost, status) "
    "SELECT employee_id, 'Pelatihan luar', '2026-03-01', '2026-03-02', 40, 0, 'selesai' "
    "FROM training_records LIMIT 1",
    # the supervisor's people lose their supervisor (a foreign-key action inside the delete)
    "DELETE FROM employees WHERE id = (SELECT max(supervisor_id) FROM employees)",
])
def test_a_change_by_another_program_is_noted_too(demo_db: Database, sql: str) -> None:
    _keep(demo_db)
    demo_db.dispose()
    with sqlite3.connect(_path(demo_db)) as conn:  # e.g. an office's own script
        conn.execute("PRAGMA foreign_keys=ON")
        assert conn.execute(sql).rowcount == 1
    with demo_db.read_scope() as s:
        noted = store.changed_employees(s)
        assert noted is not None and 1 <= len(noted) < 50
        assert start_snapshot.current(s, TODAY) == start_snapshot.build(s, TODAY)


@pytest.mark.parametrize("made_on", [dt.date(2026, 1, 2), dt.date(2026, 6, 30)])
def test_on_a_later_day_it_equals_computing_on_that_day(demo_db: Database,
                                                        made_on: dt.date) -> None:
    """Kept on one day, changed, brought up to date on a later one (assessments expired in
    between), then again later: each time what computing on that day gives."""
    _keep(demo_db, made_on)
    with demo_db.session_scope() as s:
        _change_a_level(s)
        _delete_a_training_record(s)
    for day in (made_on + dt.timedelta(days=45), TODAY, dt.date(2026, 12, 31)):
        with demo_db.read_scope() as s:
            brought = start_snapshot.current(s, day)
            computed = start_snapshot.build(s, day)
        assert brought == computed, day
        with demo_db.session_scope() as s:
            assert start_snapshot.save(s, brought)
        with demo_db.session_scope() as s:
            _first(s, m.Employee).name = f"Nama {day}"  # type: ignore[attr-defined]


def _path(db: Database) -> Path:
    assert db.path is not None
    return db.path

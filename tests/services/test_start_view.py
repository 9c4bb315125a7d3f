"""The start-up snapshot: shown at the next start only while it is exactly what computing gives."""

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
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database

TODAY = dt.date(2026, 11, 29)  # the day the demo_db fixture's regency was generated for


def _keep(db: Database, today: dt.date = TODAY) -> start_view.StartView:
    with db.session_scope() as s:
        view = start_snapshot.build(s, today)
    with db.session_scope() as s:
        assert start_snapshot.save(s, view)
    return view


def _path(db: Database) -> Path:
    assert db.path is not None
    return db.path


def test_the_kept_view_reads_back_equal_to_computing(demo_db: Database) -> None:
    view = _keep(demo_db)
    loaded = start_view.load(_path(demo_db), TODAY)
    assert loaded is not None
    assert loaded == view
    assert len(loaded.rows) == view.summary.employees > 300
    row = next(r for r in loaded.rows if r.jpm is not None)
    assert row.search_key == f"{row.name.lower()} {row.nip}"
    assert loaded.rows[0].nip_display.count(" ") == 3  # 19850312 201001 1 005


def test_the_kept_rows_share_one_object_per_repeated_value(demo_db: Database) -> None:
    """100,000 rows read back at start: a unit's or rank's name is one string, not one per row."""
    _keep(demo_db)
    loaded = start_view.load(_path(demo_db), TODAY)
    assert loaded is not None
    for field in ("unit", "rank", "position", "category", "employee_type"):
        values = [getattr(r, field) for r in loaded.rows]
        assert len({id(v) for v in values}) == len(set(values)), field


def test_reopening_the_database_keeps_the_snapshot(demo_db: Database) -> None:
    """Opening (checks, seeding) writes nothing the snapshot is made of."""
    _keep(demo_db)
    demo_db.dispose()
    open_database(_path(demo_db)).dispose()
    assert start_view.load(_path(demo_db), TODAY) is not None


def _rename_employee(s: Session) -> None:
    s.scalars(select(m.Employee)).first().name = "Nama Baru"  # type: ignore[union-attr]


def _change_a_level(s: Session) -> None:
    result = s.scalars(select(m.AssessmentResult)).first()
    assert result is not None
    result.level = 1 if result.level > 1 else 2


def _delete_a_training_record(s: Session) -> None:
    s.delete(s.scalars(select(m.TrainingRecord)).first())


def _raise_the_minimum_jp(s: Session) -> None:
    cfg = settings_service.load(s)
    settings_service.save(s, replace(cfg, yearly_minimum_jp=cfg.yearly_minimum_jp + 5))


def _rename_a_unit(s: Session) -> None:
    s.scalars(select(m.Unit)).first().name = "Unit Baru"  # type: ignore[union-attr]


def _raise_a_standard(s: Session) -> None:
    std = s.scalars(select(m.PositionStandard)).first()
    assert std is not None
    std.required_level = 5 if std.required_level < 5 else 4


@pytest.mark.parametrize("change", [_rename_employee, _change_a_level, _delete_a_training_record,
                                    _raise_the_minimum_jp, _rename_a_unit, _raise_a_standard])
def test_any_change_to_the_data_makes_it_stale(demo_db: Database,
                                               change: Callable[[Session], None]) -> None:
    _keep(demo_db)
    with demo_db.session_scope() as s:
        change(s)
    assert start_view.load(_path(demo_db), TODAY) is None
    fresh = _keep(demo_db)  # what the app does after the change: compute and keep again
    assert start_view.load(_path(demo_db), TODAY) == fresh


@pytest.mark.parametrize("sql", [
    "UPDATE employees SET name = 'Diubah Luar' WHERE id = (SELECT min(id) FROM employees)",
    "DELETE FROM training_records WHERE id = (SELECT min(id) FROM training_records)",
    "INSERT INTO training_records (employee_id, title, start_date, end_date, jp, cost, status) "
    "SELECT employee_id, 'Pelatihan luar', start_date, end_date, jp, cost, status "
    "FROM training_records LIMIT 1",
])
def test_a_change_by_another_program_makes_it_stale(demo_db: Database, sql: str) -> None:
    _keep(demo_db)
    demo_db.dispose()
    with sqlite3.connect(_path(demo_db)) as conn:  # e.g. an office's own script
        assert conn.execute(sql).rowcount == 1
    assert start_view.load(_path(demo_db), TODAY) is None


def test_a_view_read_before_a_change_is_not_kept(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        view = start_snapshot.build(s, TODAY)
    with demo_db.session_scope() as s:
        _rename_employee(s)
    with demo_db.session_scope() as s:
        assert not start_snapshot.save(s, view)
    assert start_view.load(_path(demo_db), TODAY) is None


@pytest.mark.parametrize("made_on", [dt.date(2026, 1, 2), TODAY])
def test_later_days_show_what_computing_on_that_day_gives(demo_db: Database,
                                                          made_on: dt.date) -> None:
    """Assessments pass their validity period every few days in the demo: JPM, categories and
    the Beranda counts move, and the kept view follows them exactly."""
    with demo_db.session_scope() as s:
        view = start_snapshot.build(s, made_on)
    view = start_view.decode(start_view.encode(view))  # as read back at a later start
    moved = 0
    for day in (made_on + dt.timedelta(days=1), made_on + dt.timedelta(days=45),
                dt.date(2026, 6, 30), TODAY, dt.date(2026, 12, 1), dt.date(2026, 12, 31)):
        if day < made_on or day.year != made_on.year:
            continue
        with demo_db.session_scope() as s:
            computed = start_snapshot.build(s, day)
        shown = view.as_of(day)
        assert shown is not None
        assert shown.rows == computed.rows, day
        assert shown.summary == computed.summary, day
        moved += shown.rows != view.rows
    assert moved >= 1  # the dates did change figures, so the comparison above means something


def test_another_year_or_a_clock_set_back_is_not_shown(demo_db: Database) -> None:
    _keep(demo_db)
    assert start_view.load(_path(demo_db), dt.date(TODAY.year + 1, 1, 1)) is None
    assert start_view.load(_path(demo_db), TODAY - dt.timedelta(days=1)) is None
    assert start_view.load(_path(demo_db), dt.date(TODAY.year, 12, 31)) is not None
    assert start_view.load(_path(demo_db), TODAY) is not None


def test_another_app_version_or_a_damaged_payload_is_not_used(
        demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _keep(demo_db)
    monkeypatch.setattr(start_view, "__version__", "9.9.9")
    assert start_view.load(_path(demo_db), TODAY) is None
    monkeypatch.undo()
    with demo_db.session_scope() as s:
        snap = s.get(m.StartupSnapshot, 1)
        assert snap is not None
        snap.payload = b"not a snapshot"
    assert start_view.load(_path(demo_db), TODAY) is None


def test_no_snapshot_for_missing_or_foreign_files(tmp_path: Path) -> None:
    assert start_view.load(tmp_path / "missing.db", TODAY) is None
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    assert start_view.load(other, TODAY) is None
    text = tmp_path / "notes.db"
    text.write_text("bukan database")
    assert start_view.load(text, TODAY) is None


def test_an_import_keeps_the_start_view_exact(demo_db: Database, tmp_path: Path) -> None:
    """After `import pegawai` the next start shows the imported people at once: the kept view
    is current and equal to computing it afresh (no cold start after an import)."""
    from karier_desktop.cli import main
    from karier_desktop.services.importing.sample import write_employee_xlsx

    _keep(demo_db)
    path = _path(demo_db)
    demo_db.dispose()
    sheet = write_employee_xlsx(tmp_path / "pegawai.xlsx", 40, seed=99, today=TODAY)
    assert main(["import", "pegawai", str(sheet), "--db", str(path)]) == 0
    today = dt.date.today()
    kept = start_view.load(path, today)
    assert kept is not None
    db = open_database(path)
    try:
        with db.read_scope() as s:
            fresh = start_snapshot.build(s, today)
            assert start_snapshot.is_current(s, kept)
    finally:
        db.dispose()
    assert kept.rows == fresh.rows
    assert kept.summary == fresh.summary
    assert len(kept.rows) == len(fresh.rows) and fresh.summary.employees >= 40

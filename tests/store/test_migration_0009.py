"""Migration 0009 gives the records clerks edit a row version (existing rows: 1) that every
UPDATE moves, on a SQLite file and on a PostgreSQL server, keeping the data."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text, update

from karier_desktop.store import models as m
from karier_desktop.store.db import make_engine
from karier_desktop.store.lifecycle import open_database
from karier_desktop.store.migrate import alembic_config
from karier_desktop.store.revision import APPLICATION_ID, HEAD_REVISION

VERSIONED = (m.Unit, m.Position, m.Employee, m.Assessment, m.Programme, m.TrainingRecord,
             m.DevelopmentPlan, m.PlanItem)


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database at revision 0008 with a unit and an employee in it."""
    url = str(tmp_path / "karier.db") if request.param == "sqlite" \
        else request.getfixturevalue("pg_url")
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0008")
        if request.param == "sqlite":
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(text("INSERT INTO ranks (code, system, pangkat, \"order\") "
                          "VALUES ('III/a', 'PNS', 'Penata Muda', 9)"))
        conn.execute(text("INSERT INTO units (code, name, kind) VALUES ('DINKES', "
                          "'Dinas Kesehatan', 'dinas')"))
        conn.execute(text(
            "INSERT INTO employees (nip, name, sex, birth_date, employee_type, rank_code, "
            "unit_id, status) VALUES ('198503122010011005', 'Andi', 'L', '1985-03-12', 'PNS', "
            "'III/a', (SELECT id FROM units WHERE code = 'DINKES'), 'aktif')"))
    engine.dispose()
    return url


def test_existing_rows_get_version_1_and_every_update_moves_it(old_database: str) -> None:
    db = open_database(old_database)
    try:
        with db.session_scope() as s:
            assert s.scalar(text("SELECT version_num FROM alembic_version")) == HEAD_REVISION
            emp = s.scalars(select(m.Employee)).one()
            assert (emp.name, emp.rank_code, emp.row_version) == ("Andi", "III/a", 1)
            assert s.scalars(select(m.Unit.row_version)).one() == 1
        with db.session_scope() as s:  # a bulk UPDATE that does not know the column (an import)
            s.execute(update(m.Employee).values(birth_place="Mamuju"))
        with db.session_scope() as s:
            assert s.scalars(select(m.Employee.row_version)).one() == 2
            emp = s.scalars(select(m.Employee)).one()
            emp.name, emp.row_version = "Andi Baso", emp.row_version + 1  # a service's save
        with db.session_scope() as s:  # moved once, not twice
            assert s.execute(select(m.Employee.name, m.Employee.row_version)).one() == (
                "Andi Baso", 3)
            for model in VERSIONED:  # new rows start at 1 (server default)
                assert "row_version" in model.__table__.c
    finally:
        db.dispose()

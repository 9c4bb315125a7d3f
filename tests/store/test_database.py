"""The database file: safety settings, real transactions, recognition, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import CheckConstraint, func, inspect, select, text

from karier_desktop.store import models as m
from karier_desktop.store.backup import list_backups
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import (
    APPLICATION_ID,
    DatabaseDamaged,
    DatabaseOpenError,
    open_database,
)
from karier_desktop.store.migrate import current_revision, head_revision
from karier_desktop.store.revision import HEAD_REVISION


def test_every_connection_has_the_safety_pragmas(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert conn.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0


def test_new_database_is_stamped_and_seeded(db: Database, db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    raw.close()
    assert current_revision(db.engine) == head_revision()
    with db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.Competency).where(
            m.Competency.kind != "teknis")) == 9
        assert s.scalar(select(func.count()).select_from(m.CompetencyLevel)) >= 45
        assert s.scalar(select(func.count()).select_from(m.Rank)) == 34
        assert s.get(m.Rank, "III/a").pangkat == "Penata Muda"
        assert s.get(m.DevelopmentForm, "NKL01").name.lower().startswith("coaching")


def test_unit_of_work_is_atomic(db: Database) -> None:
    """A failure half way through a unit of work leaves nothing behind (real BEGIN)."""
    with pytest.raises(RuntimeError), db.session_scope() as s:
        s.add(m.Unit(code="A", name="Unit A", kind="dinas"))
        s.flush()
        s.connection().exec_driver_sql("INSERT INTO units (code, name, kind) VALUES ('B','B','dinas')")
        raise RuntimeError("boom")
    with db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.Unit)) == 0


def test_statements_run_inside_a_transaction(db: Database) -> None:
    with db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        assert conn.in_transaction()
        raw = conn.connection.dbapi_connection
        assert raw.in_transaction  # sqlite3 sees the BEGIN we emitted


def test_foreign_keys_are_enforced(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.session_scope() as s:
        s.add(m.Position(name="X", kind_code="tidak_ada", unit_id=None))


def test_audit_log_is_append_only(db: Database) -> None:
    from sqlalchemy.exc import DatabaseError

    with db.session_scope() as s:
        s.add(m.AuditLog(action="uji", entity="x"))
    with pytest.raises(DatabaseError), db.session_scope() as s:
        s.execute(text("DELETE FROM audit_log"))
    with pytest.raises(DatabaseError), db.session_scope() as s:
        s.execute(text("UPDATE audit_log SET action='ubah'"))


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "lain.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseOpenError, match="bukan file database aplikasi ini"):
        open_database(other)


def test_non_sqlite_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "data.db"
    other.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 10)
    with pytest.raises(DatabaseOpenError, match="bukan file database"):
        open_database(other)


def test_database_from_a_newer_app_is_refused(db: Database, db_path: Path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num='9999_future'")
    db.dispose()
    with pytest.raises(DatabaseOpenError, match="versi aplikasi yang lebih baru"):
        open_database(db_path)


def test_damaged_database_is_detected(db: Database, db_path: Path) -> None:
    with db.session_scope() as s:
        for i in range(400):
            s.add(m.Unit(code=f"U{i}", name="Unit " * 20, kind="dinas"))
    db.dispose()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(data), page * 6)):
        data[offset] = 0x5A
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged):
        open_database(db_path)


def test_old_database_is_backed_up_then_migrated(db_path: Path) -> None:
    """A file at revision 0001 (with an employee in it) is backed up, then upgraded at start."""
    from alembic import command

    from karier_desktop.store.db import make_engine
    from karier_desktop.store.migrate import alembic_config

    engine = make_engine(str(db_path))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        conn.exec_driver_sql("INSERT INTO employees (nip, name, sex, birth_date, employee_type, "
                             "status) VALUES ('198503122010011005', 'Andi', 'L', '1985-03-12', "
                             "'PNS', 'aktif')")
    engine.dispose()
    reopened = open_database(db_path)
    try:
        assert current_revision(reopened.engine) == head_revision() == HEAD_REVISION
        assert list_backups(db_path.parent / "backup"), "no backup before the migration"
        with reopened.session_scope() as s:
            assert s.scalar(select(m.Employee.name)) == "Andi"
            before = s.scalar(select(m.ChangeStamp.n))
            s.get(m.Employee, 1).name = "Andi Baso"  # type: ignore[union-attr]
        with reopened.session_scope() as s:
            # the triggers came along (the row-version trigger's own UPDATE moves it once more)
            assert s.scalar(select(m.ChangeStamp.n)) > before
    finally:
        reopened.dispose()


def test_models_and_migrations_agree(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, m.Base.metadata)
        checks = {t: sorted(c["name"] for c in inspect(conn).get_check_constraints(t))
                  for t in m.Base.metadata.tables}
    assert diff == []
    # Autogenerate does not compare CHECK constraints: every one the models name is there.
    assert checks == {t.name: sorted(str(c.name) for c in t.constraints
                                     if isinstance(c, CheckConstraint))
                      for t in m.Base.metadata.sorted_tables}


def test_single_migration_head() -> None:
    from alembic.script import ScriptDirectory

    from karier_desktop.store.migrate import alembic_config

    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1


def test_head_constant_matches_the_migrations() -> None:
    from karier_desktop.store.lifecycle import HEAD_REVISION

    assert head_revision() == HEAD_REVISION


def test_one_read_write_connection_and_read_only_readers(db: Database) -> None:
    """SQ-9: SQLite here is in the WAL-reset range, so only one connection may ever write."""
    import threading
    import time

    holding, release, second_got = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with db.session_scope() as s:
            s.execute(text("SELECT 1"))
            holding.set()
            release.wait(10)

    def second() -> None:
        with db.session_scope() as s:
            s.execute(text("SELECT 1"))
            second_got.set()

    a = threading.Thread(target=first)
    a.start()
    assert holding.wait(10)
    b = threading.Thread(target=second)
    b.start()
    time.sleep(0.3)
    assert not second_got.is_set(), "a second read-write connection was opened"
    # a reader is not held up by the writer's connection, and cannot write
    with db.read_scope() as r:
        assert r.scalar(select(func.count()).select_from(m.Rank)) > 0
        with pytest.raises(Exception, match="readonly|read-only|query_only"):
            r.execute(text("DELETE FROM ranks"))
    release.set()
    a.join(10)
    b.join(10)
    assert second_got.is_set()
    with db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.Rank)) > 0


def test_a_database_in_a_file_with_odd_characters_opens_read_write_and_read_only(
        tmp_path: Path) -> None:
    odd = tmp_path / "kantor #1 ?50%.db"
    database = open_database(odd)
    try:
        with database.read_scope() as s:
            assert s.scalar(select(func.count()).select_from(m.Rank)) > 0
    finally:
        database.dispose()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db") == [odd.name]


def test_a_change_in_a_read_only_unit_of_work_is_refused(db: Database) -> None:
    from karier_desktop.store.db import ReadOnlySessionError

    with pytest.raises(ReadOnlySessionError), db.read_scope() as s:
        s.add(m.AuditLog(action="uji", entity="x", detail=""))
    with db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.AuditLog)
                        .where(m.AuditLog.action == "uji")) == 0


def test_audit_rows_name_the_user_the_session_carries(db: Database) -> None:
    from karier_desktop.services import audit

    db.actor = "budi.bkpp"
    with db.session_scope() as s:
        assert s.info["actor"] == "budi.bkpp"
        audit.record(s, "uji", "unit", 1, catatan="contoh")
    with db.session_scope() as s:
        row = s.scalars(select(m.AuditLog).where(m.AuditLog.action == "uji")).one()
    assert row.actor == "budi.bkpp"

"""The start-up snapshot is only as exact as its list of source tables: every table the start
view reads must be on it, and every table on it must carry the change-stamp triggers, on a new
database and on one upgraded from the first release alike."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import event

from karier_desktop.services.start import snapshot as start_snapshot
from karier_desktop.store.db import Database, make_engine
from karier_desktop.store.lifecycle import open_database
from karier_desktop.store.migrate import alembic_config
from karier_desktop.store.revision import APPLICATION_ID, SNAPSHOT_SOURCES

# read by the snapshot machinery itself, not data shown
BOOKKEEPING = {"alembic_version", "change_stamp", "startup_snapshot"}
TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?([a-z_]+)"?', re.IGNORECASE)


def test_every_table_the_start_view_reads_is_a_snapshot_source(demo_db: Database) -> None:
    read: set[str] = set()

    def note(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        read.update(name.lower() for name in TABLE.findall(statement))

    event.listen(demo_db.engine, "before_cursor_execute", note)
    try:
        with demo_db.session_scope() as s:
            view = start_snapshot.build(s, dt.date(2026, 11, 29))
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", note)
    assert view.rows and read  # the view was built, through these statements
    assert read - BOOKKEEPING <= set(SNAPSHOT_SOURCES), sorted(read - BOOKKEEPING)


def _triggers(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'trg_%_stamp'")}
    finally:
        conn.close()


def test_new_and_upgraded_databases_carry_the_same_triggers_on_every_source(
        tmp_path: Path) -> None:
    new = tmp_path / "baru.db"
    open_database(new).dispose()
    old = tmp_path / "lama.db"
    engine = make_engine(str(old))
    with engine.begin() as conn:  # a database of the first release
        command.upgrade(alembic_config(conn), "0001")
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
    engine.dispose()
    open_database(old).dispose()  # upgraded at start
    expected = {f"trg_{table}_{what}_stamp" for table in SNAPSHOT_SOURCES
                for what in ("update", "delete")}
    assert _triggers(new) == _triggers(old) == expected


def _noted(path: Path) -> tuple[set[str], set[int]]:
    conn = sqlite3.connect(path)
    try:
        names = {name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'trg_%_start'")}
        return names, {i for (i,) in conn.execute("SELECT employee_id FROM start_changes")}
    finally:
        conn.close()


def test_changes_are_noted_per_employee_on_new_and_upgraded_databases(tmp_path: Path) -> None:
    """Every source table notes its changes for the start view (migration 0013); a database
    upgraded to it starts marked "everything changed", so its first start computes in full."""
    new = tmp_path / "baru.db"
    open_database(new).dispose()
    old = tmp_path / "lama.db"
    engine = make_engine(str(old))
    with engine.begin() as conn:  # a database of the release before 0013
        command.upgrade(alembic_config(conn), "0012")
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
    engine.dispose()
    open_database(old).dispose()
    new_triggers, new_noted = _noted(new)
    old_triggers, old_noted = _noted(old)
    assert new_triggers == old_triggers
    noting = {re.fullmatch(r"trg_(.+)_(?:insert|update|delete)_start", name).group(1)  # type: ignore[union-attr]
              for name in new_triggers}
    assert noting == set(SNAPSHOT_SOURCES)
    assert 0 in old_noted and 0 in new_noted

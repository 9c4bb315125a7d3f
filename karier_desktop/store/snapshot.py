"""Reading and writing the start-up snapshot row of a SQLite database file.

Reading uses the standard library's sqlite3 only, so the window can show the first screen
before SQLAlchemy is imported (about a third of a second on a cheap laptop). The snapshot is
used only when its data version equals the file's (see VERSION_SQL).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from karier_desktop.store.revision import APPLICATION_ID, HEAD_REVISION, SNAPSHOT_SOURCES
from karier_desktop.store.sqlite_uri import sqlite_uri

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class StoredSnapshot:
    version: str
    made_on: str
    app_version: str
    payload: bytes


# What "the data now in the file" is, in one string read in the snapshot's own read
# transaction: the change stamp (moved by triggers on every UPDATE and DELETE of a source table)
# and the highest rowid of each source table (moved by every INSERT; an insert trigger would
# cost several microseconds a row on a bulk import, this costs nothing).
VERSION_SQL = "SELECT (SELECT n FROM change_stamp WHERE id = 1)" + "".join(
    f", (SELECT max(rowid) FROM {table})" for table in SNAPSHOT_SOURCES)


def _version(row: tuple[object, ...]) -> str:
    return ":".join("" if v is None else str(v) for v in row)


def read_current(path: Path) -> StoredSnapshot | None:
    """The snapshot of the file at `path` if it matches the data now in it; else None.

    None also for anything unexpected (no such file, another program's file, an older or newer
    schema, a locked or damaged file): the caller then simply computes the rows.
    """
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(sqlite_uri(path), uri=True, timeout=0.5)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return None
        conn.execute("BEGIN")  # one read transaction: the version compared is the rows' own
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if version is None or version[0] != HEAD_REVISION:
            return None
        row = conn.execute("SELECT version, made_on, app_version, payload FROM startup_snapshot "
                           "WHERE id = 1").fetchone()
        if row is None or row[0] != _version(conn.execute(VERSION_SQL).fetchone()):
            return None
        return StoredSnapshot(row[0], row[1], row[2], bytes(row[3]))
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def data_version(session: Session) -> str:
    """The version of the data now (SQLite; "" on other databases, which keep no snapshot)."""
    from sqlalchemy import text

    if session.get_bind().dialect.name != "sqlite":
        return ""
    return _version(tuple(session.execute(text(VERSION_SQL)).one()))


def write(session: Session, version: str, made_on: str, app_version: str, payload: bytes) -> bool:
    """Store the snapshot read at data `version`, unless the data changed since; True if stored.
    The noted changes (start_changes) are all in it then, and are forgotten."""
    from sqlalchemy import text

    if data_version(session) != version:
        return False
    session.execute(text("DELETE FROM startup_snapshot"))
    session.execute(text("DELETE FROM start_changes"))
    session.execute(
        text("INSERT INTO startup_snapshot (id, version, made_on, app_version, payload) "
             "VALUES (1, :version, :made_on, :app_version, :payload)"),
        {"version": version, "made_on": made_on, "app_version": app_version, "payload": payload})
    return True


EVERYTHING = 0  # the start_changes mark of a change that may touch every row (migration 0013)


def read_stored(session: Session) -> StoredSnapshot | None:
    """The kept snapshot, current or not (SQLite; None elsewhere or when there is none)."""
    from sqlalchemy import text

    if session.get_bind().dialect.name != "sqlite":
        return None
    row = session.execute(text("SELECT version, made_on, app_version, payload "
                               "FROM startup_snapshot WHERE id = 1")).first()
    return None if row is None else StoredSnapshot(row[0], row[1], row[2], bytes(row[3]))


def changed_employees(session: Session) -> set[int] | None:
    """The employees noted as changed since the snapshot was kept; None when a change may
    touch every row (or on a database that notes none)."""
    from sqlalchemy import text

    if session.get_bind().dialect.name != "sqlite":
        return None
    ids = set(session.scalars(text("SELECT employee_id FROM start_changes")))
    return None if EVERYTHING in ids else ids


"""Reading and writing the start-up snapshot row of a SQLite database file.

Reading uses the standard library's sqlite3 only, so the window can show the first screen
before SQLAlchemy is imported (about a third of a second on a cheap laptop). The snapshot is
used only when its change stamp equals the database's (see store.models.ChangeStamp).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from karier_desktop.store.revision import APPLICATION_ID, HEAD_REVISION

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class StoredSnapshot:
    stamp: int
    made_on: str
    app_version: str
    payload: bytes


def read_current(path: Path) -> StoredSnapshot | None:
    """The snapshot of the file at `path` if it matches the data now in it; else None.

    None also for anything unexpected (no such file, another program's file, an older or newer
    schema, a locked or damaged file): the caller then simply computes the rows.
    """
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return None
        # one read transaction, so the stamp compared is the one the rows were read at
        conn.execute("BEGIN")
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if version is None or version[0] != HEAD_REVISION:
            return None
        row = conn.execute(
            "SELECT s.stamp, s.made_on, s.app_version, s.payload FROM startup_snapshot s "
            "JOIN change_stamp c ON c.id = 1 AND c.n = s.stamp WHERE s.id = 1").fetchone()
        return StoredSnapshot(row[0], row[1], row[2], bytes(row[3])) if row else None
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def current_stamp(session: Session) -> int:
    from sqlalchemy import text

    return int(session.execute(text("SELECT n FROM change_stamp WHERE id = 1")).scalar_one())


def write(session: Session, stamp: int, made_on: str, app_version: str, payload: bytes) -> bool:
    """Store the snapshot made at `stamp`, unless the data changed since; True when stored."""
    from sqlalchemy import text

    if current_stamp(session) != stamp:
        return False
    session.execute(text("DELETE FROM startup_snapshot"))
    session.execute(
        text("INSERT INTO startup_snapshot (id, stamp, made_on, app_version, payload) "
             "VALUES (1, :stamp, :made_on, :version, :payload)"),
        {"stamp": stamp, "made_on": made_on, "version": app_version, "payload": payload})
    return True

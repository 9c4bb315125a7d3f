"""Locks that serialise work across clerks on a server (PostgreSQL advisory locks).

On SQLite the one-writer lock of the file (store.writer_lock) and the process's single
read-write connection already serialise every write transaction, so these are no-ops there.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

IMPORT_LOCK = 0x4B41494D  # "KAIM": one import applies at a time


def hold_until_commit(session: Session, key: int) -> None:
    """Wait for, then hold, the transaction-scoped lock `key` (PostgreSQL; else nothing)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

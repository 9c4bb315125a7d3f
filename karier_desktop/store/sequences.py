"""Keeping PostgreSQL's id sequences ahead of the rows.

A bulk load that writes explicit ids (the demo regency, a move from a SQLite file) does not move
a table's sequence, so the next ordinary insert would take an id that exists ("duplicate key").
SQLite takes max(rowid) + 1 and needs nothing.
"""

from __future__ import annotations

from sqlalchemy import Connection, Integer

from karier_desktop.store.models import Base

# one fixed row each (id 1, written by migration 0002): no new ids are ever asked for
SINGLE_ROW_TABLES = {"change_stamp", "startup_snapshot"}


def _serial_tables() -> list[str]:
    names = []
    for table in Base.metadata.sorted_tables:
        if table.name in SINGLE_ROW_TABLES:
            continue
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].name == "id" and isinstance(pk[0].type, Integer):
            names.append(table.name)
    return names


def sync_sequences(conn: Connection) -> None:
    """Move every id sequence past the highest id in its table (PostgreSQL; nothing on SQLite)."""
    if conn.dialect.name != "postgresql":
        return
    for name in _serial_tables():
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"coalesce((SELECT max(id) FROM {name}), 0) + 1, false) "
            f"WHERE pg_get_serial_sequence('{name}', 'id') IS NOT NULL")


def lagging_sequences(conn: Connection) -> list[str]:
    """Tables whose id sequence would hand out an id that already exists (PostgreSQL)."""
    if conn.dialect.name != "postgresql":
        return []
    behind = []
    for name in _serial_tables():
        seq = conn.exec_driver_sql(f"SELECT pg_get_serial_sequence('{name}', 'id')").scalar()
        if seq is None:
            continue
        last, called = conn.exec_driver_sql(f"SELECT last_value, is_called FROM {seq}").one()
        next_id = last + 1 if called else last
        top = conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {name}").scalar()
        if next_id <= top:
            behind.append(name)
    return behind

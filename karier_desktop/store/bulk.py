"""Bulk inserts: PostgreSQL's COPY where the engine is a server, Core executemany elsewhere.

An executemany sends one INSERT per row to a server (demo 10k took 3.3× as long as SQLite);
COPY streams every row in one command (psycopg's `cursor.copy`). COPY knows nothing of the
models' Python-side defaults, so a column a row leaves out gets its default here (server
defaults, such as timestamps, the server fills). Rows may carry their own ids; where they do
not and the caller needs them, `insert_with_ids` takes them from the table's sequence first, so
the ids are exactly this insert's (never another clerk's rows inserted meanwhile).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert

CHUNK = 20_000


def is_server(conn: Connection) -> bool:
    """True on a PostgreSQL server through psycopg (where COPY is used)."""
    return conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg"


def _columns(table: Table, rows: Sequence[dict[str, Any]]) -> list[str]:
    keys = list(rows[0])
    seen = set(keys)
    for row in rows[1:]:
        for key in row:
            if key not in seen:
                seen.add(key)
                keys.append(key)
    for col in table.columns:  # a Python-side scalar default COPY would not apply
        if col.name not in seen and col.default is not None and col.default.is_scalar:
            keys.append(col.name)
    return keys


def _defaults(table: Table, names: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        default = table.c[name].default
        if default is not None and default.is_scalar:
            values[name] = default.arg  # type: ignore[attr-defined]
    return values


def copy_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """COPY `rows` (dicts keyed by column name) into `table` on a PostgreSQL connection."""
    names = _columns(table, rows)
    defaults = _defaults(table, names)
    cols = ", ".join(f'"{n}"' for n in names)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(f'COPY "{table.name}" ({cols}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[n] if n in row else defaults.get(n) for n in names])
    finally:
        cursor.close()


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` in one go: COPY on a PostgreSQL server, Core executemany elsewhere."""
    if not rows:
        return
    if is_server(conn):
        copy_rows(conn, table, rows)
        return
    stmt = insert(table)
    for start in range(0, len(rows), CHUNK):
        conn.execute(stmt, list(rows[start:start + CHUNK]))


def insert_with_ids(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows without ids and return their new ids, in the order of `rows`."""
    if not rows:
        return []
    if is_server(conn):
        seq = conn.exec_driver_sql(
            f"SELECT pg_get_serial_sequence('{table.name}', 'id')").scalar()
        ids = [r[0] for r in conn.exec_driver_sql(
            f"SELECT nextval('{seq}') FROM generate_series(1, {len(rows)})")]
        copy_rows(conn, table, [{"id": i, **row} for i, row in zip(ids, rows, strict=True)])
        return ids
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(conn.execute(stmt, list(rows)).scalars().all())


def analyze(conn: Connection) -> None:
    """After a bulk load on a server, fresh planner statistics (autovacuum would get to them
    only later; until then a join over the new rows may take a poor plan). Nothing on SQLite."""
    if is_server(conn):
        conn.exec_driver_sql("ANALYZE")

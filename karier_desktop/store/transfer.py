"""Moving an office's SQLite file onto a PostgreSQL server: check everything, then copy it all.

Both databases are at the app's schema revision (opening them migrates). First every row of the
file is read as SQLite stored it and checked against what the server would refuse: text longer
than its column (SQLite keeps a 151-character name in a String(150) column), dates that are no
dates, numbers out of range, NUL characters, references to rows that do not exist. Any refusal
stops the move before the server is touched. Then, in one server transaction, the reference
data a new server database was seeded with is cleared and every table is copied in dependency
order with COPY, columns pointing into their own table (units' parent, employees' supervisor)
filled in afterwards, the row counts compared and the id sequences moved past the copied ids.
Any failure rolls the whole move back. The start-up snapshot is a SQLite cache and stays behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Connection, Engine, Table, bindparam, types, update

from karier_desktop.store import bulk
from karier_desktop.store.models import Base
from karier_desktop.store.sequences import sync_sequences

# What a new server database holds before anyone works in it (migrations and seeding); a move
# replaces it with the file's own. Any other table with rows means the server is in use.
SEEDED = frozenset({"change_stamp", "competencies", "competency_levels", "development_forms",
                    "position_kinds", "ranks", "retirement_families", "settings"})
SKIPPED = frozenset({"startup_snapshot", "start_changes"})  # SQLite-only caches
INT_RANGE = (-(2**31), 2**31 - 1)
BIGINT_RANGE = (-(2**63), 2**63 - 1)

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class Refusal:
    """A row the server would refuse; names the table, the row and the column, not the value."""

    table: str
    row: str
    column: str
    reason: str

    def __str__(self) -> str:
        return f"Tabel {self.table}, baris {self.row}, kolom {self.column}: {self.reason}."


@dataclass(frozen=True)
class MoveResult:
    counts: dict[str, int]  # table -> rows copied

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class MoveRefused(Exception):
    """The move did not start; `refusals` are the rows, `message` the reason in Indonesian."""

    def __init__(self, message: str, refusals: list[Refusal] | None = None) -> None:
        super().__init__(message)
        self.refusals = refusals or []


def _tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in SKIPPED]


def _row_label(table: Table, raw: dict[str, Any]) -> str:
    return "/".join(str(raw[c.name]) for c in table.primary_key.columns)


def server_value(col: Column[Any], value: Any) -> tuple[Any, str | None]:
    """The value as the server takes it, or the reason it would be refused."""
    if value is None:
        return None, None if col.nullable or col.primary_key else "kosong, padahal wajib diisi"
    kind = col.type
    if isinstance(kind, types.Boolean):
        if value in (0, 1):
            return bool(value), None
        return None, "bukan nilai ya/tidak"
    if isinstance(kind, types.Integer):  # BigInteger is an Integer too
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value)
        if not isinstance(value, int):
            return None, "bukan bilangan bulat"
        low, high = BIGINT_RANGE if isinstance(kind, types.BigInteger) else INT_RANGE
        return (value, None) if low <= value <= high else (None, "angka di luar jangkauan")
    if isinstance(kind, types.Float):
        return (value, None) if isinstance(value, int | float) else (None, "bukan angka")
    if isinstance(kind, types.DateTime):
        try:
            moment = dt.datetime.fromisoformat(str(value))
        except ValueError:
            return None, "bukan waktu yang sah"
        if kind.timezone and moment.tzinfo is None:  # the file keeps these in UTC
            moment = moment.replace(tzinfo=dt.UTC)
        return moment, None
    if isinstance(kind, types.Date):
        try:
            return dt.date.fromisoformat(str(value)), None
        except ValueError:
            pass
        try:  # a date some older tool stored with a midnight time
            moment = dt.datetime.fromisoformat(str(value))
        except ValueError:
            return None, "bukan tanggal yang sah"
        return (moment.date(), None) if moment.time() == dt.time() \
            else (None, "bukan tanggal yang sah")
    if isinstance(kind, types.LargeBinary):
        return (bytes(value), None) if isinstance(value, bytes | memoryview) \
            else (None, "bukan data biner")
    if isinstance(kind, types.String):  # Text too
        text = value if isinstance(value, str) else str(value)
        if "\x00" in text:
            return None, "berisi karakter NUL yang ditolak server"
        if kind.length and len(text) > kind.length:
            return None, f"{len(text)} karakter, paling banyak {kind.length}"
        return text, None
    return value, None


def read_source(source: Connection) -> tuple[dict[str, list[dict[str, Any]]], list[Refusal]]:
    """Every row of every table, converted, and the refusals (empty when all is well)."""
    refusals = [Refusal(str(table), str(rowid), "-", f"menunjuk ke {parent} yang tidak ada")
                for table, rowid, parent, _fk in
                source.exec_driver_sql("PRAGMA foreign_key_check").fetchall()]
    rows: dict[str, list[dict[str, Any]]] = {}
    for table in _tables():
        cols = list(table.columns)
        names = ", ".join(f'"{c.name}"' for c in cols)
        order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
        kept = []
        for values in source.exec_driver_sql(f'SELECT {names} FROM "{table.name}" ORDER BY {order}'):
            raw = dict(zip([c.name for c in cols], values, strict=True))
            row = {}
            for col in cols:
                row[col.name], why = server_value(col, raw[col.name])
                if why:
                    refusals.append(Refusal(table.name, _row_label(table, raw), col.name, why))
            kept.append(row)
        rows[table.name] = kept
    return rows, refusals


def _count(conn: Connection, table: str) -> int:
    return int(conn.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar() or 0)


def check_target_empty(target: Connection) -> None:
    in_use = [t.name for t in _tables() if t.name not in SEEDED and _count(target, t.name)]
    if in_use:
        raise MoveRefused("Database di server sudah berisi data (" + ", ".join(in_use[:5])
                          + "). Pindahkan hanya ke database server yang baru dan kosong.")


def _self_columns(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _copy_table(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    later = _self_columns(table)
    if not later:
        bulk.insert_rows(conn, table, rows)
        return
    # a parent may come after its child in id order: fill the column in once all rows exist
    bulk.insert_rows(conn, table, [{**r, **dict.fromkeys(later, None)} for r in rows])
    for name in later:
        links = [{"b_id": r["id"], "b_value": r[name]} for r in rows if r[name] is not None]
        if links:
            conn.execute(update(table).where(table.c.id == bindparam("b_id"))
                         .values({name: bindparam("b_value")}), links)


def copy_all(target_engine: Engine, rows: dict[str, list[dict[str, Any]]],
             progress: Progress | None = None) -> MoveResult:
    """Replace the seeded content of the (empty) server database with `rows`, all or nothing."""
    report = progress or (lambda _m, _f: None)
    tables = _tables()
    with target_engine.begin() as conn:
        conn.exec_driver_sql("LOCK TABLE employees IN EXCLUSIVE MODE")  # nobody works meanwhile
        check_target_empty(conn)
        for table in reversed(tables):
            if table.name in SEEDED:
                conn.exec_driver_sql(f'DELETE FROM "{table.name}"')
        for i, table in enumerate(tables):
            report(f"Menyalin {table.name}", i / len(tables))
            _copy_table(conn, table, rows[table.name])
        counts = {}
        for table in tables:
            found = _count(conn, table.name)
            if found != len(rows[table.name]):
                raise MoveRefused(f"Jumlah baris tabel {table.name} di server ({found}) tidak sama "
                                  f"dengan di file ({len(rows[table.name])}); tidak ada yang "
                                  "dipindahkan.")
            counts[table.name] = found
        sync_sequences(conn)
        bulk.analyze(conn)
        report("Selesai", 1.0)
    return MoveResult(counts)

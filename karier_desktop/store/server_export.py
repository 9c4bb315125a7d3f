"""The app's own backup of a server database, for computers without pg_dump (`.karier-server`).

A zip archive: one member per table (`tabel/NAME.jsonl`, a JSON list of column values per row,
in primary-key order) and, written last, `karier.json`, the header: the app's marker, the
format, the schema revision, when it was made, and per table its columns, row count and the
SHA-256 of its member. Rows are read with a server-side cursor inside one REPEATABLE READ
transaction (a consistent picture, memory bounded) and streamed into the archive under a
temporary name, which is checked and then renamed into place.

A restore first reads the whole file (header, counts, checksums, zip CRCs: a foreign, newer or
truncated file is refused before the database is touched), then in one transaction locks the
tables, empties them (TRUNCATE) and COPYs the file's rows in (values checked as a move from SQLite
checks them, store/transfer.py), fills columns pointing into their own table afterwards, checks
the counts and moves the id sequences. The audit log is append-only on a server (migration
0006): it is never deleted from; the file's audit rows that are not in it are added, and the
restore writes its own audit row in the same transaction.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Column, Connection, Engine, MetaData, Table, insert, types

from karier_desktop.store import bulk
from karier_desktop.store import transfer as _transfer
from karier_desktop.store.backup import BackupError, checked_file, starts_with
from karier_desktop.store.models import Base
from karier_desktop.store.sequences import sync_sequences

SUFFIX = ".karier-server"
MARKER = "karier-asn-server-export"
FORMAT = 1
HEADER = "karier.json"
CHUNK = 5_000
AUDIT = "audit_log"
_BYTES = "$b64"


def tables() -> list[Table]:
    """The tables a backup holds, parents before children (the move's list)."""
    return _transfer._tables()


def _member(name: str) -> str:
    return f"tabel/{name}.jsonl"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return {_BYTES: base64.b64encode(bytes(value)).decode("ascii")}
    raise TypeError(type(value).__name__)


def _write_table(conn: Connection, table: Table, out: IO[bytes]) -> tuple[int, str]:
    digest = hashlib.sha256()
    names = ", ".join(f'"{c.name}"' for c in table.columns)
    order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
    rows = conn.execution_options(stream_results=True, yield_per=CHUNK).exec_driver_sql(
        f'SELECT {names} FROM "{table.name}" ORDER BY {order}')
    count = 0
    encode = json.JSONEncoder(ensure_ascii=False, default=_plain).encode
    block: list[str] = []
    for row in rows:
        block.append(encode(list(row)))
        count += 1
        if len(block) >= 1000:  # a write per block, not per row
            data = ("\n".join(block) + "\n").encode()
            digest.update(data)
            out.write(data)
            block = []
    if block:
        data = ("\n".join(block) + "\n").encode()
        digest.update(data)
        out.write(data)
    return count, digest.hexdigest()


def write_export(engine: Engine, target: Path, revision: str,
                 now: dt.datetime | None = None) -> Path:
    """Export every table of the server database to `target`, checked, never half-written."""
    header: dict[str, Any] = {"marker": MARKER, "format": FORMAT, "revision": revision,
                              "created_at": (now or dt.datetime.now()).isoformat(timespec="seconds"),
                              "tables": {}}
    # the contexts close in reverse: the zip is complete before checked_file checks it
    with checked_file(target, verify_export) as tmp, \
            zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf, \
            engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, \
            conn.begin():
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        for table in tables():
            with zf.open(_member(table.name), "w", force_zip64=True) as out:
                count, digest = _write_table(conn, table, out)
            header["tables"][table.name] = {"columns": [c.name for c in table.columns],
                                            "rows": count, "sha256": digest}
        zf.writestr(HEADER, json.dumps(header, ensure_ascii=False, indent=1))
    return target


def is_export(path: Path) -> bool:
    """True when `path` looks like a zip (our export or damaged); a pg_dump starts PGDMP."""
    return starts_with(path, b"PK\x03\x04")


def _open(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        if is_export(path):
            raise BackupError(f"{path.name} rusak atau terpotong; tidak dapat dipulihkan.") from exc
        raise BackupError(f"{path.name} bukan cadangan database Karier ASN.") from exc


def read_header(path: Path) -> dict[str, Any]:
    """The header of an export of ours; BackupError for anything else."""
    with _open(path) as zf:
        try:
            header = json.loads(zf.read(HEADER))
        except KeyError as exc:
            raise BackupError(f"{path.name} bukan cadangan database Karier ASN.") from exc
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise BackupError(f"{path.name} rusak atau terpotong; tidak dapat dipulihkan.") \
                from exc
    if not isinstance(header, dict) or header.get("marker") != MARKER:
        raise BackupError(f"{path.name} bukan cadangan database Karier ASN.")
    if not isinstance(header.get("format"), int) or header["format"] > FORMAT:
        raise BackupError(f"{path.name} dibuat oleh versi aplikasi yang lebih baru. Perbarui "
                          "Karier ASN dulu, lalu pulihkan lagi.")
    return header


def export_revision(path: Path) -> str:
    return str(read_header(path).get("revision"))


def _lines(zf: zipfile.ZipFile, path: Path, name: str, info: dict[str, Any]) -> Iterator[bytes]:
    """The member's lines, its checksum and count checked once it is read to the end."""
    digest = hashlib.sha256()
    count = 0
    try:
        with zf.open(_member(name)) as member:
            for line in member:
                digest.update(line)
                count += 1
                yield line
    except KeyError as exc:
        raise BackupError(f"{path.name} tidak lengkap: tabel {name} tidak ada.") from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:  # CRC or truncated data
        raise BackupError(f"{path.name} rusak atau terpotong (tabel {name}).") from exc
    if count != info.get("rows") or digest.hexdigest() != info.get("sha256"):
        raise BackupError(f"{path.name} rusak: isi tabel {name} tidak cocok dengan catatannya.")


def verify_export(path: Path) -> dict[str, Any]:
    """Read the whole export: header, every table member, counts and checksums."""
    header = read_header(path)
    listed = header.get("tables") or {}
    known = {t.name: t for t in tables()}
    with _open(path) as zf:
        for name, info in listed.items():
            table = known.get(name)
            if table is None or info.get("columns") != [c.name for c in table.columns]:
                raise BackupError(f"{path.name} memuat tabel {name} yang tidak dikenal versi "
                                  "aplikasi ini.")
            for _line in _lines(zf, path, name, info):
                pass
    missing = [name for name in known if name not in listed]
    if missing:
        raise BackupError(f"{path.name} tidak lengkap: tabel {missing[0]} tidak ada.")
    return header


Check = Callable[[Any], tuple[Any, str | None]]


def _checker(col: Column[Any]) -> Check:
    """The check of one column's values (store/transfer.server_value), with a shortcut for
    the plain values JSON already gives in the right type: most of a restore's values."""
    kind = col.type
    slow = partial(_transfer.server_value, col)
    if isinstance(kind, types.Boolean | types.Float | types.Date | types.DateTime
                  | types.LargeBinary):
        return slow
    empty_ok = bool(col.nullable or col.primary_key)
    if isinstance(kind, types.Integer):
        low, high = _transfer.BIGINT_RANGE if isinstance(kind, types.BigInteger) \
            else _transfer.INT_RANGE

        def whole(value: Any) -> tuple[Any, str | None]:
            if (value is None and empty_ok) or (type(value) is int and low <= value <= high):
                return value, None
            return slow(value)
        return whole
    if isinstance(kind, types.String):
        longest = kind.length

        def text(value: Any) -> tuple[Any, str | None]:
            if (value is None and empty_ok) or (
                    type(value) is str and (not longest or len(value) <= longest)
                    and "\x00" not in value):
                return value, None
            return slow(value)
        return text
    return slow


def _row(table: Table, path: Path, checks: list[tuple[str, Check]], line: bytes
         ) -> dict[str, Any]:
    try:
        values = json.loads(line.decode("utf-8"))
    except ValueError as exc:
        raise BackupError(f"{path.name} rusak (tabel {table.name}).") from exc
    if not isinstance(values, list) or len(values) != len(checks):
        raise BackupError(f"{path.name} rusak (tabel {table.name}).")
    row = {}
    for (name, check), value in zip(checks, values, strict=True):
        if isinstance(value, dict) and _BYTES in value:
            value = base64.b64decode(value[_BYTES])
        row[name], why = check(value)
        if why:
            raise BackupError(f"{path.name} rusak: tabel {table.name}, kolom {name}: {why}.")
    return row


def _staging(conn: Connection, name: str, like: Table, columns: list[str]) -> Table:
    """A temporary table (dropped at commit) with `columns` of `like`, to COPY into."""
    cols = ", ".join(f'"{c}"' for c in columns)
    conn.exec_driver_sql(f'CREATE TEMP TABLE "{name}" ON COMMIT DROP AS '
                         f'SELECT {cols} FROM "{like.name}" WITH NO DATA')
    return Table(name, MetaData(), *(Column(c, like.c[c].type) for c in columns))


def _load_table(conn: Connection, zf: zipfile.ZipFile, path: Path, table: Table,
                info: dict[str, Any], into: Table | None = None) -> None:
    """COPY the member's rows into `into` (default the table itself) in chunks. Columns
    pointing into the table are COPYed aside and set once every row is there (memory stays
    bounded); the row_version trigger bumps a row on that UPDATE, so such a row goes in one
    version lower and comes out as it was."""
    later = _transfer._self_columns(table) if into is None else []
    versioned = "row_version" in table.c
    links = _staging(conn, f"karier_restore_{table.name}", table, ["id", *later]) \
        if later else None
    chunk: list[dict[str, Any]] = []
    linked: list[dict[str, Any]] = []
    checks = [(name, _checker(table.c[name])) for name in info["columns"]]
    for line in _lines(zf, path, table.name, info):
        row = _row(table, path, checks, line)
        if later and any(row[name] is not None for name in later):
            linked.append({"id": row["id"], **{n: row[n] for n in later}})
            row.update(dict.fromkeys(later, None))
            if versioned:
                row["row_version"] -= 1
        chunk.append(row)
        if len(chunk) >= CHUNK:
            bulk.insert_rows(conn, into if into is not None else table, chunk)
            chunk = []
        if links is not None and len(linked) >= CHUNK:
            bulk.insert_rows(conn, links, linked)
            linked = []
    bulk.insert_rows(conn, into if into is not None else table, chunk)
    if links is not None:
        bulk.insert_rows(conn, links, linked)
        sets = ", ".join(f'"{n}" = l."{n}"' for n in later)
        conn.exec_driver_sql(f'UPDATE "{table.name}" t SET {sets} FROM "{links.name}" l '
                             'WHERE t.id = l.id')


def _count(conn: Connection, name: str) -> int:
    return int(conn.exec_driver_sql(f'SELECT count(*) FROM "{name}"').scalar() or 0)


def _add_audit_rows(conn: Connection, zf: zipfile.ZipFile, path: Path,
                    info: dict[str, Any]) -> None:
    """The file's audit rows the (append-only) log does not hold yet, by id."""
    audit = Base.metadata.tables[AUDIT]
    staging = _staging(conn, "karier_restore_audit", audit, [c.name for c in audit.columns])
    _load_table(conn, zf, path, audit, info, into=staging)
    cols = ", ".join(f'"{c.name}"' for c in audit.columns)
    conn.exec_driver_sql(f'INSERT INTO audit_log ({cols}) SELECT {cols} FROM '
                         f'"{staging.name}" ON CONFLICT (id) DO NOTHING')


def restore_export(engine: Engine, path: Path, live_revision: str | None,
                   audit_row: dict[str, Any], header: dict[str, Any] | None = None,
                   progress: Callable[[int, int, str], None] | None = None
                   ) -> dict[str, int]:
    """Replace the server database's content with the export at `path`, all or nothing;
    `audit_row` (actor, action, entity, detail) is written in the same transaction. Returns the
    rows per table. BackupError before anything changes when the file is not usable. `header`:
    what `verify_export` returned for it, when the caller has just read it through.
    `progress(done, total, table)` before each table, inside the transaction: an exception it
    raises (the clerk cancelled) rolls everything back."""
    header = header or verify_export(path)
    if header.get("revision") != live_revision:
        raise BackupError(f"{path.name} berasal dari versi skema {header.get('revision')}, "
                          f"database server versi {live_revision}. Pulihkan cadangan dari versi "
                          "aplikasi yang sama.")
    listed = header["tables"]
    order = tables()
    content = [t for t in order if t.name != AUDIT]
    with engine.begin() as conn, _open(path) as zf:
        # TRUNCATE, not DELETE: no foreign-key check per deleted row. Other clerks wait until
        # the restore commits (then see the restored content, told by the NOTIFY triggers).
        names = ", ".join(f'"{t.name}"' for t in content)
        conn.exec_driver_sql(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE")
        conn.exec_driver_sql(f"TRUNCATE {names}")
        for done, table in enumerate(content):
            if progress is not None:
                progress(done, len(content), table.name)
            _load_table(conn, zf, path, table, listed[table.name])
        if progress is not None:
            progress(len(content), len(content), AUDIT)
        _add_audit_rows(conn, zf, path, listed[AUDIT])
        counts = {}
        for table in content:
            found = _count(conn, table.name)
            if found != listed[table.name]["rows"]:
                raise BackupError(f"Jumlah baris tabel {table.name} sesudah pemulihan ({found}) "
                                  f"tidak sama dengan di cadangan ({listed[table.name]['rows']}).")
            counts[table.name] = found
        counts[AUDIT] = listed[AUDIT]["rows"]
        sync_sequences(conn)
        conn.execute(insert(Base.metadata.tables[AUDIT]).values(**audit_row))
        bulk.analyze(conn)
    return counts

"""Training records as exchanged values, their stable ids and versions (exchange_keys).

One owner of the field list (FIELDS): building a package, applying one, merging and resolving
all read and write a record through `read_values` / `write_values` here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, delete, insert, select, type_coerce, update
from sqlalchemy.orm import Session

from karier_desktop.services.employees import root_of
from karier_desktop.store import models as m

ENTITY = "pelatihan"
FIELDS = ("nip", "title", "form_code", "provider", "start_date", "end_date", "jp", "cost",
          "certificate_no", "status")
FIELD_LABELS = {"nip": "NIP", "title": "nama pelatihan", "form_code": "jenis", "provider":
                "penyelenggara", "start_date": "tanggal mulai", "end_date": "tanggal selesai",
                "jp": "JP", "cost": "biaya", "certificate_no": "nomor sertifikat",
                "status": "status", "_hapus": "penghapusan"}

Values = dict[str, Any]


class ExchangeError(Exception):
    """str() is an Indonesian message."""


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_TEXT = json.encoder.encode_basestring  # the string encoder of _ENCODE (ensure_ascii=False)
_SHAPE = "{" + ",".join(f'"{f}":%s' for f in FIELDS) + "}"
_FINITE = float("inf")


def _text(value: Any) -> str:
    if value is None:
        return "null"
    if type(value) is str:
        return _TEXT(value)
    raise TypeError


def _number(value: Any) -> str:
    if type(value) is float and -_FINITE < value < _FINITE:
        return float.__repr__(value)
    if type(value) is int:
        return int.__repr__(value)
    raise TypeError


def canonical(values: Values | None) -> str:
    """Values as stored (JSON); every dict is built in FIELDS order, so equal values give equal
    text. A training record's values (FIELDS in order, strings/None and numbers) are written
    by one format string, byte for byte what the encoder writes; anything else goes through
    the encoder."""
    if type(values) is dict and len(values) == len(FIELDS) and tuple(values) == FIELDS:
        v = values
        try:
            return _SHAPE % (_text(v["nip"]), _text(v["title"]), _text(v["form_code"]),
                             _text(v["provider"]), _text(v["start_date"]),
                             _text(v["end_date"]), _number(v["jp"]), _number(v["cost"]),
                             _text(v["certificate_no"]), _text(v["status"]))
        except TypeError:
            pass
    return _ENCODE(values)


_JOINT = '},{"nip":'  # between two records of a list; never inside a JSON string ('"' is escaped)


def canonical_many(rows: list[Values], shaped: bool = False) -> list[str]:
    """`canonical` of many records by one encoder call: the list's text is cut between its
    records (a '"' right after '{' opens a key, so the joint cannot occur inside a value).
    `shaped`: every row was built by `_value_row` (FIELDS in order), so it is not checked."""
    if not rows or not (shaped or all(type(v) is dict and tuple(v) == FIELDS for v in rows)):
        return [canonical(v) for v in rows]
    pieces = _ENCODE(rows)[len('[{"nip":'):-len("}]")].split(_JOINT)
    if len(pieces) != len(rows):
        return [canonical(v) for v in rows]
    return ['{"nip":' + p + "}" for p in pieces]


@dataclass
class Key:
    uid: str
    local_id: int | None
    version: int
    version_values: Values
    synced_version: int
    synced_values: Values | None
    deleted: bool
    locked: bool
    # canonical(version_values) when refresh_versions just wrote it (saves encoding it again)
    text: str | None = field(default=None, compare=False, repr=False)


def scope_nips(session: Session, unit_code: str | None) -> set[str] | None:
    """NIPs of the employees of the OPD with `unit_code` (any of its sub-units); None: all."""
    if unit_code is None:
        return None
    session.flush()  # Core reads below: pending rows first, as session.execute would
    db = session.connection()
    units = {uid: (pid, code) for uid, pid, code in db.execute(
        select(m.Unit.id, m.Unit.parent_id, m.Unit.code)).all()}
    roots = root_of({uid: v[0] for uid, v in units.items()})
    match = [uid for uid, v in units.items() if v[1].casefold() == unit_code.casefold()]
    if not match:
        raise ExchangeError(f"Unit dengan kode '{unit_code}' tidak ditemukan.")
    root = roots[match[0]]
    in_scope = {uid for uid, r in roots.items() if r == root}
    return {nip for nip, unit in db.execute(select(m.Employee.nip, m.Employee.unit_id)).all()
            if unit in in_scope}


def _iso(value: Any) -> str | None:
    """A date as ISO text: SQLite hands the stored text through (see `_DATE_TEXT`)."""
    if value is None or type(value) is str:
        return value
    return str(value.isoformat())


def _value_row(row: Iterable[Any]) -> tuple[int, Values]:
    rid, nip, title, form, provider, start, end, jp, cost, cert, status = row
    return rid, {"nip": nip, "title": title, "form_code": form, "provider": provider,
                 "start_date": _iso(start), "end_date": _iso(end), "jp": float(jp),
                 "cost": int(cost or 0), "certificate_no": cert, "status": status}


def _value_columns() -> tuple[Any, ...]:
    """The columns of `_value_row`; the dates without SQLAlchemy's date parsing (SQLite
    stores ISO text, which is what a package carries; other drivers give dates)."""
    t, e = m.TrainingRecord, m.Employee
    return (t.id, e.nip, t.title, t.form_code, t.provider, type_coerce(t.start_date, String),
            type_coerce(t.end_date, String), t.jp, t.cost, t.certificate_no, t.status)


def read_values(session: Session, nips: set[str] | None) -> dict[int, Values]:
    """Current values of every training record in scope, by record id (one Core query)."""
    t, e = m.TrainingRecord, m.Employee
    stmt = select(*_value_columns()).join(e, e.id == t.employee_id)
    session.flush()  # a Core read: pending rows first, as session.execute would
    out = {}
    for row in session.connection().execute(stmt).all():
        if nips is None or row[1] in nips:
            rid, values = _value_row(row)
            out[rid] = values
    return out


def load_keys(session: Session, entity: str | None = ENTITY) -> dict[str, Key]:
    """The keys of one kind of record (training records by default; None: every kind)."""
    k = m.ExchangeKey
    out = {}
    stmt = select(k.uid, k.local_id, k.version, k.version_values, k.synced_version,
                  k.synced_values, k.deleted, k.locked)
    session.flush()  # a Core read (no ORM rows to build): pending rows first
    loads = json.loads
    for uid, local, version, vv, sv, svv, deleted, locked in session.connection().execute(
            stmt if entity is None else stmt.where(k.entity == entity)).all():
        out[uid] = Key(uid, local, version, loads(vv), sv, loads(svv) if svv else None,
                       bool(deleted), bool(locked))
    return out


def new_uids(n: int) -> list[str]:
    """n random (version 4) UUIDs as text, as str(uuid.uuid4()) gives them, from one read of
    the system's random source."""
    raw = bytearray(os.urandom(16 * n))
    for i in range(6, 16 * n, 16):
        raw[i] = raw[i] & 0x0F | 0x40  # version 4
        raw[i + 2] = raw[i + 2] & 0x3F | 0x80  # RFC 4122 variant
    h = raw.hex()
    return [f"{h[i:i + 8]}-{h[i + 8:i + 12]}-{h[i + 12:i + 16]}-{h[i + 16:i + 20]}-"
            f"{h[i + 20:i + 32]}" for i in range(0, 32 * n, 32)]


_RECORD = '{"uid":%s,"version":%d,"base":%d,"deleted":%s,"locked":%s,"values":%s}'


def package_records(keys: list[Key]) -> bytes:
    """The records part of a package: byte for byte json.dumps of [{"uid", "version", "base",
    "deleted", "locked", "values"}, …] (ensure_ascii=False, no spaces), each record's values
    taken from the text refresh_versions just wrote where it did."""
    flag = ("false", "true")
    return ("[" + ",".join(_RECORD % (
        _TEXT(k.uid), k.version, k.synced_version, flag[bool(k.deleted)], flag[bool(k.locked)],
        k.text if k.text is not None else canonical(k.version_values)) for k in keys)
        + "]").encode()


def refresh_versions(session: Session, nips: set[str] | None) -> dict[str, Key]:
    """Give every record in scope a stable id, and a new version when its values changed since
    its last version; a record deleted here becomes a tombstone. Returns the keys by uid."""
    current = read_values(session, nips)
    keys = load_keys(session)
    by_local = {k.local_id: k for k in keys.values() if k.local_id is not None}
    inserts, updates = [], []
    uids = iter(new_uids(len(current) - len(by_local.keys() & current.keys())))
    for rid, values in current.items():
        key = by_local.get(rid)
        if key is None:
            key = Key(next(uids), rid, 1, values, 0, None, False, False)
            keys[key.uid] = key
            inserts.append(key)
        elif values != key.version_values:
            key.version += 1
            key.version_values, key.text = values, canonical(values)
            updates.append({"b_uid": key.uid, "b_version": key.version,
                            "b_values": key.text, "b_local": rid, "b_deleted": False})
    for key in keys.values():
        if key.local_id is not None and key.local_id not in current and not key.deleted and (
                nips is None or key.version_values.get("nip") in nips):
            key.version += 1
            key.deleted, key.local_id = True, None
            updates.append({"b_uid": key.uid, "b_version": key.version,
                            "b_values": canonical(key.version_values), "b_local": None,
                            "b_deleted": True})
    table = m.ExchangeKey.__table__
    texts = canonical_many([k.version_values for k in inserts], shaped=True)  # read_values
    for k, text in zip(inserts, texts, strict=True):
        k.text = text
    insert_rows(session, table, ("uid", "entity", "local_id", "version", "version_values",
                                 "synced_version", "deleted", "locked"),
                [(k.uid, ENTITY, k.local_id, 1, text, 0, False, False)
                 for k, text in zip(inserts, texts, strict=True)])
    if updates:
        from sqlalchemy import bindparam

        session.execute(update(table).where(table.c.uid == bindparam("b_uid")).values(
            version=bindparam("b_version"), version_values=bindparam("b_values"),
            local_id=bindparam("b_local"), deleted=bindparam("b_deleted")), updates)
    return keys


def bulk_insert(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert many rows. On SQLite the driver's executemany is called directly (dates as ISO
    text, as SQLAlchemy stores them there): SQLAlchemy's per-value bind processing costs more
    than the insert itself at 20,000 rows. Other databases take the plain Core insert."""
    if not rows:
        return
    if session.get_bind().dialect.name != "sqlite":
        session.execute(insert(table), rows)
        return
    from operator import itemgetter

    from sqlalchemy import Date

    columns = list(rows[0])
    dates = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, Date)]
    pick = itemgetter(*columns)  # every table here has several columns: pick gives tuples
    values = [pick(r) for r in rows]
    if dates and not all(v[i] is None or type(v[i]) is str for v in values for i in dates):
        def iso(row: tuple[Any, ...]) -> tuple[Any, ...]:
            out = list(row)
            for i in dates:
                if out[i] is not None and type(out[i]) is not str:
                    out[i] = out[i].isoformat()
            return tuple(out)

        values = [iso(v) for v in values]
    insert_rows(session, table, columns, values)


def insert_rows(session: Session, table: Any, columns: Sequence[str],
                rows: list[tuple[Any, ...]]) -> None:
    """Insert rows given as tuples in `columns` order (dates already ISO text on SQLite):
    one executemany of the driver on SQLite, the Core insert elsewhere."""
    if not rows:
        return
    if session.get_bind().dialect.name != "sqlite":
        session.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in rows])
        return
    sql = (f"INSERT INTO {table.name} ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    session.connection().exec_driver_sql(sql, rows)


def employee_ids(session: Session) -> dict[str, int]:
    session.flush()
    return dict(session.connection().execute(select(m.Employee.nip, m.Employee.id)).all())


def _date(text: str, as_text: bool) -> Any:
    """A checked ISO date from a package; kept as text (SQLite stores that text) when it
    already is YYYY-MM-DD."""
    if as_text and len(text) == 10 and text[4] == "-" and text[7] == "-":
        return text
    return dt.date.fromisoformat(text) if not as_text else \
        dt.date.fromisoformat(text).isoformat()


def _columns(values: Values, employees: dict[str, int], as_text: bool = False
             ) -> dict[str, Any]:
    return {"employee_id": employees[values["nip"]], "title": values["title"],
            "form_code": values["form_code"], "provider": values["provider"],
            "start_date": _date(values["start_date"], as_text),
            "end_date": _date(values["end_date"], as_text), "jp": values["jp"],
            "cost": values["cost"], "certificate_no": values["certificate_no"],
            "status": values["status"]}


def insert_records(session: Session, rows: list[Values], employees: dict[str, int]) -> list[int]:
    """Insert records, returning their ids in order. A plain executemany, then one query for
    the new ids by (employee, title, start): several times faster than RETURNING per row."""
    if not rows:
        return []
    from sqlalchemy import func

    table = m.TrainingRecord.__table__
    as_text = session.get_bind().dialect.name == "sqlite"  # bulk_insert writes ISO text
    if as_text:
        ids = _insert_sqlite(session, table, rows, employees)
        if ids is not None:
            return ids
    params = [_columns(v, employees, as_text) for v in rows]
    keys = [(p["employee_id"], p["title"], _iso(p["start_date"])) for p in params]
    if len(set(keys)) != len(keys):
        for p in params if as_text else ():
            p["start_date"] = dt.date.fromisoformat(p["start_date"])
            p["end_date"] = dt.date.fromisoformat(p["end_date"])
        return list(session.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), params).scalars())
    before = session.scalar(select(func.coalesce(func.max(table.c.id), 0)))
    bulk_insert(session, table, params)
    if session.get_bind().dialect.name == "sqlite":
        # One writer holds the transaction and the key is a plain rowid: the new rows took
        # before+1 … before+n in order. Checked, not assumed; otherwise read them back.
        last, count = session.execute(select(func.max(table.c.id), func.count())
                                      .where(table.c.id > before)).one()
        if count == len(params) and last == before + len(params):
            return list(range(before + 1, last + 1))
    found = {(e, t, _iso(d)): i for i, e, t, d in session.execute(
        select(table.c.id, table.c.employee_id, table.c.title, table.c.start_date)
        .where(table.c.id > before))}
    return [found[k] for k in keys]


_RECORD_COLUMNS = ("employee_id", "title", "form_code", "provider", "start_date", "end_date",
                   "jp", "cost", "certificate_no", "status")


def _insert_sqlite(session: Session, table: Any, rows: list[Values],
                   employees: dict[str, int]) -> list[int] | None:
    """`insert_records` on SQLite: rows as tuples (dates as the ISO text SQLite stores) in one
    executemany; the new ids are the rowids after the largest one, checked. None (nothing
    written) when two rows share employee, title and start: the caller inserts them one by one."""
    from sqlalchemy import func

    tuples = [(employees[v["nip"]], v["title"], v["form_code"], v["provider"],
               _date(v["start_date"], True), _date(v["end_date"], True), v["jp"], v["cost"],
               v["certificate_no"], v["status"]) for v in rows]
    if len({(r[0], r[1], r[4]) for r in tuples}) != len(tuples):
        return None
    before = session.scalar(select(func.coalesce(func.max(table.c.id), 0)))
    insert_rows(session, table, _RECORD_COLUMNS, tuples)
    # One writer holds the transaction and the key is a plain rowid: the new rows took
    # before+1 … before+n in order. Checked, not assumed; otherwise read them back.
    last, count = session.execute(select(func.max(table.c.id), func.count())
                                  .where(table.c.id > before)).one()
    if count == len(tuples) and last == before + len(tuples):
        return list(range(before + 1, last + 1))
    found = {(e, t, str(d)): i for i, e, t, d in session.execute(
        select(table.c.id, table.c.employee_id, table.c.title,
               type_coerce(table.c.start_date, String)).where(table.c.id > before))}
    return [found[(r[0], r[1], r[4])] for r in tuples]


def update_record(session: Session, record_id: int, values: Values,
                  employees: dict[str, int]) -> None:
    session.execute(update(m.TrainingRecord).where(m.TrainingRecord.id == record_id)
                    .values(**_columns(values, employees)))


def delete_record(session: Session, record_id: int) -> None:
    session.execute(delete(m.TrainingRecord).where(m.TrainingRecord.id == record_id))


def save_key(session: Session, key: Key, new: bool = False, entity: str = ENTITY) -> None:
    values = {"local_id": key.local_id, "version": key.version,
              "version_values": canonical(key.version_values),
              "synced_version": key.synced_version,
              "synced_values": canonical(key.synced_values) if key.synced_values else None,
              "deleted": key.deleted, "locked": key.locked}
    if new:
        session.execute(insert(m.ExchangeKey).values(uid=key.uid, entity=entity, **values))
    else:
        session.execute(update(m.ExchangeKey).where(m.ExchangeKey.uid == key.uid).values(**values))


_FIELD_SET = frozenset(FIELDS)
_STATUSES = frozenset(("rencana", "selesai", "batal"))


def valid_values(values: Any) -> bool:
    """A record from a package has every field with a value of the right kind."""
    if type(values) is not dict or values.keys() != _FIELD_SET:
        return False
    try:
        start = dt.date.fromisoformat(values["start_date"])
        end = dt.date.fromisoformat(values["end_date"])
    except (TypeError, ValueError):
        return False
    title, jp, form = values["title"], values["jp"], values["form_code"]
    provider, certificate = values["provider"], values["certificate_no"]
    return (type(values["nip"]) is str and type(title) is str
            and 0 < len(title) <= 250 and not title.isspace()
            and isinstance(jp, int | float) and jp >= 0
            and isinstance(values["cost"], int) and type(values["status"]) is str
            and values["status"] in _STATUSES
            and end >= start
            and (form is None or type(form) is str)
            and (provider is None or type(provider) is str)
            and (certificate is None or type(certificate) is str))


def read_values_of(session: Session, record_id: int) -> Values:
    t, e = m.TrainingRecord, m.Employee
    session.flush()
    row = session.connection().execute(select(*_value_columns())
                                       .join(e, e.id == t.employee_id)
                                       .where(t.id == record_id)).one()
    return _value_row(row)[1]

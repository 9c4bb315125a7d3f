"""Training records as exchanged values, their stable ids and versions (exchange_keys).

One owner of the field list (FIELDS): building a package, applying one, merging and resolving
all read and write a record through `read_values` / `write_values` here.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
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


def canonical(values: Values | None) -> str:
    """Values as stored (JSON); every dict is built in FIELDS order, so equal values give equal
    text. One encoder for all calls: json.dumps with options builds a new one each time."""
    return _ENCODE(values)


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


def scope_nips(session: Session, unit_code: str | None) -> set[str] | None:
    """NIPs of the employees of the OPD with `unit_code` (any of its sub-units); None: all."""
    if unit_code is None:
        return None
    units = {uid: (pid, code) for uid, pid, code in session.execute(
        select(m.Unit.id, m.Unit.parent_id, m.Unit.code))}
    roots = root_of({uid: v[0] for uid, v in units.items()})
    match = [uid for uid, v in units.items() if v[1].casefold() == unit_code.casefold()]
    if not match:
        raise ExchangeError(f"Unit dengan kode '{unit_code}' tidak ditemukan.")
    root = roots[match[0]]
    in_scope = {uid for uid, r in roots.items() if r == root}
    return {nip for nip, unit in session.execute(select(m.Employee.nip, m.Employee.unit_id))
            if unit in in_scope}


def _value_row(row: Iterable[Any]) -> tuple[int, Values]:
    rid, *rest = row
    values = dict(zip(FIELDS, rest, strict=True))
    for key in ("start_date", "end_date"):
        values[key] = values[key].isoformat() if values[key] else None
    values["jp"] = float(values["jp"])
    values["cost"] = int(values["cost"] or 0)
    return rid, values


def read_values(session: Session, nips: set[str] | None) -> dict[int, Values]:
    """Current values of every training record in scope, by record id."""
    t, e = m.TrainingRecord, m.Employee
    stmt = select(t.id, e.nip, t.title, t.form_code, t.provider, t.start_date, t.end_date,
                  t.jp, t.cost, t.certificate_no, t.status).join(e, e.id == t.employee_id)
    out = {}
    for row in session.execute(stmt):
        rid, values = _value_row(row)
        if nips is None or values["nip"] in nips:
            out[rid] = values
    return out


def load_keys(session: Session, entity: str | None = ENTITY) -> dict[str, Key]:
    """The keys of one kind of record (training records by default; None: every kind)."""
    k = m.ExchangeKey
    out = {}
    stmt = select(k.uid, k.local_id, k.version, k.version_values, k.synced_version,
                  k.synced_values, k.deleted, k.locked)
    for row in session.execute(stmt if entity is None else stmt.where(k.entity == entity)):
        uid, local, version, vv, sv, svv, deleted, locked = row
        out[uid] = Key(uid, local, version, json.loads(vv), sv,
                       json.loads(svv) if svv else None, bool(deleted), bool(locked))
    return out


def refresh_versions(session: Session, nips: set[str] | None) -> dict[str, Key]:
    """Give every record in scope a stable id, and a new version when its values changed since
    its last version; a record deleted here becomes a tombstone. Returns the keys by uid."""
    current = read_values(session, nips)
    keys = load_keys(session)
    by_local = {k.local_id: k for k in keys.values() if k.local_id is not None}
    inserts, updates = [], []
    for rid, values in current.items():
        key = by_local.get(rid)
        if key is None:
            key = Key(str(uuid.uuid4()), rid, 1, values, 0, None, False, False)
            keys[key.uid] = key
            inserts.append({"uid": key.uid, "entity": ENTITY, "local_id": rid, "version": 1,
                            "version_values": canonical(values), "synced_version": 0,
                            "deleted": False, "locked": False})
        elif values != key.version_values:
            key.version += 1
            key.version_values = values
            updates.append({"b_uid": key.uid, "b_version": key.version,
                            "b_values": canonical(values), "b_local": rid, "b_deleted": False})
    for key in keys.values():
        if key.local_id is not None and key.local_id not in current and not key.deleted and (
                nips is None or key.version_values.get("nip") in nips):
            key.version += 1
            key.deleted, key.local_id = True, None
            updates.append({"b_uid": key.uid, "b_version": key.version,
                            "b_values": canonical(key.version_values), "b_local": None,
                            "b_deleted": True})
    table = m.ExchangeKey.__table__
    bulk_insert(session, table, inserts)
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
    sql = (f"INSERT INTO {table.name} ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    dates = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, Date)]
    pick = itemgetter(*columns)  # every table here has several columns: pick gives tuples
    values = [pick(r) for r in rows]
    if dates:
        def iso(row: tuple[Any, ...]) -> tuple[Any, ...]:
            out = list(row)
            for i in dates:
                if out[i] is not None:
                    out[i] = out[i].isoformat()
            return tuple(out)

        values = [iso(v) for v in values]
    session.connection().exec_driver_sql(sql, values)


def employee_ids(session: Session) -> dict[str, int]:
    return dict(session.execute(select(m.Employee.nip, m.Employee.id)).all())


def _columns(values: Values, employees: dict[str, int]) -> dict[str, Any]:
    return {"employee_id": employees[values["nip"]], "title": values["title"],
            "form_code": values["form_code"], "provider": values["provider"],
            "start_date": dt.date.fromisoformat(values["start_date"]),
            "end_date": dt.date.fromisoformat(values["end_date"]), "jp": values["jp"],
            "cost": values["cost"], "certificate_no": values["certificate_no"],
            "status": values["status"]}


def insert_records(session: Session, rows: list[Values], employees: dict[str, int]) -> list[int]:
    """Insert records, returning their ids in order. A plain executemany, then one query for
    the new ids by (employee, title, start): several times faster than RETURNING per row."""
    if not rows:
        return []
    from sqlalchemy import func

    table = m.TrainingRecord.__table__
    params = [_columns(v, employees) for v in rows]
    keys = [(p["employee_id"], p["title"], p["start_date"]) for p in params]
    if len(set(keys)) != len(keys):
        return list(session.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), params).scalars())
    before = session.scalar(select(func.coalesce(func.max(table.c.id), 0)))
    bulk_insert(session, table, params)
    found = {(e, t, d): i for i, e, t, d in session.execute(
        select(table.c.id, table.c.employee_id, table.c.title, table.c.start_date)
        .where(table.c.id > before))}
    return [found[k] for k in keys]


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


def valid_values(values: Any) -> bool:
    """A record from a package has every field with a value of the right kind."""
    if not isinstance(values, dict) or set(values) != set(FIELDS):
        return False
    try:
        dt.date.fromisoformat(values["start_date"])
        end = dt.date.fromisoformat(values["end_date"])
    except (TypeError, ValueError):
        return False
    return (isinstance(values["nip"], str) and isinstance(values["title"], str)
            and bool(values["title"].strip()) and len(values["title"]) <= 250
            and isinstance(values["jp"], int | float) and values["jp"] >= 0
            and isinstance(values["cost"], int) and values["status"] in ("rencana", "selesai",
                                                                          "batal")
            and end >= dt.date.fromisoformat(values["start_date"])
            and all(values[f] is None or isinstance(values[f], str)
                    for f in ("form_code", "provider", "certificate_no")))


def read_values_of(session: Session, record_id: int) -> Values:
    t, e = m.TrainingRecord, m.Employee
    row = session.execute(select(t.id, e.nip, t.title, t.form_code, t.provider, t.start_date,
                                 t.end_date, t.jp, t.cost, t.certificate_no, t.status)
                          .join(e, e.id == t.employee_id).where(t.id == record_id)).one()
    return _value_row(row)[1]

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


def canonical(values: Values | None) -> str:
    return json.dumps(values, sort_keys=True, ensure_ascii=False)


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


def load_keys(session: Session) -> dict[str, Key]:
    k = m.ExchangeKey
    out = {}
    for row in session.execute(select(k.uid, k.local_id, k.version, k.version_values,
                                      k.synced_version, k.synced_values, k.deleted, k.locked)
                               .where(k.entity == ENTITY)):
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
    if inserts:
        session.execute(insert(table), inserts)
    if updates:
        from sqlalchemy import bindparam

        session.execute(update(table).where(table.c.uid == bindparam("b_uid")).values(
            version=bindparam("b_version"), version_values=bindparam("b_values"),
            local_id=bindparam("b_local"), deleted=bindparam("b_deleted")), updates)
    return keys


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
    if not rows:
        return []
    table = m.TrainingRecord.__table__
    return list(session.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True),
        [_columns(v, employees) for v in rows]).scalars())


def update_record(session: Session, record_id: int, values: Values,
                  employees: dict[str, int]) -> None:
    session.execute(update(m.TrainingRecord).where(m.TrainingRecord.id == record_id)
                    .values(**_columns(values, employees)))


def delete_record(session: Session, record_id: int) -> None:
    session.execute(delete(m.TrainingRecord).where(m.TrainingRecord.id == record_id))


def save_key(session: Session, key: Key, new: bool = False) -> None:
    values = {"local_id": key.local_id, "version": key.version,
              "version_values": canonical(key.version_values),
              "synced_version": key.synced_version,
              "synced_values": canonical(key.synced_values) if key.synced_values else None,
              "deleted": key.deleted, "locked": key.locked}
    if new:
        session.execute(insert(m.ExchangeKey).values(uid=key.uid, entity=ENTITY, **values))
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

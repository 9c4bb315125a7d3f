"""What packages carry besides training records (issue 14): the OPD's IDP drafts (OPD → BKPP)
and the BKPP's reference data — competency dictionary, position standards, catalogue and
thresholds (BKPP → OPD).

Each record has a stable id derived from its natural key (uuid5 of the kind and, e.g., the
competency code or the NIP and year), so the same record on two databases has the same id
without a first exchange; a version that grows when its values change; tombstones for
deletions. Ownership decides instead of field merging: the owner's version wins, and a
receiver refuses (with the reason) what it must protect — an approved or locked IDP, a
competency still used by assessments or standards, a position that does not exist here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from karier_desktop.services.exchange import _records as rec
from karier_desktop.services.exchange._part_base import (
    Kind,
    expect_competencies,
    reset_cache,
    stable_uid,
)
from karier_desktop.services.exchange._part_idp import read_idps, remove_idp, write_idp
from karier_desktop.services.exchange._part_reference import (
    read_competencies,
    read_programmes,
    read_standards,
    read_thresholds,
    remove_competency,
    remove_programme,
    remove_standard,
    remove_threshold,
    write_competency,
    write_programme,
    write_standard,
    write_threshold,
)

KINDS = (
    Kind("kompetensi", "kompetensi.json", "bkpp", "Kamus kompetensi", read_competencies,
         write_competency, remove_competency, lambda v: f"Kompetensi {v['code']} {v['name']}"),
    Kind("standar", "standar.json", "bkpp", "Standar kompetensi jabatan", read_standards,
         write_standard, remove_standard, lambda v: f"Standar {v['position']} ({v['unit']})"),
    Kind("program", "katalog.json", "bkpp", "Katalog pelatihan", read_programmes,
         write_programme, remove_programme, lambda v: f"Program {v['code']} {v['title']}"),
    Kind("ambang", "ambang.json", "bkpp", "Ambang dan pengaturan", read_thresholds,
         write_threshold, remove_threshold, lambda v: f"Pengaturan {v['key']}"),
    Kind("idp", "idp.json", "opd", "Draf IDP", read_idps, write_idp, remove_idp,
         lambda v: f"Draf IDP {v['year']}"),
)
BY_ENTITY = {k.entity: k for k in KINDS}
BY_PART = {k.part: k for k in KINDS}


def kinds_sent_by(sender_is_bkpp: bool) -> tuple[Kind, ...]:
    return tuple(k for k in KINDS if (k.owner == "bkpp") == sender_is_bkpp)


def outgoing(session: Session, kind: Kind, scope: set[str] | None,
             everything: bool = False) -> list[dict[str, Any]]:
    """Give every record of `kind` in scope its version (a new one when its values changed,
    a tombstone when it is gone) and return those the peer has not agreed to yet (with
    `everything`, all of them and every tombstone)."""
    current = kind.read(session, scope)
    keys = rec.load_keys(session, kind.entity)
    out = []
    for uid, (local, values) in current.items():
        key = keys.get(uid)
        if key is None:
            key = rec.Key(uid, local, 1, values, 0, None, False, False)
            rec.save_key(session, key, new=True, entity=kind.entity)
        elif values != key.version_values or key.deleted:
            key.version, key.version_values, key.deleted, key.local_id = (
                key.version + 1, values, False, local)
            rec.save_key(session, key)
        if everything or key.version > key.synced_version:
            out.append({"uid": uid, "version": key.version, "base": key.synced_version,
                        "deleted": False, "values": values})
    for uid, key in keys.items():
        if uid in current or (scope is not None and key.version_values.get("nip") not in scope
                              and "nip" in key.version_values):
            continue
        if not key.deleted:
            key.version, key.deleted, key.local_id = key.version + 1, True, None
            rec.save_key(session, key)
        if everything or key.version > key.synced_version:
            out.append({"uid": uid, "version": key.version, "base": key.synced_version,
                        "deleted": True, "values": key.version_values})
    return out


def classify(session: Session, kind: Kind, incoming: Any) -> list[tuple[str, str, str,
                                                                         dict[str, Any]]]:
    """(uid, status, reason, record) per incoming record of `kind`; changes nothing."""
    from karier_desktop.services.exchange.packages import CHANGED, NEW, REFUSED, SAME

    if not isinstance(incoming, list):
        return [("", REFUSED, f"{kind.label}: isi tidak terbaca", {})]
    current = kind.read(session, None)
    keys = rec.load_keys(session, kind.entity)
    out = []
    for r in incoming:
        if not isinstance(r, dict) or not isinstance(r.get("values"), dict) \
                or not isinstance(r.get("version"), int) or not r.get("uid"):
            out.append(("", REFUSED, f"{kind.label}: isi tidak lengkap atau tidak sah", {}))
            continue
        uid, values = str(r["uid"]), r["values"]
        key = keys.get(uid)
        mine = current.get(uid, (None, None))[1]
        if key is not None and r["version"] <= key.synced_version:
            out.append((uid, SAME, "sudah diterima sebelumnya", r))
        elif (None if r.get("deleted") else values) == mine:
            out.append((uid, SAME, "", r))
        else:
            try:
                reason = (kind.remove if r.get("deleted") else kind.write)(session, values, True)
            except (KeyError, TypeError, ValueError, AttributeError):
                reason = "isi tidak sah"
            if reason:
                out.append((uid, REFUSED, reason, r))
            else:
                out.append((uid, NEW if mine is None and not r.get("deleted") else CHANGED, "",
                            r))
    return out


def apply_one(session: Session, kind: Kind, uid: str, record: dict[str, Any]) -> str | None:
    """Write one incoming record (or its tombstone) and agree on its version. Returns the
    reason when this side refuses it: the checks run before any write, so nothing of a
    refused record is written."""
    values = record["values"]
    deleted = bool(record.get("deleted"))
    try:
        reason = (kind.remove if deleted else kind.write)(session, values, False)
    except (KeyError, TypeError, ValueError, AttributeError):
        reason = "isi tidak sah"
    if reason:
        return reason
    session.flush()
    key = rec.load_keys(session, kind.entity).get(uid)
    version = int(record["version"])
    local = None  # the natural key finds the row; reading every row again here costs O(n²)
    if key is None:
        key = rec.Key(uid, local, version, values, version, None if deleted else values,
                      deleted, False)
        rec.save_key(session, key, new=True, entity=kind.entity)
    else:
        key.version = max(key.version, version)
        key.version_values, key.local_id, key.deleted = values, local, deleted
        key.synced_version, key.synced_values = version, None if deleted else values
        rec.save_key(session, key)
    return None


__all__ = ["BY_ENTITY", "BY_PART", "KINDS", "Kind", "apply_one", "classify", "expect_competencies",
           "kinds_sent_by", "outgoing", "reset_cache", "stable_uid"]

"""Applying a checked package (all or nothing), receipts, conflicts and the per-OPD status."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from karier_desktop.services import audit, collector
from karier_desktop.services.exchange import _parts
from karier_desktop.services.exchange import _records as rec
from karier_desktop.services.exchange.package_format import seal
from karier_desktop.services.exchange.packages import (
    BKPP,
    CHANGED,
    CONFLICT,
    NEW,
    RECEIPT,
    REFUSED,
    SAME,
    Preview,
    _log,
    _manifest,
    _next_sequence,
    identity,
)
from karier_desktop.store import models as m


@dataclass(frozen=True)
class Applied:
    summary: str
    receipt: bytes | None  # the package to send back (None for an applied receipt)
    conflicts: int
    refused: int


def _backup(session: Session) -> None:
    from karier_desktop.services.safety import backup_now
    from karier_desktop.store.db import sqlite_path

    path = sqlite_path(session.get_bind())  # type: ignore[arg-type]
    if path is not None and path.exists():
        backup_now(path, reason="paket")


@collector.paused()
def apply(session: Session, checked: Preview, passphrase: str, backup: bool = True) -> Applied:
    """Apply the package checked by `preview` in the caller's transaction."""
    manifest = checked.manifest
    if backup:
        _backup(session)
    if checked.kind == RECEIPT:
        return _apply_receipt(session, checked)
    peer, sequence = manifest["sender"], manifest["sequence"]
    keys = rec.load_keys(session)
    _parts.reset_cache(session)
    by_local = {k.local_id: k for k in keys.values() if k.local_id is not None}
    employees = rec.employee_ids(session)
    new_rows, new_keys = [], []
    for item in checked.items:
        if item.status in (REFUSED,):
            continue
        if item.entity != rec.ENTITY:  # IDP drafts and reference data: the owner's version
            if item.status in (NEW, CHANGED):
                reason = _parts.apply_one(session, _parts.BY_ENTITY[item.entity], item.uid,
                                          item.incoming)
                if reason:
                    item.status, item.reason = REFUSED, reason
            continue
        incoming = item.incoming
        values, version = incoming["values"], incoming["version"]
        key = keys.get(item.uid)
        if item.link is not None:
            local = by_local.get(item.link)  # an id given here, never exchanged: take theirs
            key = rec.Key(item.uid, item.link, 0, rec.read_values_of(session, item.link), 0,
                          None, False, bool(local and local.locked))
            if local is not None:
                session.execute(update(m.ExchangeKey).where(m.ExchangeKey.uid == local.uid)
                                .values(uid=item.uid))
                rec.save_key(session, key)
            else:
                rec.save_key(session, key, new=True)
        if item.status == NEW:
            new_rows.append(values)
            new_keys.append(rec.Key(item.uid, None, version, values, version, values, False,
                                    bool(incoming.get("locked"))))
            continue
        if key is None:
            continue  # a tombstone of a record never seen here
        deleted = bool(incoming.get("deleted"))
        if item.status == CHANGED and not item.merged:
            if deleted:
                if key.local_id is not None:
                    rec.delete_record(session, key.local_id)
                key.local_id, key.deleted = None, True
            elif key.local_id is None:
                key.local_id = rec.insert_records(session, [values], employees)[0]
                key.deleted = False
            else:
                rec.update_record(session, key.local_id, values, employees)
            key.version_values = values
            key.version = max(key.version, version)
        elif item.status in (CHANGED, CONFLICT) and key.local_id is not None and not deleted:
            mine = rec.read_values_of(session, key.local_id)
            base = key.synced_values if incoming["base"] == key.synced_version else (
                key.version_values if incoming["base"] == key.version else None)
            merged = dict(mine)
            for f in rec.FIELDS:
                if f in item.conflicts:
                    continue
                if base is None or values[f] != base.get(f):
                    merged[f] = values[f]
            rec.update_record(session, key.local_id, merged, employees)
            key.version = max(key.version, version) + 1  # our side goes back to the peer
            key.version_values = merged
        for f in item.conflicts:
            ours = rec.read_values_of(session, key.local_id) if key.local_id else None
            session.add(m.ExchangeConflict(
                uid=item.uid, field=f, peer=peer, sequence=sequence,
                ours=json.dumps(ours[f] if ours and f != "_hapus" else ours),
                theirs=json.dumps(values[f] if f != "_hapus" and not incoming.get("deleted")
                                  else (None if incoming.get("deleted") else values))))
        key.synced_version = max(key.synced_version, version)
        key.synced_values = None if incoming.get("deleted") else values
        key.locked = key.locked or (peer == BKPP and bool(incoming.get("locked")))
        rec.save_key(session, key)
    ids = rec.insert_records(session, new_rows, employees)
    if new_keys:
        texts = rec.canonical_many([k.version_values for k in new_keys])
        rec.insert_rows(session, m.ExchangeKey.__table__,
                        ("uid", "entity", "local_id", "version", "version_values",
                         "synced_version", "synced_values", "deleted", "locked"),
                        [(key.uid, rec.ENTITY, rid, key.version, text, key.synced_version,
                          text, False, key.locked)  # the same values on both sides
                         for key, rid, text in zip(new_keys, ids, texts, strict=True)])
    summary = checked.summary()
    _log(session, "masuk", manifest, checked.package.sha256, summary)
    audit.record(session, "paket-terapkan", "paket", sequence, sender=peer, summary=summary)
    receipt = _receipt(session, checked, passphrase)
    return Applied(summary, receipt, checked.count(CONFLICT), checked.count(REFUSED))


def _receipt(session: Session, checked: Preview, passphrase: str) -> bytes:
    import hashlib

    me, peer = identity(session), checked.manifest["sender"]
    sequence = _next_sequence(session, me, peer)
    manifest = _manifest(session, me, peer, RECEIPT, sequence)
    manifest["of_sequence"] = checked.manifest["sequence"]
    results = [{"uid": i.uid, "version": i.incoming.get("version"), "status": i.status,
                "reason": i.reason} for i in checked.items]
    data = seal(manifest, {"tanda_terima.json": json.dumps(results).encode()}, passphrase,
                salt=checked.package.salt)
    _log(session, "keluar", manifest, hashlib.sha256(data).hexdigest(),
         f"tanda terima paket nomor {checked.manifest['sequence']}")
    return data


def _apply_receipt(session: Session, checked: Preview) -> Applied:
    results = checked.package.json_part("tanda_terima.json") or []
    keys = rec.load_keys(session, None)  # training records, IDP drafts and reference data
    accepted = refused = 0
    for r in results:
        key = keys.get(str(r.get("uid"))) if isinstance(r, dict) else None
        if key is None or r.get("status") == REFUSED:
            refused += r.get("status") == REFUSED if isinstance(r, dict) else 0
            continue
        version = r.get("version")
        if isinstance(version, int) and version > key.synced_version and version == key.version:
            key.synced_version, key.synced_values = version, (
                None if key.deleted else key.version_values)
            rec.save_key(session, key)
            accepted += 1
    summary = (f"tanda terima paket nomor {checked.manifest.get('of_sequence')}: {accepted} "
               f"diterima, {refused} ditolak")
    _log(session, "masuk", checked.manifest, checked.package.sha256, summary)
    return Applied(summary, None, 0, refused)


# --- conflicts -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConflictRow:
    id: int
    uid: str
    peer: str
    nip: str
    title: str
    field: str
    field_label: str
    ours: Any
    theirs: Any


def open_conflicts(session: Session) -> list[ConflictRow]:
    c, k = m.ExchangeConflict, m.ExchangeKey
    out = []
    for cid, uid, peer, fld, ours, theirs, vv in session.execute(
            select(c.id, c.uid, c.peer, c.field, c.ours, c.theirs, k.version_values)
            .join(k, k.uid == c.uid).where(c.status == "terbuka").order_by(c.id)):
        values = json.loads(vv)
        out.append(ConflictRow(cid, uid, peer, values.get("nip", ""), values.get("title", ""),
                               fld, rec.FIELD_LABELS.get(fld, fld), json.loads(ours or "null"),
                               json.loads(theirs or "null")))
    return out


def resolve_conflict(session: Session, conflict_id: int, choice: str) -> None:
    """The clerk's choice for one field: "kami" keeps the value here, "mereka" takes the peer's.
    Either way the record gets a new version, so the choice travels in the next package."""
    if choice not in ("kami", "mereka"):
        raise rec.ExchangeError("Pilihan harus 'kami' atau 'mereka'.")
    conflict = session.get(m.ExchangeConflict, conflict_id)
    if conflict is None or conflict.status != "terbuka":
        raise rec.ExchangeError("Konflik tidak ditemukan atau sudah diselesaikan.")
    key = rec.load_keys(session)[conflict.uid]
    theirs = json.loads(conflict.theirs or "null")
    employees = rec.employee_ids(session)
    if choice == "mereka" and key.local_id is None and theirs is not None:
        key.local_id = rec.insert_records(session, [theirs], employees)[0]
        key.deleted = False
    elif choice == "mereka" and key.local_id is not None:
        if conflict.field == "_hapus":
            if theirs is None:
                rec.delete_record(session, key.local_id)
                key.local_id, key.deleted = None, True
            else:
                rec.update_record(session, key.local_id, theirs, employees)
        else:
            values = rec.read_values_of(session, key.local_id)
            values[conflict.field] = theirs
            rec.update_record(session, key.local_id, values, employees)
    current = rec.read_values_of(session, key.local_id) if key.local_id else key.version_values
    key.version += 1
    key.version_values = current
    rec.save_key(session, key)
    conflict.status, conflict.chosen = "selesai", choice
    audit.record(session, "paket-konflik", "pelatihan", key.local_id, field=conflict.field,
                 choice=choice)


# --- the screen's figures --------------------------------------------------------------------
@dataclass(frozen=True)
class PeerStatus:
    peer: str
    last_sequence: int | None
    last_at: Any
    last_summary: str
    open_conflicts: int


def peer_status(session: Session) -> list[PeerStatus]:
    """Per peer (each OPD at the BKPP; the BKPP at an OPD): the last package received and the
    conflicts still open."""
    me = identity(session)
    lg, c = m.ExchangeLog, m.ExchangeConflict
    last: dict[str, tuple[int, Any, str]] = {}
    for sender, seq, at, summary in session.execute(
            select(lg.sender, lg.sequence, lg.at, lg.summary)
            .where(lg.direction == "masuk", lg.recipient == me).order_by(lg.sequence)):
        last[sender] = (seq, at, summary)
    conflicts = dict(session.execute(select(c.peer, func.count()).where(c.status == "terbuka")
                                     .group_by(c.peer)).all())
    peers = sorted(set(last) | set(conflicts))
    return [PeerStatus(p, last.get(p, (None,))[0], last.get(p, (None, None))[1],
                       last.get(p, (None, None, ""))[2], int(conflicts.get(p, 0)))
            for p in peers]


def approve(session: Session, record_ids: list[int]) -> int:
    """BKPP: lock records so that no OPD package changes them any more."""
    if identity(session) != BKPP:
        raise rec.ExchangeError("Hanya BKPP yang dapat menyetujui (mengunci) catatan.")
    rec.refresh_versions(session, None)
    keys = [k for k in rec.load_keys(session).values() if k.local_id in set(record_ids)]
    for key in keys:
        key.locked = True
        rec.save_key(session, key)
    audit.record(session, "paket-kunci", "pelatihan", None, records=len(keys))
    return len(keys)


@dataclass(frozen=True)
class LockCount:
    """Training records of one OPD: how many, and how many approved (locked) at the BKPP."""

    code: str
    name: str
    records: int
    locked: int


def lock_records(session: Session, opd: str | None = None, year: int | None = None) -> int:
    """BKPP: approve and lock the completed training records of OPD `opd` (every OPD when
    None), of `year` when given (by start date), so that no OPD package changes them any more.
    Returns how many records were newly locked (already locked ones are not counted)."""
    if identity(session) != BKPP:
        raise rec.ExchangeError("Hanya BKPP yang dapat menyetujui (mengunci) catatan.")
    if year is not None and not 2000 <= year <= 2100:
        raise rec.ExchangeError("Tahun harus antara 2000 dan 2100.")
    nips = rec.scope_nips(session, opd)  # refuses an unknown unit code
    keys = rec.refresh_versions(session, nips)
    t = m.TrainingRecord
    stmt = select(t.id).where(t.status == "selesai")
    if year is not None:
        stmt = stmt.where(t.start_date >= dt.date(year, 1, 1), t.start_date <= dt.date(year, 12, 31))
    wanted = set(session.scalars(stmt))
    fresh = [k for k in keys.values() if k.local_id in wanted and not k.locked
             and (nips is None or k.version_values.get("nip") in nips)]
    for key in fresh:
        key.locked = True
        rec.save_key(session, key)
    audit.record(session, "paket-kunci", "pelatihan", None, records=len(fresh), opd=opd or "",
                 year=year)
    return len(fresh)


def lock_counts(session: Session) -> list[LockCount]:
    """Per OPD: training records and how many of them are locked (for the screen)."""
    from karier_desktop.services.employees import root_of

    units = {uid: (pid, code, name) for uid, pid, code, name in session.execute(
        select(m.Unit.id, m.Unit.parent_id, m.Unit.code, m.Unit.name))}
    roots = root_of({uid: v[0] for uid, v in units.items()})
    locked_ids = set(session.scalars(select(m.ExchangeKey.local_id).where(
        m.ExchangeKey.entity == rec.ENTITY, m.ExchangeKey.locked.is_(True),
        m.ExchangeKey.local_id.is_not(None))))
    counts: dict[int, list[int]] = {}
    for rid, unit in session.execute(select(m.TrainingRecord.id, m.Employee.unit_id)
                                     .join(m.Employee, m.Employee.id == m.TrainingRecord.employee_id)):
        root = roots.get(unit) if unit is not None else None
        if root is None:
            continue
        acc = counts.setdefault(root, [0, 0])
        acc[0] += 1
        acc[1] += rid in locked_ids
    return sorted((LockCount(units[r][1], units[r][2], n, k) for r, (n, k) in counts.items()),
                  key=lambda c: c.name)


__all__ = ["Applied", "ConflictRow", "LockCount", "PeerStatus", "SAME", "apply", "approve",
           "lock_counts", "lock_records", "open_conflicts", "peer_status", "resolve_conflict"]

"""OPD ↔ BKPP exchange packages: make, check (dry run), apply all-or-nothing, receipts.

The OPD owns its training records; the BKPP approves (locks) them. A data package carries the
records of one OPD changed since the two sides last agreed: stable id, version, base version,
values, or a tombstone. Applying one, per record:

- unknown here: `baru`; already seen (version ≤ the agreed one): `tidak berubah`;
- changed there only: `berubah`; changed on both sides in different fields: `berubah`, merged
  and flagged; the same field changed both ways: `konflik`, the field queued for a choice;
- locked at the BKPP, or for an employee unknown here, or malformed: `ditolak` with the reason.

Package-level refusals (wrong recipient, replayed or old sequence number, newer schema) change
nothing. `apply` writes everything in the caller's transaction and returns the receipt package
that tells the sender what became of each record.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop import __version__
from karier_desktop.services import audit, collector
from karier_desktop.services.exchange import _parts
from karier_desktop.services.exchange import _records as rec
from karier_desktop.services.exchange.package_format import PackageError, open_package, seal
from karier_desktop.store import models as m
from karier_desktop.store.revision import HEAD_REVISION

BKPP = "BKPP"
IDENTITY_KEY = "exchange_identity"
NEW, CHANGED, SAME, CONFLICT, REFUSED = "baru", "berubah", "tidak berubah", "konflik", "ditolak"
STATUSES = (NEW, CHANGED, SAME, CONFLICT, REFUSED)
DATA, RECEIPT = "data", "tanda_terima"


# --- who we are --------------------------------------------------------------------------------
def identity(session: Session) -> str:
    """This database's unit in exchanges: "BKPP" (the default) or an OPD's code."""
    raw = session.get(m.Setting, IDENTITY_KEY)
    return json.loads(raw.value)["unit"] if raw else BKPP


def set_identity(session: Session, unit: str) -> None:
    unit = unit.strip().upper() if unit.strip().upper() == BKPP else unit.strip()
    if unit != BKPP:
        rec.scope_nips(session, unit)  # refuses an unknown unit code
    row = session.get(m.Setting, IDENTITY_KEY)
    value = json.dumps({"unit": unit})
    if row is None:
        session.add(m.Setting(key=IDENTITY_KEY, value=value))
    else:
        row.value = value
    session.flush()


def reference_version(session: Session) -> str:
    forms = session.execute(select(m.DevelopmentForm.code, m.DevelopmentForm.siasn_id)
                            .order_by(m.DevelopmentForm.code)).all()
    import hashlib

    return hashlib.sha256(repr(forms).encode()).hexdigest()[:16]


def _next_sequence(session: Session, me: str, peer: str) -> int:
    last = session.scalar(select(func.max(m.ExchangeLog.sequence)).where(
        m.ExchangeLog.direction == "keluar", m.ExchangeLog.sender == me,
        m.ExchangeLog.recipient == peer))
    return (last or 0) + 1


def _manifest(session: Session, me: str, peer: str, kind: str, sequence: int) -> dict[str, Any]:
    return {"app": "Karier ASN", "app_version": __version__, "schema": HEAD_REVISION,
            "reference": reference_version(session), "sender": me, "recipient": peer,
            "kind": kind, "sequence": sequence,
            "created": dt.datetime.now().replace(microsecond=0).isoformat()}


def _log(session: Session, direction: str, manifest: dict[str, Any], digest: str,
         summary: str) -> None:
    session.add(m.ExchangeLog(direction=direction, kind=manifest["kind"],
                              sender=manifest["sender"], recipient=manifest["recipient"],
                              sequence=manifest["sequence"], sha256=digest, summary=summary))
    session.flush()


# --- making a package --------------------------------------------------------------------------
@dataclass(frozen=True)
class Made:
    data: bytes
    sequence: int
    records: int
    tombstones: int
    recipient: str


@collector.paused()
def make_package(session: Session, passphrase: str, opd: str | None = None) -> Made:
    """The data package for the peer: an OPD sends its own records to the BKPP; the BKPP sends
    the records of OPD `opd` to that OPD. Records already agreed with the peer stay out."""
    import hashlib

    me = identity(session)
    if me == BKPP:
        if not opd:
            raise rec.ExchangeError("Sebutkan OPD tujuan paket (--opd KODE).")
        peer, scope = opd, opd
    else:
        peer, scope = BKPP, me
    nips = rec.scope_nips(session, scope)
    keys = rec.refresh_versions(session, nips)
    waiting = set(session.scalars(select(m.ExchangeConflict.uid)
                                  .where(m.ExchangeConflict.status == "terbuka")))
    records = [key for key in keys.values()
               if key.version > key.synced_version and key.version_values.get("nip") in nips
               and key.uid not in waiting]  # a field waiting for a choice goes once chosen
    tombstones = sum(1 for key in records if key.deleted)
    parts = {"pelatihan.json": rec.package_records(records)}
    counts = {"records": len(records), "tombstones": tombstones}
    for kind in _parts.kinds_sent_by(me == BKPP):
        # The OPD's IDP drafts go once agreed; the BKPP's reference data (small, shared by
        # every OPD) goes whole each time and each OPD keeps what it already has.
        rows = _parts.outgoing(session, kind, nips if kind.owner == "opd" else None,
                               everything=kind.owner == "bkpp")
        parts[kind.part] = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()
        counts[kind.entity] = len(rows)
    sequence = _next_sequence(session, me, peer)
    manifest = _manifest(session, me, peer, DATA, sequence)
    manifest["counts"] = counts
    data = seal(manifest, parts, passphrase)
    _log(session, "keluar", manifest, hashlib.sha256(data).hexdigest(),
         f"{len(records)} catatan, {tombstones} penghapusan")
    audit.record(session, "paket-buat", "paket", sequence, recipient=peer, records=len(records))
    return Made(data, sequence, len(records), tombstones, peer)


# --- checking one ------------------------------------------------------------------------------
@dataclass
class Item:
    uid: str
    nip: str
    title: str
    status: str
    reason: str = ""
    conflicts: tuple[str, ...] = ()
    merged: bool = False
    link: int | None = None  # a record here without an id yet, the same training (NIP, name, date)
    incoming: dict[str, Any] = field(default_factory=dict, repr=False)
    entity: str = rec.ENTITY  # "pelatihan", or a kind of services.exchange._parts


@dataclass
class Preview:
    package: Any
    manifest: dict[str, Any]
    items: list[Item]

    @property
    def kind(self) -> str:
        return str(self.manifest["kind"])

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    def summary(self) -> str:
        if self.kind == RECEIPT:
            return f"tanda terima paket nomor {self.manifest['of_sequence']}"
        return ", ".join(f"{self.count(s)} {s}" for s in STATUSES)


def _refuse_package(session: Session, manifest: dict[str, Any]) -> None:
    me = identity(session)
    if manifest.get("recipient") != me:
        raise PackageError(f"Paket ini untuk {manifest.get('recipient')}, bukan untuk {me}. "
                           "Tidak ada data yang diubah.")
    if str(manifest.get("schema", "")) > HEAD_REVISION:
        raise PackageError("Paket dibuat oleh versi aplikasi yang lebih baru; perbarui aplikasi "
                           "lebih dulu. Tidak ada data yang diubah.")
    sender, sequence = manifest.get("sender"), manifest.get("sequence")
    if not isinstance(sequence, int) or not isinstance(sender, str):
        raise PackageError("Manifes paket tidak lengkap. Tidak ada data yang diubah.", 2)
    last = session.scalar(select(func.max(m.ExchangeLog.sequence)).where(
        m.ExchangeLog.direction == "masuk", m.ExchangeLog.sender == sender,
        m.ExchangeLog.recipient == me)) or 0
    if sequence <= last:
        raise PackageError(f"Paket nomor {sequence} dari {sender} sudah pernah diterapkan atau "
                           f"lebih lama dari yang terakhir diterima (nomor {last}); paket ulang "
                           "ditolak. Tidak ada data yang diubah.")


def natural_key(values: rec.Values) -> tuple[str, str, str]:
    return (values["nip"], " ".join(str(values["title"]).split()).casefold(),
            str(values["start_date"]))


def _classify(key: rec.Key | None, incoming: dict[str, Any], current: dict[int, rec.Values],
              employees: dict[str, int], forms: set[str], from_opd: bool,
              links: dict[tuple[str, str, str], int],
              locked_links: set[int] | None = None) -> Item:
    values = incoming.get("values")
    uid = str(incoming.get("uid", ""))
    if not rec.valid_values(values) or not isinstance(incoming.get("version"), int) \
            or not isinstance(incoming.get("base"), int) or not uid:
        return Item(uid, "", "", REFUSED, "isi catatan tidak lengkap atau tidak sah")
    item = Item(uid, values["nip"], values["title"], SAME, incoming=incoming)
    if values["nip"] not in employees:
        item.status, item.reason = REFUSED, f"pegawai NIP {values['nip']} tidak ada di sini"
        return item
    if values["form_code"] is not None and values["form_code"] not in forms:
        item.status, item.reason = REFUSED, f"jenis pelatihan {values['form_code']} tidak dikenal"
        return item
    if key is None:
        link = links.get(natural_key(values)) if links else None
        if link is None or incoming.get("deleted"):
            item.status = SAME if incoming.get("deleted") else NEW
            item.reason = "sudah dihapus di kedua pihak" if incoming.get("deleted") else ""
            return item
        item.link = link  # known here already: compare as if both had changed it
        key = rec.Key(uid, link, 0, current[link], 0, None, False,
                      link in (locked_links or set()))
    version, base = incoming["version"], incoming["base"]
    if version <= key.synced_version:
        item.reason = "sudah diterima sebelumnya"
        return item
    mine = current.get(key.local_id) if key.local_id is not None else None
    theirs = None if incoming.get("deleted") else values
    if mine == theirs:  # the same values: nothing to refuse, even when locked
        return item
    if key.locked and from_opd:
        item.status, item.reason = REFUSED, "catatan sudah disetujui/dikunci BKPP"
        return item
    if base == key.synced_version:
        base_values = key.synced_values
    elif base == key.version:
        base_values = key.version_values
    else:
        base_values = None
    if base_values is not None and mine == base_values:
        item.status = CHANGED  # changed there only (or deleted there only)
        return item
    if mine is None or theirs is None:
        item.status, item.conflicts = CONFLICT, ("_hapus",)
        item.reason = "dihapus di satu pihak, diubah di pihak lain"
        return item
    conflicts = []
    for f in rec.FIELDS:
        if theirs[f] == mine[f]:
            continue
        if base_values is None or (theirs[f] != base_values.get(f) and mine[f] != base_values.get(f)):
            conflicts.append(f)
    if conflicts:
        item.status, item.conflicts = CONFLICT, tuple(conflicts)
        item.reason = "kolom yang sama diubah di kedua pihak: " + ", ".join(
            rec.FIELD_LABELS[f] for f in conflicts)
    else:
        item.status, item.merged = CHANGED, True
        item.reason = "perubahan di kolom berbeda digabung (ditandai)"
    return item


@collector.paused()
def preview(session: Session, data: bytes, passphrase: str) -> Preview:
    """Open, check and dry-run a package; changes nothing (raises PackageError)."""
    package = open_package(data, passphrase)
    manifest = package.manifest
    _refuse_package(session, manifest)
    if manifest.get("kind") == RECEIPT:
        return Preview(package, manifest, [])
    if manifest.get("kind") != DATA:
        raise PackageError("Jenis paket tidak dikenal. Tidak ada data yang diubah.", 2)
    try:
        incoming = package.json_part("pelatihan.json")
    except ValueError as exc:
        raise PackageError("Isi paket tidak terbaca. Tidak ada data yang diubah.", 2) from exc
    if not isinstance(incoming, list):
        raise PackageError("Isi paket tidak terbaca. Tidak ada data yang diubah.", 2)
    nips = rec.scope_nips(session, manifest["sender"] if manifest["sender"] != BKPP
                          else manifest["recipient"])
    current = rec.read_values(session, nips)
    keys = rec.load_keys(session)
    employees = rec.employee_ids(session)
    forms = set(session.scalars(select(m.DevelopmentForm.code)))
    from_opd = manifest["sender"] != BKPP
    # A record here is matched by its natural key when it was never exchanged: no stable id
    # yet, or an id given here (a package made, a lock) that no peer has seen. Otherwise the
    # same training recorded on both sides before their first exchange would arrive twice.
    unsynced = {k.local_id: k for k in keys.values()
                if k.local_id is not None and k.synced_version == 0 and not k.deleted}
    keyed = {k.local_id for k in keys.values()} - set(unsynced)
    links = {natural_key(v): rid for rid, v in current.items() if rid not in keyed}
    locked = {rid for rid, k in unsynced.items() if k.locked}
    items = [_classify(keys.get(str(r.get("uid", ""))) if isinstance(r, dict) else None,
                       r if isinstance(r, dict) else {}, current, employees, forms, from_opd,
                       links, locked)
             for r in incoming]
    _parts.reset_cache(session)
    with contextlib.suppress(ValueError):  # an unreadable part is refused below
        _parts.expect_competencies(session, {k.part: package.json_part(k.part)
                                             for k in _parts.KINDS if k.part in package.parts})
    for kind in _parts.KINDS:
        if kind.part not in package.parts:
            continue
        try:
            rows = package.json_part(kind.part)
        except ValueError:
            rows = None
        allowed = (kind.owner == "opd") == from_opd
        for uid, status, reason, record in _parts.classify(session, kind, rows):
            values = record.get("values") if isinstance(record.get("values"), dict) else {}
            try:
                title = kind.title(values) if values else kind.label
            except (KeyError, TypeError):
                title = kind.label
            if not allowed:
                status, reason = REFUSED, (f"{kind.label} hanya dikirim oleh "
                                           f"{'OPD' if kind.owner == 'opd' else 'BKPP'}")
            items.append(Item(uid, str(values.get("nip", "")), title, status, reason,
                              incoming=record, entity=kind.entity))
    return Preview(package, manifest, items)

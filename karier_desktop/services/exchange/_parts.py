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

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from karier_desktop.services.exchange import _records as rec
from karier_desktop.store import models as m

NAMESPACE = uuid.UUID("6f1c2a52-6b0e-4b8e-9a57-4b4153504b54")  # fixed: ids agree everywhere
THRESHOLD_KEYS = ("jpm_thresholds", "potensial_cutoffs", "jpm_cap_at_100",
                  "jpm_unassessed_as_zero", "yearly_minimum_jp", "assessment_validity_years",
                  "ip_asn_weights")
Values = dict[str, Any]


def _cached(session: Session, name: str, load: Callable[[Session], Any]) -> Any:
    """Lookups shared by the records of one check or apply (`reset_cache` starts afresh)."""
    cache = session.info.setdefault("_kasn_parts", {})
    if name not in cache:
        cache[name] = load(session)
    return cache[name]


def reset_cache(session: Session) -> None:
    session.info.pop("_kasn_parts", None)


def expect_competencies(session: Session, parts: dict[str, Any]) -> None:
    """Competency codes arriving in the same package count as known in the dry run (the
    dictionary is applied before the standards and the catalogue that use it)."""
    rows = parts.get("kompetensi.json")
    codes = {r["values"]["code"] for r in rows or [] if isinstance(r, dict)
             and isinstance(r.get("values"), dict) and not r.get("deleted")
             and isinstance(r["values"].get("code"), str)} if isinstance(rows, list) else set()
    session.info.setdefault("_kasn_parts", {})["incoming_codes"] = codes


def _known_codes(session: Session, dry: bool) -> dict[str, int]:
    codes = dict(session.execute(select(m.Competency.code, m.Competency.id)).all())
    if dry:
        for code in _cached(session, "incoming_codes", lambda _s: set()):
            codes.setdefault(code, 0)
    return codes


def stable_uid(entity: str, natural: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{entity}:{natural}"))


@dataclass(frozen=True)
class Kind:
    entity: str  # exchange_keys.entity and the Item label
    part: str  # file name inside the package
    owner: str  # "opd" or "bkpp": who sends it
    label: str  # Indonesian, for the dry run
    read: Callable[[Session, set[str] | None], dict[str, tuple[int | None, Values]]]
    # write/remove: None, or why this side refuses it; with dry=True only the checks run
    write: Callable[[Session, Values, bool], str | None]
    remove: Callable[[Session, Values, bool], str | None]
    title: Callable[[Values], str]


# --- competency dictionary --------------------------------------------------------------------
def _read_competencies(session: Session, _scope: set[str] | None
                       ) -> dict[str, tuple[int | None, Values]]:
    c, lv = m.Competency, m.CompetencyLevel
    levels: dict[int, list[list[Any]]] = {}
    for cid, level, desc, ind in session.execute(select(lv.competency_id, lv.level,
                                                        lv.description, lv.indicators)
                                                 .order_by(lv.competency_id, lv.level)):
        levels.setdefault(cid, []).append([level, desc, ind or ""])
    out = {}
    for cid, code, name, kind, definition, fld in session.execute(
            select(c.id, c.code, c.name, c.kind, c.definition, c.field).order_by(c.code)):
        out[stable_uid("kompetensi", code)] = (cid, {
            "code": code, "name": name, "kind": kind, "definition": definition or "",
            "field": fld, "levels": levels.get(cid, [])})
    return out


def _write_competency(session: Session, v: Values, dry: bool = False) -> str | None:
    if v.get("kind") not in ("manajerial", "sosial_kultural", "teknis") or not v.get("code"):
        return "isi kompetensi tidak sah"
    if dry:
        return None
    c = session.scalar(select(m.Competency).where(m.Competency.code == v["code"]))
    if c is None:
        c = m.Competency(code=v["code"])
        session.add(c)
    c.name, c.kind, c.definition, c.field = v["name"], v["kind"], v["definition"], v["field"]
    session.flush()
    session.execute(delete(m.CompetencyLevel).where(m.CompetencyLevel.competency_id == c.id))
    rows = [{"competency_id": c.id, "level": int(lv), "description": str(d),
             "indicators": str(i)} for lv, d, i in v["levels"] if 1 <= int(lv) <= 5]
    if rows:
        session.execute(insert(m.CompetencyLevel), rows)
    return None


def _remove_competency(session: Session, v: Values, dry: bool = False) -> str | None:
    cid = session.scalar(select(m.Competency.id).where(m.Competency.code == v["code"]))
    if cid is None:
        return None
    used = session.scalar(select(func.count()).select_from(m.AssessmentResult)
                          .where(m.AssessmentResult.competency_id == cid)) or 0
    used += session.scalar(select(func.count()).select_from(m.PositionStandard)
                           .where(m.PositionStandard.competency_id == cid)) or 0
    if used:
        return "kompetensi masih dipakai hasil asesmen atau standar jabatan di sini"
    if dry:
        return None
    session.execute(delete(m.Competency).where(m.Competency.id == cid))
    return None


# --- position standards -----------------------------------------------------------------------
def _positions(session: Session) -> dict[tuple[str, str], int]:
    units = dict(session.execute(select(m.Unit.id, m.Unit.code)).all())
    return {(units.get(uid, ""), name): pid for pid, uid, name in session.execute(
        select(m.Position.id, m.Position.unit_id, m.Position.name))}


def _read_standards(session: Session, _scope: set[str] | None
                    ) -> dict[str, tuple[int | None, Values]]:
    codes = dict(session.execute(select(m.Competency.id, m.Competency.code)).all())
    by_position: dict[int, dict[str, int]] = {}
    for pid, cid, level in session.execute(select(m.PositionStandard.position_id,
                                                  m.PositionStandard.competency_id,
                                                  m.PositionStandard.required_level)):
        by_position.setdefault(pid, {})[codes[cid]] = int(level)
    out = {}
    for (unit, name), pid in _positions(session).items():
        if pid in by_position:
            levels = dict(sorted(by_position[pid].items()))
            out[stable_uid("standar", f"{unit}|{name}")] = (pid, {
                "unit": unit, "position": name, "levels": levels})
    return out


def _write_standard(session: Session, v: Values, dry: bool = False) -> str | None:
    pid = _cached(session, "positions", _positions).get((v["unit"], v["position"]))
    if pid is None:
        return "jabatan ini tidak ada di sini"
    codes = _known_codes(session, dry)
    missing = [c for c in v["levels"] if c not in codes]
    if missing:
        return f"kompetensi {', '.join(missing)} belum ada di kamus di sini"
    if dry:
        return None
    session.execute(delete(m.PositionStandard).where(m.PositionStandard.position_id == pid))
    rows = [{"position_id": pid, "competency_id": codes[c], "required_level": int(lv)}
            for c, lv in v["levels"].items()]
    if rows:
        session.execute(insert(m.PositionStandard), rows)
    return None


def _remove_standard(session: Session, v: Values, dry: bool = False) -> str | None:
    pid = _cached(session, "positions", _positions).get((v["unit"], v["position"]))
    if pid is not None and not dry:
        session.execute(delete(m.PositionStandard).where(m.PositionStandard.position_id == pid))
    return None


# --- catalogue --------------------------------------------------------------------------------
PROGRAMME_FIELDS = ("title", "form_code", "provider", "jp", "cost_per_participant", "cost_basis",
                    "class_cost", "min_participants", "max_participants", "position_kinds",
                    "audience_unit_kinds", "audience_fields", "mandatory_for", "active")


def _read_programmes(session: Session, _scope: set[str] | None
                     ) -> dict[str, tuple[int | None, Values]]:
    p, t = m.Programme, m.ProgrammeTarget
    codes = dict(session.execute(select(m.Competency.id, m.Competency.code)).all())
    targets: dict[int, list[list[Any]]] = {}
    for pid, cid, to_level, gain in session.execute(
            select(t.programme_id, t.competency_id, t.to_level, t.gain)
            .order_by(t.programme_id, t.competency_id)):
        targets.setdefault(pid, []).append([codes[cid], int(to_level), int(gain)])
    out = {}
    for row in session.execute(select(p.id, p.code, *(getattr(p, f) for f in PROGRAMME_FIELDS))
                               .order_by(p.code)):
        pid, code, *rest = row
        values: Values = {"code": code, **dict(zip(PROGRAMME_FIELDS, rest, strict=True))}
        values["jp"] = float(values["jp"])
        values["active"] = bool(values["active"])
        values["targets"] = targets.get(pid, [])
        out[stable_uid("program", code)] = (pid, values)
    return out


def _write_programme(session: Session, v: Values, dry: bool = False) -> str | None:
    if session.get(m.DevelopmentForm, v.get("form_code")) is None:
        return f"bentuk pengembangan {v.get('form_code')} tidak dikenal di sini"
    codes = _known_codes(session, dry)
    missing = [c for c, _lv, _g in v["targets"] if c not in codes]
    if missing:
        return f"kompetensi {', '.join(missing)} belum ada di kamus di sini"
    if dry:
        return None
    p = session.scalar(select(m.Programme).where(m.Programme.code == v["code"]))
    if p is None:
        p = m.Programme(code=v["code"])
        session.add(p)
    for f in PROGRAMME_FIELDS:
        setattr(p, f, v[f])
    session.flush()
    session.execute(delete(m.ProgrammeTarget).where(m.ProgrammeTarget.programme_id == p.id))
    rows = [{"programme_id": p.id, "competency_id": codes[c], "to_level": lv, "gain": g}
            for c, lv, g in v["targets"]]
    if rows:
        session.execute(insert(m.ProgrammeTarget), rows)
    return None


def _remove_programme(session: Session, v: Values, dry: bool = False) -> str | None:
    # Records and IDP items keep their history: the programme is retired, not deleted.
    p = session.scalar(select(m.Programme).where(m.Programme.code == v["code"]))
    if p is not None and not dry:
        p.active = False
    return None


# --- thresholds -------------------------------------------------------------------------------
def _read_thresholds(session: Session, _scope: set[str] | None
                     ) -> dict[str, tuple[int | None, Values]]:
    out = {}
    for key, raw in session.execute(select(m.Setting.key, m.Setting.value)
                                    .where(m.Setting.key.in_(THRESHOLD_KEYS))):
        out[stable_uid("ambang", key)] = (None, {"key": key, "value": json.loads(raw)})
    return out


def _write_threshold(session: Session, v: Values, dry: bool = False) -> str | None:
    from karier_desktop.services.settings import set_value

    if v.get("key") not in THRESHOLD_KEYS:
        return "pengaturan ini tidak dipertukarkan"
    if dry:
        return None
    set_value(session, v["key"], v["value"])
    return None


def _remove_threshold(session: Session, v: Values, dry: bool = False) -> str | None:
    if v.get("key") in THRESHOLD_KEYS and not dry:
        session.execute(delete(m.Setting).where(m.Setting.key == v["key"]))
    return None


# --- IDP drafts -------------------------------------------------------------------------------
IDP_FIELDS = ("career_goal", "aspiration", "target_position", "commitment", "supervisor_notes")
ITEM_FIELDS = ("seq", "gap", "goal", "form_code", "activity", "provider", "month", "jp", "cost",
               "funding_source", "competency_codes", "evidence", "purpose")


def _latest_plans(session: Session) -> dict[tuple[str, int], tuple[int, str]]:
    """(nip, year) -> (id, status) of the newest version."""
    d, e = m.DevelopmentPlan, m.Employee
    out: dict[tuple[str, int], tuple[int, str, int]] = {}
    for pid, nip, year, version, status in session.execute(
            select(d.id, e.nip, d.year, d.version, d.status).join(e, e.id == d.employee_id)):
        if (nip, year) not in out or version > out[(nip, year)][2]:
            out[(nip, year)] = (pid, status, version)
    return {k: (v[0], v[1]) for k, v in out.items()}


def _read_idps(session: Session, scope: set[str] | None
               ) -> dict[str, tuple[int | None, Values]]:
    drafts = {pid: key for key, (pid, status) in _latest_plans(session).items()
              if status == "draf" and (scope is None or key[0] in scope)}
    if not drafts:
        return {}
    d, it = m.DevelopmentPlan, m.PlanItem
    codes = dict(session.execute(select(m.Competency.id, m.Competency.code)).all())
    progs = dict(session.execute(select(m.Programme.id, m.Programme.code)).all())
    items: dict[int, list[Values]] = {}
    for row in session.execute(select(it.plan_id, it.competency_id, it.programme_id,
                                      *(getattr(it, f) for f in ITEM_FIELDS))
                               .where(it.plan_id.in_(list(drafts))).order_by(it.plan_id, it.seq)):
        pid, cid, prog, *rest = row
        item = dict(zip(ITEM_FIELDS, rest, strict=True))
        item["jp"] = float(item["jp"] or 0)
        item["competency"] = codes.get(cid) if cid else None
        item["programme"] = progs.get(prog) if prog else None
        items.setdefault(pid, []).append(item)
    out = {}
    for row in session.execute(select(d.id, *(getattr(d, f) for f in IDP_FIELDS))
                               .where(d.id.in_(list(drafts)))):
        pid, *rest = row
        nip, year = drafts[pid]
        out[stable_uid("idp", f"{nip}|{year}")] = (pid, {
            "nip": nip, "year": year, **dict(zip(IDP_FIELDS, rest, strict=True)),
            "items": items.get(pid, [])})
    return out


def _write_idp(session: Session, v: Values, dry: bool = False) -> str | None:
    emp = session.scalar(select(m.Employee.id).where(m.Employee.nip == v["nip"]))
    if emp is None:
        return "pegawai NIP ini tidak ada di sini"
    plans = _cached(session, "plans", _latest_plans)
    latest = plans.get((v["nip"], int(v["year"])))
    if latest is not None and latest[1] != "draf":
        return "IDP tahun ini sudah disetujui di BKPP; paket OPD tidak mengubahnya"
    forms = set(session.scalars(select(m.DevelopmentForm.code)))
    bad = [i["form_code"] for i in v["items"] if i["form_code"] and i["form_code"] not in forms]
    if bad:
        return f"bentuk pengembangan {', '.join(sorted(set(bad)))} tidak dikenal di sini"
    if dry:
        return None
    if latest is None:
        plan = m.DevelopmentPlan(employee_id=emp, year=int(v["year"]), version=1,
                                 status="draf")
        session.add(plan)
        session.flush()
        pid = plan.id
        plans[(v["nip"], int(v["year"]))] = (pid, "draf")
    else:
        pid = latest[0]
        session.execute(delete(m.PlanItem).where(m.PlanItem.plan_id == pid))
    plan_row = session.get(m.DevelopmentPlan, pid)
    assert plan_row is not None
    for f in IDP_FIELDS:
        setattr(plan_row, f, v[f])
    codes = dict(session.execute(select(m.Competency.code, m.Competency.id)).all())
    progs = dict(session.execute(select(m.Programme.code, m.Programme.id)).all())
    rows = [{"plan_id": pid, "competency_id": codes.get(i["competency"] or ""),
             "programme_id": progs.get(i["programme"] or ""),
             **{f: i[f] for f in ITEM_FIELDS}} for i in v["items"]]
    for r in rows:
        r["source"] = "paket"
    if rows:
        session.execute(insert(m.PlanItem), rows)
    return None


def _remove_idp(session: Session, v: Values, dry: bool = False) -> str | None:
    plans = _cached(session, "plans", _latest_plans)
    latest = plans.get((v["nip"], int(v["year"])))
    if latest is None:
        return None
    if latest[1] != "draf":
        return "IDP tahun ini sudah disetujui di BKPP; paket OPD tidak menghapusnya"
    if dry:
        return None
    session.execute(delete(m.DevelopmentPlan).where(m.DevelopmentPlan.id == latest[0]))
    plans.pop((v["nip"], int(v["year"])), None)
    return None


KINDS = (
    Kind("kompetensi", "kompetensi.json", "bkpp", "Kamus kompetensi", _read_competencies,
         _write_competency, _remove_competency, lambda v: f"Kompetensi {v['code']} {v['name']}"),
    Kind("standar", "standar.json", "bkpp", "Standar kompetensi jabatan", _read_standards,
         _write_standard, _remove_standard, lambda v: f"Standar {v['position']} ({v['unit']})"),
    Kind("program", "katalog.json", "bkpp", "Katalog pelatihan", _read_programmes,
         _write_programme, _remove_programme, lambda v: f"Program {v['code']} {v['title']}"),
    Kind("ambang", "ambang.json", "bkpp", "Ambang dan pengaturan", _read_thresholds,
         _write_threshold, _remove_threshold, lambda v: f"Pengaturan {v['key']}"),
    Kind("idp", "idp.json", "opd", "Draf IDP", _read_idps, _write_idp, _remove_idp,
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

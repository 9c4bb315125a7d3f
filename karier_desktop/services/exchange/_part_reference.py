"""Reference data the BKPP owns and sends to the OPD: the competency dictionary, position
standards, the training catalogue and thresholds. Each kind reads its records as values,
checks an incoming one (`dry`) and writes or removes it; the checks come before any write."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from karier_desktop.services.exchange._part_base import (
    THRESHOLD_KEYS,
    Values,
    cached,
    known_codes,
    stable_uid,
)
from karier_desktop.store import models as m


# --- competency dictionary --------------------------------------------------------------------
def read_competencies(session: Session, _scope: set[str] | None
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


def _by_code(session: Session, model: Any, code: str) -> Any:
    """The row of `model` with this code; a new one (added to the session) when there is none."""
    row = session.scalar(select(model).where(model.code == code))
    if row is None:
        row = model(code=code)
        session.add(row)
    return row


def _replace_children(session: Session, parent_key: Any, parent: Any,
                      rows: list[dict[str, Any]]) -> None:
    """The child rows of `parent` (its levels, its targets) replaced by `rows`."""
    session.flush()  # a new parent gets its id
    session.execute(delete(parent_key.class_).where(parent_key == parent.id))
    if rows:
        session.execute(insert(parent_key.class_),
                        [{parent_key.key: parent.id, **r} for r in rows])


def write_competency(session: Session, v: Values, dry: bool = False) -> str | None:
    if v.get("kind") not in ("manajerial", "sosial_kultural", "teknis") or not v.get("code"):
        return "isi kompetensi tidak sah"
    if dry:
        return None
    c = _by_code(session, m.Competency, v["code"])
    c.name, c.kind, c.definition, c.field = v["name"], v["kind"], v["definition"], v["field"]
    _replace_children(session, m.CompetencyLevel.competency_id, c, [
        {"level": int(lv), "description": str(d), "indicators": str(i)}
        for lv, d, i in v["levels"] if 1 <= int(lv) <= 5])
    return None


def remove_competency(session: Session, v: Values, dry: bool = False) -> str | None:
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


def read_standards(session: Session, _scope: set[str] | None
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


def write_standard(session: Session, v: Values, dry: bool = False) -> str | None:
    pid = cached(session, "positions", _positions).get((v["unit"], v["position"]))
    if pid is None:
        return "jabatan ini tidak ada di sini"
    codes = known_codes(session, dry)
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


def remove_standard(session: Session, v: Values, dry: bool = False) -> str | None:
    pid = cached(session, "positions", _positions).get((v["unit"], v["position"]))
    if pid is not None and not dry:
        session.execute(delete(m.PositionStandard).where(m.PositionStandard.position_id == pid))
    return None


# --- catalogue --------------------------------------------------------------------------------
PROGRAMME_FIELDS = ("title", "form_code", "provider", "jp", "cost_per_participant", "cost_basis",
                    "class_cost", "min_participants", "max_participants", "position_kinds",
                    "audience_unit_kinds", "audience_fields", "mandatory_for", "active")


def read_programmes(session: Session, _scope: set[str] | None
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


def write_programme(session: Session, v: Values, dry: bool = False) -> str | None:
    if session.get(m.DevelopmentForm, v.get("form_code")) is None:
        return f"bentuk pengembangan {v.get('form_code')} tidak dikenal di sini"
    codes = known_codes(session, dry)
    missing = [c for c, _lv, _g in v["targets"] if c not in codes]
    if missing:
        return f"kompetensi {', '.join(missing)} belum ada di kamus di sini"
    if dry:
        return None
    p = _by_code(session, m.Programme, v["code"])
    for f in PROGRAMME_FIELDS:
        setattr(p, f, v[f])
    _replace_children(session, m.ProgrammeTarget.programme_id, p, [
        {"competency_id": codes[c], "to_level": lv, "gain": g} for c, lv, g in v["targets"]])
    return None


def remove_programme(session: Session, v: Values, dry: bool = False) -> str | None:
    # Records and IDP items keep their history: the programme is retired, not deleted.
    p = session.scalar(select(m.Programme).where(m.Programme.code == v["code"]))
    if p is not None and not dry:
        p.active = False
    return None


# --- thresholds -------------------------------------------------------------------------------
def read_thresholds(session: Session, _scope: set[str] | None
                     ) -> dict[str, tuple[int | None, Values]]:
    out = {}
    for key, raw in session.execute(select(m.Setting.key, m.Setting.value)
                                    .where(m.Setting.key.in_(THRESHOLD_KEYS))):
        out[stable_uid("ambang", key)] = (None, {"key": key, "value": json.loads(raw)})
    return out


def write_threshold(session: Session, v: Values, dry: bool = False) -> str | None:
    from karier_desktop.services.settings import set_value

    if v.get("key") not in THRESHOLD_KEYS:
        return "pengaturan ini tidak dipertukarkan"
    if dry:
        return None
    set_value(session, v["key"], v["value"])
    return None


def remove_threshold(session: Session, v: Values, dry: bool = False) -> str | None:
    if v.get("key") in THRESHOLD_KEYS and not dry:
        session.execute(delete(m.Setting).where(m.Setting.key == v["key"]))
    return None

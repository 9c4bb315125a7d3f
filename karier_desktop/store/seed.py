"""Reference data seeded into every new database (and editable afterwards).

The data lives as JSON under resources/reference/ so offices and developers can read it.
Seeding only fills empty tables: it never overwrites what an office has edited.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from karier_desktop.paths import resource
from karier_desktop.store import models as m


@cache
def load_reference(name: str) -> Any:
    with open(resource("reference", name), encoding="utf-8") as fh:
        return json.load(fh)


def _empty(session: Session, model: type[m.Base]) -> bool:
    return session.scalar(select(func.count()).select_from(model)) == 0


def seed_competencies(session: Session, items: list[dict[str, Any]]) -> None:
    existing = set(session.scalars(select(m.Competency.code)))
    for item in items:
        if item["code"] in existing:
            continue
        comp = m.Competency(
            code=item["code"], name=item["name"], kind=item["kind"],
            definition=item.get("definition", ""), field=item.get("field"),
        )
        session.add(comp)
        session.flush()
        for lvl in item["levels"]:
            session.add(m.CompetencyLevel(
                competency_id=comp.id, level=lvl["level"], description=lvl["description"],
                indicators="\n".join(lvl.get("indicators", [])),
            ))


def seed_reference_data(session: Session, include_technical: bool = True) -> None:
    """Fill empty reference tables; a no-op on a database that already has them."""
    if _empty(session, m.Rank):
        ranks = load_reference("ranks.json")
        session.execute(insert(m.Rank), [
            {"code": r["code"], "system": "PNS", "pangkat": r["pangkat"], "order": r["order"]}
            for r in ranks["pns"]
        ] + [
            {"code": r["code"], "system": "PPPK", "pangkat": None, "order": r["order"]}
            for r in ranks["pppk"]
        ])
    if _empty(session, m.PositionKind):
        session.execute(insert(m.PositionKind), [
            {k: pk[k] for k in ("code", "name", "group", "jenjang", "default_level",
                                "retirement_age", "eselon")}
            for pk in load_reference("position_kinds.json")
        ])
    if _empty(session, m.DevelopmentForm):
        session.execute(insert(m.DevelopmentForm), [
            {k: f.get(k) for k in ("code", "name", "bentuk", "jalur", "siasn_id", "jp_unit",
                                   "jp_per_unit", "max_units_per_month", "jp_note")}
            for f in load_reference("development_forms.json")
        ])
    if _empty(session, m.RetirementFamily):
        session.execute(insert(m.RetirementFamily), [
            {"code": f["code"], "name": f["name"], "keyword": f["keywords"],
             "retirement_age": f["retirement_age"], "source": f["source"]}
            for f in load_reference("retirement.json")["families"]
        ])
    if _empty(session, m.Competency):
        seed_competencies(session, load_reference("competencies.json"))
        if include_technical:
            seed_competencies(session, load_reference("technical_competencies.json"))
    if _empty(session, m.Setting):
        defaults = load_reference("settings_defaults.json")
        session.execute(insert(m.Setting), [
            {"key": key, "value": json.dumps(value, ensure_ascii=False)}
            for key, value in defaults.items()
        ])
    session.flush()


STARTER_PREFIX = "CTH-"  # codes of the starter catalogue's example programmes


def competency_key(code: str) -> str:
    """"M.01", "M.1" and "m 1" all read as "M.1" (older sheets pad the number with zeros)."""
    head, _, number = code.strip().upper().replace(" ", ".").partition(".")
    return f"{head}.{number.lstrip('0') or '0'}" if number.isdigit() else code.strip().upper()


def seed_starter_catalogue(session: Session) -> int:
    """A new database gets a starter training catalogue (resources/catalogue/starter.json):
    the common classical and non-classical forms with typical JP and cost, coded CTH-… and
    titled "(contoh)" so the office knows to edit them. Only into an empty catalogue; returns
    the number of programmes added."""
    if not _empty(session, m.Programme):
        return 0
    with open(resource("catalogue", "starter.json"), encoding="utf-8") as fh:
        items = json.load(fh)["programmes"]
    comps = {competency_key(code): cid for code, cid in
             session.execute(select(m.Competency.code, m.Competency.id))}
    forms = set(session.scalars(select(m.DevelopmentForm.code)))
    added = 0
    for item in items:
        if item["form_code"] not in forms:
            continue
        prog = m.Programme(
            code=item["code"], title=item["title"], form_code=item["form_code"],
            provider=item["provider"], jp=float(item["jp"]),
            cost_per_participant=int(item["cost_per_participant"]),
            cost_basis=item.get("cost_basis", "per_participant"),
            class_cost=item.get("class_cost"),
            min_participants=int(item.get("min_participants", 1)),
            max_participants=int(item.get("max_participants", 30)),
            position_kinds=",".join(item["for_position_kinds"])
            if item.get("for_position_kinds") else None,
        )
        session.add(prog)
        session.flush()
        for tgt in item["targets"]:
            if competency_key(tgt["competency"]) in comps:
                session.add(m.ProgrammeTarget(programme_id=prog.id,
                                              competency_id=comps[competency_key(tgt["competency"])],
                                              to_level=tgt["to_level"], gain=tgt.get("gain", 1)))
        added += 1
    session.flush()
    return added


def remove_unused_starter_catalogue(session: Session) -> int:
    """Drop the starter examples nothing refers to (before the demo brings its own catalogue)."""
    used = select(m.TrainingRecord.programme_id).where(
        m.TrainingRecord.programme_id.is_not(None)).union(
        select(m.PlanItem.programme_id).where(m.PlanItem.programme_id.is_not(None)))
    ids = list(session.scalars(select(m.Programme.id).where(
        m.Programme.code.startswith(STARTER_PREFIX), m.Programme.id.not_in(used))))
    if not ids:
        return 0
    session.execute(delete(m.ProgrammeTarget).where(m.ProgrammeTarget.programme_id.in_(ids)))
    session.execute(delete(m.Programme).where(m.Programme.id.in_(ids)))
    session.flush()
    return len(ids)

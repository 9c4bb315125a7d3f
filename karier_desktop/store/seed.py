"""Reference data seeded into every new database (and editable afterwards).

The data lives as JSON under resources/reference/ so offices and developers can read it.
Seeding only fills empty tables: it never overwrites what an office has edited.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sqlalchemy import func, insert, select
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

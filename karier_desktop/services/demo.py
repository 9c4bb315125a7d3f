"""A realistic demo regency: units, positions with standards, employees, assessments, training.

Same seed, same data. Rows are generated in Python with one random generator and inserted with
bulk Core inserts in one transaction, so 50,000 employees take seconds, not minutes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import make_nip
from karier_desktop.domain.ranks import typical_rank_for
from karier_desktop.services import audit
from karier_desktop.store import models as m
from karier_desktop.store.seed import load_reference, remove_unused_starter_catalogue

Progress = Callable[[str, float], None]

ASSESSMENT_METHODS = ("Assessment Center", "Uji Kompetensi", "Penilaian Atasan")
ASSESSORS = ("UPT Penilaian Kompetensi BKN Kanreg IV Makassar", "BPSDM Provinsi Sulawesi Barat",
             "BKPP Kabupaten Mamuju", "Assessment Center Pemprov Sulawesi Barat")
PPPK_GRADE_BY_EDU = {"SD": "I", "SMP": "III", "SMA": "V", "D3": "VII", "S1": "IX", "S2": "X",
                     "S3": "XI"}


class DemoError(Exception):
    """The demo cannot be generated; str() is an Indonesian message."""


@dataclass
class _Ids:
    unit: int = 0
    position: int = 0
    employee: int = 0
    assessment: int = 0
    training: int = 0

    def next(self, name: str) -> int:
        value = getattr(self, name) + 1
        setattr(self, name, value)
        return value


@dataclass
class _Plan:
    units: list[dict[str, Any]] = field(default_factory=list)
    positions: list[dict[str, Any]] = field(default_factory=list)
    standards: list[dict[str, Any]] = field(default_factory=list)
    employees: list[dict[str, Any]] = field(default_factory=list)
    assessments: list[dict[str, Any]] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)
    programmes: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    trainings: list[dict[str, Any]] = field(default_factory=list)


def generate(session: Session, employees: int, seed: int = 1, today: dt.date | None = None,
             progress: Progress | None = None) -> dict[str, int]:
    """Fill an empty database with a demo regency; returns row counts per table."""
    if employees < 1 or employees > 500_000:
        raise DemoError("Jumlah pegawai demo harus antara 1 dan 500.000.")
    if session.scalar(select(func.count()).select_from(m.Employee)):
        raise DemoError("Database sudah berisi pegawai; data demo hanya dibuat pada database kosong.")
    remove_unused_starter_catalogue(session)  # the demo brings its own catalogue
    report = progress or (lambda _msg, _frac: None)
    today = today or dt.date.today()
    rng = random.Random(seed)
    regency = load_reference("demo_regency.json")
    comps = {code: (cid, kind, fld) for cid, code, kind, fld in session.execute(
        select(m.Competency.id, m.Competency.code, m.Competency.kind, m.Competency.field))}
    kinds = {code: level for code, level in session.execute(
        select(m.PositionKind.code, m.PositionKind.default_level))}
    plan = _Plan()
    ids = _Ids()
    report("Menyusun unit dan jabatan", 0.05)
    slots = _build_units_and_positions(plan, ids, regency, comps, kinds, rng)
    _build_catalogue(plan, comps)
    report("Menyusun data pegawai", 0.15)
    _build_employees(plan, ids, regency, slots, employees, rng, today)
    report("Menyusun riwayat asesmen dan pelatihan", 0.35)
    _build_history(plan, ids, rng, today)
    report("Menyimpan ke database", 0.55)
    tables = [
        (m.Unit, plan.units), (m.Position, plan.positions), (m.PositionStandard, plan.standards),
        (m.Programme, plan.programmes), (m.ProgrammeTarget, plan.targets),
        (m.Employee, plan.employees), (m.Assessment, plan.assessments),
        (m.AssessmentResult, plan.results), (m.TrainingRecord, plan.trainings),
    ]
    counts = {}
    conn = session.connection()
    for i, (model, rows) in enumerate(tables):
        # Core executemany on the table: one prepared statement for all rows (the ORM bulk
        # path would split rows into many statements wherever optional values differ).
        stmt = insert(model.__table__)
        for start in range(0, len(rows), 20_000):
            conn.execute(stmt, rows[start:start + 20_000])
        counts[model.__tablename__] = len(rows)
        report("Menyimpan ke database", 0.55 + 0.45 * (i + 1) / len(tables))
    audit.record(session, "demo", "database", None, employees=employees, seed=seed)
    return counts


def _technical_for(fields: list[str], comps: dict[str, tuple[int, str, str | None]]) -> list[int]:
    return [cid for cid, kind, fld in comps.values() if kind == "teknis" and fld in fields]


def _build_units_and_positions(plan: _Plan, ids: _Ids, regency: dict[str, Any],
                               comps: dict[str, tuple[int, str, str | None]],
                               kinds: dict[str, int], rng: random.Random
                               ) -> list[dict[str, Any]]:
    """Create units and positions; return OPD slots with their positions and weights."""
    core = [cid for cid, kind, _f in comps.values() if kind != "teknis"]
    slots = []
    for opd in regency["opd"]:
        opd_id = ids.next("unit")
        plan.units.append({"id": opd_id, "code": opd["code"], "name": opd["name"],
                           "kind": opd["kind"], "parent_id": None, "address": None})
        sub_ids = []
        for n, sub_name in enumerate(opd["subunits"], start=1):
            sid = ids.next("unit")
            sub_ids.append(sid)
            plan.units.append({"id": sid, "code": f"{opd['code']}-{n:02d}", "name": sub_name,
                               "kind": "subunit", "parent_id": opd_id, "address": None})
        technical = _technical_for(opd.get("fields", []), comps)
        structural: list[tuple[int, int, str]] = []  # (position id, unit id, kind)
        staff: list[tuple[int, int, str]] = []
        for tpl in regency["positions"]:
            if opd["kind"] not in tpl["opd_kinds"]:
                continue
            if tpl.get("opd_codes") and opd["code"] not in tpl["opd_codes"]:
                continue
            prefix = tpl.get("subunit_prefix")
            units = [opd_id] if tpl["per"] == "opd" else [
                sid for sid, name in zip(sub_ids, opd["subunits"], strict=True)
                if not prefix or name.startswith(prefix)]
            for unit_id in units:
                pid = ids.next("position")
                name = tpl["name"]
                plan.positions.append({"id": pid, "name": name, "kind_code": tpl["kind"],
                                       "unit_id": unit_id, "field": tpl.get("field")})
                level = kinds.get(tpl["kind"], 2)
                for cid in core:
                    plan.standards.append({"position_id": pid, "competency_id": cid,
                                           "required_level": level})
                tech_pool = _technical_for([tpl["field"]], comps) if tpl.get("field") else technical
                for cid in rng.sample(tech_pool, min(len(tech_pool), 2)):
                    plan.standards.append({"position_id": pid, "competency_id": cid,
                                           "required_level": max(1, min(5, level + rng.choice((0, 0, 1))))})
                entry = (pid, unit_id, tpl["kind"])
                if tpl["kind"] in ("jpt_pratama", "administrator", "pengawas"):
                    structural.extend([entry] * int(tpl.get("count", 1)))
                else:
                    staff.append(entry)
        slots.append({"opd_id": opd_id, "weight": float(opd["weight"]), "structural": structural,
                      "staff": staff})
    return slots


def _build_catalogue(plan: _Plan, comps: dict[str, tuple[int, str, str | None]]) -> None:
    for n, prog in enumerate(load_reference("demo_catalogue.json"), start=1):
        plan.programmes.append({
            "id": n, "code": prog["code"], "title": prog["title"], "form_code": prog["form_code"],
            "provider": prog["provider"], "jp": float(prog["jp"]),
            "cost_per_participant": int(prog["cost_per_participant"]),
            "cost_basis": prog.get("cost_basis", "per_participant"),
            "class_cost": prog.get("class_cost"),
            "min_participants": int(prog.get("min_participants", 1)),
            "max_participants": int(prog.get("max_participants", 30)),
            "position_kinds": ",".join(prog["for_position_kinds"]) if prog.get("for_position_kinds") else None,
            "active": True,
        })
        for tgt in prog["targets"]:
            if tgt["competency"] in comps:
                plan.targets.append({"programme_id": n, "competency_id": comps[tgt["competency"]][0],
                                     "to_level": tgt["to_level"], "gain": tgt.get("gain", 1)})


def _weighted(rng: random.Random, items: list[dict[str, Any]], key: str) -> Any:
    return rng.choices(items, weights=[float(i["share"]) for i in items])[0][key]


def _build_employees(plan: _Plan, ids: _Ids, regency: dict[str, Any],
                     slots: list[dict[str, Any]], total: int, rng: random.Random,
                     today: dt.date) -> None:
    weights = [s["weight"] for s in slots]
    per_opd = [0] * len(slots)
    for idx in rng.choices(range(len(slots)), weights=weights, k=total):
        per_opd[idx] += 1
    used_nips: set[str] = set()
    for slot, count in zip(slots, per_opd, strict=True):
        head_id: int | None = None
        for n in range(count):
            if n < len(slot["structural"]):
                pid, unit_id, kind = slot["structural"][n]
            elif slot["staff"]:
                pid, unit_id, kind = rng.choice(slot["staff"])
            else:
                pid, unit_id, kind = rng.choice(slot["structural"])
            emp = _person(ids.next("employee"), regency, kind, rng, today, used_nips)
            emp.update(position_id=pid, unit_id=unit_id, supervisor_id=head_id)
            if head_id is None:
                head_id = emp["id"]
            plan.employees.append(emp)


def _person(emp_id: int, regency: dict[str, Any], kind: str, rng: random.Random,
            today: dt.date, used_nips: set[str]) -> dict[str, Any]:
    sex = "P" if rng.random() < 0.53 else "L"
    first = rng.choice(regency["first_names_female" if sex == "P" else "first_names_male"])
    name = f"{first} {rng.choice(regency['last_names'])}"
    senior = kind in ("jpt_pratama", "administrator")
    # years of service a structural post plausibly needs (a Kepala Dinas is not a new III/a)
    min_service = {"jpt_pratama": 16, "administrator": 10, "pengawas": 6}.get(kind)
    age = (rng.randint(42, 57) if senior else rng.randint(32, 57) if min_service
           else rng.randint(23, 57))
    birth = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
    education = _weighted(rng, regency["education"], "level")
    if senior and education in ("SD", "SMP", "SMA", "D3"):
        education = "S2" if rng.random() < 0.5 else "S1"
    roll = rng.random()
    etype = "PNS" if roll < 0.85 else "CPNS" if roll < 0.87 else "PPPK" if roll < 0.97 else "PPPK Paruh Waktu"
    if min_service:
        etype = "PNS"
    latest_start = min(today.year - 1, birth.year + age)
    if min_service:
        hi = min(latest_start, today.year - min_service)
        tmt_year = rng.randint(min(birth.year + 22, hi), hi)
    elif etype == "CPNS":
        tmt_year = today.year - rng.randint(0, 1)
    elif etype.startswith("PPPK"):
        tmt_year = rng.randint(2019, today.year)
    else:
        tmt_year = rng.randint(min(birth.year + 20, latest_start), latest_start)
    tmt_year = max(tmt_year, birth.year + 18)
    tmt_month = (rng.randint(1, 12) if etype in ("PNS", "CPNS")
                 else (24 if etype == "PPPK Paruh Waktu" else 21))
    if etype in ("PNS", "CPNS") and dt.date(tmt_year, tmt_month, 1) > today:
        tmt_month = 1
    serial = 1
    nip = make_nip(birth, tmt_year, tmt_month, sex, serial)
    while nip in used_nips:
        serial += 1
        nip = make_nip(birth, tmt_year, tmt_month, sex, serial)
    used_nips.add(nip)
    years = max(0, today.year - tmt_year)
    rank = (PPPK_GRADE_BY_EDU.get(education, "V") if etype.startswith("PPPK")
            else typical_rank_for(education, years))
    back = regency["back_titles_by_education"].get(education)
    front = None
    if rng.random() < 0.15:
        fitting = [t for t in regency["front_titles"]
                   if t.get("sex") in (None, sex)
                   and (not t.get("education") or education in t["education"])]
        if fitting:
            front = rng.choices(fitting, weights=[float(t.get("share", 1)) for t in fitting])[0]["title"]
    rank_year = max(tmt_year, today.year - rng.randint(0, 4))
    return {
        "id": emp_id, "nip": nip, "name": name, "front_title": front,
        "back_title": rng.choice(back) if back else None, "sex": sex,
        "birth_place": rng.choice(regency["birth_places"]), "birth_date": birth,
        "employee_type": etype, "rank_code": rank, "rank_tmt": dt.date(rank_year, 4, 1),
        "education": education, "status": "aktif", "retired_on": None,
        "performance": rng.choices(("Sangat Baik", "Baik", "Butuh Perbaikan"), (2, 7, 1))[0],
    }


def _build_history(plan: _Plan, ids: _Ids, rng: random.Random, today: dt.date) -> None:
    """Trainings over three years and assessments around them.

    A second assessment after training shows a gain on the programme's target competencies
    for most participants, so the effectiveness report has something real to measure.
    """
    standards: dict[int, list[tuple[int, int]]] = {}
    for row in plan.standards:
        standards.setdefault(row["position_id"], []).append(
            (row["competency_id"], row["required_level"]))
    targets: dict[int, list[tuple[int, int, int]]] = {}
    for t in plan.targets:
        targets.setdefault(t["programme_id"], []).append(
            (t["competency_id"], t["to_level"], t["gain"]))
    progs = plan.programmes
    for emp in plan.employees:
        taken = _trainings_of(plan, ids, emp["id"], progs, rng, today)
        std = standards.get(emp["position_id"], [])
        r = rng.random()
        n_assess = 0 if r < 0.15 else 1 if r < 0.6 else 2
        if not n_assess or not std:
            continue
        first_day = today - dt.timedelta(days=rng.randint(200, 4 * 365))
        days = [first_day]
        if n_assess == 2:
            span = (today - first_day).days - 50
            days.append(first_day + dt.timedelta(days=30 + rng.randint(0, max(0, span))))
        shift = rng.choice((-2, -1, -1, -1, 0, 0, 0, 1))
        levels = {cid: max(1, min(5, req + 1, req + shift + rng.choice((-1, 0, 0, 0, 1))))
                  for cid, req in std}
        for k, day in enumerate(days):
            if k == 1:
                levels = _after_training(levels, taken, days[0], day, targets, rng)
            aid = ids.next("assessment")
            plan.assessments.append({
                "id": aid, "employee_id": emp["id"], "assessed_on": day,
                "method": rng.choice(ASSESSMENT_METHODS), "assessor": rng.choice(ASSESSORS),
                "note": None})
            plan.results.extend({"assessment_id": aid, "competency_id": cid, "level": lvl}
                                for cid, lvl in levels.items())


def _after_training(levels: dict[int, int], taken: list[tuple[int, dt.date, dt.date]],
                    start: dt.date, end: dt.date,
                    targets: dict[int, list[tuple[int, int, int]]],
                    rng: random.Random) -> dict[int, int]:
    new = dict(levels)
    for prog_id, t_start, t_end in taken:
        if not (start < t_start and t_end < end):
            continue
        for cid, to_level, gain in targets.get(prog_id, []):
            if cid in new and rng.random() < 0.7:
                new[cid] = max(new[cid], min(to_level, new[cid] + gain))
    for cid in new:
        if rng.random() < 0.08:
            new[cid] = max(1, min(5, new[cid] + rng.choice((-1, 1))))
    return new


def _trainings_of(plan: _Plan, ids: _Ids, emp_id: int, progs: list[dict[str, Any]],
                  rng: random.Random, today: dt.date) -> list[tuple[int, dt.date, dt.date]]:
    taken = []
    for year in range(today.year - 2, today.year + 1):
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2, 2, 3))):
            prog = rng.choice(progs)
            last_month = 11 if year < today.year else today.month
            start = dt.date(year, rng.randint(1, last_month), rng.randint(1, 25))
            if start > today:
                start = today - dt.timedelta(days=rng.randint(1, 60))
            days = max(1, min(60, int(prog["jp"] // 8)))
            end = start + dt.timedelta(days=days - 1)
            status = "selesai" if end <= today else "rencana"
            tid = ids.next("training")
            has_test = rng.random() < 0.3
            pre = round(rng.uniform(40, 75), 1) if has_test else None
            plan.trainings.append({
                "id": tid, "employee_id": emp_id, "programme_id": prog["id"],
                "title": prog["title"], "form_code": prog["form_code"],
                "provider": prog["provider"], "start_date": start, "end_date": end,
                "jp": prog["jp"], "cost": _participant_cost(prog),
                "certificate_no": f"{tid:06d}/SERT/{year}" if status == "selesai" else None,
                "status": status,
                "reaction_score": round(rng.uniform(3.0, 5.0), 1) if rng.random() < 0.5 else None,
                "pre_test": pre,
                "post_test": round(min(100.0, pre + rng.uniform(-5, 30)), 1) if pre else None})
            taken.append((prog["id"], start, end))
    return taken


def _participant_cost(prog: dict[str, Any]) -> int:
    """What one participant costs: per-class programmes share the class cost over a full class."""
    cost = int(prog["cost_per_participant"])
    if prog.get("cost_basis") == "per_class" and prog.get("class_cost"):
        cost += int(prog["class_cost"]) // max(1, int(prog["max_participants"]))
    return cost

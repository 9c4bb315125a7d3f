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

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.services import audit
from karier_desktop.services.demo_people import person
from karier_desktop.store import models as m
from karier_desktop.store.bulk import analyze, insert_rows
from karier_desktop.store.seed import load_reference, remove_unused_starter_catalogue
from karier_desktop.store.sequences import sync_sequences

Progress = Callable[[str, float], None]

ASSESSMENT_METHODS = ("Assessment Center", "Uji Kompetensi", "Penilaian Atasan")
ASSESSORS = ("UPT Penilaian Kompetensi BKN Kanreg IV Makassar", "BPSDM Provinsi Sulawesi Barat",
             "BKPP Kabupaten Mamuju", "Assessment Center Pemprov Sulawesi Barat")


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
    kinds, bup = {}, {}
    for code, level, age in session.execute(select(
            m.PositionKind.code, m.PositionKind.default_level, m.PositionKind.retirement_age)):
        kinds[code], bup[code] = level, age
    plan = _Plan()
    ids = _Ids()
    report("Menyusun unit dan jabatan", 0.05)
    slots = _build_units_and_positions(plan, ids, regency, comps, kinds, rng)
    _build_catalogue(plan, comps)
    report("Menyusun data pegawai", 0.15)
    _build_employees(plan, ids, regency, slots, employees, rng, today, bup)
    counts: dict[str, int] = {}
    conn = session.connection()

    def store(model: Any, rows: list[dict[str, Any]]) -> None:
        # COPY on a server, else Core executemany on the table: one prepared statement for all
        # rows (the ORM bulk path would split rows wherever optional values differ).
        insert_rows(conn, model.__table__, rows)
        counts[model.__tablename__] = counts.get(model.__tablename__, 0) + len(rows)
        rows.clear()  # memory: the history goes to the database a slice at a time

    for model, rows in ((m.Unit, plan.units), (m.Position, plan.positions),
                        (m.PositionStandard, plan.standards), (m.Programme, plan.programmes),
                        (m.ProgrammeTarget, plan.targets), (m.Employee, plan.employees)):
        store(model, rows[:])  # a copy: the history below still reads these lists
    report("Menyusun riwayat asesmen dan pelatihan", 0.35)

    def flush(done: float) -> None:
        for model, rows in ((m.Assessment, plan.assessments),
                            (m.AssessmentResult, plan.results),
                            (m.TrainingRecord, plan.trainings)):
            store(model, rows)
        report("Menyimpan riwayat asesmen dan pelatihan", 0.35 + 0.6 * done)

    _build_history(plan, ids, rng, today, flush)
    for name in ("assessments", "assessment_results", "training_records"):
        counts.setdefault(name, 0)
    sync_sequences(conn)  # the rows carry their own ids: the server's counters must follow
    analyze(conn)  # a server plans its first queries over the new rows with statistics
    audit.record(session, "demo", "database", None, employees=employees, seed=seed)
    return counts


STRUCTURAL = ("jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas")
# Field-less staff (pelaksana, office clerks) get office technical competencies, never the
# OPD's own (no pelaksana at Dinas Pendidikan with teaching competencies).
OFFICE_FIELDS = ["Kearsipan"]
MIN_STAFF_PER_UNIT = 1.5  # a school or puskesmas opens when its head would lead that many
STAFF_PER_SUB_HEAD = 3.0  # a Kasubbag or Kasi opens for every three staff the unit would have


def _technical_for(fields: list[str], comps: dict[str, tuple[int, str, str | None]]) -> list[int]:
    return [cid for cid, kind, fld in comps.values() if kind == "teknis" and fld in fields]


@dataclass
class _Unit:
    """A unit of an OPD with its head slot, further structural slots and staff positions."""

    id: int
    name: str
    head: tuple[int, dict[str, Any]] | None = None
    subs: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    staff: list[tuple[int, dict[str, Any], float]] = field(default_factory=list)

    @property
    def weight(self) -> float:
        return sum(w for _p, _t, w in self.staff)


def _matches(tpl: dict[str, Any], opd: dict[str, Any], sub_name: str | None,
             special: tuple[str, ...]) -> bool:
    if opd["kind"] not in tpl["opd_kinds"]:
        return False
    if tpl.get("opd_codes") and opd["code"] not in tpl["opd_codes"]:
        return False
    if tpl["per"] == "opd":
        return sub_name is None
    if sub_name is None:
        return False
    prefix = tpl.get("subunit_prefix")
    if prefix:
        return sub_name.startswith(prefix)
    return not sub_name.startswith(special)  # schools, puskesmas, kelurahan have their own


def _build_units_and_positions(plan: _Plan, ids: _Ids, regency: dict[str, Any],
                               comps: dict[str, tuple[int, str, str | None]],
                               kinds: dict[str, int], rng: random.Random
                               ) -> list[dict[str, Any]]:
    """Create units and positions; return one slot per OPD: its weight, its own unit (head,
    further structural posts, staff) and its subunits."""
    core = [cid for cid, kind, _f in comps.values() if kind != "teknis"]
    special = tuple(regency.get("special_subunit_prefixes", ()))
    slots = []
    for opd in regency["opd"]:
        opd_id = ids.next("unit")
        plan.units.append({"id": opd_id, "code": opd["code"], "name": opd["name"],
                           "kind": opd["kind"], "parent_id": None, "address": None})
        units = [_Unit(opd_id, opd["name"])]
        for n, sub_name in enumerate(opd["subunits"], start=1):
            sid = ids.next("unit")
            plan.units.append({"id": sid, "code": f"{opd['code']}-{n:02d}", "name": sub_name,
                               "kind": "subunit", "parent_id": opd_id, "address": None})
            units.append(_Unit(sid, sub_name))
        technical = _technical_for(opd.get("fields", []), comps)
        for unit in units:
            sub_name = None if unit.id == opd_id else unit.name
            for tpl in regency["positions"]:
                if not _matches(tpl, opd, sub_name, special):
                    continue
                pid = ids.next("position")
                plan.positions.append({"id": pid, "name": tpl["name"], "kind_code": tpl["kind"],
                                       "unit_id": unit.id, "field": tpl.get("field")})
                level = kinds.get(tpl["kind"], 2)
                plan.standards.extend({"position_id": pid, "competency_id": cid,
                                       "required_level": level} for cid in core)
                leads = tpl["kind"] in STRUCTURAL or tpl.get("head")
                pool = (_technical_for([tpl["field"]], comps) if tpl.get("field")
                        else technical if leads else _technical_for(OFFICE_FIELDS, comps))
                for cid in rng.sample(pool, min(len(pool), 2)):
                    plan.standards.append({"position_id": pid, "competency_id": cid,
                                           "required_level": max(1, min(5, level + rng.choice((0, 0, 1))))})
                if leads and unit.head is None:
                    unit.head = (pid, tpl)
                elif leads:
                    unit.subs.extend([(pid, tpl)] * int(tpl.get("count", 1)))
                else:
                    unit.staff.append((pid, tpl, float(tpl.get("count", 1))))
        slots.append({"weight": float(opd["weight"]), "units": units})
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


def _build_employees(plan: _Plan, ids: _Ids, regency: dict[str, Any],
                     slots: list[dict[str, Any]], total: int, rng: random.Random,
                     today: dt.date, bup: dict[str, int]) -> None:
    """Share the workforce among OPDs by weight; in each OPD fill the head, open the units
    whose head would lead enough staff, then draw staff by weight into the open units. Every
    employee's supervisor is the head of their unit (a teacher's is the kepala sekolah); unit
    heads report to the OPD head."""
    per_opd = [0] * len(slots)
    for idx in rng.choices(range(len(slots)), weights=[s["weight"] for s in slots], k=total):
        per_opd[idx] += 1
    used_nips: set[str] = set()

    def add(pid: int, unit_id: int, tpl: dict[str, Any], head: bool,
            supervisor: int | None) -> int:
        age = 60 if tpl["name"].startswith(("Guru", "Kepala Sekolah")) else bup.get(tpl["kind"], 58)
        emp = person(ids.next("employee"), regency, tpl, head, age, rng, today, used_nips)
        emp.update(position_id=pid, unit_id=unit_id, supervisor_id=supervisor)
        plan.employees.append(emp)
        return emp["id"]

    for slot, count in zip(slots, per_opd, strict=True):
        own, subunits = slot["units"][0], [u for u in slot["units"][1:] if u.head]
        if count < 1 or own.head is None:
            continue
        chief = add(own.head[0], own.id, own.head[1], True, None)
        left = count - 1
        opened = list(subunits)
        while opened:  # drop the unit that would lead the fewest staff until each leads enough
            weight = own.weight + sum(u.weight for u in opened)
            budget = left - len(opened)
            smallest = min(opened, key=lambda u: u.weight)
            if weight and budget * smallest.weight / weight >= MIN_STAFF_PER_UNIT:
                break
            opened.remove(smallest)
        heads: dict[int, int] = {}
        for unit in opened:
            heads[unit.id] = add(unit.head[0], unit.id, unit.head[1], True, chief)  # type: ignore[index]
            left -= 1
        for n, (pid, tpl) in enumerate(own.subs, start=1):  # Asisten, Staf Ahli
            if left >= 8 * n:
                add(pid, own.id, tpl, True, chief)
                left -= 1
        weight = own.weight + sum(u.weight for u in opened)
        for unit in opened:
            expected = left * unit.weight / weight if weight else 0
            for n, (pid, tpl) in enumerate(unit.subs, start=1):
                if expected >= STAFF_PER_SUB_HEAD * n:
                    add(pid, unit.id, tpl, True, heads[unit.id])
                    left -= 1
        office = next((heads[u.id] for u in opened if u.name.startswith("Sekretariat")), chief)
        pool = [(pid, own.id, tpl, office, w) for pid, tpl, w in own.staff]
        pool += [(pid, u.id, tpl, heads[u.id], w) for u in opened for pid, tpl, w in u.staff]
        if not pool or left < 1:
            continue
        for pid, unit_id, tpl, sup, _w in rng.choices(pool, weights=[p[4] for p in pool], k=left):
            add(pid, unit_id, tpl, False, sup)


HISTORY_SLICE = 2_000  # employees whose history is built, then written and forgotten


def _build_history(plan: _Plan, ids: _Ids, rng: random.Random, today: dt.date,
                   flush: Callable[[float], None]) -> None:
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
    total = len(plan.employees)
    for n, emp in enumerate(plan.employees, start=1):
        if n % HISTORY_SLICE == 0:
            flush(n / total)
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
    flush(1.0)


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

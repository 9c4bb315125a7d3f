"""Data for the budget planner: who needs what, and which programme closes how much of it.

`build_problem(session, year, ...)` reads the database once (bulk queries, no per-employee
round trips: 5,000 employees take well under a second) and returns a `PlanProblem` — plain
frozen dataclasses that the solver in `services.planner` works on without a session.

A *need* is one competency of one employee below the standard of the position: the gap in levels
and the value of closing one level (the weights below). A *candidate* is one (employee,
programme) pair: an active programme whose targets cover at least one need of the employee and
which is open to the employee's kind of position. Per covered need it closes
``min(target gain, target to_level - actual level, gap)`` levels.

A competency without a valid assessment has an unknown gap: it is not planned (the planner says
how many employees that leaves out). With `PlannerWeights.stale_factor` > 0 the level of an
expired assessment is used instead, its value scaled by that factor.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain.textfmt import full_name
from karier_desktop.services import settings as settings_service
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.employees import root_of, unit_tree, unit_with_descendants
from karier_desktop.services.gaps import latest_levels, validity_cutoff
from karier_desktop.store import models as m

STRUCTURAL_KINDS = frozenset({"jpt_utama", "jpt_madya", "jpt_pratama", "administrator",
                              "pengawas"})


@dataclass(frozen=True)
class PlannerWeights:
    """How much closing one level of a gap is worth; the clerk may change every figure."""

    base_per_level: float = 1.0
    managerial_structural_factor: float = 1.5  # managerial gaps of jpt/administrator/pengawas
    under_minimum_jp_bonus: float = 0.25  # +25 % for employees still under the yearly minimum JP
    stale_factor: float = 0.0  # 0: expired assessments are not planned; >0: use them, scaled
    kind_manajerial: float = 1.0
    kind_sosial_kultural: float = 1.0
    kind_teknis: float = 1.0

    def kind_weight(self, kind: str) -> float:
        return {"manajerial": self.kind_manajerial, "sosial_kultural": self.kind_sosial_kultural,
                "teknis": self.kind_teknis}.get(kind, 1.0)

    def problems(self) -> list[str]:
        """Indonesian messages for weights that cannot be used."""
        out = []
        for label, value in (("Nilai dasar per level", self.base_per_level),
                             ("Faktor manajerial pejabat struktural",
                              self.managerial_structural_factor),
                             ("Bonus pegawai di bawah minimal JP", self.under_minimum_jp_bonus),
                             ("Faktor asesmen kedaluwarsa", self.stale_factor),
                             ("Bobot kompetensi manajerial", self.kind_manajerial),
                             ("Bobot kompetensi sosial kultural", self.kind_sosial_kultural),
                             ("Bobot kompetensi teknis", self.kind_teknis)):
            if not 0 <= value <= 100:
                out.append(f"{label} harus antara 0 dan 100 (terisi {value:g}).")
        return out


@dataclass(frozen=True)
class PlanEmployee:
    id: int
    nip: str
    name: str
    unit_id: int | None
    opd_id: int | None
    opd_name: str
    position_kind: str
    structural: bool
    jp_year: float
    under_minimum: bool


@dataclass(frozen=True)
class PlanProgramme:
    id: int
    code: str
    title: str
    form_code: str
    provider: str
    jp: float
    cost_per_participant: int
    cost_basis: str  # 'per_participant' | 'per_class'
    class_cost: int
    min_participants: int
    max_participants: int

    @property
    def per_class(self) -> bool:
        return self.cost_basis == "per_class"


@dataclass(frozen=True)
class Need:
    employee: int  # index into PlanProblem.employees
    competency_id: int
    code: str
    name: str
    kind: str
    required: int
    actual: int
    gap: int  # levels below standard (> 0)
    weight: float  # value of closing one level


@dataclass(frozen=True)
class Candidate:
    employee: int  # index into PlanProblem.employees
    programme: int  # index into PlanProblem.programmes
    closes: tuple[tuple[int, int], ...]  # (need index, levels), largest first
    value: float  # value when nothing else closes these needs


@dataclass(frozen=True)
class PlanProblem:
    year: int
    employees: tuple[PlanEmployee, ...]
    programmes: tuple[PlanProgramme, ...]
    needs: tuple[Need, ...]
    candidates: tuple[Candidate, ...]
    weights: PlannerWeights = field(default_factory=PlannerWeights)
    minimum_jp: float = 20.0
    employees_in_scope: int = 0
    without_assessment: int = 0  # employees whose gaps are all unknown (none or expired)
    unknown_lines: int = 0  # standard lines without a usable level
    prep_seconds: float = 0.0


def unit_scope(session: Session, unit_ids: list[int] | None) -> frozenset[int] | None:
    """The given units with all their sub-units; None means the whole regency."""
    if not unit_ids:
        return None
    units = unit_tree(session)
    found: set[int] = set()
    for uid in unit_ids:
        found |= unit_with_descendants(units, uid)
    return frozenset(found)


def unit_ids_by_code(session: Session, code: str) -> list[int] | None:
    uid = session.scalar(select(m.Unit.id).where(m.Unit.code == code.strip()))
    return None if uid is None else [uid]


def need_weight(w: PlannerWeights, kind: str, structural: bool, under_minimum: bool,
                stale: bool) -> float:
    value = w.base_per_level * w.kind_weight(kind)
    if structural and kind == "manajerial":
        value *= w.managerial_structural_factor
    if under_minimum:
        value *= 1.0 + w.under_minimum_jp_bonus
    if stale:
        value *= w.stale_factor
    return value


def _jp_in_year(session: Session, year: int) -> dict[int, float]:
    t = m.TrainingRecord
    out: dict[int, float] = defaultdict(float)
    for eid, jp in session.execute(
            select(t.employee_id, t.jp).where(t.status.in_(("selesai", "rencana")),
                                             t.start_date >= dt.date(year, 1, 1),
                                             t.start_date <= dt.date(year, 12, 31))):
        out[eid] += float(jp or 0)
    return out


def _programmes(session: Session) -> tuple[list[PlanProgramme], dict[int, list[tuple[int, int, int]]],
                                           list[frozenset[str] | None]]:
    """Active programmes, targets by competency (prog index, to_level, gain), eligibility."""
    p = m.Programme
    progs: list[PlanProgramme] = []
    allowed: list[frozenset[str] | None] = []
    index: dict[int, int] = {}
    for row in session.execute(
            select(p.id, p.code, p.title, p.form_code, p.provider, p.jp, p.cost_per_participant,
                   p.cost_basis, p.class_cost, p.min_participants, p.max_participants,
                   p.position_kinds).where(p.active.is_(True)).order_by(p.code)):
        index[row.id] = len(progs)
        progs.append(PlanProgramme(
            id=row.id, code=row.code, title=row.title, form_code=row.form_code,
            provider=row.provider or "", jp=float(row.jp or 0),
            cost_per_participant=int(row.cost_per_participant or 0),
            cost_basis=row.cost_basis or "per_participant", class_cost=int(row.class_cost or 0),
            min_participants=max(1, int(row.min_participants or 1)),
            max_participants=max(1, int(row.max_participants or 1))))
        kinds = [k.strip() for k in (row.position_kinds or "").split(",") if k.strip()]
        allowed.append(frozenset(kinds) if kinds else None)
    by_comp: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    t = m.ProgrammeTarget
    for pid, cid, to_level, gain in session.execute(
            select(t.programme_id, t.competency_id, t.to_level, t.gain)):
        if pid in index:
            by_comp[cid].append((index[pid], int(to_level), max(0, int(gain or 0))))
    return progs, by_comp, allowed


def build_problem(session: Session, year: int, unit_ids: list[int] | None = None,
                  weights: PlannerWeights | None = None, today: dt.date | None = None
                  ) -> PlanProblem:
    """Read needs and candidates of the active employees in scope (units incl. sub-units)."""
    import time

    started = time.perf_counter()
    w = weights or PlannerWeights()
    today = today or dt.date.today()
    cfg = settings_service.load(session)
    cutoff = validity_cutoff(today, cfg.assessment_validity_years)
    scope = unit_scope(session, unit_ids)
    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    roots = root_of(parents)
    unit_names = dict(session.execute(select(m.Unit.id, m.Unit.name)).all())
    comps = {cid: (code, name, kind) for cid, code, name, kind in session.execute(
        select(m.Competency.id, m.Competency.code, m.Competency.name, m.Competency.kind))}
    standards: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pid, cid, req in session.execute(select(m.PositionStandard.position_id,
                                                m.PositionStandard.competency_id,
                                                m.PositionStandard.required_level)):
        standards[pid].append((cid, int(req)))
    e, pos = m.Employee, m.Position
    stmt = (select(e.id, e.nip, e.name, e.front_title, e.back_title, e.unit_id, e.position_id,
                   pos.kind_code)
            .outerjoin(pos, pos.id == e.position_id).where(e.status == "aktif").order_by(e.id))
    stmt = restrict(session, stmt, e.unit_id)  # an operator OPD plans for their OPD only
    rows = [r for r in session.execute(stmt) if scope is None or r.unit_id in scope]
    ids = [r.id for r in rows]
    levels = latest_levels(session, ids if len(ids) <= 5000 else None)
    jp_year = _jp_in_year(session, year)
    progs, by_comp, allowed = _programmes(session)

    employees: list[PlanEmployee] = []
    needs: list[Need] = []
    candidates: list[Candidate] = []
    without, unknown = 0, 0
    for row in rows:
        kind_code = row.kind_code or ""
        structural = kind_code in STRUCTURAL_KINDS
        jp = jp_year.get(row.id, 0.0)
        under = jp < cfg.yearly_minimum_jp
        opd = roots.get(row.unit_id) if row.unit_id else None
        emp_index = len(employees)
        employees.append(PlanEmployee(
            id=row.id, nip=row.nip, name=full_name(row.name, row.front_title, row.back_title),
            unit_id=row.unit_id, opd_id=opd, opd_name=unit_names.get(opd, "") if opd else "",
            position_kind=kind_code, structural=structural, jp_year=jp, under_minimum=under))
        known = 0
        per_prog: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for cid, req in standards.get(row.position_id or -1, ()):
            found = levels.get((row.id, cid))
            stale = found is not None and found[1] <= cutoff
            if found is None or (stale and w.stale_factor <= 0):
                unknown += 1
                continue
            known += 1
            actual = int(found[0])
            if actual >= req:
                continue
            code, name, kind = comps[cid]
            weight = need_weight(w, kind, structural, under, stale)
            if weight <= 0:
                continue
            need_index = len(needs)
            needs.append(Need(emp_index, cid, code, name, kind, req, actual, req - actual, weight))
            for prog_index, to_level, gain in by_comp.get(cid, ()):
                levels_closed = min(gain, to_level - actual, req - actual)
                if levels_closed > 0:
                    per_prog[prog_index].append((need_index, levels_closed))
        if known == 0:
            without += 1
        for prog_index, closes in sorted(per_prog.items()):
            kinds = allowed[prog_index]
            if kinds is not None and kind_code not in kinds:
                continue
            closes.sort(key=lambda nc: -nc[1] * needs[nc[0]].weight)
            value = sum(needs[n].weight * lv for n, lv in closes)
            candidates.append(Candidate(emp_index, prog_index, tuple(closes), value))
    return PlanProblem(
        year=year, employees=tuple(employees), programmes=tuple(progs), needs=tuple(needs),
        candidates=tuple(candidates), weights=w, minimum_jp=cfg.yearly_minimum_jp,
        employees_in_scope=len(rows), without_assessment=without, unknown_lines=unknown,
        prep_seconds=time.perf_counter() - started)


# --- the rules a plan must keep (shared by the exact solver, the greedy plan and brute force)

@dataclass(frozen=True)
class PlanLimits:
    """Limits the clerk sets: JP per employee in the plan and whether classes must fill."""

    max_jp_per_employee: float | None = None  # None: no limit
    respect_min_participants: bool = True

    def problems(self) -> list[str]:
        if self.max_jp_per_employee is not None and not 0 < self.max_jp_per_employee <= 5000:
            return [f"Batas JP per pegawai harus antara 1 dan 5.000 (terisi "
                    f"{self.max_jp_per_employee:g}); kosongkan untuk tanpa batas."]
        return []


def needs_class(prog: PlanProgramme, limits: PlanLimits) -> bool:
    """True when a group of at least min participants must be formed before anyone can go."""
    return limits.respect_min_participants and prog.min_participants > 1


def classes_for(prog: PlanProgramme, n: int, limits: PlanLimits) -> int | None:
    """Classes needed for n participants, or None when n participants cannot be arranged."""
    if n <= 0:
        return 0
    if prog.per_class:
        k = -(-n // prog.max_participants)
        if needs_class(prog, limits) and n < prog.min_participants * k:
            return None
        return k
    if n > prog.max_participants:
        return None  # the catalogue's seats for this programme
    if needs_class(prog, limits) and n < prog.min_participants:
        return None
    return 1


def programme_cost(prog: PlanProgramme, n: int, classes: int) -> int:
    return prog.cost_per_participant * n + (prog.class_cost * classes if prog.per_class else 0)


@dataclass(frozen=True)
class Evaluation:
    feasible: bool
    value: float
    cost: int
    participants: dict[int, int]  # programme index -> participants
    classes: dict[int, int]  # programme index -> classes
    jp: dict[int, float]  # employee index -> planned JP
    closed: dict[int, int]  # need index -> levels closed


def evaluate(problem: PlanProblem, chosen: frozenset[int] | set[int], budget: int,
             limits: PlanLimits) -> Evaluation:
    """Value, cost and feasibility of a set of candidate indices."""
    participants: dict[int, int] = defaultdict(int)
    jp: dict[int, float] = defaultdict(float)
    covered: dict[int, int] = defaultdict(int)
    for c in chosen:
        cand = problem.candidates[c]
        participants[cand.programme] += 1
        jp[cand.employee] += problem.programmes[cand.programme].jp
        for need, levels in cand.closes:
            covered[need] += levels
    feasible = True
    classes: dict[int, int] = {}
    cost = 0
    for p, n in participants.items():
        prog = problem.programmes[p]
        k = classes_for(prog, n, limits)
        if k is None:
            feasible = False
            k = -(-n // prog.max_participants)
        classes[p] = k
        cost += programme_cost(prog, n, k)
    if cost > budget:
        feasible = False
    cap = limits.max_jp_per_employee
    if cap is not None and any(v > cap + 1e-9 for v in jp.values()):
        feasible = False
    closed = {n: min(problem.needs[n].gap, lv) for n, lv in covered.items()}
    value = sum(problem.needs[n].weight * lv for n, lv in closed.items())
    return Evaluation(feasible, value, cost, dict(participants), classes, dict(jp), closed)


def brute_force(problem: PlanProblem, budget: int, limits: PlanLimits | None = None,
                pins: frozenset[int] = frozenset(), forbids: frozenset[int] = frozenset()
                ) -> tuple[float, frozenset[int]] | None:
    """The optimum by trying every subset (small problems only); None when nothing is feasible."""
    limits = limits or PlanLimits()
    n = len(problem.candidates)
    if n > 16:
        raise ValueError("brute_force hanya untuk masalah kecil (paling banyak 16 kandidat).")
    best: tuple[float, frozenset[int]] | None = None
    for mask in range(1 << n):
        chosen = frozenset(i for i in range(n) if mask >> i & 1)
        if not pins <= chosen or chosen & forbids:
            continue
        ev = evaluate(problem, chosen, budget, limits)
        if ev.feasible and (best is None or ev.value > best[0] + 1e-9):
            best = (ev.value, chosen)
    return best

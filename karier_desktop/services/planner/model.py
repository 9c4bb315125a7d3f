"""The budget planner's data and the rules every plan keeps (greedy, exact and brute force).

`services.planner.build.build_problem(session, year, ...)` reads the database with a few
aggregate queries and returns a `PlanProblem` — plain frozen dataclasses (slots, to stay small
at a province's size) that the solvers work on without a session.

A *need* is one competency of one employee below the standard of the position: the gap in levels
and the value of closing one level (the weights below). With `PlannerWeights.ipasn_points` > 0 an
IP ASN competency indicator the employee misses is a need too (gap 1, kind "ipasn"). A
*candidate* is one (employee, programme) pair: an active programme whose targets cover at least
one need of the employee and which is open to the employee's kind of position.

The rules (`PlanLimits`, checked by `evaluate`): the budget; by default the per-person rules of
the employee type (services.idp.yearly_room: JP and rupiah ceilings, PPPK at most 24 JP in the
year counting what was already taken); the clerk's own JP cap; each funding source's ceiling
(the year's Renbangkom budgets by default); classes that must fill.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

STRUCTURAL_KINDS = frozenset({"jpt_utama", "jpt_madya", "jpt_pratama", "administrator",
                              "pengawas"})
IPASN_KIND = "ipasn"
SOURCE_LABELS = {"apbd_kab": "APBD Kabupaten", "apbd_prov": "APBD Provinsi",
                 "apbn": "APBN / K-L", "tanpa_biaya": "Tanpa biaya / e-learning",
                 "mandiri": "Mandiri"}


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
    ipasn_points: float = 0.0  # value of one IP ASN competency-dimension point gained (0: off)

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
                             ("Bobot kompetensi teknis", self.kind_teknis),
                             ("Bobot poin IP ASN", self.ipasn_points)):
            if not 0 <= value <= 100:
                out.append(f"{label} harus antara 0 dan 100 (terisi {value:g}).")
        return out


@dataclass(frozen=True, slots=True)
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
    employee_type: str = "PNS"
    jp_room: float | None = None  # JP the type's rules still allow this year (None: no rule)
    cost_room: int | None = None  # rupiah the type's ceiling allows (None: no ceiling)


@dataclass(frozen=True, slots=True)
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
    source: str = "apbd_kab"  # the funding source that pays it (SOURCE_LABELS)
    ipasn: tuple[str, ...] = ()  # IP ASN indicators it can meet (with IP ASN weighting)

    @property
    def per_class(self) -> bool:
        return self.cost_basis == "per_class"

    @property
    def person_cost(self) -> int:
        """One participant's share, for the per-person cost ceiling (a full class's share)."""
        if not self.per_class or not self.class_cost:
            return self.cost_per_participant
        return self.cost_per_participant + round(self.class_cost / max(1, self.max_participants))


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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
    source_budgets: tuple[tuple[str, int], ...] = ()  # the year's ceiling per funding source
    staff: tuple[tuple[int | None, str, int], ...] = ()  # (OPD id, name, employees in scope)


# --- the rules a plan must keep (shared by the exact solver, the greedy plan and brute force)

@dataclass(frozen=True)
class PlanLimits:
    """Limits of a plan. By default the per-person rules of each employee type apply and each
    funding source keeps the year's ceiling; the clerk may add a JP cap for everybody."""

    max_jp_per_employee: float | None = None  # None: no extra cap
    respect_min_participants: bool = True
    person_rules: bool = True  # JP/rupiah ceilings per employee type, PPPK <= 24 JP a year
    # None: the year's Renbangkom budgets per source; () : no source ceilings
    source_ceilings: tuple[tuple[str, int], ...] | None = None

    def problems(self) -> list[str]:
        out = []
        if self.max_jp_per_employee is not None and not 0 < self.max_jp_per_employee <= 5000:
            out.append(f"Batas JP per pegawai harus antara 1 dan 5.000 (terisi "
                       f"{self.max_jp_per_employee:g}); kosongkan untuk tanpa batas.")
        for source, amount in self.source_ceilings or ():
            if source not in SOURCE_LABELS:
                out.append(f"Sumber dana tidak dikenal: {source}.")
            elif amount < 0:
                out.append(f"Pagu {SOURCE_LABELS[source]} tidak boleh negatif.")
        return out


def jp_cap(problem: PlanProblem, limits: PlanLimits, employee: int) -> float:
    """The most JP the plan may give this employee (inf: no cap)."""
    cap = math.inf if limits.max_jp_per_employee is None else limits.max_jp_per_employee
    room = problem.employees[employee].jp_room
    if limits.person_rules and room is not None:
        cap = min(cap, room)
    return cap


def cost_cap(problem: PlanProblem, limits: PlanLimits, employee: int) -> float:
    """The most rupiah (participant shares) the plan may spend on this employee (inf: no cap)."""
    room = problem.employees[employee].cost_room
    return float(room) if limits.person_rules and room is not None else math.inf


def ceilings(problem: PlanProblem, limits: PlanLimits) -> dict[str, int]:
    """Funding source -> ceiling; a source without one is bounded by the total budget only."""
    pairs = problem.source_budgets if limits.source_ceilings is None else limits.source_ceilings
    return {source: int(amount) for source, amount in pairs}


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
    by_source: dict[str, int] = field(default_factory=dict)  # funding source -> cost


def evaluate(problem: PlanProblem, chosen: frozenset[int] | set[int], budget: int,
             limits: PlanLimits) -> Evaluation:
    """Value, cost and feasibility of a set of candidate indices."""
    participants: dict[int, int] = defaultdict(int)
    jp: dict[int, float] = defaultdict(float)
    spent: dict[int, int] = defaultdict(int)
    covered: dict[int, int] = defaultdict(int)
    for c in chosen:
        cand = problem.candidates[c]
        prog = problem.programmes[cand.programme]
        participants[cand.programme] += 1
        jp[cand.employee] += prog.jp
        spent[cand.employee] += prog.person_cost
        for need, levels in cand.closes:
            covered[need] += levels
    feasible = True
    classes: dict[int, int] = {}
    by_source: dict[str, int] = defaultdict(int)
    for p, n in participants.items():
        prog = problem.programmes[p]
        k = classes_for(prog, n, limits)
        if k is None:
            feasible = False
            k = -(-n // prog.max_participants)
        classes[p] = k
        by_source[prog.source] += programme_cost(prog, n, k)
    cost = sum(by_source.values())
    if cost > budget:
        feasible = False
    if any(by_source.get(s, 0) > top for s, top in ceilings(problem, limits).items()):
        feasible = False
    if any(v > jp_cap(problem, limits, e) + 1e-9 for e, v in jp.items()):
        feasible = False
    if any(v > cost_cap(problem, limits, e) for e, v in spent.items()):
        feasible = False
    closed = {n: min(problem.needs[n].gap, lv) for n, lv in covered.items()}
    value = sum(problem.needs[n].weight * lv for n, lv in closed.items())
    return Evaluation(feasible, value, cost, dict(participants), classes, dict(jp), closed,
                      dict(by_source))


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

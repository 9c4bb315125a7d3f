"""Budget-limited development planning: an exact plan (mixed-integer programme, HiGHS) and a
greedy plan beside it, the value at several budgets, and accepting the plan into the IDPs.

The model (all on the data of `planner_model.build_problem`):
- x[c] binary: candidate c (employee e takes programme p) is funded;
- z[n] in [0, gap_n]: levels closed of need n, z[n] <= sum of levels of the funded candidates
  that cover n — so two programmes on the same competency never count beyond the gap;
- k[p] integer classes of a per-class programme (cost class_cost per class, at most
  max_participants per class, at least min_participants per class when classes must fill);
  y[p] binary for a per-participant programme with a minimum group (min..max, or nobody);
- sum of costs <= budget; planned JP per employee <= limit; pins x=1, forbids x=0.
Maximise the sum of weighted levels closed. Functions here never touch Qt; `solve` may run in a
worker thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from karier_desktop.services.planner_model import (
    Evaluation,
    PlanLimits,
    PlannerWeights,
    PlanProblem,
    brute_force,  # noqa: F401 (re-export)
    build_problem,
    classes_for,
    evaluate,
    needs_class,
    programme_cost,
)

Progress = Callable[[str, float], None]
CURVE_FACTORS = (0.25, 0.5, 1.0, 1.5, 2.0)
_BANNER_LOCK = threading.Lock()
_banner_shown = False


def _new_highs() -> Any:
    """A silent HiGHS instance; the first one prints a banner on the C stdout, which the CLI's
    JSON output must not contain, so that one is created with stdout pointed elsewhere."""
    global _banner_shown
    import highspy

    with _BANNER_LOCK:
        if not _banner_shown:
            _banner_shown = True
            with contextlib.suppress(OSError, ValueError), open(os.devnull, "w") as null:
                saved = os.dup(1)
                try:
                    os.dup2(null.fileno(), 1)
                    h = highspy.Highs()  # type: ignore[no-untyped-call]
                finally:
                    os.dup2(saved, 1)
                    os.close(saved)
                h.setOptionValue("output_flag", False)
                return h
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    return h


@dataclass(frozen=True)
class CurvePoint:
    budget: int
    objective: float
    cost: int
    status: str
    gap_percent: float | None


@dataclass(frozen=True)
class PlanRow:
    """One (employee, programme) pair of the plan, funded or not (then with the reason)."""

    employee_id: int
    nip: str
    name: str
    opd_id: int | None
    opd_name: str
    programme_id: int
    code: str
    title: str
    form_code: str
    provider: str
    jp: float
    cost: int  # per participant, including the participant's share of the class cost
    value: float
    competencies: str  # "M.04 +1, T.07 +2"
    competency_id: int | None  # the main competency, for the IDP item
    gap: int | None  # actual - required of that competency (negative), as in services.gaps
    goal: str
    funded: bool
    reason: str = ""


@dataclass(frozen=True)
class UnitPlan:
    opd_id: int | None
    name: str
    employees: int
    funded: int
    funded_employees: int
    cost: int
    value: float
    not_funded: int
    reasons: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ClassPlan:
    programme_id: int
    code: str
    title: str
    participants: int
    classes: int
    cost: int


@dataclass(frozen=True)
class PlanResult:
    year: int
    budget: int
    status: str  # "optimal" | "dalam_toleransi" | "batas_waktu" | "tidak_layak" | "kosong"
    status_text: str
    objective: float
    bound: float | None
    gap_percent: float | None
    cost: int
    greedy_objective: float
    greedy_cost: int
    funded: tuple[PlanRow, ...]
    not_funded: tuple[PlanRow, ...]
    units: tuple[UnitPlan, ...]
    classes: tuple[ClassPlan, ...]
    curve: tuple[CurvePoint, ...]
    employees_in_scope: int
    without_assessment: int
    candidates: int
    solve_seconds: float
    prep_seconds: float
    greedy_seconds: float = 0.0

    @property
    def improvement_percent(self) -> float | None:
        """How much more the exact plan closes than the greedy one, in percent."""
        if self.greedy_objective <= 0:
            return None
        return (self.objective - self.greedy_objective) / self.greedy_objective * 100.0


REASON_BUDGET = "tidak terdanai: anggaran habis"
REASON_CLASS = "kelas tidak memenuhi minimal peserta"
REASON_JP = "melebihi batas JP"
REASON_FORBIDDEN = "dilarang oleh operator"
REASON_QUOTA = "kuota peserta program penuh"


def _status_text(status: str, gap: float | None) -> str:
    if status == "optimal":
        return "terbukti optimal"
    shown = "tidak diketahui" if gap is None else f"{gap:.2f}%".replace(".", ",")
    if status == "dalam_toleransi":
        return f"selisih maksimum dari optimal {shown}"
    if status == "batas_waktu":
        return f"batas waktu tercapai; selisih maksimum dari optimal {shown}"
    if status == "tidak_layak":
        return ("tidak ada rencana yang memenuhi semua syarat: periksa penugasan yang dikunci, "
                "anggaran dan batas JP")
    return "tidak ada kandidat: tidak ada kesenjangan terukur yang dapat ditutup program aktif"


def _row(problem: PlanProblem, i: int, cost: int, alloc: list[tuple[int, int]],
         funded: bool, reason: str) -> PlanRow:
    c = problem.candidates[i]
    emp, prog = problem.employees[c.employee], problem.programmes[c.programme]
    parts = [(problem.needs[n], lv) for n, lv in alloc if lv > 0]
    main = parts[0][0] if parts else None
    return PlanRow(
        employee_id=emp.id, nip=emp.nip, name=emp.name, opd_id=emp.opd_id, opd_name=emp.opd_name,
        programme_id=prog.id, code=prog.code, title=prog.title, form_code=prog.form_code,
        provider=prog.provider, jp=prog.jp, cost=cost,
        value=sum(nd.weight * lv for nd, lv in parts),
        competencies=", ".join(f"{nd.code} +{lv}" for nd, lv in parts),
        competency_id=main.competency_id if main else None,
        gap=(main.actual - main.required) if main else None,
        goal="; ".join(f"Menaikkan {nd.name} dari level {nd.actual} ke level {nd.actual + lv}"
                       for nd, lv in parts),
        funded=funded, reason=reason)


def build_result(problem: PlanProblem, budget: int, limits: PlanLimits, chosen: frozenset[int],
                 greedy_set: frozenset[int], forbidden: frozenset[int], status: str,
                 bound: float | None, gap: float | None, seconds: float,
                 curve: tuple[CurvePoint, ...]) -> PlanResult:
    """Rows for the tables: funded pairs with their share of the value, the rest with reasons."""
    ev = evaluate(problem, chosen, budget, limits)
    gev = evaluate(problem, greedy_set, budget, limits)
    covered: dict[int, int] = defaultdict(int)
    funded: list[PlanRow] = []
    seen: dict[int, int] = defaultdict(int)  # participants priced so far, per programme
    for i in sorted(chosen, key=lambda i: -problem.candidates[i].value):
        c = problem.candidates[i]
        prog = problem.programmes[c.programme]
        alloc = []
        for need, levels in c.closes:
            take = max(0, min(levels, problem.needs[need].gap - covered[need]))
            covered[need] += take
            alloc.append((need, take))
        n, k = ev.participants[c.programme], ev.classes.get(c.programme, 0)
        total = programme_cost(prog, n, k)  # shared so that the shares add up exactly
        share = total // n + (1 if seen[c.programme] < total % n else 0)
        seen[c.programme] += 1
        funded.append(_row(problem, i, share, alloc, True, ""))
    cap = limits.max_jp_per_employee
    open_: dict[int, int] = defaultdict(int)  # not funded, useful, not forbidden, JP fits: per programme
    pending: list[tuple[int, list[tuple[int, int]]]] = []
    for i, c in enumerate(problem.candidates):
        if i in chosen:
            continue
        alloc = [(need, min(lv, max(0, problem.needs[need].gap - covered[need])))
                 for need, lv in c.closes]
        if not any(lv for _n, lv in alloc):
            if i not in forbidden:
                continue  # what it would close is already closed by the plan
            alloc = list(c.closes)  # forbidden pairs stay visible so they can be allowed again
        pending.append((i, alloc))
        jp_ok = cap is None or ev.jp.get(c.employee, 0) + problem.programmes[c.programme].jp <= cap
        if i not in forbidden and jp_ok:
            open_[c.programme] += 1
    can_form = {p: any(classes_for(problem.programmes[p], ev.participants.get(p, 0) + m, limits)
                       is not None for m in range(1, m_open + 1)) for p, m_open in open_.items()}
    not_funded: list[PlanRow] = []
    for i, alloc in pending:
        c = problem.candidates[i]
        prog = problem.programmes[c.programme]
        n = ev.participants.get(c.programme, 0)
        if i in forbidden:
            reason = REASON_FORBIDDEN
        elif cap is not None and ev.jp.get(c.employee, 0) + prog.jp > cap + 1e-9:
            reason = REASON_JP
        elif not prog.per_class and n >= prog.max_participants:
            reason = REASON_QUOTA
        elif not can_form.get(c.programme, False):
            reason = REASON_CLASS
        else:
            reason = REASON_BUDGET
        k = classes_for(prog, 1, limits) or 1
        not_funded.append(_row(problem, i, programme_cost(prog, 1, k) if prog.per_class
                               else prog.cost_per_participant, alloc, False, reason))
    return PlanResult(
        year=problem.year, budget=budget, status=status, status_text=_status_text(status, gap),
        objective=ev.value, bound=bound, gap_percent=gap, cost=ev.cost,
        greedy_objective=gev.value if gev.feasible else 0.0, greedy_cost=gev.cost,
        funded=tuple(sorted(funded, key=lambda r: (r.opd_name, r.name, r.code))),
        not_funded=tuple(sorted(not_funded, key=lambda r: (r.opd_name, r.name, -r.value))),
        units=_units(problem, funded, not_funded), classes=_classes(problem, ev),
        curve=curve, employees_in_scope=problem.employees_in_scope,
        without_assessment=problem.without_assessment, candidates=len(problem.candidates),
        solve_seconds=seconds, prep_seconds=problem.prep_seconds)


def _units(problem: PlanProblem, funded: list[PlanRow], not_funded: list[PlanRow]
           ) -> tuple[UnitPlan, ...]:
    names: dict[int | None, str] = {}
    staff: dict[int | None, int] = defaultdict(int)
    for e in problem.employees:
        names[e.opd_id] = e.opd_name or "(tanpa unit)"
        staff[e.opd_id] += 1
    out = []
    for opd, name in names.items():
        mine = [r for r in funded if r.opd_id == opd]
        missing = [r for r in not_funded if r.opd_id == opd]
        counts: dict[str, int] = defaultdict(int)
        for r in missing:
            counts[r.reason] += 1
        out.append(UnitPlan(opd, name, staff[opd], len(mine), len({r.employee_id for r in mine}),
                            sum(r.cost for r in mine), sum(r.value for r in mine), len(missing),
                            tuple(sorted(counts.items(), key=lambda kv: -kv[1]))))
    return tuple(sorted(out, key=lambda u: u.name))


def _classes(problem: PlanProblem, ev: Evaluation) -> tuple[ClassPlan, ...]:
    out = []
    for p, n in ev.participants.items():
        prog = problem.programmes[p]
        k = ev.classes.get(p, 0)
        out.append(ClassPlan(prog.id, prog.code, prog.title, n, k, programme_cost(prog, n, k)))
    return tuple(sorted(out, key=lambda c: c.code))


@dataclass(frozen=True)
class SolveOutcome:
    chosen: frozenset[int]
    status: str  # "optimal" | "dalam_toleransi" | "batas_waktu" | "tidak_layak" | "kosong"
    bound: float | None
    gap_percent: float | None
    seconds: float


def _pin_sets(problem: PlanProblem, pins: Collection[tuple[int, int]],
              forbids: Collection[tuple[int, int]]) -> tuple[frozenset[int], frozenset[int]]:
    """Candidate indices of (employee id, programme id) pins and forbids."""
    pin_keys, forbid_keys = set(pins), set(forbids)
    pinned, forbidden = set(), set()
    for i, c in enumerate(problem.candidates):
        key = (problem.employees[c.employee].id, problem.programmes[c.programme].id)
        if key in forbid_keys:
            forbidden.add(i)
        elif key in pin_keys:
            pinned.add(i)
    return frozenset(pinned), frozenset(forbidden)


def _blocked(problem: PlanProblem, limits: PlanLimits, forbidden: frozenset[int]) -> set[int]:
    cap = limits.max_jp_per_employee
    out = set(forbidden)
    if cap is not None:
        out |= {i for i, c in enumerate(problem.candidates)
                if problem.programmes[c.programme].jp > cap + 1e-9}
    return out


@dataclass
class _Mip:
    """The model as row-wise arrays; columns 0..len(candidates)-1 are the x variables."""

    cost: list[float]
    lower: list[float]
    upper: list[float]
    integer: list[int]
    rows_lo: list[float]
    rows_hi: list[float]
    starts: list[int]
    index: list[int]
    value: list[float]
    z_cols: dict[int, int]
    class_cols: dict[int, int]

    def add_row(self, lo: float, hi: float, entries: Sequence[tuple[int, float]]) -> None:
        self.rows_lo.append(lo)
        self.rows_hi.append(hi)
        self.starts.append(len(self.index))
        for col, coef in entries:
            self.index.append(col)
            self.value.append(coef)

    def add_col(self, c_cost: float, lo: float, hi: float, is_int: bool) -> int:
        self.cost.append(c_cost)
        self.lower.append(lo)
        self.upper.append(hi)
        self.integer.append(1 if is_int else 0)
        return len(self.cost) - 1

    def highs(self, integral: bool = True) -> Any:
        import highspy

        h = _new_highs()
        ints = self.integer if integral else [0] * len(self.integer)
        h.passModel(len(self.cost), len(self.rows_lo), len(self.index),
                    int(highspy.MatrixFormat.kRowwise), int(highspy.ObjSense.kMaximize), 0.0,
                    np.array(self.cost), np.array(self.lower), np.array(self.upper),
                    np.array(self.rows_lo), np.array(self.rows_hi),
                    np.array(self.starts + [len(self.index)], dtype=np.int32),
                    np.array(self.index, dtype=np.int32), np.array(self.value),
                    np.array(ints, dtype=np.int32))
        return h


def _build_mip(problem: PlanProblem, budget: int, limits: PlanLimits, pins: frozenset[int],
               blocked: set[int]) -> _Mip:
    cands = problem.candidates
    n_x = len(cands)
    mip = _Mip([0.0] * n_x, [1.0 if i in pins else 0.0 for i in range(n_x)],
               [0.0 if i in blocked else 1.0 for i in range(n_x)], [1] * n_x,
               [], [], [], [], [], {}, {})
    covering: dict[int, list[tuple[int, int]]] = defaultdict(list)
    by_prog: dict[int, list[int]] = defaultdict(list)
    by_emp: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(cands):
        if i not in blocked:
            by_prog[c.programme].append(i)
            by_emp[c.employee].append(i)
            for need, levels in c.closes:
                covering[need].append((i, levels))
    for need, covers in covering.items():
        nd = problem.needs[need]
        if sum(lv for _i, lv in covers) <= nd.gap:
            for i, lv in covers:  # can never exceed the gap: count directly
                mip.cost[i] += nd.weight * lv
            continue
        z = mip.add_col(nd.weight, 0.0, float(nd.gap), False)
        mip.z_cols[need] = z
        mip.add_row(-np.inf, 0.0, [(z, 1.0)] + [(i, -float(lv)) for i, lv in covers])
    budget_entries: list[tuple[int, float]] = []
    for p, members in by_prog.items():
        prog = problem.programmes[p]
        xs = [(i, 1.0) for i in members]
        budget_entries.extend((i, float(prog.cost_per_participant)) for i in members)
        grouped = needs_class(prog, limits)
        if (prog.per_class and prog.class_cost > 0) or grouped:
            top = float(-(-len(members) // prog.max_participants)) if prog.per_class else 1.0
            k = mip.add_col(0.0, 0.0, top, True)
            mip.class_cols[p] = k
            if prog.per_class:
                budget_entries.append((k, float(prog.class_cost)))
            mip.add_row(-np.inf, 0.0, xs + [(k, -float(prog.max_participants))])
            if grouped:
                mip.add_row(0.0, np.inf, xs + [(k, -float(prog.min_participants))])
        elif not prog.per_class and len(members) > prog.max_participants:
            mip.add_row(-np.inf, float(prog.max_participants), xs)
    mip.add_row(-np.inf, float(budget), budget_entries)
    cap = limits.max_jp_per_employee
    if cap is not None:
        for members in by_emp.values():
            jps = [(i, problem.programmes[cands[i].programme].jp) for i in members]
            if sum(j for _i, j in jps) > cap + 1e-9:
                mip.add_row(-np.inf, float(cap), jps)
    return mip


def _lp_guided(problem: PlanProblem, mip: _Mip, budget: int, limits: PlanLimits,
               pins: frozenset[int], blocked: set[int]) -> frozenset[int] | None:
    """A start for the MIP: keep what the LP relaxation funds fully, let greedy do the rest."""
    if not evaluate(problem, pins, budget, limits).feasible:
        return None
    h = mip.highs(integral=False)
    h.setOptionValue("time_limit", 20.0)
    h.run()
    sol = h.getSolution()
    if not sol.value_valid:
        return None
    col = np.asarray(sol.col_value)
    x = col[:len(problem.candidates)]
    keep = {int(i) for i in np.nonzero(x > 0.999)[0]} | set(pins)
    members: dict[int, list[int]] = defaultdict(list)
    for i in keep:
        members[problem.candidates[i].programme].append(i)
    for p, group in members.items():  # round the classes down, keep the most valuable
        prog = problem.programmes[p]
        if p not in mip.class_cols:
            continue
        seats = int(np.floor(col[mip.class_cols[p]] + 1e-6)) * prog.max_participants
        group.sort(key=lambda i: (i not in pins, -problem.candidates[i].value))
        dropped = [i for i in group[seats:] if i not in pins]
        if classes_for(prog, len(group) - len(dropped), limits) is None:
            dropped = [i for i in group if i not in pins]
        keep.difference_update(dropped)
    ev = evaluate(problem, keep, budget, limits)
    while keep - pins and not ev.feasible:
        worst = min(keep - pins, key=lambda i: problem.candidates[i].value)
        keep.discard(worst)
        ev = evaluate(problem, keep, budget, limits)
    return _Greedy(problem, budget, limits, frozenset(keep), blocked).run()


def solve(problem: PlanProblem, budget: int, limits: PlanLimits | None = None,
          pins: frozenset[int] = frozenset(), forbids: frozenset[int] = frozenset(),
          time_limit: float = 30.0, start: frozenset[int] | None = None,
          progress: Progress | None = None, gap_tolerance: float = 0.01) -> SolveOutcome:
    """The exact plan: candidate indices funded, and how sure HiGHS is of it.

    Stops when proven optimal (within 0.01 %, HiGHS's default), within `gap_tolerance` percent,
    or at `time_limit` seconds, whichever comes first; the gap says how far from optimal it can be.
    """
    import highspy

    limits = limits or PlanLimits()
    started = time.perf_counter()
    if not problem.candidates:
        return SolveOutcome(frozenset(), "kosong", 0.0, 0.0, 0.0)
    blocked = _blocked(problem, limits, forbids)
    mip = _build_mip(problem, budget, limits, pins, blocked)
    best = start if start is not None and evaluate(problem, start, budget, limits).feasible \
        else None
    guided = _lp_guided(problem, mip, budget, limits, pins, blocked)
    if guided is not None and evaluate(problem, guided, budget, limits).feasible and (
            best is None or evaluate(problem, guided, budget, limits).value
            > evaluate(problem, best, budget, limits).value):
        best = guided
    h = mip.highs()
    h.setOptionValue("time_limit", float(max(1.0, time_limit - (time.perf_counter() - started))))
    h.setOptionValue("mip_rel_gap", max(1e-4, gap_tolerance / 100.0))
    # Symmetry detection costs seconds on a regency and did not pay back in measurements.
    h.setOptionValue("mip_detect_symmetry", False)
    if best is not None:
        h.setSolution(*_start_vector(problem, best, limits, mip.z_cols, mip.class_cols,
                                     len(mip.cost)))
    stop: list[BaseException] = []
    if progress is not None:
        def on_interrupt(e: Any) -> None:
            if stop:
                e.interrupt()
                return
            try:
                frac = min(0.99, (time.perf_counter() - started) / max(1.0, time_limit))
                progress("Menghitung rencana optimal…", frac)
            except BaseException as exc:  # noqa: BLE001 - the caller cancelled
                stop.append(exc)
                e.interrupt()
        h.cbMipInterrupt.subscribe(on_interrupt)
    h.run()
    if stop:
        raise stop[0]
    status = h.getModelStatus()
    info = h.getInfo()
    seconds = time.perf_counter() - started
    sol = h.getSolution()
    if status == highspy.HighsModelStatus.kInfeasible or not sol.value_valid:
        if best is not None:  # stopped before HiGHS took over the start: keep the start
            return SolveOutcome(best, "batas_waktu", None, None, seconds)
        return SolveOutcome(frozenset(), "tidak_layak", None, None, seconds)
    values = np.asarray(sol.col_value)[:len(problem.candidates)]
    chosen = _drop_useless(problem, frozenset(int(i) for i in np.nonzero(values > 0.5)[0]),
                           pins, limits)
    gap = max(0.0, float(info.mip_gap) * 100.0) if np.isfinite(info.mip_gap) else None
    if status == highspy.HighsModelStatus.kOptimal:
        label = "optimal" if gap is None or gap <= 0.01 + 1e-9 else "dalam_toleransi"
    else:
        label = "batas_waktu"
    return SolveOutcome(chosen, label, float(info.mip_dual_bound), gap, seconds)


def _start_vector(problem: PlanProblem, start: frozenset[int], limits: PlanLimits,
                  z_cols: dict[int, int], class_cols: dict[int, int], n_cols: int
                  ) -> tuple[int, np.ndarray, np.ndarray]:
    ev = evaluate(problem, start, 10**18, limits)
    vec = np.zeros(n_cols)
    for i in start:
        vec[i] = 1.0
    for need, z in z_cols.items():
        vec[z] = float(ev.closed.get(need, 0))
    for p, col in class_cols.items():
        vec[col] = float(ev.classes.get(p, 0))
    return n_cols, np.arange(n_cols, dtype=np.int32), vec


def _drop_useless(problem: PlanProblem, chosen: frozenset[int], pins: frozenset[int],
                  limits: PlanLimits) -> frozenset[int]:
    """Remove funded candidates that add no value when the plan stays valid without them."""
    covered: dict[int, int] = defaultdict(int)
    count: dict[int, int] = defaultdict(int)
    for i in chosen:
        count[problem.candidates[i].programme] += 1
        for need, levels in problem.candidates[i].closes:
            covered[need] += levels
    current = set(chosen)
    for i in sorted(chosen, key=lambda i: problem.candidates[i].value):
        c = problem.candidates[i]
        if i in pins or any(covered[n] - lv < problem.needs[n].gap for n, lv in c.closes):
            continue
        if classes_for(problem.programmes[c.programme], count[c.programme] - 1, limits) is None:
            continue
        current.discard(i)
        count[c.programme] -= 1
        for need, levels in c.closes:
            covered[need] -= levels
    return frozenset(current)


def greedy(problem: PlanProblem, budget: int, limits: PlanLimits | None = None,
           pins: frozenset[int] = frozenset(), forbids: frozenset[int] = frozenset()
           ) -> frozenset[int]:
    """Value-per-rupiah greedy under the same rules; a class opens only when it fills."""
    limits = limits or PlanLimits()
    return _Greedy(problem, budget, limits, pins, _blocked(problem, limits, forbids)).run()


class _Greedy:
    """Lazy greedy by value per rupiah. Candidates of per-participant programmes without a
    group rule are single items; programmes with classes or a minimum group are block items
    (the best group that forms a valid class); once a class runs, its free seats are singles."""

    def __init__(self, problem: PlanProblem, budget: int, limits: PlanLimits,
                 pins: frozenset[int], blocked: set[int]) -> None:
        self.p, self.budget, self.limits = problem, budget, limits
        self.chosen: set[int] = set()
        self.covered: dict[int, int] = defaultdict(int)
        self.n: dict[int, int] = defaultdict(int)
        self.jp: dict[int, float] = defaultdict(float)
        self.spent = 0
        self.pins = pins
        self.members: dict[int, list[int]] = defaultdict(list)
        for i, c in enumerate(problem.candidates):
            if i not in blocked and i not in pins:
                self.members[c.programme].append(i)
        self.heap: list[tuple[float, int, int, int]] = []  # (-ratio, tiebreak, kind, id)
        self.counter = 0

    def grouped(self, p: int) -> bool:
        prog = self.p.programmes[p]
        return prog.per_class or needs_class(prog, self.limits)

    def gain(self, i: int) -> float:
        total = 0.0
        for need, levels in self.p.candidates[i].closes:
            nd = self.p.needs[need]
            have = self.covered[need]
            total += nd.weight * (min(nd.gap, have + levels) - min(nd.gap, have))
        return total

    def fits_jp(self, i: int) -> bool:
        cap = self.limits.max_jp_per_employee
        c = self.p.candidates[i]
        return cap is None or self.jp[c.employee] + self.p.programmes[c.programme].jp <= cap + 1e-9

    def cost_of(self, p: int, n: int) -> int | None:
        prog = self.p.programmes[p]
        k = classes_for(prog, n, self.limits)
        return None if k is None else programme_cost(prog, n, k)

    def now_cost(self, p: int) -> int:
        prog = self.p.programmes[p]
        n = self.n[p]
        return programme_cost(prog, n, -(-n // prog.max_participants))

    def push(self, ratio: float, kind: int, ident: int) -> None:
        self.counter += 1
        heapq.heappush(self.heap, (-ratio, self.counter, kind, ident))

    def single(self, i: int) -> tuple[float, int] | None:
        """(ratio, cost) of adding candidate i alone, or None when it cannot be added now."""
        p = self.p.candidates[i].programme
        after = self.cost_of(p, self.n[p] + 1)
        if after is None or i in self.chosen or not self.fits_jp(i):
            return None
        if self.grouped(p) and after - self.now_cost(p) > self.p.programmes[p].cost_per_participant:
            return None  # no free seat: a new class is a block
        g = self.gain(i)
        delta = after - self.now_cost(p)
        return (g / max(delta, 1), delta) if g > 0 else None

    def block(self, p: int) -> tuple[float, list[int], int] | None:
        """Best (ratio, members, cost) group that opens one more valid class of p."""
        prog = self.p.programmes[p]
        n = self.n[p]
        room = (-(-n // prog.max_participants) + 1) * prog.max_participants - n
        scored = sorted(((self.gain(i), i) for i in self.members[p]
                         if i not in self.chosen and self.fits_jp(i)), reverse=True)
        scored = [(g, i) for g, i in scored if g > 0][:room]
        best: tuple[float, list[int], int] | None = None
        total, left = 0.0, self.budget - self.spent
        for m, (g, _i) in enumerate(scored, start=1):
            total += g
            after = self.cost_of(p, n + m)
            if after is None:
                continue
            delta = after - self.now_cost(p)
            if delta <= left and (best is None or total / max(delta, 1) > best[0]):
                best = (total / max(delta, 1), [i for _g, i in scored[:m]], delta)
        return best

    def take(self, i: int) -> None:
        c = self.p.candidates[i]
        self.chosen.add(i)
        self.n[c.programme] += 1
        self.jp[c.employee] += self.p.programmes[c.programme].jp
        for need, levels in c.closes:
            self.covered[need] += levels

    def run(self) -> frozenset[int]:
        for i in sorted(self.pins):
            self.take(i)
        self.spent = sum(self.now_cost(p) for p in list(self.n))
        for p, members in self.members.items():
            if self.grouped(p):
                self.push(float("inf"), 1, p)
            for i in members:
                got = self.single(i)
                if got is not None:
                    self.push(got[0], 0, i)
        while self.heap:
            _neg, _t, kind, ident = heapq.heappop(self.heap)
            next_key = -self.heap[0][0] if self.heap else -1.0
            if kind == 0:
                got = self.single(ident)
                if got is None or got[1] > self.budget - self.spent:
                    continue
                if got[0] + 1e-12 < next_key:
                    self.push(got[0], 0, ident)
                    continue
                self.take(ident)
                self.spent += got[1]
                continue
            found = self.block(ident)
            if found is None:
                continue
            if found[0] + 1e-12 < next_key:
                self.push(found[0], 1, ident)
                continue
            for i in found[1]:
                self.take(i)
            self.spent += found[2]
            self.push(float("inf"), 1, ident)
            for i in self.members[ident]:
                got = self.single(i)
                if got is not None:
                    self.push(got[0], 0, i)
        return frozenset(self.chosen)


SOLVED = ("optimal", "dalam_toleransi", "batas_waktu")


def budget_curve(problem: PlanProblem, budgets: Sequence[int], limits: PlanLimits | None = None,
                 pins: frozenset[int] = frozenset(), forbids: frozenset[int] = frozenset(),
                 time_limit: float = 5.0, progress: Progress | None = None,
                 gap_tolerance: float = 0.5) -> list[CurvePoint]:
    """The value at each budget (within `gap_tolerance` percent): what extra money buys."""
    limits = limits or PlanLimits()
    amounts = sorted(set(budgets))
    points = []
    for n, amount in enumerate(amounts):
        if progress is not None:
            progress(f"Kurva anggaran: titik {n + 1} dari {len(amounts)}", n / len(amounts))
        start = greedy(problem, amount, limits, pins, forbids)
        out = solve(problem, amount, limits, pins, forbids, time_limit, start=start,
                    gap_tolerance=gap_tolerance)
        ev = evaluate(problem, out.chosen, amount, limits)
        points.append(CurvePoint(amount, ev.value if ev.feasible else 0.0, ev.cost,
                                 out.status, out.gap_percent))
    return points


def _scaled(progress: Progress | None, low: float, high: float) -> Progress | None:
    if progress is None:
        return None
    report = progress
    return lambda message, frac: report(message, low + (high - low) * frac)


def plan(problem: PlanProblem, budget: int, limits: PlanLimits | None = None,
         pins: Collection[tuple[int, int]] = (), forbids: Collection[tuple[int, int]] = (),
         time_limit: float = 30.0, curve_factors: Sequence[float] | None = CURVE_FACTORS,
         progress: Progress | None = None) -> PlanResult:
    """Exact and greedy plan for one budget, the budget curve, and the table rows.

    `time_limit` bounds the exact plan including reading the data (prep_seconds); the curve,
    solved to within 0.5 %, comes on top of it.
    """
    limits = limits or PlanLimits()
    pinned, forbidden = _pin_sets(problem, pins, forbids)
    if progress is not None:
        progress("Menyusun rencana dengan cara sederhana…", 0.02)
    started = time.perf_counter()
    greedy_set = greedy(problem, budget, limits, pinned, forbidden)
    greedy_seconds = time.perf_counter() - started
    left = time_limit - problem.prep_seconds - greedy_seconds - 1.0  # 1 s to build the rows
    out = solve(problem, budget, limits, pinned, forbidden, max(1.0, left), start=greedy_set,
                progress=_scaled(progress, 0.05, 0.7 if curve_factors else 1.0))
    curve: list[CurvePoint] = []
    if curve_factors and out.status in SOLVED:
        ev = evaluate(problem, out.chosen, budget, limits)
        others = [int(round(budget * f)) for f in curve_factors if abs(f - 1.0) > 1e-9]
        curve = budget_curve(problem, others, limits, pinned, forbidden,
                             max(3.0, time_limit / 10), _scaled(progress, 0.7, 1.0))
        if any(abs(f - 1.0) <= 1e-9 for f in curve_factors):
            curve.append(CurvePoint(budget, ev.value, ev.cost, out.status, out.gap_percent))
        curve.sort(key=lambda c: c.budget)
    result = build_result(problem, budget, limits, out.chosen, greedy_set, forbidden,
                          out.status, out.bound, out.gap_percent, out.seconds, tuple(curve))
    return replace(result, greedy_seconds=greedy_seconds)


def plan_for_year(session: Session, year: int, budget: int, unit_ids: list[int] | None = None,
                  limits: PlanLimits | None = None, weights: PlannerWeights | None = None,
                  pins: Collection[tuple[int, int]] = (),
                  forbids: Collection[tuple[int, int]] = (), time_limit: float = 30.0,
                  curve_factors: Sequence[float] | None = CURVE_FACTORS,
                  today: dt.date | None = None, progress: Progress | None = None) -> PlanResult:
    """Everything in one call (the benchmark and the CLI use this); timings in the result."""
    if progress is not None:
        progress("Membaca kesenjangan dan katalog…", 0.0)
    problem = build_problem(session, year, unit_ids, weights, today)
    return plan(problem, budget, limits, pins, forbids, time_limit, curve_factors, progress)


__all__ = ["CURVE_FACTORS", "AcceptSummary", "CurvePoint", "PlanResult", "SolveOutcome",
           "accept", "brute_force", "budget_curve", "classes_for", "greedy", "plan",
           "plan_for_year", "programme_cost", "solve"]


# --- accepting the plan into the IDPs

@dataclass(frozen=True)
class AcceptSummary:
    plans_created: int
    new_versions: int
    plans_extended: int
    items_added: int
    items_skipped: int


def accept(session: Session, result: PlanResult, year: int) -> AcceptSummary:
    """Write the funded pairs as IDP items (status 'draf', source 'anggaran') in one transaction.

    No plan for the year: a new draft. A draft: the items it lacks are appended. Only an approved
    plan: a new draft version with the approved plan's items copied, the approved one untouched.
    """
    from sqlalchemy import select

    from karier_desktop.services import audit
    from karier_desktop.store import models as m

    if result.status not in SOLVED or not result.funded:
        raise ValueError("Tidak ada rencana terdanai yang dapat diterima ke IDP.")
    by_emp: dict[int, list[PlanRow]] = defaultdict(list)
    for row in result.funded:
        by_emp[row.employee_id].append(row)
    emp_ids = list(by_emp)
    plans: dict[int, list[m.DevelopmentPlan]] = defaultdict(list)
    for chunk in range(0, len(emp_ids), 900):
        for plan_row in session.scalars(select(m.DevelopmentPlan).where(
                m.DevelopmentPlan.year == year,
                m.DevelopmentPlan.employee_id.in_(emp_ids[chunk:chunk + 900]))):
            plans[plan_row.employee_id].append(plan_row)
    created = versions = extended = added = skipped = 0
    for eid, rows in by_emp.items():
        mine = sorted(plans.get(eid, []), key=lambda p: p.version)
        draft = next((p for p in reversed(mine) if p.status == "draf"), None)
        items: list[m.PlanItem] = []
        if draft is not None:
            extended += 1
            items = list(session.scalars(select(m.PlanItem).where(m.PlanItem.plan_id == draft.id)))
        else:
            approved = next((p for p in reversed(mine) if p.status == "disetujui"), None)
            draft = m.DevelopmentPlan(employee_id=eid, year=year, status="draf",
                                      version=(mine[-1].version + 1) if mine else 1)
            if approved is not None:
                versions += 1
                for field in ("supervisor_name", "supervisor_nip", "head_name", "head_nip",
                              "career_goal"):
                    setattr(draft, field, getattr(approved, field))
            else:
                created += 1
            session.add(draft)
            session.flush()
            if approved is not None:
                for old in session.scalars(select(m.PlanItem).where(
                        m.PlanItem.plan_id == approved.id).order_by(m.PlanItem.seq)):
                    copy = m.PlanItem(plan_id=draft.id, **{
                        k: getattr(old, k) for k in (
                            "seq", "competency_id", "gap", "goal", "form_code", "programme_id",
                            "activity", "provider", "month", "jp", "cost", "source",
                            "training_record_id")})
                    session.add(copy)
                    items.append(copy)
        have = {it.programme_id for it in items if it.programme_id is not None}
        seq = max((it.seq for it in items), default=0)
        for row in rows:
            if row.programme_id in have:
                skipped += 1
                continue
            seq += 1
            added += 1
            have.add(row.programme_id)
            session.add(m.PlanItem(
                plan_id=draft.id, seq=seq, competency_id=row.competency_id, gap=row.gap,
                goal=row.goal, form_code=row.form_code, programme_id=row.programme_id,
                activity=row.title, provider=row.provider or None, month=None, jp=row.jp,
                cost=row.cost, source="anggaran"))
    session.flush()
    audit.record(session, "terima_rencana", "development_plans", None, tahun=year,
                 anggaran=result.budget, biaya=result.cost, penugasan=len(result.funded),
                 rencana_baru=created, versi_baru=versions, rencana_ditambah=extended,
                 butir_ditambah=added, butir_sudah_ada=skipped)
    return AcceptSummary(created, versions, extended, added, skipped)

"""The exact budget plan: the mixed-integer programme built row-wise and solved with HiGHS,
with an LP-guided and a greedy start. `solve` may run in a worker thread."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from karier_desktop.services.planner.greedy import _blocked, _Greedy
from karier_desktop.services.planner.model import (
    PlanLimits,
    PlanProblem,
    ceilings,
    classes_for,
    cost_cap,
    evaluate,
    jp_cap,
    needs_class,
)
from karier_desktop.services.planner.worker import (
    KILLED,
    WORKER_PAIRS,
    Arrays,
    SolverProcess,
    run_model,
)

Progress = Callable[[str, float], None]
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
class SolveOutcome:
    chosen: frozenset[int]
    status: str  # "optimal" | "dalam_toleransi" | "batas_waktu" | "tidak_layak" | "kosong"
    bound: float | None
    gap_percent: float | None
    seconds: float


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

    def arrays(self) -> Arrays:
        """The model as the arguments of Highs.passModel (for this or the worker process)."""
        return (len(self.cost), len(self.rows_lo), len(self.index), np.array(self.cost),
                np.array(self.lower), np.array(self.upper), np.array(self.rows_lo),
                np.array(self.rows_hi),
                np.array(self.starts + [len(self.index)], dtype=np.int32),
                np.array(self.index, dtype=np.int32), np.array(self.value),
                np.array(self.integer, dtype=np.int32))


class BuildTimeout(Exception):
    """Building the model would pass the time limit (the caller keeps the greedy plan)."""


FAR_AFTER_SECONDS = 1.0  # building time before an early projection may give up


class _Clock:
    """Checks, every few thousand steps, whether building will end before the deadline: it
    extrapolates the time so far over the steps left, so a model that cannot be built in
    time is given up early rather than at the limit."""

    def __init__(self, deadline: float | None, clock: Callable[[], float], steps: int) -> None:
        self.deadline, self.clock, self.steps = deadline, clock, max(1, steps)
        self.started = clock()
        self.done = 0

    def tick(self, n: int = 1) -> None:
        before = self.done
        self.done += n
        if self.deadline is None or self.done // 2000 == before // 2000:
            return
        now = self.clock()
        projected = now + (now - self.started) * (self.steps - self.done) / self.done
        # Before a fifth of the steps only a projection far past the deadline counts, and only
        # after a second of building: the first thousands of steps may stall behind the worker
        # process starting beside them (measured at 100k: 0.26 s for the first 2,000 steps
        # projected 54 s for a model built in a fraction of that).
        far = now - self.started >= FAR_AFTER_SECONDS and \
            projected - now > 3 * (self.deadline - now)
        if now >= self.deadline or far or (
                5 * self.done >= self.steps and projected >= self.deadline):
            raise BuildTimeout


def _build_mip(problem: PlanProblem, budget: int, limits: PlanLimits, pins: frozenset[int],
               blocked: set[int], clock: _Clock | None = None) -> _Mip:
    cands = problem.candidates
    tick = clock.tick if clock is not None else (lambda n=1: None)
    n_x = len(cands)
    mip = _Mip([0.0] * n_x, [1.0 if i in pins else 0.0 for i in range(n_x)],
               [0.0 if i in blocked else 1.0 for i in range(n_x)], [1] * n_x,
               [], [], [], [], [], {}, {})
    covering: dict[int, list[tuple[int, int]]] = defaultdict(list)
    by_prog: dict[int, list[int]] = defaultdict(list)
    by_emp: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(cands):
        tick()
        if i not in blocked:
            by_prog[c.programme].append(i)
            by_emp[c.employee].append(i)
            for need, levels in c.closes:
                covering[need].append((i, levels))
    for need, covers in covering.items():
        tick()
        nd = problem.needs[need]
        if sum(lv for _i, lv in covers) <= nd.gap:
            for i, lv in covers:  # can never exceed the gap: count directly
                mip.cost[i] += nd.weight * lv
            continue
        z = mip.add_col(nd.weight, 0.0, float(nd.gap), False)
        mip.z_cols[need] = z
        mip.add_row(-np.inf, 0.0, [(z, 1.0)] + [(i, -float(lv)) for i, lv in covers])
    budget_entries: list[tuple[int, float]] = []
    by_source: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for p, members in by_prog.items():
        tick(len(members))
        prog = problem.programmes[p]
        xs = [(i, 1.0) for i in members]
        paid = [(i, float(prog.cost_per_participant)) for i in members]
        budget_entries.extend(paid)
        by_source[prog.source].extend(paid)
        grouped = needs_class(prog, limits)
        if (prog.per_class and prog.class_cost > 0) or grouped:
            top = float(-(-len(members) // prog.max_participants)) if prog.per_class else 1.0
            k = mip.add_col(0.0, 0.0, top, True)
            mip.class_cols[p] = k
            if prog.per_class:
                budget_entries.append((k, float(prog.class_cost)))
                by_source[prog.source].append((k, float(prog.class_cost)))
            mip.add_row(-np.inf, 0.0, xs + [(k, -float(prog.max_participants))])
            if grouped:
                mip.add_row(0.0, np.inf, xs + [(k, -float(prog.min_participants))])
        elif not prog.per_class and len(members) > prog.max_participants:
            mip.add_row(-np.inf, float(prog.max_participants), xs)
    mip.add_row(-np.inf, float(budget), budget_entries)
    for source, top in ceilings(problem, limits).items():
        if by_source.get(source) and top < budget:
            mip.add_row(-np.inf, float(top), by_source[source])
    progs = problem.programmes
    for e, members in by_emp.items():
        tick(len(members))
        cap = jp_cap(problem, limits, e)
        jps = [(i, progs[cands[i].programme].jp) for i in members]
        if sum(j for _i, j in jps) > cap + 1e-9:
            mip.add_row(-np.inf, float(cap), jps)
        top = cost_cap(problem, limits, e)
        paid = [(i, float(progs[cands[i].programme].person_cost)) for i in members]
        if sum(c for _i, c in paid) > top:
            mip.add_row(-np.inf, float(top), paid)
    return mip


def _lp_guided(problem: PlanProblem, mip: _Mip, budget: int, limits: PlanLimits,
               pins: frozenset[int], blocked: set[int], lp_seconds: float = 20.0,
               worker: SolverProcess | None = None,
               clock: Callable[[], float] = time.perf_counter) -> frozenset[int] | None:
    """A start for the MIP: keep what the LP relaxation funds fully, let greedy do the rest."""
    if not evaluate(problem, pins, budget, limits).feasible:
        return None
    run = run_model(mip.arrays(), False, {}, None, max(0.5, float(lp_seconds)),
                    len(problem.candidates), worker, clock)
    if run.col_value is None:
        return None
    col = run.col_value
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
    if not evaluate(problem, keep, budget, limits).feasible:
        keep = set(pins)  # rounding broke a rule: let greedy do it all
    g = _Greedy(problem, budget, limits, frozenset(keep), blocked)
    g.run()
    g.repair()
    return frozenset(g.chosen)


def solve(problem: PlanProblem, budget: int, limits: PlanLimits | None = None,
          pins: frozenset[int] = frozenset(), forbids: frozenset[int] = frozenset(),
          time_limit: float = 30.0, start: frozenset[int] | None = None,
          progress: Progress | None = None, gap_tolerance: float = 0.01,
          deadline: float | None = None, clock: Callable[[], float] = time.perf_counter,
          greedy_seconds: float = 0.0, worker: SolverProcess | None = None,
          hard_deadline: float | None = None) -> SolveOutcome:
    """The exact plan: candidate indices funded, and how sure HiGHS is of it.

    Stops when proven optimal (within 0.01 %, HiGHS's default), within `gap_tolerance` percent,
    or at `time_limit` seconds, whichever comes first; the gap says how far from optimal it can be.
    With a `deadline` (a time of `clock`), building the model that would pass it raises
    BuildTimeout before HiGHS starts. A large model runs in `worker` (or a worker process of
    its own), killed shortly after `hard_deadline` (by default the deadline) if HiGHS does not
    stop (status "dihentikan").
    """
    limits = limits or PlanLimits()
    if worker is None and len(problem.candidates) >= WORKER_PAIRS:
        own = SolverProcess()
        try:
            return solve(problem, budget, limits, pins, forbids, time_limit, start, progress,
                         gap_tolerance, deadline, clock, greedy_seconds, own, hard_deadline)
        finally:
            own.close()
    started = time.perf_counter()
    if not problem.candidates:
        return SolveOutcome(frozenset(), "kosong", 0.0, 0.0, 0.0)
    blocked = _blocked(problem, limits, forbids)
    steps = 3 * len(problem.candidates) + len(problem.needs)
    mip = _build_mip(problem, budget, limits, pins, blocked, _Clock(deadline, clock, steps))
    if deadline is not None and clock() >= deadline:
        raise BuildTimeout
    best = start if start is not None and evaluate(problem, start, budget, limits).feasible \
        else None
    guided = None
    if deadline is None or deadline - clock() > 4 * greedy_seconds + 1.0:
        lp_seconds = min(20.0, time_limit / 4)
        if deadline is not None:
            lp_seconds = min(lp_seconds, (deadline - clock()) / 4)
        guided = _lp_guided(problem, mip, budget, limits, pins, blocked, lp_seconds, worker,
                            clock)
    if guided is not None and evaluate(problem, guided, budget, limits).feasible and (
            best is None or evaluate(problem, guided, budget, limits).value
            > evaluate(problem, best, budget, limits).value):
        best = guided
    left = time_limit - (time.perf_counter() - started)
    if deadline is not None:
        left = min(left, deadline - clock())
    left = max(0.2, left)
    options = {"mip_rel_gap": max(1e-4, gap_tolerance / 100.0),
               # Symmetry detection costs seconds on a regency and did not pay back.
               "mip_detect_symmetry": False}
    vector = None if best is None else _start_vector(
        problem, best, limits, mip.z_cols, mip.class_cols, len(mip.cost))[2]
    tick = None
    if progress is not None:
        report = progress

        def tick() -> None:
            frac = min(0.99, (time.perf_counter() - started) / max(1.0, time_limit))
            report("Menghitung rencana optimal…", frac)
    hard = hard_deadline if hard_deadline is not None else deadline
    run = run_model(mip.arrays(), True, options, vector, left, len(problem.candidates),
                    worker, clock, None if hard is None else max(hard, clock() + left), tick)
    seconds = time.perf_counter() - started
    if run.status == KILLED:  # HiGHS passed its limit and was stopped: its best so far
        found = None if run.incumbent is None else _drop_useless(
            problem, frozenset(int(i) for i in run.incumbent), pins, limits)
        if found is None or not evaluate(problem, found, budget, limits).feasible or (
                best is not None and evaluate(problem, best, budget, limits).value
                >= evaluate(problem, found, budget, limits).value):
            found = best or frozenset()
        value = evaluate(problem, found, budget, limits).value
        bound = run.dual_bound if np.isfinite(run.dual_bound) else None
        gap = None if bound is None or value <= 0 else max(0.0, (bound - value) / value * 100)
        return SolveOutcome(found, KILLED, bound, gap, seconds)
    if run.status == "kInfeasible" or run.col_value is None:
        if best is not None:  # stopped before HiGHS took over the start: keep the start
            return SolveOutcome(best, "batas_waktu", None, None, seconds)
        return SolveOutcome(frozenset(), "tidak_layak", None, None, seconds)
    values = run.col_value[:len(problem.candidates)]
    chosen = _drop_useless(problem, frozenset(int(i) for i in np.nonzero(values > 0.5)[0]),
                           pins, limits)
    if best is not None and evaluate(problem, best, budget, limits).value > \
            evaluate(problem, chosen, budget, limits).value + 1e-9:
        chosen = best  # HiGHS stopped before it used the start: never below the start
    gap = max(0.0, run.mip_gap * 100.0) if np.isfinite(run.mip_gap) else None
    if run.status == "kOptimal":
        label = "optimal" if gap is None or gap <= 0.01 + 1e-9 else "dalam_toleransi"
    else:
        label = "batas_waktu"
    return SolveOutcome(chosen, label, run.dual_bound, gap, seconds)


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

"""Budget-limited development planning: an exact plan (mixed-integer programme, HiGHS) and a
greedy plan beside it, the value at several budgets, and accepting the plan into the IDPs.

The model (all on the data of `build.build_problem`):
- x[c] binary: candidate c (employee e takes programme p) is funded;
- z[n] in [0, gap_n]: levels closed of need n, z[n] <= sum of levels of the funded candidates
  that cover n — so two programmes on the same competency never count beyond the gap;
- k[p] integer classes of a per-class programme (cost class_cost per class, at most
  max_participants per class, at least min_participants per class when classes must fill);
  y[p] binary for a per-participant programme with a minimum group (min..max, or nobody);
- sum of costs <= budget; per funding source its ceiling; per employee the JP and rupiah
  ceilings of the type (PPPK at most 24 JP in the year) and the clerk's JP cap; pins x=1,
  forbids x=0.
Maximise the sum of weighted levels closed (and, when weighted, IP ASN points gained).
Functions here never touch Qt; `plan` may run in a worker thread.

The work is split: `build` reads the problem with SQL aggregates, `model` holds its data and
the rules, `mip` builds and solves the HiGHS model, `greedy` the greedy plan and its repair
pass, `results` the result rows, the plain comparison and accepting them into the IDPs; this
module ties them together and re-exports their public names.
"""

from __future__ import annotations

import datetime as dt
import heapq
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from karier_desktop.services.planner.build import build_problem, unit_ids_by_code
from karier_desktop.services.planner.greedy import _pin_sets, greedy
from karier_desktop.services.planner.mip import BuildTimeout, Progress, SolveOutcome, solve
from karier_desktop.services.planner.model import (
    PlanLimits,
    PlannerWeights,
    PlanProblem,
    brute_force,
    classes_for,
    evaluate,
    programme_cost,
)
from karier_desktop.services.planner.results import (
    REASON_BUDGET,
    REASON_CLASS,
    REASON_FORBIDDEN,
    REASON_JP,
    REASON_QUOTA,
    SIMPLE,
    SOLVED,
    STOPPED,
    AcceptSummary,
    ClassPlan,
    CurvePoint,
    PlanResult,
    PlanRow,
    UnitPlan,
    accept,
    build_result,
    comparison_text,
)
from karier_desktop.services.planner.worker import WORKER_PAIRS, SolverProcess

CURVE_FACTORS = (0.25, 0.5, 1.0, 1.5, 2.0)
CORE_CANDIDATES = 60_000  # pairs the exact plan considers at most (a regency has ~20,000)
CORE_MINIMUM = 20_000
GREEDY_SHARE = 0.6  # past this share of the limit the quick plan skips its repair pass
# Measured at 100,000 employees: the rows take ~0.8 quick plans' time on a loaded machine
# since the quick plan got faster (a killed solver's plan ended 1.5 s past 30 s with 0.5), and
# HiGHS reaches its first root solution after ~13x the quick plan's time per pair; half the
# time left goes there.
ROWS_PER_GREEDY = 0.8
EXACT_PER_GREEDY_PAIR = 26.0
EARLY_WORKER_LIMIT = 2.0  # seconds; below this the worker process is not started up front


def core_size(pairs: int, greedy_seconds: float, seconds_left: float, most: int) -> int:
    """How many pairs the exact plan can take in the time left (between CORE_MINIMUM and
    `most`), from the quick plan's time per pair."""
    per_pair = greedy_seconds / max(1, pairs) * EXACT_PER_GREEDY_PAIR
    if per_pair <= 0:
        return most
    return max(min(CORE_MINIMUM, most), min(most, int(max(0.0, seconds_left) / per_pair)))


def budget_curve(problem: PlanProblem, budgets: Sequence[int], limits: PlanLimits | None = None,
                 pins: frozenset[int] = frozenset(), forbids: frozenset[int] = frozenset(),
                 time_limit: float = 5.0, progress: Progress | None = None,
                 gap_tolerance: float = 0.5, deadline: float | None = None,
                 clock: Callable[[], float] = time.perf_counter,
                 floors: Sequence[tuple[int, frozenset[int]]] = (),
                 greedy_seconds: float = 0.0, worker: SolverProcess | None = None
                 ) -> list[CurvePoint]:
    """The value at each budget (within `gap_tolerance` percent): what extra money buys.
    With a `deadline`, the points that do not fit before it are left out. `floors` are plans
    already known (budget, candidates): a larger budget starts from them, so the curve never
    falls."""
    limits = limits or PlanLimits()
    floors = list(floors)
    amounts = sorted(set(budgets))
    points = []
    for n, amount in enumerate(amounts):
        if progress is not None:
            progress(f"Kurva anggaran: titik {n + 1} dari {len(amounts)}", n / len(amounts))
        seconds = time_limit
        if deadline is not None:
            left = deadline - clock()
            if left <= 2 * greedy_seconds + 0.5:
                break  # the quick plan alone of this point would pass the deadline
            seconds = min(seconds, max(0.5, left / (len(amounts) - n)))
        start = greedy(problem, amount, limits, pins, forbids)
        for low, chosen in floors:  # a plan of a smaller budget still fits a larger one
            if low <= amount and evaluate(problem, chosen, amount, limits).value > \
                    evaluate(problem, start, amount, limits).value:
                start = chosen
        try:
            out = solve(problem, amount, limits, pins, forbids, max(0.5, seconds), start=start,
                        gap_tolerance=gap_tolerance, deadline=deadline, clock=clock,
                        greedy_seconds=greedy_seconds, worker=worker)
        except BuildTimeout:
            break
        ev = evaluate(problem, out.chosen, amount, limits)
        points.append(CurvePoint(amount, ev.value if ev.feasible else 0.0, ev.cost,
                                 out.status, out.gap_percent))
        if ev.feasible:
            floors.append((amount, out.chosen))
    return points


def _scaled(progress: Progress | None, low: float, high: float) -> Progress | None:
    if progress is None:
        return None
    report = progress
    return lambda message, frac: report(message, low + (high - low) * frac)


def plan(problem: PlanProblem, budget: int, limits: PlanLimits | None = None,
         pins: Collection[tuple[int, int]] = (), forbids: Collection[tuple[int, int]] = (),
         time_limit: float = 30.0, curve_factors: Sequence[float] | None = CURVE_FACTORS,
         progress: Progress | None = None, clock: Callable[[], float] = time.perf_counter,
         core_candidates: int | None = None, started: float | None = None) -> PlanResult:
    """Exact and greedy plan for one budget, the budget curve, and the table rows.

    `time_limit` bounds everything from `started` (a time of `clock`; by default now — the
    caller that read the data passes the time reading began): the quick plan, building the
    model, solving, the curve and the result rows (a share of the limit, estimated from the
    quick plan's time, is kept for the rows). When building would pass the limit the greedy
    plan is the answer (status SIMPLE, with a plain message); the curve (solved to within
    0.5 %) gets the last quarter of the limit and leaves out points that do not fit. At a
    province's size the exact plan works on a core of the best pairs, as many as the time
    left can take. `clock` is injectable for tests.
    """
    # a large model is solved in a worker process that is ended if HiGHS passes the limit;
    # it starts now, so its start overlaps the quick plan (not for a limit too short for an
    # exact plan: `solve` then starts one itself if it gets that far)
    worker = SolverProcess() if len(problem.candidates) >= WORKER_PAIRS and \
        time_limit >= EARLY_WORKER_LIMIT else None
    try:
        return _plan(problem, budget, limits or PlanLimits(), pins, forbids, time_limit,
                     curve_factors, progress, clock, core_candidates,
                     clock() if started is None else started, worker)
    finally:
        if worker is not None:
            worker.close()


def _plan(problem: PlanProblem, budget: int, limits: PlanLimits,
          pins: Collection[tuple[int, int]], forbids: Collection[tuple[int, int]],
          time_limit: float, curve_factors: Sequence[float] | None, progress: Progress | None,
          clock: Callable[[], float], core_candidates: int | None, begun: float,
          worker: SolverProcess | None) -> PlanResult:
    pinned, forbidden = _pin_sets(problem, pins, forbids)
    if progress is not None:
        progress("Menyusun rencana dengan cara sederhana…", 0.02)
    before_greedy = clock()
    greedy_set = greedy(problem, budget, limits, pinned, forbidden,
                        deadline=begun + GREEDY_SHARE * time_limit, clock=clock)
    greedy_seconds = clock() - before_greedy
    # the rows of the result take about as long as ROWS_PER_GREEDY quick plans
    deadline = begun + time_limit - 0.5 - ROWS_PER_GREEDY * greedy_seconds
    # the curve gets the last quarter only when more than half the limit is left for both
    spare = curve_factors and deadline - clock() > 0.5 * time_limit
    main_deadline = deadline - (0.25 * time_limit if spare else 0.0)
    if progress is not None:
        progress("Menyusun model rencana optimal…", 0.05)
    core = core_size(len(problem.candidates), greedy_seconds, main_deadline - clock(),
                     core_candidates or CORE_CANDIDATES)
    sub, back = core_problem(problem, greedy_set | pinned, core)
    at = {c: k for k, c in enumerate(back)} if back is not None else None

    def inner(chosen: frozenset[int]) -> frozenset[int]:
        return chosen if at is None else frozenset(at[i] for i in chosen if i in at)

    def outer(chosen: frozenset[int]) -> frozenset[int]:
        return chosen if back is None else frozenset(back[k] for k in chosen)

    try:
        if clock() >= main_deadline:
            raise BuildTimeout
        out = solve(sub, budget, limits, inner(pinned), inner(forbidden),
                    max(0.2, main_deadline - clock()), start=inner(greedy_set),
                    progress=_scaled(progress, 0.05, 0.7 if curve_factors else 1.0),
                    deadline=main_deadline, clock=clock, greedy_seconds=greedy_seconds,
                    worker=worker, hard_deadline=deadline)  # a late stop eats the curve's time
        out = replace(out, chosen=outer(out.chosen))
    except BuildTimeout:
        out = SolveOutcome(greedy_set, SIMPLE, None, None,
                           clock() - before_greedy - greedy_seconds)
    curve: list[CurvePoint] = []
    if curve_factors and out.status in SOLVED and out.status not in (SIMPLE, STOPPED):
        ev = evaluate(problem, out.chosen, budget, limits)
        others = [int(round(budget * f)) for f in curve_factors if abs(f - 1.0) > 1e-9]
        curve = budget_curve(sub, others, limits, inner(pinned), inner(forbidden),
                             max(3.0, time_limit / 10), _scaled(progress, 0.7, 1.0),
                             deadline=deadline, clock=clock,
                             floors=[(budget, inner(out.chosen))],
                             greedy_seconds=greedy_seconds, worker=worker)
        if any(abs(f - 1.0) <= 1e-9 for f in curve_factors):
            curve.append(CurvePoint(budget, ev.value, ev.cost, out.status, out.gap_percent))
        curve.sort(key=lambda c: c.budget)
    result = build_result(problem, budget, limits, out.chosen, greedy_set, forbidden,
                          out.status, out.bound, out.gap_percent, out.seconds, tuple(curve))
    return replace(result, greedy_seconds=greedy_seconds, time_limit=time_limit,
                   exact_candidates=len(sub.candidates) if back is not None else 0)


def core_problem(problem: PlanProblem, keep: frozenset[int], limit: int = CORE_CANDIDATES
                 ) -> tuple[PlanProblem, list[int] | None]:
    """At a province's size the exact plan works on a core: the `limit` pairs of best value
    per rupiah (one participant's share) plus the ones in `keep` (the greedy plan, pins). The
    model then fits in memory and time; its gap is measured on that core. Returns the problem
    and the original index of each of its candidates (None: the whole problem)."""
    cands, progs = problem.candidates, problem.programmes
    if len(cands) <= limit:
        return problem, None
    ratio = [c.value / max(1, progs[c.programme].person_cost) for c in cands]
    chosen = set(heapq.nlargest(limit, range(len(cands)), key=ratio.__getitem__)) | keep
    back = sorted(chosen)
    return replace(problem, candidates=tuple(cands[i] for i in back)), back


def year_ceilings(session: Session, year: int) -> dict[str, int]:
    """The year's budget per funding source (kept by the Renbangkom plan)."""
    from sqlalchemy import select

    from karier_desktop.store import models as m

    b = m.RenbangkomBudget
    return {s: int(a) for s, a in session.execute(
        select(b.funding_source, b.amount).where(b.year == year))}


def plan_for_year(session: Session, year: int, budget: int, unit_ids: list[int] | None = None,
                  limits: PlanLimits | None = None, weights: PlannerWeights | None = None,
                  pins: Collection[tuple[int, int]] = (),
                  forbids: Collection[tuple[int, int]] = (), time_limit: float = 30.0,
                  curve_factors: Sequence[float] | None = CURVE_FACTORS,
                  today: dt.date | None = None, progress: Progress | None = None) -> PlanResult:
    """Everything in one call (the benchmark and the CLI use this); timings in the result."""
    started = time.perf_counter()
    if progress is not None:
        progress("Membaca kesenjangan dan katalog…", 0.0)
    problem = build_problem(session, year, unit_ids, weights, today)
    return plan(problem, budget, limits, pins, forbids, time_limit, curve_factors, progress,
                started=started)


__all__ = [
    "AcceptSummary", "BuildTimeout", "CORE_CANDIDATES", "CURVE_FACTORS", "ClassPlan", "CurvePoint",
    "PlanResult", "PlanRow", "Progress", "REASON_BUDGET", "REASON_CLASS", "REASON_FORBIDDEN",
    "REASON_JP", "REASON_QUOTA", "SIMPLE", "SOLVED", "STOPPED", "SolveOutcome", "UnitPlan", "accept",
    "brute_force", "budget_curve", "build_problem", "build_result", "classes_for",
    "comparison_text", "core_problem", "core_size", "greedy", "plan", "plan_for_year", "programme_cost",
    "solve", "unit_ids_by_code", "year_ceilings",
]

"""Planner figures (issue 24): the planner at a province's size, and what the exact plan is worth.

planner_100k — `plan` on the 100,000-employee demo (quick: 10,000) with a 30 s limit (quick:
10 s), run in its own process so its peak memory (VmHWM) is the planner's alone. app_s is the
whole call — reading, quick plan, model building, solving, curve and result rows, as the
clerk waits for it; the yardstick is the limit the clerk set, so the goal ratio is ≤ 1.05.
Extras: reading seconds and CPU seconds (the machine's load shows as wall ≫ CPU), peak MB
(goal ≤ 300), the HiGHS worker process's own peak MB (a large model is solved there, so the
limit holds whatever HiGHS does), status, gap, pairs of the exact core.

planner_value — the budget sweep: 5, 10, 25, 50 and 100 % of the full plan's cost (the cost of
the greedy plan with no budget and no per-person rules), at 2,000 and 5,000 employees (quick:
400 and 1,000), in three modes: no per-person rules ("tanpa_batas"), the per-type rules by
default ("batas"), and the rules with classes that need not fill ("batas_tanpa_minimum").
Per point: greedy and exact value, the gain in percent, money left unspent by each, the gap.
app_s is the exact plans' total seconds, the yardstick the greedy plans'; the figures that
matter are the extras (no goal ratio).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from typing import Any

from perfkit import FigureResult, Run, copy_db, demo_db

TODAY = dt.date(2026, 11, 29)
PERCENTS = (5, 10, 25, 50, 100)

_CHILD = """
import json, sys, time, datetime as dt
from karier_desktop.store.lifecycle import open_database
from karier_desktop.services.planner import plan_for_year
db = open_database(sys.argv[1])
started, cpu = time.perf_counter(), time.process_time()
with db.read_scope() as session:
    r = plan_for_year(session, 2027, 1_000_000_000, time_limit=float(sys.argv[2]),
                      today=dt.date(2026, 11, 29))
total, cpu = time.perf_counter() - started, time.process_time() - cpu
hwm = next(int(line.split()[1]) for line in open('/proc/self/status')
           if line.startswith('VmHWM'))
import resource  # the HiGHS worker process (killed or ended, so reaped): its own peak
worker_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"total": total, "cpu": cpu, "prep": r.prep_seconds,
                  "pairs": r.candidates, "core": r.exact_candidates,
                  "after": r.greedy_seconds + r.solve_seconds, "status": r.status,
                  "gap": r.gap_percent, "peak_mb": hwm / 1024, "objective": r.objective,
                  "worker_peak_mb": worker_kb / 1024,
                  "greedy": r.greedy_objective, "curve": len(r.curve)}))
"""


def planner_100k(run: Run) -> FigureResult:
    n = run.size(100_000, 10_000)
    limit = 10.0 if run.quick else 30.0
    path = copy_db(demo_db(run.cache, n), run.workdir / "plan.db")
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(limit)],
                         capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    got = json.loads(out.stdout.strip().splitlines()[-1])
    return got["total"], limit, {
        "goal": 1.05, "employees": n, "limit_s": limit, "read_s": round(got["prep"], 2),
        "cpu_s": round(got["cpu"], 2), "pairs": got["pairs"], "exact_pairs": got["core"],
        "process_s": round(wall, 2), "peak_mb": round(got["peak_mb"], 1),
        "peak_ok": got["peak_mb"] <= 300, "worker_peak_mb": round(got["worker_peak_mb"], 1),
        "status": got["status"], "gap_percent": got["gap"],
        "gain_percent": None if not got["greedy"] else
        round((got["objective"] - got["greedy"]) / got["greedy"] * 100, 2),
        "curve_points": got["curve"]}


def _sweep(path: Any, limit: float) -> tuple[list[dict[str, Any]], float, float]:
    from karier_desktop.services.planner import build_problem, greedy, plan
    from karier_desktop.services.planner.model import PlanLimits, evaluate
    from karier_desktop.store.lifecycle import open_database

    db = open_database(path)
    try:
        with db.read_scope() as session:
            problem = build_problem(session, 2027, today=TODAY)
    finally:
        db.dispose()
    free = PlanLimits(person_rules=False, source_ceilings=())
    full = evaluate(problem, greedy(problem, 10**15, free), 10**15, free).cost
    modes = {"tanpa_batas": free,
             "batas": PlanLimits(source_ceilings=()),
             "batas_tanpa_minimum": PlanLimits(source_ceilings=(),
                                               respect_min_participants=False)}
    rows, exact_s, greedy_s = [], 0.0, 0.0
    for mode, limits in modes.items():
        for pct in PERCENTS:
            budget = max(1, full * pct // 100)
            r = plan(problem, budget, limits, time_limit=limit, curve_factors=None)
            exact_s += r.solve_seconds
            greedy_s += r.greedy_seconds
            rows.append({
                "mode": mode, "percent": pct, "budget": budget,
                "greedy": round(r.greedy_objective, 2), "exact": round(r.objective, 2),
                "gain_percent": None if r.improvement_percent is None
                else round(r.improvement_percent, 2),
                "unspent_greedy": budget - r.greedy_cost, "unspent_exact": budget - r.cost,
                "gap_percent": None if r.gap_percent is None else round(r.gap_percent, 3),
                "status": r.status, "pairs": r.candidates,
                "exact_pairs": r.exact_candidates or r.candidates})
    return rows, exact_s, greedy_s


def planner_value(run: Run) -> FigureResult:
    sizes = (400, 1_000) if run.quick else (2_000, 5_000)
    limit = 5.0 if run.quick else 15.0
    extra: dict[str, Any] = {"limit_s": limit}
    exact_total, greedy_total = 0.0, 0.0
    for n in sizes:
        path = copy_db(demo_db(run.cache, n), run.workdir / f"value_{n}.db")
        rows, exact_s, greedy_s = _sweep(path, limit)
        exact_total += exact_s
        greedy_total += max(greedy_s, 1e-3)
        extra[f"sweep_{n}"] = rows
        for r in rows:
            print(f"    {n:>6} {r['mode']:<20} {r['percent']:>3}%  greedy {r['greedy']:>9} "
                  f"exact {r['exact']:>9}  +{r['gain_percent']}%  sisa greedy "
                  f"{r['unspent_greedy']:>13,} exact {r['unspent_exact']:>13,}  "
                  f"gap {r['gap_percent']}  pasangan {r['exact_pairs']}/{r['pairs']}",
                  flush=True)
    return exact_total, greedy_total, extra

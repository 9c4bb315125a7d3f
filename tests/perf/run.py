"""Benchmark suite: each figure is the app's time as a ratio to a yardstick measured in the same run.

    python tests/perf/run.py [--quick] [--ci] [--json PATH] [--only NAME,...] [--reps N] [--list]

Absolute seconds drift by up to 1.5x between minutes on the target machines, so only the ratio
counts. Every figure runs in its own process; each repetition gets a fresh temporary folder and
alternates the order of app and yardstick. The ratio is the median of the repetitions' ratios
(app_s and yardstick_s are the medians of each side). Figures are information, not tests: the
exit code is 0 unless a figure crashed.

To add a figure: write `tests/perf/fig_<topic>.py` with a function `(run: perfkit.Run) ->
(app_s, yardstick_s, extra)` (extra may hold "goal" and any other keys) and list it in FIGURES.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# name -> "module:function" (modules live in tests/perf/). Order is the run order.
FIGURES: dict[str, str] = {
    "demo_50k": "fig_demo:demo_50k",
    "gap_all_50k": "fig_gaps:gap_all_50k",
    "filter_100k": "fig_table:filter_100k",
    "sort_100k": "fig_table:sort_100k",
    "startup_10k": "fig_startup:startup_10k",
    "startup_cold_10k": "fig_startup:startup_cold_10k",
    "import_10k": "fig_more:import_10k",
    "plan_regency": "fig_more:plan_regency",
    "planner_100k": "fig_planner:planner_100k",
    "planner_value": "fig_planner:planner_value",
    "idp_batch_1000": "fig_idp:idp_batch_1000",
    "talent_map_50k": "fig_talent:talent_map_50k",
    "candidates_50k": "fig_talent:candidates_50k",
    "renbangkom_50k": "fig_renbangkom:renbangkom_50k",
    "exchange_5k": "fig_exchange:exchange_5k",
    "hostile_files": "fig_hostile:hostile_files",
    "server_gap_50k": "fig_server:server_gap_50k",
    "server_import_10k": "fig_server:server_import_10k",
    "server_table_50k": "fig_server:server_table_50k",
    "server_export_50k": "fig_server_backup:server_export_50k",
    "server_restore_50k": "fig_server_backup:server_restore_50k",
    "evaluation_100k": "fig_evaluation:evaluation_100k",
    "walk_100k": "fig_walk:walk_100k",
    "batch_memory": "fig_batch:batch_memory",
    "scaling": "fig_scaling:scaling",
}

# `--ci`: the quick mode of these figures only, run by tests/run.sh after the test suite. The
# whole quick suite took 888 s on a loaded 2-core machine; these take a fraction of it (see
# README) and still touch every layer: the gap engine, the tables, the start, an import, the
# planner at a province's size (quick: 10,000), talent, Renbangkom, the evaluation, and the
# scaling series. Left out: the sweeps and batches of minutes (planner_value, plan_regency,
# idp_batch_1000, batch_memory, hostile_files, exchange_5k, walk_100k, demo_50k) and the
# server figures (a PostgreSQL server of their own).
CI_FIGURES = ("gap_all_50k", "filter_100k", "sort_100k", "startup_10k", "import_10k",
              "planner_100k", "talent_map_50k", "candidates_50k", "renbangkom_50k",
              "evaluation_100k", "scaling")

RESULT_TAG = "@@perf-result "


def _load(name: str) -> Any:
    module_name, func = FIGURES[name].split(":")
    return getattr(importlib.import_module(module_name), func)


def _child(name: str, reps: int, quick: bool, cache: Path) -> int:
    """Run one figure's repetitions in this process; print the results as one tagged line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(HERE))
    import perfkit

    fn = _load(name)
    pairs: list[list[float]] = []
    extra: dict[str, Any] = {}
    for rep in range(reps):
        with tempfile.TemporaryDirectory(prefix=f"perf-{name}-") as tmp:
            run = perfkit.Run(workdir=Path(tmp), cache=cache, quick=quick,
                              app_first=rep % 2 == 0, rep=rep)
            app_s, yard_s, more = fn(run)
        pairs.append([app_s, yard_s])
        extra.update(more)
        print(f"  {name} #{rep + 1}: app {app_s:.4f} s, yardstick {yard_s:.4f} s, "
              f"ratio {app_s / yard_s:.2f}", flush=True)
    print(RESULT_TAG + json.dumps({"pairs": pairs, "extra": extra}, default=str), flush=True)
    return 0


def _summarise(pairs: list[list[float]], extra: dict[str, Any], quick: bool) -> dict[str, Any]:
    ratio = statistics.median(a / y for a, y in pairs)
    out: dict[str, Any] = {
        "ratio": round(ratio, 3),
        "app_s": round(statistics.median(a for a, _ in pairs), 5),
        "yardstick_s": round(statistics.median(y for _, y in pairs), 5),
    }
    out.update(extra)
    goal = out.get("goal")
    if isinstance(goal, int | float):
        out["ok"] = ratio <= goal
    out["reps"] = [[round(a, 5), round(y, 5)] for a, y in pairs]
    out["quick"] = quick
    return out


def _run_figure(name: str, reps: int, quick: bool, cache: Path) -> dict[str, Any] | None:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", name, "--reps", str(reps),
           "--cache", str(cache)] + (["--quick"] if quick else [])
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               KARIER_DATA_DIR=str(cache / "userdata"))
    # An installed program starts from compiled modules (pip and PyInstaller write them); a
    # shell that forbids writing them would time the compiler at every start instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    result = None
    for line in proc.stdout:
        if line.startswith(RESULT_TAG):
            result = json.loads(line[len(RESULT_TAG):])
        else:
            print(line, end="", flush=True)
    if proc.wait() != 0 or result is None:
        print(f"  {name}: FAILED (exit code {proc.returncode})", flush=True)
        return None
    out = _summarise(result["pairs"], result["extra"], quick)
    out["wall_s"] = round(time.perf_counter() - started, 1)  # the figure's process, all in
    return out


def _table(results: dict[str, dict[str, Any] | None]) -> str:
    lines = [f"{'figure':<16} {'app s':>10} {'yardstick s':>12} {'ratio':>7} {'goal':>6}  "
             f"{'status':<7} {'wall s':>7}", "-" * 70]
    for name, r in results.items():
        if r is None:
            lines.append(f"{name:<16} {'-':>10} {'-':>12} {'-':>7} {'-':>6}  CRASHED")
            continue
        goal = r.get("goal")
        status = "-" if goal is None else ("ok" if r["ok"] else "over")
        goal_text = f"{goal:g}" if goal is not None else "-"
        lines.append(f"{name:<16} {r['app_s']:>10.4f} {r['yardstick_s']:>12.4f} "
                     f"{r['ratio']:>7.2f} {goal_text:>6}  {status:<7} {r['wall_s']:>7.0f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="smaller sizes, one repetition")
    p.add_argument("--ci", action="store_true",
                   help="the quick mode of the CI subset (CI_FIGURES) only")
    p.add_argument("--json", metavar="PATH", help="write the figures to this JSON file")
    p.add_argument("--only", metavar="NAME,...", help="run only these figures")
    p.add_argument("--reps", type=int, help="repetitions (default 3, 1 with --quick)")
    p.add_argument("--cache", metavar="DIR", help="keep demo databases here between runs")
    p.add_argument("--list", action="store_true", help="list the figures and exit")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.ci:
        args.quick = True
        args.only = args.only or ",".join(CI_FIGURES)
    reps = args.reps or (1 if args.quick else 3)

    if args.list:
        print("\n".join(f"{n}  ({spec})" for n, spec in FIGURES.items()))
        return 0
    if args.child:
        return _child(args.child, reps, args.quick, Path(args.cache))

    names = list(FIGURES)
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in FIGURES]
        if unknown:
            p.error(f"unknown figure(s): {', '.join(unknown)}; known: {', '.join(FIGURES)}")

    started = time.perf_counter()
    results: dict[str, dict[str, Any] | None] = {}
    with tempfile.TemporaryDirectory(prefix="perf-cache-") as tmp_cache:
        cache = Path(args.cache) if args.cache else Path(tmp_cache)
        cache.mkdir(parents=True, exist_ok=True)
        for name in names:
            print(f"== {name}", flush=True)
            results[name] = _run_figure(name, reps, args.quick, cache)
    print()
    print(_table(results))
    print(f"\n{'quick' if args.quick else 'full'} suite, {reps} repetition(s), "
          f"{time.perf_counter() - started:.0f} s in all")
    if args.json:
        done = {k: v for k, v in results.items() if v is not None}
        Path(args.json).write_text(json.dumps(done, indent=2, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
        print(f"JSON: {args.json}")
    return 1 if any(r is None for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())

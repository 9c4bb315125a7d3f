"""scaling: how the big operations grow with the regency, at three sizes each.

Series (full sizes; quick sizes are a tenth or less):
- gaps: `services.gaps.jpm_all` on demo regencies of 10k, 50k, 100k employees;
- employees: `services.employees.list_rows` (the Pegawai table) on the same regencies;
- evaluation: `services.effectiveness.evaluate_programmes` on the same regencies;
- import: `services.importing.import_file` of 2k, 5k, 10k-row employee sheets;
- idp: 100, 300, 1,000 IDPs to PDF through the batch service;
- planner: `services.planner.plan_for_year` on the demo regencies with a limit so small that
  the exact part is skipped — what grows with the data (reading, the quick plan, the rows);
  the exact part is bounded by the clerk's limit (figure planner_100k).

The two largest sizes are measured twice each, in turn (middle, largest, middle, largest; the
idp batch, minutes long, once), on a fresh copy of the database each time, and the faster run
counts: on a machine other jobs load, the slower one mostly measures them.
The growth factor of a series is the time per row at the largest size over the time per row
at the middle size: 1 is linear, above 1 super-linear. (The two largest sizes:
fixed costs — opening, a worker pool, the first query plan — make the smallest size slow per
row and would hide super-linear growth; `growth_overall` is the old smallest-to-largest ratio.)
`cpu_growth` is the same ratio of this process's CPU time: when the wall-clock growth is high
but the CPU growth is not, the machine was busy, not the code slow (the idp batch renders in
worker processes, whose CPU time is not counted).
The figure is the worst series: app = its seconds at the largest size, yardstick = its seconds
at the middle size scaled linearly to the largest, so the ratio is that growth factor (goal 1.5).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from perfkit import FigureResult, Run, copy_db, demo_db

GOAL = 1.5
TODAY = dt.date(2026, 11, 29)
TRIES = 2  # runs of each of the two largest sizes (the idp batch, minutes long: one)
Sample = tuple[float, float]  # (wall seconds, CPU seconds of this process)


def _sample(fn: Callable[[], Any]) -> Sample:
    import gc

    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _measured(sizes: tuple[int, ...], measure: Callable[[int], Sample], tries: int
              ) -> list[Sample]:
    """The fastest sample per size; the two largest sizes measured `tries` times each in turn
    (middle, largest, middle, largest...), so a busy spell of the machine does not fall on one
    size only."""
    samples: dict[int, list[Sample]] = {n: [] for n in sizes}
    for n in [*sizes[:-2], *sizes[-2:] * tries]:
        samples[n].append(measure(n))
    return [min(samples[n]) for n in sizes]


def _on_demo(run: Run, n: int, fn: Callable[[Any], Any]) -> Sample:
    from karier_desktop.store.lifecycle import open_database

    path = copy_db(demo_db(run.cache, n), run.workdir / f"scale_{n}.db")
    db = open_database(path)
    try:
        def go() -> None:
            with db.read_scope() as session:
                fn(session)
        return _sample(go)
    finally:
        db.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)


def _import(run: Run, rows: int) -> Sample:
    from karier_desktop.services.importing import import_file
    from karier_desktop.services.importing.sample import write_employee_xlsx
    from karier_desktop.store.lifecycle import open_database

    sheet = run.cache / f"pegawai_{rows}.xlsx"
    if not sheet.exists():
        write_employee_xlsx(sheet, rows, today=TODAY)
    empty = run.cache / "empty_seeded.db"
    if not empty.exists():
        open_database(empty).dispose()
    target = copy_db(empty, run.workdir / f"import_{rows}.db")
    db = open_database(target)
    try:
        def work() -> None:
            with db.session_scope() as session:
                import_file(session, "pegawai", sheet, db_path=target, today=TODAY)
        return _sample(work)
    finally:
        db.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)


def _idp(run: Run, plans: int) -> Sample:
    from sqlalchemy import select

    from karier_desktop.services import idp
    from karier_desktop.store import models as m
    from karier_desktop.store.lifecycle import open_database

    path = copy_db(demo_db(run.cache, max(1_200, plans)), run.workdir / f"idp_{plans}.db")
    db = open_database(path)
    try:
        with db.read_scope() as session:
            ids = list(session.scalars(select(m.Employee.id).order_by(m.Employee.id)))[:plans]
        params = idp.BatchParams(db=db, year=TODAY.year + 1, employee_ids=tuple(ids),
                                 out_dir=run.workdir / f"idp_{plans}", today=TODAY)
        return _sample(lambda: idp.run_batch(params, None))
    finally:
        db.dispose()


def _per_row_ratio(sizes: tuple[int, ...], seconds: list[float], first: int, last: int) -> float:
    return (seconds[last] / sizes[last]) / (seconds[first] / sizes[first])


def scaling(run: Run) -> FigureResult:
    from karier_desktop.services import employees
    from karier_desktop.services.effectiveness import evaluate_programmes
    from karier_desktop.services.gaps import jpm_all
    from karier_desktop.services.planner import plan_for_year

    regencies = (1_000, 2_000, 4_000) if run.quick else (10_000, 50_000, 100_000)
    sheets = (250, 500, 1_000) if run.quick else (2_000, 5_000, 10_000)
    batches = (20, 40, 80) if run.quick else (100, 300, 1_000)
    series: dict[str, tuple[tuple[int, ...], Callable[[int], Sample]]] = {
        "gaps": (regencies, lambda n: _on_demo(run, n, lambda s: jpm_all(s, TODAY))),
        "employees": (regencies, lambda n: _on_demo(
            run, n, lambda s: employees.list_rows(s, TODAY))),
        "evaluation": (regencies, lambda n: _on_demo(run, n, evaluate_programmes)),
        "import": (sheets, lambda n: _import(run, n)),
        "idp": (batches, lambda n: _idp(run, n)),
        "planner": (regencies, lambda n: _on_demo(run, n, lambda s: plan_for_year(
            s, TODAY.year + 1, 1_000_000_000, time_limit=0.01, curve_factors=None,
            today=TODAY))),
    }
    out: dict[str, Any] = {}
    worst = ("", 0.0, 1.0, 0.0)
    for name, (sizes, measure) in series.items():
        samples = _measured(sizes, measure, 1 if name == "idp" else TRIES)
        seconds, cpu = [w for w, _ in samples], [c for _, c in samples]
        growth = _per_row_ratio(sizes, seconds, -2, -1)
        cpu_growth = _per_row_ratio(sizes, cpu, -2, -1) if min(cpu) > 0 else None
        out[name] = {"sizes": list(sizes), "seconds": [round(s, 3) for s in seconds],
                     "cpu_seconds": [round(c, 3) for c in cpu], "growth": round(growth, 2),
                     "cpu_growth": None if cpu_growth is None else round(cpu_growth, 2),
                     "growth_overall": round(_per_row_ratio(sizes, seconds, 0, -1), 2)}
        print(f"  {name:<11} " + "  ".join(f"{n:>7,}: {s:>7.2f} s" for n, s in
                                           zip(sizes, seconds, strict=True))
              + f"   growth {growth:.2f} (CPU {cpu_growth or 0:.2f})", flush=True)
        if growth > worst[3]:
            worst = (name, seconds[-1], seconds[-2] * sizes[-1] / sizes[-2], growth)
    return worst[1], worst[2], {"goal": GOAL, "worst_series": worst[0], "series": out}

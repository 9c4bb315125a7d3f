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
Each series reports its seconds per size and the growth factor: (seconds at the largest size /
seconds at the smallest) / (largest size / smallest size); 1 is linear, above 1 super-linear.
The figure is the worst series: app = its seconds at the largest size, yardstick = its seconds
at the smallest scaled linearly to the largest, so the ratio is that growth factor (goal 1.5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from perfkit import FigureResult, Run, copy_db, demo_db, timed

GOAL = 1.5
TODAY = dt.date(2026, 11, 29)


def _on_demo(run: Run, n: int, fn: Callable[[Any], Any]) -> float:
    from karier_desktop.store.lifecycle import open_database

    path = copy_db(demo_db(run.cache, n), run.workdir / f"scale_{n}.db")
    db = open_database(path)
    try:
        def go() -> None:
            with db.read_scope() as session:
                fn(session)
        go()  # warm the page cache, untimed
        return timed(go)[0]
    finally:
        db.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)


def _import(run: Run, rows: int) -> float:
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
        return timed(work)[0]
    finally:
        db.dispose()


def _idp(run: Run, plans: int) -> float:
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
        return timed(lambda: idp.run_batch(params, None))[0]
    finally:
        db.dispose()


def scaling(run: Run) -> FigureResult:
    from karier_desktop.services import employees
    from karier_desktop.services.effectiveness import evaluate_programmes
    from karier_desktop.services.gaps import jpm_all
    from karier_desktop.services.planner import plan_for_year

    regencies = (1_000, 2_000, 4_000) if run.quick else (10_000, 50_000, 100_000)
    sheets = (250, 500, 1_000) if run.quick else (2_000, 5_000, 10_000)
    batches = (20, 40, 80) if run.quick else (100, 300, 1_000)
    series: dict[str, tuple[tuple[int, ...], Callable[[int], float]]] = {
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
        seconds = [measure(n) for n in sizes]
        growth = (seconds[-1] / seconds[0]) / (sizes[-1] / sizes[0])
        out[name] = {"sizes": list(sizes), "seconds": [round(s, 3) for s in seconds],
                     "growth": round(growth, 2)}
        print(f"  {name:<11} " + "  ".join(f"{n:>7,}: {s:>7.2f} s" for n, s in
                                           zip(sizes, seconds, strict=True))
              + f"   growth {growth:.2f}", flush=True)
        if growth > worst[3]:
            worst = (name, seconds[-1], seconds[0] * sizes[-1] / sizes[0], growth)
    return worst[1], worst[2], {"goal": GOAL, "worst_series": worst[0], "series": out}

"""idp_batch_1000: 1,000 IDPs from the demo regency to files through the batch service
(data preparation in the main process, rendering in two worker processes, atomic writes) vs the
yardstick: the same 1,000 documents, already prepared, rendered with plain ReportLab in two
processes and written out. Goal ratio ≤ 1.3. Plans are drafted once beforehand (not timed).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from perfkit import FigureResult, Run, copy_db, demo_db, in_order, timed

TODAY = dt.date(2026, 11, 29)
YEAR = 2027


def _plain_render(docs: list, out_dir) -> None:  # type: ignore[no-untyped-def]
    from karier_desktop.reports.idp_pdf import init_worker, render_chunk

    out_dir.mkdir(parents=True, exist_ok=True)
    chunks = [list(enumerate(docs))[i:i + 6] for i in range(0, len(docs), 6)]
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"),
                             initializer=init_worker) as pool:
        for chunk in pool.map(render_chunk, chunks):
            for index, data in chunk:
                (out_dir / f"{index:05d}.pdf").write_bytes(data)


def idp_batch_1000(run: Run) -> FigureResult:
    from sqlalchemy import select

    from karier_desktop.services import idp as idp_batch
    from karier_desktop.store import models as m
    from karier_desktop.store.lifecycle import open_database

    n = run.size(1_000, 120)
    source = run.cache / f"idp_{n}.db"
    if not source.exists():
        copy_db(demo_db(run.cache, max(1_200, n)), source)
        db = open_database(source)
        with db.session_scope() as session:
            ids = list(session.scalars(select(m.Employee.id).order_by(m.Employee.id)))[:n]
            idp_batch.draft_missing_plans(session, ids, YEAR, TODAY)
        db.dispose()
    path = copy_db(source, run.workdir / "idp.db")
    db = open_database(path)
    try:
        with db.session_scope() as session:
            ids = list(session.scalars(select(m.Employee.id).order_by(m.Employee.id)))[:n]
            docs = idp_batch.prepare_documents(session, ids, YEAR, TODAY)

        def app() -> float:
            params = idp_batch.BatchParams(db=db, year=YEAR, employee_ids=tuple(ids),
                                           out_dir=run.workdir / "app", today=TODAY)
            seconds, _ = timed(lambda: idp_batch.run_batch(params, None))
            return seconds

        def yardstick() -> float:
            seconds, _ = timed(lambda: _plain_render(docs, run.workdir / "plain"))
            return seconds

        app_s, yard_s = in_order(run, app, yardstick)
    finally:
        db.dispose()
    return app_s, yard_s, {"goal": 1.3, "documents": n}

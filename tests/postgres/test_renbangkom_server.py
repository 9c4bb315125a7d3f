"""The Renbangkom plan and the IP ASN scores on a real PostgreSQL server (tests/run.sh)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from karier_desktop.services import demo, idp, ipasn
from karier_desktop.services import renbangkom as rb
from karier_desktop.store import models as m
from karier_desktop.store.lifecycle import open_database

TODAY = dt.date(2026, 11, 29)


def test_plan_life_cycle_summaries_and_ip_asn_on_the_server(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            demo.generate(s, 120, seed=3, today=TODAY)
        with db.session_scope() as s:
            ids = list(s.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")))
            for pid in idp.draft_missing_plans(s, ids, 2027, TODAY).values():
                idp.approve(s, pid, TODAY)
        with db.session_scope() as s:
            plan_id = rb.build(s, 2027)
        with db.session_scope() as s:
            pv = rb.view(s, plan_id)
            assert pv.total_cost == sum(o.cost for o in rb.per_opd(s, plan_id))
            assert sum(g.cost for g in rb.per_group(s, plan_id, "form")) == pv.total_cost
            assert len(rb.opd_trends(s, [2025, 2026])) > 0
            rb.zero_jp_two_years(s, 2027)
            rb.verify(s, plan_id, TODAY)
            rb.set_plan(s, plan_id, TODAY)
        with db.session_scope() as s:
            assert rb.header(s, plan_id).status == "ditetapkan"
            sim = rb.simulate(s, plan_id, 2027, TODAY)
            report = ipasn.compute(s, 2026, TODAY)
            assert sim.after >= sim.before == report.regency_average
            assert rb.plan_actual(s, plan_id, TODAY).participants == pv.participants
            assert b"%PDF" in rb.pdf_bytes(s, plan_id, TODAY)[:8]
    finally:
        db.dispose()

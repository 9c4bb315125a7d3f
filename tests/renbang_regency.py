"""The demo regency with its 2027 IDPs drafted and approved (issue 13 tests)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from karier_desktop.services import idp
from karier_desktop.store import models as m
from karier_desktop.store.db import Database

TODAY = dt.date(2026, 11, 29)
YEAR = 2027


def approve_idps(db: Database, every: int = 1) -> None:
    """Draft the 2027 IDP of every active employee and approve every `every`-th one."""
    with db.session_scope() as s:
        ids = list(s.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")
                             .order_by(m.Employee.id)))
        plans = idp.draft_missing_plans(s, ids, YEAR, TODAY)
        for i, pid in enumerate(plans[eid] for eid in ids if eid in plans):
            if i % every == 0:
                idp.approve(s, pid, TODAY)


def approved_item_totals(db: Database) -> tuple[int, int]:
    """(number of items, their total cost) of the approved 2027 IDPs."""
    it, dp = m.PlanItem, m.DevelopmentPlan
    with db.session_scope() as s:
        rows = s.execute(select(it.cost).join(dp, dp.id == it.plan_id)
                         .where(dp.year == YEAR, dp.status == "disetujui")).all()
    return len(rows), sum(int(c or 0) for (c,) in rows)

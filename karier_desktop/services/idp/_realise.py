"""Realisation of an IDP: linking its items to the completed training records of its year."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.services import audit
from karier_desktop.services.idp._plans import _plan
from karier_desktop.services.idp._rows import RealisationRow
from karier_desktop.store import models as m

PI = m.PlanItem


def realisation(session: Session, plan_id: int) -> list[RealisationRow]:
    """Link plan items to completed training records of the plan's year.

    A record matches an item with the same programme, else one whose programme raises the
    item's competency; each record serves one item. Allowed on approved plans too: it records
    what happened, it does not change the plan.
    """
    plan = _plan(session, plan_id)
    t = m.TrainingRecord
    records = session.execute(
        select(t.id, t.programme_id, t.title, t.start_date, t.jp)
        .where(t.employee_id == plan.employee_id, t.status == "selesai",
               t.start_date >= dt.date(plan.year, 1, 1), t.start_date <= dt.date(plan.year, 12, 31))
        .order_by(t.start_date, t.id)).all()
    by_id = {r.id: r for r in records}
    raises: dict[int, set[int]] = {}
    for pid, cid in session.execute(select(m.ProgrammeTarget.programme_id,
                                           m.ProgrammeTarget.competency_id)):
        raises.setdefault(pid, set()).add(cid)
    items = list(session.scalars(select(PI).where(PI.plan_id == plan.id).order_by(PI.seq, PI.id)))
    used = {it.training_record_id for it in items if it.training_record_id in by_id}
    changed = 0
    for it in items:
        if it.training_record_id in by_id:
            continue
        match = next((r for r in records if r.id not in used and it.programme_id is not None
                      and r.programme_id == it.programme_id), None)
        if match is None and it.competency_id is not None:
            match = next((r for r in records if r.id not in used and r.programme_id is not None
                          and it.competency_id in raises.get(r.programme_id, ())), None)
        new_id = match.id if match else None
        if new_id != it.training_record_id:
            it.training_record_id = new_id
            changed += 1
        if match:
            used.add(match.id)
    if changed:
        audit.record(session, "realisation", "development_plan", plan.id, linked=changed)
    out = []
    for it in items:
        r = by_id.get(it.training_record_id) if it.training_record_id else None
        out.append(RealisationRow(it.id, it.seq, it.activity, it.month, float(it.jp),
                                  r.id if r else None, r.title if r else "",
                                  r.start_date if r else None, float(r.jp) if r else 0.0))
    return out



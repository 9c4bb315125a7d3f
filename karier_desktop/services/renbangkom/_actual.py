"""Plan against actual: training records matched to the plan's lines, money set / planned /
realised per source, and why a line is not (fully) done — during the year and at its end.

A participant of a line counts as realised when the IDP item the line came from is linked to a
completed record, or when a completed record of that employee in the plan year is of the
line's catalogue programme (or, without one, of its form with the same title). Each record
counts once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.services.renbangkom._plans import budgets, header
from karier_desktop.services.renbangkom._rows import FUNDING_LABELS, FUNDING_ORDER
from karier_desktop.store import models as m

P, L, PP = m.RenbangkomPlan, m.RenbangkomLine, m.RenbangkomParticipant


@dataclass(frozen=True)
class ActualLine:
    line_id: int
    seq: int
    activity: str
    quarter: int
    funding_source: str
    participants: int
    realised: int
    planned_cost: int
    realised_cost: int
    realised_jp: float
    status: str  # "Terlaksana" | "Sebagian" | "Belum"
    reason: str


@dataclass(frozen=True)
class ActualBudget:
    funding_source: str
    label: str
    ceiling: int | None
    planned: int
    realised: int


@dataclass(frozen=True)
class PlanActual:
    plan_id: int
    year: int
    as_of: dt.date
    lines: tuple[ActualLine, ...]
    budgets: tuple[ActualBudget, ...]

    @property
    def participants(self) -> int:
        return sum(a.participants for a in self.lines)

    @property
    def realised(self) -> int:
        return sum(a.realised for a in self.lines)

    @property
    def realised_cost(self) -> int:
        return sum(a.realised_cost for a in self.lines)


def _quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    return dt.date(year + (month == 12), 1 if month == 12 else month + 1, 1) - dt.timedelta(1)


def plan_actual(session: Session, plan_id: int, as_of: dt.date) -> PlanActual:
    head = header(session, plan_id)
    year = head.year
    t = m.TrainingRecord
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), as_of)
    records: dict[int, list[tuple[Any, ...]]] = {}
    cancelled: set[tuple[int, str]] = set()
    for rid, eid, prog, form, title, jp, cost, status in session.execute(
            select(t.id, t.employee_id, t.programme_id, t.form_code, t.title, t.jp, t.cost,
                   t.status).where(t.start_date >= start, t.start_date <= dt.date(year, 12, 31))):
        if status == "batal":
            cancelled.add((eid, (title or "").strip().lower()))
        elif status == "selesai" and dt.date(year, 1, 1) <= end:
            records.setdefault(eid, []).append((rid, prog, form, (title or "").strip().lower(),
                                                float(jp), int(cost or 0)))
    linked = dict(session.execute(
        select(m.PlanItem.id, m.PlanItem.training_record_id)
        .join(PP, PP.plan_item_id == m.PlanItem.id).join(L, L.id == PP.line_id)
        .where(L.plan_id == plan_id, m.PlanItem.training_record_id.is_not(None))).all())
    used: set[int] = set()
    people: dict[int, list[tuple[int, int | None]]] = {}
    for line_id, eid, item_id in session.execute(
            select(PP.line_id, PP.employee_id, PP.plan_item_id).join(L, L.id == PP.line_id)
            .where(L.plan_id == plan_id)):
        people.setdefault(line_id, []).append((eid, item_id))
    lines = []
    for ln in session.scalars(select(L).where(L.plan_id == plan_id).order_by(L.seq)):
        done, cost, jp, why_cancel = 0, 0, 0.0, False
        title = ln.activity.strip().lower()
        for eid, item_id in people.get(ln.id, []):
            match = None
            for rec in records.get(eid, []):
                if rec[0] in used:
                    continue
                if (item_id is not None and linked.get(item_id) == rec[0]) or (
                        ln.programme_id is not None and rec[1] == ln.programme_id) or (
                        ln.programme_id is None and rec[2] == ln.form_code and rec[3] == title):
                    match = rec
                    break
            if match is None:
                why_cancel = why_cancel or (eid, title) in cancelled
                continue
            used.add(match[0])
            done, cost, jp = done + 1, cost + match[5], jp + match[4]
        n = len(people.get(ln.id, []))
        status = "Terlaksana" if n and done == n else ("Sebagian" if done else "Belum")
        if status == "Terlaksana":
            reason = ""
        elif why_cancel:
            reason = "Ada peserta yang batal"
        elif as_of >= _quarter_end(year, ln.quarter):  # its last day counts as over
            reason = f"Lewat jadwal triwulan {ln.quarter}; belum ada catatan pelatihan"
        else:
            reason = f"Dijadwalkan triwulan {ln.quarter}"
        lines.append(ActualLine(ln.id, ln.seq, ln.activity, ln.quarter, ln.funding_source, n,
                                done, ln.cost, cost, jp, status, reason))
    realised: dict[str, int] = {}
    for a in lines:
        realised[a.funding_source] = realised.get(a.funding_source, 0) + a.realised_cost
    money = tuple(ActualBudget(b.funding_source, b.label, b.ceiling, b.planned,
                               realised.get(b.funding_source, 0)) for b in budgets(session, plan_id))
    return PlanActual(plan_id, year, as_of, tuple(lines), money)


def planned_jp_by_employee(session: Session, plan_id: int) -> dict[int, float]:
    return {eid: float(jp or 0) for eid, jp in session.execute(
        select(PP.employee_id, func.sum(PP.jp)).join(L, L.id == PP.line_id)
        .where(L.plan_id == plan_id).group_by(PP.employee_id))}


__all__ = ["FUNDING_LABELS", "FUNDING_ORDER", "ActualBudget", "ActualLine", "PlanActual",
           "plan_actual", "planned_jp_by_employee"]

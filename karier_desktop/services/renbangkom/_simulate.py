"""The IP ASN simulator: the plan's activities counted as done move the competency score from
X (records alone) to Y (records and plan), per OPD and for the regency."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.services import ipasn
from karier_desktop.store import models as m

L, PP = m.RenbangkomLine, m.RenbangkomParticipant


@dataclass(frozen=True)
class OpdMove:
    opd_id: int
    code: str
    name: str
    employees: int
    before: float
    after: float
    band_before: str
    band_after: str
    # the whole index (kualifikasi + kompetensi + kinerja + disiplin), before and with the plan
    index_before: float = 0.0
    index_after: float = 0.0
    index_band_after: str = ""
    kinerja_missing: int = 0


@dataclass(frozen=True)
class Simulation:
    year: int
    before: float
    after: float
    band_before: str
    band_after: str
    opds: tuple[OpdMove, ...]
    before_report: ipasn.IpAsnReport
    after_report: ipasn.IpAsnReport
    index_before: float = 0.0
    index_after: float = 0.0
    index_band_after: str = ""


def planned_activities(session: Session, plan_id: int) -> list[ipasn.PlannedActivity]:
    return [ipasn.PlannedActivity(eid, form, activity, float(jp or 0), int(cost or 0))
            for eid, form, activity, jp, cost in session.execute(
                select(PP.employee_id, L.form_code, L.activity, PP.jp, PP.cost)
                .join(L, L.id == PP.line_id).where(L.plan_id == plan_id))]


def simulate(session: Session, plan_id: int, year: int, as_of: dt.date | None = None,
             opd_id: int | None = None) -> Simulation:
    """X: the records as of `as_of` (default: the end of `year`); Y: the same plus the plan."""
    as_of = as_of or dt.date(year, 12, 31)
    before = ipasn.compute(session, year, as_of, opd_id)
    after = ipasn.compute(session, year, as_of, opd_id,
                          planned=planned_activities(session, plan_id))
    return Simulation(year, before.regency_average, after.regency_average,
                      before.regency_band, after.regency_band, opd_moves(before, after),
                      before, after, before.regency_index, after.regency_index,
                      after.regency_index_band)


def opd_moves(before: ipasn.IpAsnReport, after: ipasn.IpAsnReport | None = None
              ) -> tuple[OpdMove, ...]:
    """Per OPD: the competency dimension and the whole index, before and with the plan
    (without a plan, `after` is the same as before)."""
    after_by = {o.opd_id: o for o in (after or before).opds}
    return tuple(sorted(
        (OpdMove(o.opd_id, o.code, o.name, o.employees, o.average, a.average, o.band, a.band,
                 o.index_average, a.index_average, a.index_band, o.kinerja_missing)
         for o in before.opds if (a := after_by.get(o.opd_id)) is not None),
        key=lambda mv: mv.name))

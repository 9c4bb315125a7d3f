"""Points lost per employee, ordered by points regained per rupiah.

For each indicator an employee misses, the cheapest active catalogue programme that would meet
it (the leadership programme of the position's level; for technical training enough JP to
reach the minimum, counting what was already taken) and the points it would bring back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.services.ipasn._data import IpAsnReport
from karier_desktop.services.ipasn._reference import INDICATOR_LABELS, INDICATORS
from karier_desktop.services.training import participant_cost
from karier_desktop.store import models as m


@dataclass(frozen=True)
class RegainRow:
    employee_id: int
    nip: str
    name: str
    opd_name: str
    indicator: str
    indicator_label: str
    points: float
    programme_code: str
    programme: str
    cost: int

    @property
    def points_per_million(self) -> float:
        return math.inf if self.cost <= 0 else self.points / (self.cost / 1_000_000)


def _catalogue(session: Session) -> list[tuple[str, str, str, float, int]]:
    p = m.Programme
    out = []
    for code, title, form, jp, cpp, basis, cls, mx in session.execute(
            select(p.code, p.title, p.form_code, p.jp, p.cost_per_participant, p.cost_basis,
                   p.class_cost, p.max_participants).where(p.active.is_(True))):
        out.append((code, title, form, float(jp), participant_cost(cpp, basis, cls, mx)))
    return out


def regain_list(session: Session, report: IpAsnReport, limit: int | None = None
                ) -> list[RegainRow]:
    ref = report.reference
    catalogue = _catalogue(session)
    cheapest: dict[str, tuple[str, str, int]] = {}
    by_level: dict[str, tuple[str, str, int]] = {}
    for code, title, form, jp, cost in catalogue:
        ind = ref.form_indicator.get(form)
        if ind is None:
            continue
        if ind == "kepemimpinan":
            level = ref.leadership_of(title)
            if level and (level not in by_level or cost < by_level[level][2]):
                by_level[level] = (code, title, cost)
            continue
        if ind == "teknis" and jp < ref.teknis_min_jp:
            continue  # one programme of too few JP does not meet the indicator
        if ind not in cheapest or cost < cheapest[ind][2]:
            cheapest[ind] = (code, title, cost)
    rows: list[RegainRow] = []
    for e in report.employees:
        for ind in e.missing:
            if ind == "kepemimpinan":
                choice = by_level.get(ref.leadership_level.get(e.kind_code, ""))
            else:
                choice = cheapest.get(ind)
            if choice is None:
                continue
            points = ref.weights[e.group].get(ind, 0.0)
            rows.append(RegainRow(e.employee_id, e.nip_text, e.name, e.opd_name, ind,
                                  INDICATOR_LABELS[ind], points, choice[0], choice[1], choice[2]))
    rows.sort(key=lambda r: (-r.points_per_million, -r.points, r.name))
    return rows[:limit] if limit else rows


__all__ = ["INDICATORS", "RegainRow", "regain_list"]

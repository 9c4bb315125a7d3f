"""The evaluation as it was first written: a Python walk over every assessment (slow, memory
hungry at a province's size). Kept only as the reference the SQL evaluation is checked against.
"""

from __future__ import annotations

import bisect
import datetime as dt
import statistics
from collections import defaultdict
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.services.effectiveness import (
    FEW_DATA,
    MIN_N,
    CompetencyEffect,
    CompetencyProgramme,
    EffectivenessReport,
    ProgrammeEffect,
)
from karier_desktop.store import models as m

History = dict[tuple[int, int], tuple[list[dt.date], list[int]]]


def _history(session: Session) -> History:
    """(employee, competency) -> dates ascending and the level on each date."""
    a, r = m.Assessment, m.AssessmentResult
    rows = session.execute(select(a.employee_id, r.competency_id, a.assessed_on, r.level)
                           .join(r, r.assessment_id == a.id)
                           .order_by(a.employee_id, r.competency_id, a.assessed_on))
    out: History = {}
    for eid, cid, day, level in rows:
        dates, levels = out.setdefault((eid, cid), ([], []))
        if dates and dates[-1] == day:
            levels[-1] = max(levels[-1], level)  # two results on one day: the higher one
        else:
            dates.append(day)
            levels.append(level)
    return out


def _change(hist: History, eid: int, cid: int, before: dt.date, after: dt.date) -> int | None:
    found = hist.get((eid, cid))
    if not found:
        return None
    dates, levels = found
    i = bisect.bisect_left(dates, before)  # dates[:i] are before `before`
    j = bisect.bisect_right(dates, after)  # dates[j:] are after `after`
    if i == 0 or j >= len(dates):
        return None
    return levels[j] - levels[i - 1]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _median_date(days: list[dt.date]) -> dt.date:
    ordinals = sorted(d.toordinal() for d in days)
    return dt.date.fromordinal(int(statistics.median_low(ordinals)))


def _warning(*ns: int) -> str:
    return FEW_DATA if any(n < MIN_N for n in ns) else ""


def _did(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def evaluate_programmes(session: Session, period_from: dt.date | None = None,
                        period_to: dt.date | None = None) -> EffectivenessReport:
    """Effect of every programme with completed participations in the period."""
    hist = _history(session)
    comps = {cid: (code, name) for cid, code, name in session.execute(
        select(m.Competency.id, m.Competency.code, m.Competency.name))}
    targets: dict[int, list[int]] = defaultdict(list)
    for pid, cid in session.execute(select(m.ProgrammeTarget.programme_id,
                                           m.ProgrammeTarget.competency_id)):
        targets[pid].append(cid)
    holders: dict[int, list[int]] = defaultdict(list)  # competency -> employees whose standard has it
    for eid, cid in session.execute(
            select(m.Employee.id, m.PositionStandard.competency_id)
            .join(m.PositionStandard, m.PositionStandard.position_id == m.Employee.position_id)):
        holders[cid].append(eid)
    t = m.TrainingRecord
    took: dict[int, set[int]] = defaultdict(set)
    for took_pid, eid in session.execute(
            select(t.programme_id, t.employee_id)
            .where(t.status == "selesai", t.programme_id.is_not(None))):
        if took_pid is not None:
            took[took_pid].add(eid)
    stmt = (select(t.programme_id, t.employee_id, t.start_date, t.end_date, t.cost,
                   t.reaction_score, t.pre_test, t.post_test)
            .where(t.status == "selesai", t.programme_id.is_not(None)))
    if period_from is not None:
        stmt = stmt.where(t.start_date >= period_from)
    if period_to is not None:
        stmt = stmt.where(t.start_date <= period_to)
    records: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in session.execute(stmt):
        records[row.programme_id].append(tuple(row))
    programmes = {pid: (code, title) for pid, code, title in session.execute(
        select(m.Programme.id, m.Programme.code, m.Programme.title))}

    effects: list[ProgrammeEffect] = []
    by_comp: dict[int, list[CompetencyProgramme]] = defaultdict(list)
    for pid, recs in records.items():
        code, title = programmes[pid]
        cids = sorted(targets.get(pid, []), key=lambda c: comps[c][0])
        start = _median_date([r[2] for r in recs])
        end = _median_date([r[3] for r in recs])
        person_changes: list[float] = []
        cost, gained = 0, 0
        part_by_comp: dict[int, list[int]] = defaultdict(list)
        for _pid, eid, s, e, rec_cost, *_k in recs:
            changes = []
            for cid in cids:
                ch = _change(hist, eid, cid, s, e)
                if ch is not None:
                    changes.append(ch)
                    part_by_comp[cid].append(ch)
            if changes:
                person_changes.append(sum(changes) / len(changes))
                cost += int(rec_cost or 0)
                gained += sum(changes)
        comp_changes: dict[int, list[float]] = defaultdict(list)  # employee -> changes
        for cid in cids:
            others = []
            for eid in holders.get(cid, ()):
                if eid in took[pid]:
                    continue
                ch = _change(hist, eid, cid, start, end)
                if ch is not None:
                    comp_changes[eid].append(ch)
                    others.append(ch)
            mine = part_by_comp.get(cid, [])
            pm, om = _mean([float(x) for x in mine]), _mean([float(x) for x in others])
            by_comp[cid].append(CompetencyProgramme(pid, code, title, len(mine), pm, len(others),
                                                    om, _did(pm, om),
                                                    _warning(len(mine), len(others))))
        comparison = [sum(v) / len(v) for v in comp_changes.values()]
        reactions = [float(r[5]) for r in recs if r[5] is not None]
        learning = [float(r[7]) - float(r[6]) for r in recs if r[6] is not None and r[7] is not None]
        pm, om = _mean(person_changes), _mean(comparison)
        effects.append(ProgrammeEffect(
            programme_id=pid, code=code, title=title,
            competencies=", ".join(comps[c][0] for c in cids), participants=len(recs),
            measured=len(person_changes), mean_change=pm, comparison_n=len(comparison),
            comparison_change=om, did=_did(pm, om), cost=cost, levels_gained=gained,
            cost_per_level=cost / gained if gained > 0 else None,
            k1_mean=_mean(reactions), k1_n=len(reactions), k2_mean=_mean(learning),
            k2_n=len(learning), warning=_warning(len(person_changes), len(comparison))))
    competencies = tuple(
        CompetencyEffect(cid, comps[cid][0], comps[cid][1], tuple(sorted(
            rows, key=lambda r: (r.did is None, -(r.did or 0.0), r.code))))
        for cid, rows in sorted(by_comp.items(), key=lambda kv: comps[kv[0]][0]))
    effects.sort(key=lambda e: (e.did is None, -(e.did or 0.0), e.code))
    return EffectivenessReport(period_from, period_to, tuple(effects), competencies)


def assert_same_report(new: EffectivenessReport, old: EffectivenessReport) -> None:
    """Equal figures; means compared with a tolerance (SQL may add in another order)."""
    assert [e.code for e in new.programmes] == [e.code for e in old.programmes]
    for a, b in zip(new.programmes, old.programmes, strict=True):
        for name in ("programme_id", "title", "competencies", "participants", "measured",
                     "comparison_n", "cost", "levels_gained", "k1_n", "k2_n", "warning"):
            assert getattr(a, name) == getattr(b, name), (a.code, name)
        for name in ("mean_change", "comparison_change", "did", "cost_per_level", "k1_mean",
                     "k2_mean"):
            x, y = getattr(a, name), getattr(b, name)
            assert (x is None) == (y is None), (a.code, name)
            if x is not None:
                assert x == pytest.approx(y, abs=1e-9), (a.code, name)
    assert [c.code for c in new.competencies] == [c.code for c in old.competencies]
    for c_new, c_old in zip(new.competencies, old.competencies, strict=True):
        assert sorted(p.code for p in c_new.programmes) == sorted(p.code for p in c_old.programmes)
        old_rows = {p.programme_id: p for p in c_old.programmes}
        for p in c_new.programmes:
            q = old_rows[p.programme_id]
            assert (p.measured, p.comparison_n, p.warning) == (q.measured, q.comparison_n,
                                                                q.warning)
            for x, y in ((p.mean_change, q.mean_change), (p.comparison_change,
                                                            q.comparison_change), (p.did, q.did)):
                assert (x is None) == (y is None)
                if x is not None:
                    assert x == pytest.approx(y, abs=1e-9)

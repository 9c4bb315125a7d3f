"""Reading a `PlanProblem` from the database: the below-standard lines come out of one SQL join
(latest level per employee and competency against the position's standard), counts and sums
are SQL aggregates, and only the employees who have a need become Python objects — so a
province of 100,000 employees reads in seconds and a few tens of MB.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from karier_desktop.domain.textfmt import full_name
from karier_desktop.services import settings as settings_service
from karier_desktop.services.accounts.scope import visible_units
from karier_desktop.services.employees import root_of, unit_tree, unit_with_descendants
from karier_desktop.services.gaps import validity_cutoff
from karier_desktop.services.planner.model import (
    IPASN_KIND,
    SOURCE_LABELS,
    STRUCTURAL_KINDS,
    Candidate,
    Need,
    PlanEmployee,
    PlannerWeights,
    PlanProblem,
    PlanProgramme,
)
from karier_desktop.store import models as m

COUNTED_STATUSES = ("selesai", "rencana")  # JP of the year: done and already planned records


def unit_scope(session: Session, unit_ids: list[int] | None) -> frozenset[int] | None:
    """The given units with all their sub-units; None means the whole regency."""
    if not unit_ids:
        return None
    units = unit_tree(session)
    found: set[int] = set()
    for uid in unit_ids:
        found |= unit_with_descendants(units, uid)
    return frozenset(found)


def unit_ids_by_code(session: Session, code: str) -> list[int] | None:
    uid = session.scalar(select(m.Unit.id).where(m.Unit.code == code.strip()))
    return None if uid is None else [uid]


def need_weight(w: PlannerWeights, kind: str, structural: bool, under_minimum: bool,
                stale: bool) -> float:
    value = w.base_per_level * w.kind_weight(kind)
    if structural and kind == "manajerial":
        value *= w.managerial_structural_factor
    if under_minimum:
        value *= 1.0 + w.under_minimum_jp_bonus
    if stale:
        value *= w.stale_factor
    return value


def _rows(session: Session, stmt: Any) -> Any:
    """Core rows straight from the cursor (no ORM buffering of 100,000 tuples)."""
    return session.connection().execute(stmt)


def _in_scope(stmt: Any, scope: frozenset[int] | None) -> Any:
    e = m.Employee
    stmt = stmt.where(e.status == "aktif")
    return stmt if scope is None else stmt.where(e.unit_id.in_(sorted(scope)))


def _level_lines(w: PlannerWeights, cutoff: dt.date) -> Any:
    """Subquery: (eid, cid, level, required, stale) of every standard line of an active
    employee that has a usable level (the latest assessment rating that competency)."""
    a, r, e, ps = m.Assessment, m.AssessmentResult, m.Employee, m.PositionStandard
    latest_q = (select(a.employee_id.label("eid"), r.competency_id.label("cid"),
                       func.max(a.assessed_on).label("d"))
                .join(r, r.assessment_id == a.id).group_by(a.employee_id, r.competency_id))
    if w.stale_factor <= 0:  # expired levels are not planned: the latest valid one is the
        latest_q = latest_q.where(a.assessed_on > cutoff)  # latest one whenever it counts
    latest = latest_q.subquery()
    level = (select(latest.c.eid, latest.c.cid, func.max(r.level).label("level"), latest.c.d)
             .join(a, and_(a.employee_id == latest.c.eid, a.assessed_on == latest.c.d))
             .join(r, and_(r.assessment_id == a.id, r.competency_id == latest.c.cid))
             .group_by(latest.c.eid, latest.c.cid, latest.c.d).subquery())
    stale = case((level.c.d <= cutoff, 1), else_=0)
    stmt = (select(level.c.eid, level.c.cid, level.c.level, ps.required_level.label("required"),
                   stale.label("stale"))
            .join(e, e.id == level.c.eid)
            .join(ps, and_(ps.position_id == e.position_id, ps.competency_id == level.c.cid)))
    if w.stale_factor <= 0:
        stmt = stmt.where(level.c.d > cutoff)
    return stmt


def _programmes(session: Session, year: int
                ) -> tuple[list[PlanProgramme], dict[int, list[tuple[int, int, int]]],
                           list[frozenset[str] | None]]:
    """Active programmes, targets by competency (prog index, to_level, gain), eligibility.

    A programme's funding source is the one the year's Renbangkom plan gives it (latest line),
    else free when it costs nothing, else APBD Kabupaten."""
    p, ln, rp = m.Programme, m.RenbangkomLine, m.RenbangkomPlan
    planned = dict(_rows(session, select(ln.programme_id, ln.funding_source)
                         .join(rp, rp.id == ln.plan_id)
                         .where(rp.year == year, ln.programme_id.is_not(None))
                         .order_by(ln.id)).all())
    progs: list[PlanProgramme] = []
    allowed: list[frozenset[str] | None] = []
    index: dict[int, int] = {}
    for row in _rows(session, select(
            p.id, p.code, p.title, p.form_code, p.provider, p.jp, p.cost_per_participant,
            p.cost_basis, p.class_cost, p.min_participants, p.max_participants,
            p.position_kinds).where(p.active.is_(True)).order_by(p.code)):
        cpp, basis, cls = int(row.cost_per_participant or 0), row.cost_basis, row.class_cost
        free = cpp == 0 and not (basis == "per_class" and cls)
        source = planned.get(row.id) or ("tanpa_biaya" if free else "apbd_kab")
        index[row.id] = len(progs)
        progs.append(PlanProgramme(
            id=row.id, code=row.code, title=row.title, form_code=row.form_code,
            provider=row.provider or "", jp=float(row.jp or 0), cost_per_participant=cpp,
            cost_basis=basis or "per_participant", class_cost=int(cls or 0),
            min_participants=max(1, int(row.min_participants or 1)),
            max_participants=max(1, int(row.max_participants or 1)),
            source=source if source in SOURCE_LABELS else "apbd_kab"))
        kinds = [k.strip() for k in (row.position_kinds or "").split(",") if k.strip()]
        allowed.append(frozenset(kinds) if kinds else None)
    by_comp: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    t = m.ProgrammeTarget
    for pid, cid, to_level, gain in _rows(session, select(t.programme_id, t.competency_id,
                                                          t.to_level, t.gain)):
        if pid in index:
            by_comp[cid].append((index[pid], int(to_level), max(0, int(gain or 0))))
    return progs, by_comp, allowed


def _ipasn_needs(session: Session, year: int, progs: list[PlanProgramme],
                 ) -> tuple[dict[int, list[tuple[str, float]]], list[PlanProgramme]]:
    """Per employee the IP ASN indicators missed and their points; programmes with the
    indicators they can meet (a leadership programme only for its level)."""
    from dataclasses import replace

    from karier_desktop.services import ipasn

    report = ipasn.compute(session, year)
    ref = report.reference
    missing: dict[int, list[tuple[str, float]]] = {}
    for e in report.employees:
        if e.missing:
            need = ref.leadership_level.get(e.kind_code, "")
            missing[e.employee_id] = [(f"{ind}:{need}" if ind == "kepemimpinan" else ind,
                                       ref.weights[e.group].get(ind, 0.0)) for ind in e.missing]
    out = []
    for prog in progs:
        ind = ref.form_indicator.get(prog.form_code)
        meets: tuple[str, ...] = ()
        if ind == "kepemimpinan":
            level = ref.leadership_of(prog.title)
            rank = ref.leadership_rank.get(level or "", 0)
            meets = tuple(f"kepemimpinan:{lv}" for lv, r in ref.leadership_rank.items()
                          if level and r <= rank)
        elif ind == "teknis":
            meets = ("teknis",) if prog.jp >= ref.teknis_min_jp else ()
        elif ind is not None:
            meets = (ind,)
        out.append(replace(prog, ipasn=meets))
    return missing, out


def build_problem(session: Session, year: int, unit_ids: list[int] | None = None,
                  weights: PlannerWeights | None = None, today: dt.date | None = None
                  ) -> PlanProblem:
    """Needs and candidates of the active employees in scope (units incl. sub-units)."""
    from karier_desktop.services import idp

    started = time.perf_counter()
    w = weights or PlannerWeights()
    today = today or dt.date.today()
    cfg = settings_service.load(session)
    rules = idp.load_rules(session)
    cutoff = validity_cutoff(today, cfg.assessment_validity_years)
    scope = unit_scope(session, unit_ids)
    visible = visible_units(session)  # an operator OPD plans for their OPD only
    if visible is not None:
        scope = frozenset(visible) if scope is None else scope & frozenset(visible)
    e, pos, ps, t = m.Employee, m.Position, m.PositionStandard, m.TrainingRecord
    parents = dict(_rows(session, select(m.Unit.id, m.Unit.parent_id)).all())
    roots = root_of(parents)
    unit_names = dict(_rows(session, select(m.Unit.id, m.Unit.name)).all())
    comps = {cid: (code, name, kind) for cid, code, name, kind in _rows(session, select(
        m.Competency.id, m.Competency.code, m.Competency.name, m.Competency.kind))}
    lines = _level_lines(w, cutoff)
    sub = _in_scope(lines, scope).subquery()
    all_lines = _rows(session, _in_scope(select(func.count()).select_from(e).join(
        ps, ps.position_id == e.position_id), scope)).scalar() or 0
    per_unit = _rows(session, _in_scope(select(e.unit_id, func.count()).group_by(e.unit_id),
                                        scope)).all()
    in_scope = sum(n for _u, n in per_unit)
    staff: dict[int | None, int] = defaultdict(int)
    for uid, n in per_unit:
        staff[roots.get(uid) if uid else None] += n
    found: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
    known_people, known_lines, last = 0, 0, None  # the lines read once: counted here
    for chunk in _rows(session, select(sub).order_by(sub.c.eid, sub.c.cid)).partitions(5000):
        known_lines += len(chunk)
        for eid, cid, level, required, stale in chunk:  # chunked reads: 850,000 lines at
            if eid != last:  # a province cost 2.7 s CPU row by row
                known_people, last = known_people + 1, eid
            if level is not None and required is not None and level < required:
                found[eid].append((cid, int(level), int(required), int(stale)))
    jp_year = dict(_rows(session, select(t.employee_id, func.sum(t.jp)).where(
        t.status.in_(COUNTED_STATUSES), t.start_date >= dt.date(year, 1, 1),
        t.start_date <= dt.date(year, 12, 31)).group_by(t.employee_id)).all())
    progs, by_comp, allowed = _programmes(session, year)
    ipasn_missing: dict[int, list[tuple[str, float]]] = {}
    if w.ipasn_points > 0:
        ipasn_missing, progs = _ipasn_needs(session, year, progs)
    by_indicator: dict[str, list[int]] = defaultdict(list)
    for pi, prog in enumerate(progs):
        for ind in prog.ipasn:
            by_indicator[ind].append(pi)
    budgets = tuple((s, int(a)) for s, a in _rows(session, select(
        m.RenbangkomBudget.funding_source, m.RenbangkomBudget.amount)
        .where(m.RenbangkomBudget.year == year).order_by(m.RenbangkomBudget.funding_source)))

    employees: list[PlanEmployee] = []
    needs: list[Need] = []
    candidates: list[Candidate] = []
    need_w: list[float] = []  # the needs' weights, beside `needs` (read 400,000 times)
    people = _rows(session, _in_scope(
        select(e.id, e.nip, e.name, e.front_title, e.back_title, e.unit_id, e.employee_type,
               pos.kind_code).outerjoin(pos, pos.id == e.position_id).order_by(e.id), scope))
    for row in people:
        lacking = found.get(row.id, ())
        if not lacking:
            continue
        missed = ipasn_missing.get(row.id, ())
        kind_code = row.kind_code or ""
        structural = kind_code in STRUCTURAL_KINDS
        jp = float(jp_year.get(row.id) or 0.0)
        etype = row.employee_type or "PNS"
        target = idp.yearly_target(rules, etype)
        under = target is not None and jp < target
        jp_room, cost_room = idp.yearly_room(rules, etype, jp)
        opd = roots.get(row.unit_id) if row.unit_id else None
        emp_index = len(employees)
        employees.append(PlanEmployee(
            id=row.id, nip=row.nip, name=full_name(row.name, row.front_title, row.back_title),
            unit_id=row.unit_id, opd_id=opd, opd_name=unit_names.get(opd, "") if opd else "",
            position_kind=kind_code, structural=structural, jp_year=jp, under_minimum=under,
            employee_type=etype, jp_room=jp_room, cost_room=cost_room))
        per_prog: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for cid, actual, req, stale in lacking:
            code, name, kind = comps[cid]
            weight = need_weight(w, kind, structural, under, bool(stale))
            if weight <= 0:
                continue
            need_index = len(needs)
            needs.append(Need(emp_index, cid, code, name, kind, req, actual, req - actual, weight))
            need_w.append(weight)
            shared: dict[int, tuple[int, int]] = {}  # one (need, levels) pair per level count
            for prog_index, to_level, gain in by_comp.get(cid, ()):
                levels_closed = min(gain, to_level - actual, req - actual)
                if levels_closed > 0:
                    pair = shared.get(levels_closed)
                    if pair is None:
                        pair = shared[levels_closed] = (need_index, levels_closed)
                    per_prog[prog_index].append(pair)
        if per_prog:  # IP ASN points count only on top of a competency the programme raises
            for ind, points in missed:
                takers = [p for p in by_indicator.get(ind, ()) if p in per_prog]
                if takers and points > 0:
                    need_index = len(needs)
                    needs.append(Need(emp_index, 0, "IP ASN", f"IP ASN: {ind.split(':')[0]}",
                                      IPASN_KIND, 1, 0, 1, w.ipasn_points * points))
                    need_w.append(w.ipasn_points * points)
                    for p in takers:
                        per_prog[p].append((need_index, 1))
        for prog_index, closes in sorted(per_prog.items()):
            kinds = allowed[prog_index]
            if kinds is not None and kind_code not in kinds:
                continue
            if len(closes) == 1:  # most pairs close one need: no sort, no sum (400,000)
                value = need_w[closes[0][0]] * closes[0][1]
            else:
                closes.sort(key=lambda nc: -nc[1] * need_w[nc[0]])
                value = sum(need_w[n] * lv for n, lv in closes)
            candidates.append(Candidate(emp_index, prog_index, tuple(closes), value))
    names = {opd: unit_names.get(opd, "") if opd else "(tanpa unit)" for opd in staff}
    return PlanProblem(
        year=year, employees=tuple(employees), programmes=tuple(progs), needs=tuple(needs),
        candidates=tuple(candidates), weights=w, minimum_jp=cfg.yearly_minimum_jp,
        employees_in_scope=in_scope, without_assessment=in_scope - int(known_people or 0),
        unknown_lines=max(0, int(all_lines) - int(known_lines or 0)),
        prep_seconds=time.perf_counter() - started, source_budgets=budgets,
        staff=tuple((opd, names[opd] or "(tanpa unit)", n) for opd, n in staff.items()))

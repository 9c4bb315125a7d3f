"""Career direction for one employee: the gap to a target position, and the best-fitting ones.

JPM against a position's standard counts the competencies with a valid level (the gap engine's
rule); `coverage` is the share of the standard that is assessed, so a match on one competency
out of nine does not rank above a full match.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain import competency as rules
from karier_desktop.domain.competency import validity_cutoff
from karier_desktop.services import settings as settings_service
from karier_desktop.services.employees import root_of
from karier_desktop.services.gaps import latest_levels
from karier_desktop.services.talent._succession import GapItem, Target, target_info
from karier_desktop.store import models as m

MIN_COVERAGE = 0.5


@dataclass(frozen=True)
class CareerGap:
    employee_id: int
    target: Target
    lines: tuple[GapItem, ...]
    jpm: float | None
    category: str  # selection category (MS / MMS / KMS)

    @property
    def gaps(self) -> tuple[GapItem, ...]:
        return tuple(sorted((ln for ln in self.lines if ln.gap is not None and ln.gap < 0),
                            key=lambda ln: (ln.gap, ln.code)))


@dataclass(frozen=True)
class PositionFit:
    position_id: int
    name: str
    kind_name: str
    opd: str
    jpm: float
    coverage: float
    below: int  # competencies below the standard


def _valid_levels(session: Session, employee_id: int, today: dt.date) -> dict[int, int]:
    cfg = settings_service.load(session)
    cutoff = validity_cutoff(today, cfg.assessment_validity_years)
    return {cid: level for (_eid, cid), (level, d) in
            latest_levels(session, [employee_id]).items() if d > cutoff}


def gap_to_position(session: Session, employee_id: int, position_id: int,
                    today: dt.date | None = None) -> CareerGap:
    today = today or dt.date.today()
    if session.get(m.Employee, employee_id) is None:
        raise LookupError(f"Pegawai dengan id {employee_id} tidak ditemukan.")
    target = target_info(session, position_id)
    levels = _valid_levels(session, employee_id, today)
    cfg = settings_service.load(session)
    lines = tuple(GapItem(cid, code, name, required, levels.get(cid),
                          rules.gap(required, levels.get(cid)))
                  for cid, code, name, _kind, required in target.standard)
    value = rules.jpm(((ln.required, ln.actual) for ln in lines), cfg.jpm_cap_at_100)
    return CareerGap(employee_id, target, lines, value,
                     rules.jpm_selection_category(value, cfg.thresholds))


def best_positions(session: Session, employee_id: int, today: dt.date | None = None,
                   limit: int = 15, managerial_only: bool = False) -> list[PositionFit]:
    """Positions ranked by JPM against their standards (not the job the employee holds,
    in any unit)."""
    today = today or dt.date.today()
    emp = session.get(m.Employee, employee_id)
    if emp is None:
        raise LookupError(f"Pegawai dengan id {employee_id} tidak ditemukan.")
    levels = _valid_levels(session, employee_id, today)
    cap = settings_service.load(session).jpm_cap_at_100
    ps, p, k = m.PositionStandard, m.Position, m.PositionKind
    own = session.execute(select(p.name, p.kind_code).where(p.id == emp.position_id)).first()
    same_job = set(session.scalars(select(p.id).where(p.name == own[0], p.kind_code == own[1]))
                   ) if own else set()
    stmt = (select(ps.position_id, ps.competency_id, ps.required_level)
            .join(p, p.id == ps.position_id).join(k, k.code == p.kind_code))
    if managerial_only:
        stmt = stmt.where(k.group == "manajerial")
    sums: dict[int, list[int]] = {}  # position -> [required, actual, size, below, assessed]
    for pid, cid, required in session.execute(stmt):
        acc = sums.setdefault(pid, [0, 0, 0, 0, 0])
        acc[2] += 1
        actual = levels.get(cid)
        if actual is not None:
            acc[0] += required
            acc[1] += actual
            acc[3] += actual < required
            acc[4] += 1
    fits = []
    for pid, (req, act, size, below, assessed) in sums.items():
        value = rules.jpm_from_sums(req, act, cap) if assessed else None
        if pid in same_job or value is None or assessed / size < MIN_COVERAGE:
            continue
        fits.append((value, assessed / size, pid, below, req))
    # equal JPM: the more demanding standard first (a step up, not a step down)
    fits.sort(key=lambda f: (-f[0], -f[1], -f[4], f[2]))
    chosen = fits[:limit * 4]
    info = {pid: (name, kind, unit) for pid, name, kind, unit in session.execute(
        select(p.id, p.name, k.name, p.unit_id).join(k, k.code == p.kind_code)
        .where(p.id.in_([f[2] for f in chosen])))}
    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    names = dict(session.execute(select(m.Unit.id, m.Unit.name)).all())
    roots = root_of(parents)
    out: list[PositionFit] = []
    seen: set[tuple[str, str, str]] = set()
    for value, coverage, pid, below, _req in chosen:
        name, kind, unit = info[pid]
        opd = names.get(roots.get(unit, unit), "") if unit else ""
        if (name, kind, opd) in seen:  # the same position in several sub-units: list it once
            continue
        seen.add((name, kind, opd))
        out.append(PositionFit(pid, name, kind, opd, value, round(coverage, 2), below))
    return out[:limit]


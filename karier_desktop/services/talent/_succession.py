"""Succession: critical positions and their candidates by the office's rules.

A candidate for a target position is an active employee, not holding it, whose box is one of the
rule's boxes, with at least the rule's golongan and education for the target's kind, and who does
not reach the target's BUP within the rule's months. Their JPM is computed against the TARGET
position's standard with the gap engine's levels (latest valid assessment per competency).

Readiness: "Siap sekarang" = JPM ≥ ready_now_jpm, every competency of the target standard
assessed (valid), and the leadership training of the level done (or none defined);
"Siap 1-2 tahun" = JPM ≥ ready_soon_jpm (or ready-now JPM lacking the training or a level);
otherwise "Siap > 2 tahun" (also when nothing of the target standard is assessed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from karier_desktop.domain import competency as rules_jpm
from karier_desktop.domain.competency import validity_cutoff
from karier_desktop.domain.retirement import retirement_date
from karier_desktop.services import settings as settings_service
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.employees import opd_of_units, root_of
from karier_desktop.services.employees.edit import EDUCATION_LEVELS, ValidationError
from karier_desktop.services.gaps import KIND_ORDER, latest_levels
from karier_desktop.services.talent._placement import TalentMap, reference_date, talent_map
from karier_desktop.services.talent._settings import SuccessionRules, load_rules
from karier_desktop.store import models as m

READY_NOW = "Siap sekarang"
READY_SOON = "Siap 1-2 tahun"
READY_LATER = "Siap > 2 tahun"
READINESS_ORDER = {READY_NOW: 0, READY_SOON: 1, READY_LATER: 2}
CHUNK = 500


@dataclass(frozen=True)
class Target:
    position_id: int
    name: str
    kind_code: str
    kind_name: str
    unit: str
    opd_id: int | None
    opd: str
    retirement_age: int
    standard: tuple[tuple[int, str, str, str, int], ...]  # (cid, code, name, kind, required)


@dataclass(frozen=True)
class GapItem:
    competency_id: int
    code: str
    name: str
    required: int
    actual: int | None
    gap: int | None


@dataclass(frozen=True)
class Candidate:
    employee_id: int
    nip: str
    name: str
    opd: str
    position: str
    rank: str
    education: str
    box: int
    x: float | None
    y: float | None
    jpm: float | None
    selection_category: str
    readiness: str
    leadership_done: bool
    retirement_date: dt.date | None
    lines: tuple[GapItem, ...]

    @property
    def gaps(self) -> tuple[GapItem, ...]:
        return tuple(sorted((ln for ln in self.lines if ln.gap is not None and ln.gap < 0),
                            key=lambda ln: (ln.gap, ln.code)))

    def gap_text(self, limit: int = 4) -> str:
        parts = [f"{ln.name} ({ln.gap:+d})".replace("-", "−") for ln in self.gaps[:limit]]
        missing = sum(1 for ln in self.lines if ln.actual is None)
        if missing:
            parts.append(f"{missing} belum diases")
        return ", ".join(parts) or "Tidak ada kesenjangan"


@dataclass(frozen=True)
class SuccessionBoard:
    target: Target
    period: int
    rules: SuccessionRules
    candidates: tuple[Candidate, ...]


def target_info(session: Session, position_id: int) -> Target:
    p, k = m.Position, m.PositionKind
    row = session.execute(select(p.id, p.name, p.kind_code, k.name, p.unit_id, k.retirement_age)
                          .join(k, k.code == p.kind_code).where(p.id == position_id)).first()
    if row is None:
        raise LookupError("Jabatan tidak ditemukan (mungkin sudah dihapus).")
    pid, name, kind_code, kind_name, unit_id, age = row
    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    names = dict(session.execute(select(m.Unit.id, m.Unit.name)).all())
    opd_id = root_of(parents).get(unit_id) if unit_id else None
    c, ps = m.Competency, m.PositionStandard
    standard = tuple(sorted(session.execute(
        select(c.id, c.code, c.name, c.kind, ps.required_level)
        .join(ps, ps.competency_id == c.id).where(ps.position_id == pid)).all(),
        key=lambda s: (KIND_ORDER.get(s[3], 9), s[1])))
    return Target(pid, name, kind_code, kind_name, names.get(unit_id, "") if unit_id else "",
                  opd_id, names.get(opd_id, "") if opd_id else "", int(age), standard)


def find_position(session: Session, name: str, opd_id: int | None = None) -> list[int]:
    """Ids of positions named `name` (case-insensitive), optionally within one OPD."""
    ids = list(session.scalars(select(m.Position.id).where(
        m.Position.name.ilike(name.strip())).order_by(m.Position.id)))
    if opd_id is None:
        return ids
    units = dict(session.execute(select(m.Position.id, m.Position.unit_id)
                                 .where(m.Position.id.in_(ids))).all())
    roots = opd_of_units(session)
    return [i for i in ids if units.get(i) is not None and roots.get(units[i]) == opd_id]


def _leadership(session: Session, ids: list[int], words: Sequence[str]) -> set[int]:
    if not words:
        return set(ids)
    t = m.TrainingRecord
    done: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        for eid, title in session.execute(select(t.employee_id, t.title).where(
                t.employee_id.in_(ids[start:start + CHUNK]), t.status == "selesai")):
            upper = f" {title.upper()} "
            if any(w in upper for w in words):
                done.add(eid)
    return done


def valid_levels(session: Session, employee_ids: set[int], competency_ids: list[int],
                 cutoff: dt.date) -> dict[tuple[int, int], int]:
    """(employee, competency) -> the level JPM counts (gap engine rule: the latest assessment
    that rated it, valid after `cutoff`, the highest level that day), for some competencies.

    One query over those competencies; for a few employees the gap engine's own query."""
    if not employee_ids or not competency_ids:
        return {}
    if len(employee_ids) <= CHUNK:
        return {key: level for key, (level, d) in
                latest_levels(session, sorted(employee_ids)).items() if d > cutoff}
    a, r = m.Assessment, m.AssessmentResult
    latest = (select(a.employee_id.label("eid"), r.competency_id.label("cid"),
                     func.max(a.assessed_on).label("d"))
              .join(r, r.assessment_id == a.id)
              .where(r.competency_id.in_(competency_ids), a.assessed_on > cutoff)
              .group_by(a.employee_id, r.competency_id)).subquery()
    stmt = (select(latest.c.eid, latest.c.cid, func.max(r.level))
            .join(a, and_(a.employee_id == latest.c.eid, a.assessed_on == latest.c.d))
            .join(r, and_(r.assessment_id == a.id, r.competency_id == latest.c.cid))
            .group_by(latest.c.eid, latest.c.cid))
    return {(eid, cid): level for eid, cid, level in session.execute(stmt)
            if eid in employee_ids}


def _levels_of(session: Session, ids: list[int], cutoff: dt.date) -> dict[tuple[int, int], int]:
    """Valid levels of some employees, every competency (the gap engine's latest_levels)."""
    out: dict[tuple[int, int], int] = {}
    for start in range(0, len(ids), CHUNK):
        out.update((key, level) for key, (level, d) in
                   latest_levels(session, ids[start:start + CHUNK]).items() if d > cutoff)
    return out


def _own_jpm(session: Session, ids: list[int], levels: dict[tuple[int, int], int],
             cap: bool) -> dict[int, float | None]:
    """JPM against each employee's own standard, as gaps.jpm_all computes it."""
    e, ps = m.Employee, m.PositionStandard
    position = dict(session.execute(select(e.id, e.position_id).where(e.status == "aktif")
                                    ).all())
    standards: dict[int, list[tuple[int, int]]] = {}
    for pid, cid, required in session.execute(
            select(ps.position_id, ps.competency_id, ps.required_level)):
        standards.setdefault(pid, []).append((cid, required))
    out: dict[int, float | None] = {}
    for eid in ids:
        req = act = 0
        for cid, required in standards.get(position.get(eid) or -1, ()):
            level = levels.get((eid, cid))
            if level is not None:
                req += required
                act += level
        out[eid] = rules_jpm.jpm_from_sums(req, act, cap) if req else None
    return out


def readiness(jpm: float | None, leadership_done: bool, r: SuccessionRules,
              complete: bool = True) -> str:
    """`complete`: every competency of the target standard has a valid level."""
    if jpm is None:
        return READY_LATER
    if jpm >= r.ready_now_jpm:
        return READY_NOW if leadership_done and complete else READY_SOON
    if jpm >= r.ready_soon_jpm:
        return READY_SOON
    return READY_LATER


def candidates(session: Session, position_id: int, period: int, today: dt.date | None = None,
               opd_id: int | None = None, tm: TalentMap | None = None,
               rules: SuccessionRules | None = None) -> SuccessionBoard:
    """Ranked candidates: readiness, then JPM against the target (highest first), then box."""
    today = today or dt.date.today()
    r = rules or load_rules(session)
    cfg = settings_service.load(session)
    target = target_info(session, position_id)
    e = m.Employee
    holders = set(session.scalars(select(e.id).where(e.position_id == position_id)))
    rank_order = dict(session.execute(select(m.Rank.code, m.Rank.order)
                                      .where(m.Rank.system == "PNS")).all())
    min_rank = r.min_rank.get(target.kind_code)
    min_order = rank_order.get(min_rank, 0) if min_rank else 0
    min_edu = r.min_education.get(target.kind_code)
    min_edu_index = EDUCATION_LEVELS.index(min_edu) if min_edu in EDUCATION_LEVELS else 0
    edu_index = {level: i for i, level in enumerate(EDUCATION_LEVELS)}
    limit_year, limit_month = divmod(today.month - 1 + r.retiring_within_months, 12)
    horizon = dt.date(today.year + limit_year, limit_month + 1, 1)
    roots = opd_of_units(session)
    retires: dict[int, dt.date] = {}
    for eid, rank, edu, birth, unit_id in session.execute(restrict(
            session, select(e.id, e.rank_code, e.education, e.birth_date, e.unit_id)
            .where(e.status == "aktif"), e.unit_id)):
        if (eid in holders or (min_rank and rank_order.get(rank, -1) < min_order)
                or edu_index.get(edu, -1) < min_edu_index
                or (opd_id is not None and roots.get(unit_id) != opd_id)):
            continue
        on = retirement_date(birth, target.retirement_age)
        if on > horizon:
            retires[eid] = on
    cids = [c[0] for c in target.standard]
    levels: dict[tuple[int, int], int] | None = None
    if tm is None:
        # Place only the employees the other rules let through, with the levels read once
        # for both JPMs: against their own standard (sumbu X) and against the target's.
        cutoff = validity_cutoff(reference_date(period, today), cfg.assessment_validity_years)
        all_levels = _levels_of(session, sorted(retires), cutoff)
        own = _own_jpm(session, sorted(retires), all_levels, cfg.jpm_cap_at_100)
        tm = talent_map(session, period, today, sorted(retires), jpm_values=own)
        wanted = set(cids)
        levels = {k: v for k, v in all_levels.items() if k[1] in wanted}
    boxes = set(r.boxes)
    pool = [p for p in tm.rows if p.box in boxes and p.employee_id in retires]
    ids = [p.employee_id for p in pool]
    words = tuple(w.upper() for w in r.leadership.get(target.kind_code, ()))
    trained = _leadership(session, ids, words)
    if r.leadership_required and words:
        pool = [p for p in pool if p.employee_id in trained]
        ids = [p.employee_id for p in pool]
    if levels is None:
        cutoff = validity_cutoff(tm.reference_date, cfg.assessment_validity_years)
        levels = valid_levels(session, set(ids), cids, cutoff)
    out = []
    cap = cfg.jpm_cap_at_100
    for p in pool:
        lines = []
        req_sum = act_sum = 0
        for cid, code, name, _kind, required in target.standard:
            actual = levels.get((p.employee_id, cid))
            if actual is not None:
                req_sum += required
                act_sum += actual
            lines.append(GapItem(cid, code, name, required, actual,
                                 None if actual is None else actual - required))
        # the gap engine's JPM (domain.competency.jpm) from its sums, in one pass
        value = rules_jpm.jpm_from_sums(req_sum, act_sum, cap) if act_sum or req_sum else None
        done = p.employee_id in trained
        out.append(Candidate(
            p.employee_id, p.nip, p.name, p.opd, p.position, p.rank, p.education, p.box or 0,
            p.x, p.y, value, rules_jpm.jpm_selection_category(value, cfg.thresholds),
            readiness(value, done, r, all(ln.actual is not None for ln in lines)), done,
            retires[p.employee_id], tuple(lines)))
    out.sort(key=lambda c: (READINESS_ORDER[c.readiness], -(c.jpm if c.jpm is not None else -1),
                            sum(ln.actual is None for ln in c.lines), len(c.gaps), -c.box,
                            c.name.lower()))
    return SuccessionBoard(target, period, r, tuple(out))


def compare_rows(board: SuccessionBoard, employee_ids: Sequence[int]
                 ) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Side by side (at most five): header of names, then one row per attribute/competency."""
    if not 1 <= len(employee_ids) <= 5:
        raise ValidationError(["Pilih satu sampai lima calon untuk dibandingkan."])
    by_id = {c.employee_id: c for c in board.candidates}
    chosen = [by_id[i] for i in employee_ids if i in by_id]
    from karier_desktop.domain.textfmt import format_date_id, format_percent

    header = ("", *(c.name for c in chosen))
    rows = [("NIP", *(c.nip for c in chosen)), ("Jabatan sekarang", *(c.position for c in chosen)),
            ("Golongan", *(c.rank for c in chosen)), ("Pendidikan", *(c.education for c in chosen)),
            ("Kotak talenta", *(str(c.box) for c in chosen)),
            ("JPM thd jabatan sasaran", *(format_percent(c.jpm) for c in chosen)),
            ("Kategori", *(c.selection_category for c in chosen)),
            ("Kesiapan", *(c.readiness for c in chosen)),
            ("Pelatihan kepemimpinan", *("Sudah" if c.leadership_done else "Belum"
                                         for c in chosen)),
            ("Pensiun (BUP)", *(format_date_id(c.retirement_date) if c.retirement_date else "-"
                                for c in chosen))]
    for i, (_cid, _code, name, _kind, required) in enumerate(board.target.standard):
        cells = []
        for c in chosen:
            ln = c.lines[i]
            cells.append("-" if ln.actual is None else f"{ln.actual} ({ln.gap:+d})")
        rows.append((f"{name} (standar {required})", *cells))
    return header, rows

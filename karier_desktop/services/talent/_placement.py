"""Placing employees on the 9-box for a period with the office's formula.

Sumbu X (potensial) and sumbu Y (kinerja) are weighted means (0..100) of the components that
have a value, over their weights; an axis without any measured component (X: JPM or potensi,
Y: an SKP result) leaves the employee unplaced. Each score falls in a band by the axis
cut-offs (below low / below high / at or above high) and the two bands give the box in the
KemenPANRB numbering (domain.ninebox). A committee override replaces the box, not the scores.

The period is a year; its data are the SKP of that year, the latest potential result and the
competency levels valid on the reference date (31 December, or today for the current year).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from karier_desktop.domain import ninebox
from karier_desktop.domain.competency import validity_cutoff
from karier_desktop.domain.textfmt import full_name
from karier_desktop.services import settings as settings_service
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.employees import root_of
from karier_desktop.services.gaps import jpm_all
from karier_desktop.services.start.rows import EmployeeRow
from karier_desktop.services.talent._settings import (
    X_MEASURED,
    Y_MEASURED,
    Axis,
    TalentFormula,
    load_formula,
)
from karier_desktop.store import models as m

BANDS_X = ninebox.POTENSIAL_LEVELS  # rendah, menengah, tinggi
BANDS_Y = ninebox.KINERJA_LEVELS  # bawah, sesuai, atas
MAX_SQL_IDS = 2000
_BOXES = {(k, p): ninebox.box(k, p) for k in BANDS_Y for p in BANDS_X}  # KemenPANRB numbering


class Placement(NamedTuple):
    """One employee on the map. A NamedTuple: 50,000 are made per map (see services.views)."""

    employee_id: int
    nip: str
    name: str
    opd_id: int | None
    opd: str
    unit: str
    position: str
    kind_code: str  # level of position (position_kinds.code)
    kind_name: str
    rank: str
    education: str
    x: float | None  # sumbu X, potensial, 0..100
    y: float | None  # sumbu Y, kinerja, 0..100
    computed_box: int | None
    box: int | None  # the override when there is one
    override_reason: str
    override_by: str

    @property
    def placed(self) -> bool:
        return self.box is not None

    @property
    def total(self) -> float | None:
        if self.x is None or self.y is None:
            return None
        return round2((self.x + self.y) / 2)


@dataclass(frozen=True)
class TalentMap:
    period: int
    reference_date: dt.date
    formula: TalentFormula
    rows: tuple[Placement, ...]

    @property
    def placed(self) -> tuple[Placement, ...]:
        return tuple(r for r in self.rows if r.box is not None)

    def counts(self) -> dict[int, int]:
        out = dict.fromkeys(range(1, 10), 0)
        for r in self.rows:
            if r.box is not None:
                out[r.box] += 1
        return out

    @property
    def unplaced(self) -> int:
        return sum(1 for r in self.rows if r.box is None)


def round2(value: float) -> float:
    """Half-up to 2 decimals as a clerk computes it (81.665 -> 81.67, not binary 81.66).

    The hundredths are first rounded to 6 places, which removes the binary error of a mean
    of 2-decimal numbers; then the half goes up. (Called twice per employee: no Decimal.)
    """
    return math.floor(round(value * 100, 6) + 0.5) / 100


def reference_date(period: int, today: dt.date) -> dt.date:
    end = dt.date(period, 12, 31)
    return end if end < today else today


def band(score: float, axis: Axis, names: Sequence[str]) -> str:
    if score < axis.low:
        return names[0]
    if score < axis.high:
        return names[1]
    return names[2]


def axis_score(values: dict[str, float | None], axis: Axis, measured: Iterable[str]
               ) -> float | None:
    """Weighted mean over the components with a value; None without a measured one."""
    total = weight = 0.0
    has_measure = False
    for comp, w in axis.weights:
        if w > 0:
            value = values.get(comp)
            if value is not None:
                total += w * value
                weight += w
                has_measure = has_measure or comp in measured
    return round2(total / weight) if has_measure else None


def place(values: dict[str, float | None], f: TalentFormula
          ) -> tuple[float | None, float | None, int | None]:
    """(x, y, box) of one employee's component values."""
    x = axis_score(values, f.x, X_MEASURED)
    y = axis_score(values, f.y, Y_MEASURED)
    if x is None or y is None:
        return x, y, None
    return x, y, _BOXES[(band(y, f.y, BANDS_Y), band(x, f.x, BANDS_X))]


def _scorer(axis: Axis, measured: Iterable[str]):  # type: ignore[no-untyped-def]
    """axis_score for one formula, with the zero weights dropped once (the bulk path)."""
    parts = [(comp, w, comp in measured) for comp, w in axis.weights if w > 0]

    def score(values: dict[str, float | None]) -> float | None:
        total = weight = 0.0
        has_measure = False
        for comp, w, is_measure in parts:
            value = values[comp]
            if value is not None:
                total += w * value
                weight += w
                has_measure = has_measure or is_measure
        return math.floor(round(total / weight * 100, 6) + 0.5) / 100 if has_measure else None
    return score


def _latest_potential(session: Session, ref: dt.date, cutoff: dt.date,
                      ids: list[int] | None) -> dict[int, float]:
    p = m.PotentialResult
    latest = (select(p.employee_id.label("eid"), func.max(p.assessed_on).label("d"))
              .where(p.assessed_on <= ref, p.assessed_on > cutoff).group_by(p.employee_id))
    if ids is not None:
        latest = latest.where(p.employee_id.in_(ids))
    sub = latest.subquery()
    return {eid: float(total) for eid, total in session.execute(
        select(p.employee_id, p.total).join(sub, and_(sub.c.eid == p.employee_id,
                                                      sub.c.d == p.assessed_on)))}


def _skp(session: Session, period: int, ids: list[int] | None
         ) -> dict[int, tuple[str, str | None, str | None]]:
    s = m.SkpResult
    stmt = select(s.employee_id, s.predikat, s.hasil_kinerja, s.perilaku_kerja).where(
        s.year == period)
    if ids is not None:
        stmt = stmt.where(s.employee_id.in_(ids))
    return {eid: (p, h, b) for eid, p, h, b in session.execute(stmt)}


def _track_record(session: Session, ref: dt.date, ids: list[int] | None) -> dict[int, float]:
    t = m.TrainingRecord
    start = dt.date(ref.year - 3, ref.month, min(ref.day, 28))
    stmt = (select(t.employee_id, func.sum(t.jp))
            .where(t.status == "selesai", t.end_date > start, t.end_date <= ref)
            .group_by(t.employee_id))
    if ids is not None:
        stmt = stmt.where(t.employee_id.in_(ids))
    return {eid: float(jp or 0) for eid, jp in session.execute(stmt)}


def _overrides(session: Session, period: int, ids: list[int] | None
               ) -> dict[int, tuple[int, str, str]]:
    o = m.TalentOverride
    stmt = select(o.employee_id, o.box, o.reason, o.approved_by).where(o.period == period)
    if ids is not None:
        stmt = stmt.where(o.employee_id.in_(ids))
    return {eid: (b, r, a) for eid, b, r, a in session.execute(stmt)}


def _jpm(session: Session, ref: dt.date, ids: list[int] | None) -> dict[int, float | None]:
    if ids is not None and len(ids) <= 50:
        from karier_desktop.services.gaps import employee_gap

        return {eid: employee_gap(session, eid, ref).jpm for eid in ids}
    return {eid: s.jpm for eid, s in jpm_all(session, ref).items()}


def talent_map(session: Session, period: int, today: dt.date | None = None,
               employee_ids: Sequence[int] | None = None,
               formula: TalentFormula | None = None,
               jpm_values: dict[int, float | None] | None = None,
               known: Mapping[int, EmployeeRow] | None = None) -> TalentMap:
    """Every active employee (or the given ones) placed for the period. `known` (the employee
    table's rows by id) lends the names and NIPs that are the same (one copy in memory).

    `jpm_values` (employee -> own-position JPM) saves the JPM query when the caller has them
    (the succession list computes them from the levels it reads anyway)."""
    today = today or dt.date.today()
    ref = reference_date(period, today)
    f = formula or load_formula(session, period)
    cfg = settings_service.load(session)
    wanted = set(employee_ids) if employee_ids is not None else None
    # a long id list is filtered here rather than sent as SQL parameters
    ids = list(employee_ids) if employee_ids is not None and len(wanted or ()) <= MAX_SQL_IDS \
        else None
    e, pos, kind = m.Employee, m.Position, m.PositionKind
    stmt = (select(e.id, e.nip, e.name, e.front_title, e.back_title, e.unit_id, pos.name,
                   pos.kind_code, kind.name, e.rank_code, e.education)
            .outerjoin(pos, pos.id == e.position_id)
            .outerjoin(kind, kind.code == pos.kind_code)
            .where(e.status == "aktif").order_by(e.name, e.id))
    if ids is not None:
        stmt = stmt.where(e.id.in_(ids))
    found = session.connection().execute(restrict(session, stmt, e.unit_id))
    # read in slices, not held as 100,000 result rows beside the placements made of them
    people: Iterable[Sequence] = (row for part in found.partitions(5_000) for row in part)
    if wanted is not None and ids is None:
        people = (row for row in people if row[0] in wanted)
    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    unit_names = dict(session.execute(select(m.Unit.id, m.Unit.name)).all())
    roots = root_of(parents)
    if jpm_values is not None:
        jpm = jpm_values
    else:
        jpm = _jpm(session, ref, ids) if f.x.weight("jpm") > 0 else {}
    potential = (_latest_potential(session, ref, validity_cutoff(
        ref, cfg.assessment_validity_years), ids) if f.x.weight("potensi") > 0 else {})
    track = _track_record(session, ref, ids) if f.x.weight("rekam_jejak") > 0 else {}
    skp = _skp(session, period, ids)
    overrides = _overrides(session, period, ids)
    predikat_scores, rating_scores = f.predikat_scores, f.rating_scores
    edu_scores, full_jp = f.education_scores, 3 * f.yearly_jp
    use_track = full_jp > 0 and f.x.weight("rekam_jejak") > 0
    score_x, score_y = _scorer(f.x, X_MEASURED), _scorer(f.y, Y_MEASURED)
    lx, hx, ly, hy = f.x.low, f.x.high, f.y.low, f.y.high
    boxes = {(yi, xi): _BOXES[(BANDS_Y[yi], BANDS_X[xi])] for yi in range(3) for xi in range(3)}
    opd_of = {uid: roots.get(uid) for uid in unit_names}
    rows = []
    shared: dict[str | None, str] = {"": "", None: ""}  # repeated texts: one string each
    for (eid, nip, name, front, back, unit_id, position, kind_code, kind_name, rank,
         education) in people:
        jpm_value = jpm.get(eid)
        result = skp.get(eid)
        values: dict[str, float | None] = {
            "jpm": None if jpm_value is None else min(jpm_value, 100.0),
            "potensi": potential.get(eid),
            "kualifikasi": edu_scores.get(education) if education else None,
            "rekam_jejak": (min(100.0, round(track.get(eid, 0.0) / full_jp * 100, 2))
                            if use_track else None),
            "predikat": predikat_scores.get(result[0].lower()) if result else None,
            "hasil_kinerja": (rating_scores.get(result[1].lower())
                              if result and result[1] else None),
            "perilaku_kerja": (rating_scores.get(result[2].lower())
                               if result and result[2] else None),
        }
        x, y = score_x(values), score_y(values)
        computed = None if x is None or y is None else boxes[
            (0 if y < ly else 1 if y < hy else 2, 0 if x < lx else 1 if x < hx else 2)]
        over = overrides.get(eid)
        opd_id = opd_of.get(unit_id) if unit_id else None
        shown = full_name(name, front, back)
        same = known.get(eid) if known is not None else None
        if same is not None and same.nip == nip and same.name == shown:
            nip, shown = same.nip, same.name
        rows.append(Placement(
            eid, nip, shown, opd_id,
            unit_names.get(opd_id, "") if opd_id else "",
            unit_names.get(unit_id, "") if unit_id else "", shared.setdefault(position, position),
            shared.setdefault(kind_code, kind_code), shared.setdefault(kind_name, kind_name),
            shared.setdefault(rank, rank), shared.setdefault(education, education), x, y, computed,
            over[0] if over else computed, over[1] if over else "", over[2] if over else ""))
    return TalentMap(period, ref, f, tuple(rows))


def filter_map(tm: TalentMap, opd_id: int | None = None, kind_code: str | None = None,
               box: int | None = None) -> tuple[Placement, ...]:
    """Drill-down: the rows of one OPD and/or level of position and/or box."""
    return tuple(r for r in tm.rows
                 if (opd_id is None or r.opd_id == opd_id)
                 and (not kind_code or r.kind_code == kind_code)
                 and (box is None or r.box == box))


def counts_of(rows: Iterable[Placement]) -> dict[int, int]:
    out = dict.fromkeys(range(1, 10), 0)
    for r in rows:
        if r.box is not None:
            out[r.box] += 1
    return out

"""The 9-box of a whole regency without a row object per employee (the Talenta page's open).

`map_grid` reads every active employee's component values in ONE query (the score tables
applied in SQL with CASE, the latest potential, the training JP and the override joined in),
only for the employees who can be on the map (an SKP of the period or a committee override:
nobody else has a sumbu Y or a box), then places them with numpy over those columns: the same formula and the same rounding as
`talent_map` (sums in the same order, half-up to 2 decimals; scores within a hundredth of a
cut-off are rounded the exact Python way), so every box is the box `talent_map` gives. The
page shows the counts per box for an OPD and/or level of position from the arrays, and reads
a box's people (`talent_map` for their ids) only when the clerk opens that box.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from karier_desktop.domain.competency import validity_cutoff
from karier_desktop.services import settings as settings_service
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.employees import root_of
from karier_desktop.services.talent._placement import (
    _BOXES,
    BANDS_X,
    BANDS_Y,
    _jpm,
    reference_date,
)
from karier_desktop.services.talent._settings import X_MEASURED, Y_MEASURED, Axis, TalentFormula
from karier_desktop.services.talent._settings import load_formula as _load_formula
from karier_desktop.store import models as m

if TYPE_CHECKING:
    import numpy as np

COLUMNS = ("jpm", "potensi", "kualifikasi", "rekam_jejak", "predikat", "hasil_kinerja",
           "perilaku_kerja")


@dataclass(frozen=True)
class MapGrid:
    """The box of every active employee with an SKP or an override in the period, as
    columns (numpy arrays, one entry per employee); `total` counts every active employee."""

    period: int
    reference_date: dt.date
    formula: TalentFormula
    ids: np.ndarray  # int64
    opd: np.ndarray  # int64, -1 without an OPD
    kind: tuple[str | None, ...]  # level of position (position_kinds.code)
    computed_box: np.ndarray  # int8, 0 = unplaced
    box: np.ndarray  # int8, the override when there is one; 0 = unplaced
    total: int

    def __len__(self) -> int:
        return len(self.ids)

    def _mask(self, opd_id: int | None, kind_code: str | None) -> Any:
        import numpy as np

        mask = np.ones(len(self.ids), dtype=bool)
        if opd_id is not None:
            mask &= self.opd == opd_id
        if kind_code:
            mask &= np.fromiter((k == kind_code for k in self.kind), bool, len(self.kind))
        return mask

    def counts(self, opd_id: int | None = None, kind_code: str | None = None
               ) -> dict[int, int]:
        """People per box 1..9 for an OPD and/or level of position."""
        import numpy as np

        found = np.bincount(self.box[self._mask(opd_id, kind_code)], minlength=10)
        return {b: int(found[b]) for b in range(1, 10)}

    def ids_in(self, box: int, opd_id: int | None = None, kind_code: str | None = None
               ) -> list[int]:
        return [int(i) for i in self.ids[self._mask(opd_id, kind_code) & (self.box == box)]]

    @property
    def unplaced(self) -> int:
        return self.total - int((self.box > 0).sum())


def _values_query(session: Session, period: int, ref: dt.date, f: TalentFormula,
                  cutoff: dt.date) -> Any:
    """One row per active employee: id, unit, level of position, then the COLUMNS values."""
    e, pos, s, o = m.Employee, m.Position, m.SkpResult, m.TalentOverride
    p, t = m.PotentialResult, m.TrainingRecord
    latest = (select(p.employee_id.label("eid"), func.max(p.assessed_on).label("d"))
              .where(p.assessed_on <= ref, p.assessed_on > cutoff)
              .group_by(p.employee_id).subquery())
    pot = (select(p.employee_id.label("eid"), p.total.label("total"))
           .join(latest, and_(latest.c.eid == p.employee_id, latest.c.d == p.assessed_on))
           .subquery())
    start = dt.date(ref.year - 3, ref.month, min(ref.day, 28))
    track = (select(t.employee_id.label("eid"), func.sum(t.jp).label("jp"))
             .where(t.status == "selesai", t.end_date > start, t.end_date <= ref)
             .group_by(t.employee_id).subquery())

    def scored(table: dict[str, float], column: Any) -> Any:
        return case(table, value=column, else_=None) if table else literal(None)

    full_jp = 3 * f.yearly_jp
    use_track = full_jp > 0 and f.x.weight("rekam_jejak") > 0
    stmt = (select(e.id, e.unit_id, pos.kind_code,
                   literal(None),  # jpm: from the caller's figures
                   pot.c.total if f.x.weight("potensi") > 0 else literal(None),
                   scored(f.education_scores, e.education),
                   func.coalesce(track.c.jp, 0) if use_track else literal(None),
                   scored(f.predikat_scores, func.lower(s.predikat)),
                   scored(f.rating_scores, func.lower(s.hasil_kinerja)),
                   scored(f.rating_scores, func.lower(s.perilaku_kerja)),
                   o.box)
            .outerjoin(pos, pos.id == e.position_id)
            .outerjoin(s, and_(s.employee_id == e.id, s.year == period))
            .outerjoin(o, and_(o.employee_id == e.id, o.period == period))
            .where(e.status == "aktif",
                   e.id.in_(select(s.employee_id).where(s.year == period).union(
                       select(o.employee_id).where(o.period == period)))))
    if f.x.weight("potensi") > 0:
        stmt = stmt.outerjoin(pot, pot.c.eid == e.id)
    if use_track:
        stmt = stmt.outerjoin(track, track.c.eid == e.id)
    return restrict(session, stmt, e.unit_id)


def _round2_exact(value: float) -> float:
    return math.floor(round(value * 100, 6) + 0.5) / 100


def _axis(np: Any, values: dict[str, Any], axis: Axis, measured: Sequence[str], n: int) -> Any:
    """Scores of one axis (nan where unmeasured), summed in `axis_score`'s order."""
    total, weight = np.zeros(n), np.zeros(n)
    has = np.zeros(n, dtype=bool)
    for comp, w in axis.weights:
        if w > 0:
            col = values[comp]
            present = ~np.isnan(col)
            total = total + np.where(present, w * np.nan_to_num(col), 0.0)
            weight = weight + np.where(present, w, 0.0)
            if comp in measured:
                has |= present
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = total / weight
    score = np.floor(np.round(raw * 100, 6) + 0.5) / 100
    # numpy's rounding may differ from Python's in the last bit: near a cut-off, ask Python
    near = has & ((np.abs(raw - axis.low) < 0.02) | (np.abs(raw - axis.high) < 0.02))
    for i in np.flatnonzero(near):
        score[i] = _round2_exact(float(raw[i]))
    return np.where(has, score, np.nan)


def _band(np: Any, score: Any, axis: Axis) -> Any:
    return np.where(score < axis.low, 0, np.where(score < axis.high, 1, 2))


def map_grid(session: Session, period: int, today: dt.date | None = None,
             jpm_values: dict[int, float | None] | None = None,
             formula: TalentFormula | None = None) -> MapGrid:
    """Every active employee's box for the period (see the module doc)."""
    import numpy as np

    today = today or dt.date.today()
    ref = reference_date(period, today)
    f = formula or _load_formula(session, period)
    cfg = settings_service.load(session)
    cutoff = validity_cutoff(ref, cfg.assessment_validity_years)
    rows = session.connection().execute(_values_query(session, period, ref, f, cutoff)).all()
    n = len(rows)
    columns = list(zip(*rows, strict=True)) if rows else [()] * 11
    del rows
    ids = np.array(columns[0], dtype=np.int64)
    units = np.array([-1 if u is None else u for u in columns[1]], dtype=np.int64)
    kinds = tuple(columns[2])
    values = {c: np.array(columns[3 + i], dtype=float) for i, c in enumerate(COLUMNS)}
    overrides = np.array([0 if b is None else b for b in columns[10]], dtype=np.int8)
    del columns
    if f.x.weight("jpm") > 0:
        jpm = jpm_values if jpm_values is not None else _jpm(session, ref, None)
        values["jpm"] = np.fromiter(
            (math.nan if (v := jpm.get(int(i))) is None else min(v, 100.0) for i in ids),
            float, n)
    if f.x.weight("rekam_jejak") > 0 and 3 * f.yearly_jp > 0:
        jp = values["rekam_jejak"]
        values["rekam_jejak"] = np.minimum(100.0, np.round(jp / (3 * f.yearly_jp) * 100, 2))
    x = _axis(np, values, f.x, X_MEASURED, n)
    y = _axis(np, values, f.y, Y_MEASURED, n)
    table = np.zeros((3, 3), dtype=np.int8)
    for yi in range(3):
        for xi in range(3):
            table[yi, xi] = _BOXES[(BANDS_Y[yi], BANDS_X[xi])]
    placed = ~(np.isnan(x) | np.isnan(y))
    computed = np.where(placed, table[_band(np, np.nan_to_num(y), f.y),
                                      _band(np, np.nan_to_num(x), f.x)], 0).astype(np.int8)
    box = np.where(overrides > 0, overrides, computed).astype(np.int8)
    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    roots = root_of(parents)
    lookup = np.full(max(parents, default=0) + 2, -1, dtype=np.int64)
    for uid in parents:
        root = roots.get(uid)
        lookup[uid] = -1 if root is None else root
    opd = np.where(units >= 0, lookup[np.clip(units, 0, len(lookup) - 1)], -1)
    total = session.execute(restrict(session, select(func.count()).select_from(m.Employee)
                                     .where(m.Employee.status == "aktif"),
                                     m.Employee.unit_id)).scalar_one()
    return MapGrid(period, ref, f, ids, opd, kinds, computed, box, total)

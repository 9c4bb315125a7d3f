"""The 9-box of a whole regency without a row object per employee (the Talenta page's open).

`map_grid` reads every active employee's component values in ONE query (the score tables
applied in SQL with CASE, the latest potential, the training JP and the override joined in)
only for the employees who can be on the map (an SKP of the period or a committee override:
nobody else has a sumbu Y or a box), then places them with `talent_map`'s own scorers (the same
sums and rounding, so every box is the box `talent_map` gives) into compact arrays (a few
bytes an employee; no numpy: its import alone costs 17 MB). The page shows the counts per box
for an OPD and/or level of position, and reads a box's people (`talent_map` for their ids)
only when the clerk opens that box.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections import Counter
from dataclasses import dataclass
from typing import Any

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
    _scorer,
    reference_date,
)
from karier_desktop.services.talent._settings import X_MEASURED, Y_MEASURED, TalentFormula
from karier_desktop.services.talent._settings import load_formula as _load_formula
from karier_desktop.store import models as m


@dataclass(frozen=True)
class MapGrid:
    """The box of every active employee with an SKP or an override in the period, as
    parallel arrays (one entry per such employee); `total` counts every active employee."""

    period: int
    reference_date: dt.date
    formula: TalentFormula
    ids: array[int]
    opd: array[int]  # -1 without an OPD
    kind: tuple[str | None, ...]  # level of position (position_kinds.code)
    computed_box: array[int]  # 0 = unplaced
    box: array[int]  # the override when there is one; 0 = unplaced
    total: int
    tally: Counter[tuple[int, str | None, int]]  # (opd, kind, box) -> people

    def __len__(self) -> int:
        return len(self.ids)

    def counts(self, opd_id: int | None = None, kind_code: str | None = None
               ) -> dict[int, int]:
        """People per box 1..9 for an OPD and/or level of position."""
        out = dict.fromkeys(range(1, 10), 0)
        for (opd, kind, box), n in self.tally.items():
            if box and (opd_id is None or opd == opd_id) and (not kind_code or kind == kind_code):
                out[box] += n
        return out

    def ids_in(self, box: int, opd_id: int | None = None, kind_code: str | None = None
               ) -> list[int]:
        return [eid for eid, opd, kind, b in zip(self.ids, self.opd, self.kind, self.box,
                                                  strict=True)
                if b == box and (opd_id is None or opd == opd_id)
                and (not kind_code or kind == kind_code)]

    @property
    def unplaced(self) -> int:
        return self.total - sum(n for (_o, _k, box), n in self.tally.items() if box)


def _values_query(session: Session, period: int, ref: dt.date, f: TalentFormula,
                  cutoff: dt.date) -> Any:
    """One row per active employee who may be placed: id, unit, level of position, then the
    potential total, the education score, the training JP (3 years), the three SKP scores
    (the JPM comes from the caller) and the override box."""
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


def map_grid(session: Session, period: int, today: dt.date | None = None,
             jpm_values: dict[int, float | None] | None = None,
             formula: TalentFormula | None = None) -> MapGrid:
    """Every active employee's box for the period (see the module doc)."""
    today = today or dt.date.today()
    ref = reference_date(period, today)
    f = formula or _load_formula(session, period)
    cfg = settings_service.load(session)
    cutoff = validity_cutoff(ref, cfg.assessment_validity_years)
    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    roots = root_of(parents)
    opd_of = {uid: -1 if roots.get(uid) is None else roots[uid] for uid in parents}
    jpm: dict[int, float | None] = {}
    if f.x.weight("jpm") > 0:
        jpm = jpm_values if jpm_values is not None else _jpm(session, ref, None)
    full_jp = 3 * f.yearly_jp
    score_x, score_y = _scorer(f.x, X_MEASURED), _scorer(f.y, Y_MEASURED)
    lx, hx, ly, hy = f.x.low, f.x.high, f.y.low, f.y.high
    boxes = {(yi, xi): _BOXES[(BANDS_Y[yi], BANDS_X[xi])] for yi in range(3) for xi in range(3)}
    ids, opds, computed, placed = array("q"), array("q"), array("b"), array("b")
    kinds: list[str | None] = []
    tally: Counter[tuple[int, str | None, int]] = Counter()
    found = session.connection().execute(_values_query(session, period, ref, f, cutoff))
    for eid, unit_id, kind, pot, edu, jp, pred, hasil, perilaku, over in (
            row for part in found.partitions(5_000) for row in part):
        value = jpm.get(eid)
        values: dict[str, float | None] = {
            "jpm": None if value is None else min(value, 100.0), "potensi": pot,
            "kualifikasi": edu,
            "rekam_jejak": None if jp is None else min(100.0, round(jp / full_jp * 100, 2)),
            "predikat": pred, "hasil_kinerja": hasil, "perilaku_kerja": perilaku}
        x, y = score_x(values), score_y(values)
        box = 0 if x is None or y is None else boxes[
            (0 if y < ly else 1 if y < hy else 2, 0 if x < lx else 1 if x < hx else 2)]
        shown = over or box
        opd = opd_of.get(unit_id, -1) if unit_id else -1
        ids.append(eid)
        opds.append(opd)
        kinds.append(kind)
        computed.append(box)
        placed.append(shown)
        tally[(opd, kind, shown)] += 1
    total = session.execute(restrict(session, select(func.count()).select_from(m.Employee)
                                     .where(m.Employee.status == "aktif"),
                                     m.Employee.unit_id)).scalar_one()
    return MapGrid(period, ref, f, ids, opds, tuple(kinds), computed, placed, total, tally)

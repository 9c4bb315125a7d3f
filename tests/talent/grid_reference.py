"""Shared by the SQLite and PostgreSQL tests of `talent.map_grid`: a demo regency given SKP,
potential results and committee overrides, and the check that the grid's boxes and counts are
those of `talent.talent_map` (the per-employee Python placement)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.services import talent
from karier_desktop.store import models as m

# potential totals around the default cut-offs (60 / 80) and between them
POTENTIAL = (59.99, 60.0, 79.99, 80.0, 45.5, 72.25, 88.0, 100.0, 64.335)


def with_talent_data(session: Session, year: int, today: dt.date) -> None:
    """SKP of the year for most active employees (some ratings missing), a potential result
    for half of them, and four overrides (one for an employee without SKP)."""
    ids = session.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")
                          .order_by(m.Employee.id)).all()
    for i, eid in enumerate(ids):
        if i % 7 != 3:
            session.add(m.SkpResult(
                employee_id=eid, year=year, predikat=talent.PREDIKATS[i % 5],
                hasil_kinerja=None if i % 4 == 0 else talent.RATINGS[i % 3],
                perilaku_kerja=None if i % 5 == 0 else talent.RATINGS[(i // 3) % 3]))
        if i % 2 == 0:
            session.add(m.PotentialResult(employee_id=eid, assessed_on=today - dt.timedelta(
                days=30 + i % 200), total=POTENTIAL[i % len(POTENTIAL)]))
    for eid, box in zip((ids[0], ids[3], ids[5], ids[10]), (9, 1, 5, 7), strict=True):
        session.add(m.TalentOverride(employee_id=eid, period=year, box=box,
                                     reason="Rapat komite", approved_by="Kepala BKPSDM"))
    session.flush()


FORMULAS = (
    talent.TalentFormula(),
    talent.TalentFormula().with_weight("x", "rekam_jejak", 30.0)
    .with_weight("y", "hasil_kinerja", 50.0).with_weight("y", "perilaku_kerja", 25.0),
    talent.TalentFormula().with_weight("x", "jpm", 0.0).with_weight("x", "kualifikasi", 0.0),
)


def assert_same_boxes(session: Session, period: int, today: dt.date,
                      formula: talent.TalentFormula) -> int:
    """The grid places everyone as `talent_map` does; returns how many are placed."""
    grid = talent.map_grid(session, period, today, formula=formula)
    tm = talent.talent_map(session, period, today, formula=formula)
    expected = {r.employee_id: (r.computed_box or 0, r.box or 0) for r in tm.rows
                if r.box is not None}
    got = {int(i): (int(c), int(b)) for i, c, b in zip(grid.ids, grid.computed_box, grid.box,
                                                        strict=True) if b > 0}
    assert got == expected
    assert grid.total == len(tm.rows) and grid.unplaced == tm.unplaced
    assert grid.counts() == talent.counts_of(tm.rows)
    opds = {r.opd_id for r in tm.rows if r.opd_id is not None}
    kinds = {r.kind_code for r in tm.rows if r.kind_code}
    for opd_id in opds:
        assert grid.counts(opd_id) == talent.counts_of(talent.filter_map(tm, opd_id))
    for kind in kinds:
        assert grid.counts(None, kind) == talent.counts_of(talent.filter_map(tm, None, kind))
    busiest = max(range(1, 10), key=lambda n: grid.counts()[n])
    assert grid.ids_in(busiest) and sorted(grid.ids_in(busiest)) == sorted(
        r.employee_id for r in talent.filter_map(tm, box=busiest))
    return len(expected)

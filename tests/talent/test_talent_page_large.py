"""Talenta on a large regency: the grid is read in a worker (JPM from the shared start view) and
shows what computing the map directly gives; a box's people are read in a worker when the box is
opened; leaving the page frees it and showing it reads it again."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from karier_desktop.services import talent
from karier_desktop.services.start import snapshot as start_snapshot
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.talent.page import TalentPage


class _NotingContext(AppContext):
    """The real context; it notes the thread the map and the start view are read in."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.read_threads: list[threading.Thread] = []

    def read(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        if fn in (talent.map_grid, talent.talent_map, start_snapshot.build,
                  start_snapshot.current):
            self.read_threads.append(threading.current_thread())
        return super().read(fn, *args, **kwargs)


def _with_skp(db: Database) -> None:
    """This year's SKP for every active employee (the demo has none), so they get placed."""
    year = dt.date.today().year
    with db.session_scope() as s:
        ids = s.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")
                        .order_by(m.Employee.id)).all()
        s.add_all(m.SkpResult(employee_id=eid, year=year,
                              predikat=talent.PREDIKATS[i % len(talent.PREDIKATS)])
                  for i, eid in enumerate(ids))


def _loaded(qtbot, demo_db: Database) -> tuple[TalentPage, _NotingContext]:  # type: ignore[no-untyped-def]
    _with_skp(demo_db)
    ctx = _NotingContext(demo_db)
    page = TalentPage(ctx, today=dt.date.today())
    qtbot.addWidget(page)
    page.loader.background_above = 10  # the demo's 400 employees count as a large regency here
    page.map_tab.people.background_above = 10
    page.resize(1200, 700)
    page.show()
    page.on_shown()
    assert page.task_running()
    assert page.status.text() == "Memetakan talenta…"
    qtbot.waitUntil(lambda: not page.task_running() and page.map is not None, timeout=60_000)
    return page, ctx


def _box_texts(page: TalentPage) -> dict[int, str]:
    return {n: b.text() for n, b in page.map_tab.buttons.items()}


def test_large_regency_map_loads_in_a_worker_with_the_same_placements(  # type: ignore[no-untyped-def]
        qtbot, demo_db: Database) -> None:
    page, ctx = _loaded(qtbot, demo_db)
    assert ctx.has_start_view()  # the JPM came from the view Pegawai and Beranda share
    assert len(ctx.read_threads) == 2  # the view (JPM of everyone), then the grid
    today = dt.date.today()
    with demo_db.read_scope() as s:
        direct = talent.talent_map(s, today.year, today)  # its own JPM aggregate
    assert page.map is not None
    placed = len(direct.rows) - direct.unplaced
    assert placed > 0
    assert page.status.text().startswith(f"Periode {today.year}: {placed} pegawai dipetakan, "
                                         f"{direct.unplaced} belum")
    counts = talent.counts_of(direct.rows)
    assert _box_texts(page) == {n: f"Kotak {n}\n{counts[n]} pegawai" for n in range(1, 10)}
    busiest = max(counts, key=lambda n: counts[n])
    page.map_tab.select_box(busiest)
    assert page.map_tab.people.running()  # the box's people are read in a worker
    qtbot.waitUntil(lambda: not page.map_tab.people.running(), timeout=60_000)
    assert len(ctx.read_threads) == 3
    assert all(t is not threading.main_thread() for t in ctx.read_threads)
    shown = [(r.employee_id, r.nip, r.name, r.opd, r.x, r.y, r.box)
             for r in page.map_tab.model.rows()]
    assert shown == [(r.employee_id, r.nip, r.name, r.opd, r.x, r.y, r.box)
                     for r in talent.filter_map(direct, box=busiest)]
    assert page.map_tab.list_title.text().endswith(f"{counts[busiest]} pegawai")


def test_a_large_map_is_freed_when_the_page_is_left_and_read_again(  # type: ignore[no-untyped-def]
        qtbot, demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    import karier_desktop.ui.kit.loaded_page as page_module

    page, _ctx = _loaded(qtbot, demo_db)
    before = _box_texts(page)
    busiest = max(range(1, 10), key=lambda n: int(before[n].split("\n")[1].split()[0]))
    page.map_tab.select_box(busiest)
    qtbot.waitUntil(lambda: not page.map_tab.people.running(), timeout=60_000)
    listed = page.map_tab.model.rowCount()
    assert listed > 0
    monkeypatch.setattr(page_module, "FREE_ABOVE", 10)  # the demo's map counts as large here
    page.hide()
    assert page.map is None and page.map_tab.model.rowCount() == 0
    page.show()
    page.on_shown()
    qtbot.waitUntil(lambda: not page.task_running() and page.map is not None, timeout=60_000)
    assert _box_texts(page) == before
    qtbot.waitUntil(lambda: not page.map_tab.people.running(), timeout=60_000)
    assert page.map_tab.model.rowCount() == listed

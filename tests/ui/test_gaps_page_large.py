"""Kesenjangan on a large regency without a kept start view: the JPM of everyone and the first
OPD's analysis are read in a worker, and the page shows what the services compute."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import func, select

from karier_desktop.domain.textfmt import format_percent
from karier_desktop.services.gaps import unit as unit_gaps
from karier_desktop.services.start import snapshot as start_snapshot
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.gaps.page import GapsPage


class _NotingContext(AppContext):
    """The real context; it notes the thread the start view and the analysis are read in."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.read_threads: list[threading.Thread] = []

    def read(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        if fn in (start_snapshot.build, start_snapshot.current, unit_gaps.analyse_unit):
            self.read_threads.append(threading.current_thread())
        return super().read(fn, *args, **kwargs)


def test_large_regency_loads_off_the_gui_thread_with_the_same_rows(  # type: ignore[no-untyped-def]
        qtbot, demo_db: Database) -> None:
    ctx = _NotingContext(demo_db)
    page = GapsPage(ctx)
    qtbot.addWidget(page)
    page.loader.background_above = 10  # the demo's 400 employees count as a large regency here
    page.resize(1200, 700)
    page.show()
    page.on_shown()
    assert page.task_running()
    assert page.count.text() == "Memuat data pegawai…"
    qtbot.waitUntil(lambda: not page.task_running() and page.analysis is not None,
                    timeout=60_000)
    assert len(ctx.read_threads) == 2  # the start view, then the first OPD's analysis
    assert all(t is not threading.main_thread() for t in ctx.read_threads)
    with demo_db.read_scope() as s:
        active = s.scalar(select(func.count()).select_from(m.Employee)
                          .where(m.Employee.status == "aktif"))
        choices = unit_gaps.opd_choices(s)
        first = unit_gaps.analyse_unit(s, choices[0].id, dt.date.today())
    assert page.emp_model.rowCount() == active > 0
    assert page.count.text() == f"{active:,} dari {active:,} pegawai".replace(",", ".")
    names = [page.emp_model.row_at(i).name.lower() for i in range(active)]
    assert names == sorted(names)
    assert [page.opd.itemText(i) for i in range(page.opd.count())] == [c.name for c in choices]
    assert page.opd.currentData() == choices[0].id
    assert page.summary.text().startswith(
        f"{first.employees} pegawai aktif · {first.assessed} sudah diases · "
        f"rata-rata JPM {format_percent(first.average_jpm)}")
    assert page.rank_model.rowCount() == len(first.ranking)
    # read again (the view now kept): the OPD's analysis is still read in the worker
    page.reload()
    assert page.task_running()
    qtbot.waitUntil(lambda: not page.task_running(), timeout=60_000)
    assert len(ctx.read_threads) == 3 and ctx.read_threads[-1] is not threading.main_thread()
    assert page.emp_model.rowCount() == active

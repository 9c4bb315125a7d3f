"""Reading a page's data: at once for a small regency, off the GUI thread for a large one.

`fetch(progress)` reads everything the page shows and returns plain data (it must not touch
widgets: for a large regency it runs in a worker thread); `show(data)` puts it on screen. When
the data changes while a load runs, the load is repeated, so the page never keeps old rows.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from karier_desktop.services.start.rows import EmployeeRow
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import memory
from karier_desktop.ui.kit.worker import Task, run_task

Progress = Callable[[str, float], None]
T = TypeVar("T")

# Above this many active employees a page's data is read off the GUI thread (about half a second
# for the employee table at 15,000 on a cheap laptop); below it at once, so the page is simply there.
BACKGROUND_ABOVE = 15_000


# A page holding more rows than this frees them when left and reads them again when shown.
FREE_ABOVE = 50_000


def without_collector(build: Callable[[], T]) -> T:
    """Run `build` (a worker making 100,000s of row objects) with Python's cyclic collector
    paused, then freeze what exists: rows form no cycles and are freed by reference counting
    when the page drops them, and the collector no longer walks them. Otherwise each full
    collection walks every row of every page, holding the GUI thread for seconds. Any page
    loading large row lists uses it around its `fetch`. A full collection runs before the
    freeze: garbage still waiting for the collector would otherwise be frozen with the rows and
    never be freed."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return build()
    finally:
        gc.collect()
        gc.freeze()
        if was_enabled:
            gc.enable()


def known_employees(ctx: AppContext) -> dict[int, EmployeeRow] | None:
    """The employee table's rows by id when they are in memory (never read for this): a page
    listing employees passes them to its service, which then shares their name and NIP strings
    instead of making 100,000 more (services.start.rows.person_texts)."""
    if not ctx.has_start_view():
        return None
    return {row.id: row for row in ctx.start_view().rows}


def rows_dropped() -> None:
    """A page left on a large regency has dropped its rows: collect what they leave in
    reference cycles (they were frozen out of the collector's sight by `without_collector`, so
    a full collection is a few ms) before a next page's load freezes it for good, and hand the
    freed memory back (kit.memory)."""
    gc.collect()
    memory.release()


class PageLoader:
    def __init__(self, page: QWidget, ctx: AppContext, title: str,
                 fetch: Callable[[Progress], Any], show: Callable[[Any], None],
                 on_start: Callable[[], None] | None = None,
                 at_hand: Callable[[], bool] | None = None) -> None:
        """`at_hand()` says the data is already in memory (no database read needed)."""
        self.page, self.ctx, self.title = page, ctx, title
        self.fetch, self.show, self.on_start = fetch, show, on_start
        self.at_hand = at_hand
        self.background_above = BACKGROUND_ABOVE
        self.task: Task | None = None
        self.failed = False
        self._again = False

    def running(self) -> bool:
        return self.task is not None and self.task.running

    def load(self) -> None:
        self.failed = False
        if self.running():
            self._again = True  # the running load may have read the old data
            return
        self._again = False
        if (self.at_hand is not None and self.at_hand()) or self._small():
            self._show(self.fetch(lambda _message, _fraction: None))
            return
        if self.on_start is not None:
            self.on_start()
        generation = self.ctx.generation

        def done(data: Any) -> None:
            if self._again or generation != self.ctx.generation:
                self.load()
            else:
                self._show(data)

        self.task = run_task(self.page, self.title, self.fetch, done, self._failed,
                             cancellable=False)

    def _show(self, data: Any) -> None:
        self.show(data)
        del data
        memory.release()  # what the read left behind (and the page's old rows)

    def _small(self) -> bool:
        from karier_desktop.services import employees as employees_service

        return self.ctx.call(employees_service.active_count) <= self.background_above

    def _failed(self, exc: BaseException) -> None:
        self.failed = True
        QMessageBox.warning(self.page, self.title,
                            f"Data gagal dimuat: {exc}\nBuka halaman ini lagi untuk mencoba kembali.")

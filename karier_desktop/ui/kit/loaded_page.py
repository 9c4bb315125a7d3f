"""`LoadedPage`: a page whose rows grow with the regency (Asesmen, Pelatihan, Talenta).

Its data is read through a `PageLoader` (at once for a small regency, in a worker thread for a
large one), and on a large regency the rows are dropped when the clerk leaves the page and read
again when it is shown: the window keeps only what it shows. A minimised window keeps them.

A subclass calls `read_through_loader(title, status)` at the end of its set-up and implements
`fetch(progress)` (reads only, touches no widget), `show_loaded(data)`, `held_rows()` and
`free_rows()`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QLabel

from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.kit.page_loader import (
    FREE_ABOVE,
    PageLoader,
    Progress,
    rows_dropped,
    without_collector,
)


class LoadedPage(Page):
    # `fetch` makes 100,000s of row objects: it runs with the cyclic collector paused
    # (page_loader.without_collector). A page reading only numpy columns turns this off.
    pause_collector: ClassVar[bool] = True
    loader: PageLoader

    def read_through_loader(self, title: str, status: QLabel) -> None:
        """Read the page's data through a loader titled `title`; while a worker reads it,
        `status` says so."""
        self.loader = PageLoader(self, self.ctx, title, self._fetch, self.show_loaded,
                                 on_start=lambda: status.setText(f"{title}…"))

    # --- what a subclass implements
    def fetch(self, progress: Progress) -> Any:  # pragma: no cover - every page implements it
        """Everything the page shows (runs in a worker thread for a large regency)."""
        raise NotImplementedError

    def show_loaded(self, data: Any) -> None:  # pragma: no cover - every page implements it
        raise NotImplementedError

    def held_rows(self) -> int:  # pragma: no cover - every page implements it
        """How many rows the page holds now."""
        raise NotImplementedError

    def free_rows(self) -> None:  # pragma: no cover - every page implements it
        """Drop the rows (the page was left); they are read again when it is shown."""
        raise NotImplementedError

    # --- written once
    def load(self) -> None:
        """Read the rows again: at once for a small regency, off the GUI thread for a large one."""
        self.loader.load()

    def _fetch(self, progress: Progress) -> Any:
        if self.pause_collector:
            return without_collector(lambda: self.fetch(progress))
        return self.fetch(progress)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        """Leaving the page on a large regency frees its rows; a minimised window keeps them."""
        super().hideEvent(event)
        if event.spontaneous() or self.loader.running() or self.held_rows() < FREE_ABOVE:
            return
        self.free_rows()
        self.mark_stale()
        rows_dropped()

"""What every page gets: the open database and a way to call services in one unit of work.

Widgets never hold a Session: they ask `ctx.call(service_function, *args)`, which runs the
function inside its own transaction and returns plain rows (frozen dataclasses).

At start-up the database may not be open yet: the window first shows the start-up snapshot
(services.start_view) and opens the database right after its first paint. `ctx.db` opens it at
once if anything needs it sooner. This module imports no SQLAlchemy for that reason.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from karier_desktop.services.start.rows import EmployeeRow
from karier_desktop.services.start.view import StartView
from karier_desktop.ui.topics import Topic

if TYPE_CHECKING:
    from karier_desktop.store.db import Database

T = TypeVar("T")
log = logging.getLogger(__name__)


class DatabaseUnavailable(Exception):
    """The database could not be opened (the user has been told why)."""


class AppContext(QObject):
    """Shared state of one open database; `data_changed` tells pages to reload."""

    data_changed = Signal(str)  # what changed: "employees", "standards", "settings", …
    open_failed = Signal()

    def __init__(self, db: Database | None = None, *, path: Path | None = None,
                 opener: Callable[[], Database | None] | None = None,
                 start_view: StartView | None = None) -> None:
        super().__init__()
        self._db = db
        self._opener = opener
        self.path = path if path is not None else (db.path if db is not None else None)
        self._view = start_view  # shared by the pages until the next change
        self.generation = 0  # counts changes; background loads compare it to spot stale results
        self._lock = threading.Lock()  # generation and _view change together (worker threads)

    # --- the database
    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = self._open()
        return self._db

    @db.setter
    def db(self, value: Database) -> None:
        self._db = value
        self.path = value.path

    @property
    def is_open(self) -> bool:
        return self._db is not None

    def _open(self) -> Database:
        db = self._opener() if self._opener is not None else None
        if db is None:
            self.open_failed.emit()
            raise DatabaseUnavailable("Database tidak dapat dibuka.")
        return db

    def close(self) -> None:
        if self._db is not None:
            from karier_desktop.services.start import snapshot as start_snapshot

            # the next start shows the rows at once, also after changes no page re-read
            start_snapshot.keep_for_next_start(self._db, in_full=False)
            self._db.dispose()

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.db.session_scope() as session:
            return fn(session, *args, **kwargs)

    def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Like call(), for work that only reads (on a read-only connection; see store.db)."""
        with self.db.read_scope() as session:
            return fn(session, *args, **kwargs)

    # --- data shared by pages until the next change
    def has_start_view(self) -> bool:
        return self._view is not None

    def start_view(self) -> StartView:
        """Employee rows (with JPM), unit tree and Beranda counts; kept for the next start."""
        view = self._view
        if view is not None:
            return view
        from karier_desktop.services.start import snapshot as start_snapshot

        generation = self.generation
        # signed in: the view may be limited to an OPD, unlike the kept snapshot
        view = self.read(start_snapshot.build if self.db.account is not None
                         else start_snapshot.current)
        with self._lock:  # not a worker's late result from before a change
            current = generation == self.generation
            if current:
                self._view = view
        if current:
            start_snapshot.keep(self.db, view)  # so the next start can show it at once
        return view

    def check_start_view(self) -> None:
        """After a start from the snapshot: reload everything if the file changed meanwhile."""
        view = self._view
        if view is None:
            return
        from karier_desktop.services.start import snapshot as start_snapshot

        if not self.call(start_snapshot.is_current, view):
            self.changed("all")

    def employee_rows(self) -> list[EmployeeRow]:
        """The prepared rows of all active employees, shared by the pages that list them."""
        return self.start_view().rows

    def forget_view(self) -> None:
        """Someone else (another clerk, another program) changed the data: the next
        start_view() reads it again. No page is told (a page with unsaved edits keeps them)."""
        with self._lock:
            self.generation += 1
            self._view = None

    def changed(self, what: str, big: bool = False) -> None:
        """Tell the pages that `what` (a ui.topics.Topic) changed; `big` (an import, the demo, a
        batch) or "all" also checkpoints the WAL so the database file itself holds the new data.
        An unknown topic is refused (ValueError): no page would ever hear it."""
        what = Topic(what)
        with self._lock:
            self.generation += 1
            self._view = None
        if (big or what == "all") and self._db is not None:
            try:
                self._db.checkpoint()
            except Exception:  # noqa: BLE001 - best effort; the data is safe in the WAL
                log.warning("checkpoint after a big change failed", exc_info=True)
        self.data_changed.emit(what)

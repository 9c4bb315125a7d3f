"""What every page gets: the open database and a way to call services in one unit of work.

Widgets never hold a Session: they ask `ctx.call(service_function, *args)`, which runs the
function inside its own transaction and returns plain rows (frozen dataclasses).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from karier_desktop.services.employees import EmployeeRow, list_rows
from karier_desktop.services.gaps import jpm_all
from karier_desktop.store.db import Database

T = TypeVar("T")


class AppContext(QObject):
    """Shared state of one open database; `data_changed` tells pages to reload."""

    data_changed = Signal(str)  # what changed: "employees", "standards", "settings", …

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self._cache: dict[str, Any] = {}
        self.generation = 0  # counts changes; background loads compare it to spot stale results

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.db.session_scope() as session:
            return fn(session, *args, **kwargs)

    def cached(self, name: str, fn: Callable[..., T], *args: Any) -> T:
        """A service result shared by pages until the next change (e.g. JPM of everyone)."""
        if name in self._cache:
            return self._cache[name]  # type: ignore[no-any-return]
        generation = self.generation
        value = self.call(fn, *args)
        if generation == self.generation:  # not when the data changed meanwhile (worker threads)
            self._cache[name] = value
        return value

    def employee_rows(self) -> list[EmployeeRow]:
        """The prepared rows of all active employees (with JPM), shared by the pages that list them."""
        jpms = self.cached("jpm_all", jpm_all)
        return self.cached("employee_rows", list_rows, None, False, jpms)

    def changed(self, what: str) -> None:
        self.generation += 1
        self._cache.clear()
        self.data_changed.emit(what)

"""`Page`: what every page of the main window does on show and on a change, written once.

A page declares the change topics it listens to as a class attribute (`topics`, members of
`ui.topics.Topic`; `Topic.ALL` is always heard) and fills `load()`. The base keeps the
"stale" mark: a change the page listens to marks it stale and reloads it at once when it is
visible; a hidden page reloads the next time it is shown (`on_shown`, called by the window).
Vorta's `views/base_tab.py` gave the idea: the tab says what it listens to, the base wires it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtWidgets import QWidget

from karier_desktop.ui.topics import Topic

if TYPE_CHECKING:
    from karier_desktop.ui.context import AppContext


class Page(QWidget):
    """A page of the main window. Subclasses set `topics` and implement `load()`."""

    topics: ClassVar[tuple[Topic, ...]] = ()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True

    # --- what the window calls
    def on_shown(self) -> None:
        """The page came to the front: reload if data changed while it was hidden."""
        if self._stale:
            self.reload()

    def on_data_changed(self, what: str) -> None:
        """`what` changed (a Topic value): reload now if shown, else when next shown."""
        if not self.listens_to(what):
            return
        self.mark_stale()
        if self.isVisible():
            self.reload()

    # --- what a page may use or extend
    @classmethod
    def listens_to(cls, what: str) -> bool:
        topic = Topic(what)
        return topic is Topic.ALL or topic in cls.topics

    @property
    def stale(self) -> bool:
        return self._stale

    def mark_stale(self) -> None:
        """Remember that the shown data is out of date (extend to mark parts of the page)."""
        self._stale = True

    def reload(self) -> None:
        """Read the data again now and show it."""
        self._stale = False
        self.load()

    def load(self) -> None:  # pragma: no cover - every page implements it
        raise NotImplementedError

    def task_running(self) -> bool:
        """Whether background work of this page is still running (the window asks on close)."""
        loader = getattr(self, "loader", None)
        return bool(loader is not None and loader.running())

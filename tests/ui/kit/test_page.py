"""The one `Page` base: every page of the window is built on it and declares the change topics
it listens to; a change reloads a shown page at once and a hidden one when it is shown again."""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QWidget

from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.main_window import PAGES
from karier_desktop.ui.topics import Topic

# Every page is on Page now; a page added later that is not yet goes here while it moves.
NOT_YET_ON_PAGE: set[str] = set()


def _page_classes() -> dict[str, type[QWidget]]:
    return {spec.cls: getattr(importlib.import_module(spec.module), spec.cls) for spec in PAGES}


def test_every_page_is_a_page_that_declares_its_topics() -> None:
    classes = _page_classes()
    assert set(classes) >= NOT_YET_ON_PAGE, "a page in the waiting list is gone: drop it there"
    for name, cls in classes.items():
        if name in NOT_YET_ON_PAGE:
            continue
        assert issubclass(cls, Page), name
        assert cls.topics, f"{name} listens to nothing"
        assert all(isinstance(t, Topic) for t in cls.topics), name
        assert Topic.ALL not in cls.topics, f"{name}: ALL is always heard, do not list it"


def test_no_page_retypes_the_show_and_change_handling() -> None:
    for name, cls in _page_classes().items():
        if name in NOT_YET_ON_PAGE:
            continue
        assert "on_data_changed" not in vars(cls), name


class _Counting(Page):
    topics = (Topic.EMPLOYEES,)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.loads = 0

    def load(self) -> None:
        self.loads += 1


def test_a_shown_page_reloads_at_once_and_a_hidden_one_when_shown(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext(db)
    page = _Counting(ctx)
    qtbot.addWidget(page)
    page.on_shown()
    assert page.loads == 1
    page.show()
    page.on_data_changed(Topic.EMPLOYEES)
    assert page.loads == 2
    page.on_data_changed(Topic.TRAINING)  # not listened to
    assert page.loads == 2 and not page.stale
    page.hide()
    page.on_data_changed(Topic.ALL)
    page.on_data_changed(Topic.EMPLOYEES)
    assert page.loads == 2 and page.stale
    page.show()
    page.on_shown()
    assert page.loads == 3 and not page.stale
    page.on_shown()  # nothing changed meanwhile
    assert page.loads == 3


def test_the_window_tells_its_pages_what_changed(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext(db)
    page = _Counting(ctx)
    qtbot.addWidget(page)
    ctx.data_changed.connect(page.on_data_changed)
    page.show()
    page.on_shown()
    ctx.changed("employees")
    ctx.changed("training")
    assert page.loads == 2

"""Change topics: every topic a page listens for is sent by some action, every topic sent is a
known one, and an unknown topic is refused where it is sent."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.main_window import PAGES
from karier_desktop.ui.topics import Topic

UI = Path(__file__).resolve().parents[2] / "karier_desktop" / "ui"
SENT = re.compile(r"""(?:changed|data_changed\.emit)\(\s*["']([a-z_]+)["']""")
CHANGED_WHAT = re.compile(r"CHANGED_WHAT\s*=\s*\{([^}]*)\}")
LISTENING = re.compile(r"def on_data_changed\(self, what: str\) -> None:(.*?)(?:\n    def |\Z)",
                       re.S)
TOPIC_TUPLES = re.compile(r"TOPICS\s*=\s*\(([^)]*)\)")


def _sources() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in UI.rglob("*.py")}


def _sent() -> set[str]:
    sent: set[str] = set()
    for text in _sources().values():
        sent.update(SENT.findall(text))
        for block in CHANGED_WHAT.findall(text):
            sent.update(re.findall(r':\s*"([a-z_]+)"', block))
    return sent


def _listened() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for path, text in _sources().items():
        for body in LISTENING.findall(text) + TOPIC_TUPLES.findall(text):
            words = set(re.findall(r'"([a-z_]+)"', body))
            if words:
                out.setdefault(path.name, set()).update(words)
    for spec in PAGES:  # the pages built on ui.kit.page.Page declare their topics
        cls = getattr(importlib.import_module(spec.module), spec.cls)
        if issubclass(cls, Page):
            out.setdefault(spec.cls, set()).update(t.value for t in cls.topics)
    return out


def test_every_topic_a_page_listens_for_is_sent_by_some_action() -> None:
    sent = _sent()
    listened = _listened()
    assert listened, "no page listens for anything: the pattern no longer matches the pages"
    unsent = {page: sorted(words - sent) for page, words in listened.items() if words - sent}
    assert unsent == {}


def test_every_topic_sent_is_a_known_topic() -> None:
    assert _sent() <= {t.value for t in Topic}


def test_an_unknown_topic_is_refused(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext(db)
    heard: list[str] = []
    ctx.data_changed.connect(heard.append)
    ctx.changed("training")
    with pytest.raises(ValueError):
        ctx.changed("catalogue")  # a slip: no such topic
    assert heard == ["training"]

"""kit.memory: what a page hands back after loading or dropping a large row list."""

from __future__ import annotations

import linecache

from karier_desktop.ui.kit import memory


def test_release_drops_cached_source_lines_and_tracebacks_still_read_them() -> None:
    """PySide's import hook leaves every module's source in linecache (about 30 MB once the
    pages are open); after release the lines are gone, and read again when a traceback asks."""
    assert linecache.getline(memory.__file__, 1)
    assert memory.__file__ in linecache.cache
    memory.release()
    assert memory.__file__ not in linecache.cache
    assert linecache.getline(memory.__file__, 1).startswith('"""Giving memory back')
    memory.release()  # again: nothing left to free is fine

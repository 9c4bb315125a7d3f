"""Python's cyclic garbage collector held off while one batch use case runs.

An import or an exchange package builds and drops tens of thousands of small dicts and tuples
that form no cycles (reference counting frees them); meanwhile the collector, triggered by the
allocations alone, walks every live object again and again: 10-20 % of such a use case. Paused
for its duration, then switched back on as it was (another thread may have paused it too: each
restores only what it found), so cycles are collected after the batch as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """`with paused():` or `@paused()` around one batch use case."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

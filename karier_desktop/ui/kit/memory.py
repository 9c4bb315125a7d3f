"""Giving memory back after a page has loaded or dropped a large row list.

Two things keep a large regency's window bigger than its data:
- PySide6's import hook (shibokensupport.feature) reads the source of every module imported
  after it (inspect.getsource), which leaves each file's lines in `linecache`: about 30 MB once
  the pages are open. Tracebacks read them again when they are needed.
- Freed rows leave free space inside the C heap that glibc keeps; `malloc_trim` hands the
  free pages back to the system. Only on Linux with glibc; elsewhere nothing happens.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import linecache
import sys
from collections.abc import Callable

_trim: Callable[[int], int] | None = None
_looked = False


def _malloc_trim() -> Callable[[int], int] | None:
    global _trim, _looked
    if not _looked:
        _looked = True
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                _trim = libc.malloc_trim
            except (OSError, AttributeError):  # musl and others have no malloc_trim
                _trim = None
    return _trim


def release() -> None:
    """Drop the cached source lines and return the C heap's free pages to the system."""
    linecache.clearcache()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)

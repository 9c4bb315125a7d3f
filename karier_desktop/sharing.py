"""Riding out Windows sharing violations: a file briefly held by antivirus, OneDrive, the
search indexer or a viewer.

On Windows `os.replace`, `os.rename` and `os.unlink` fail with PermissionError (WinError 32
"being used by another process", 5 "access denied", 33 "lock violation") while another program
has the file open. A scanner holds a new file for a second or two; so the callers retry for
about five seconds with a growing pause before they tell the user. The clock and the pause
are module attributes so that tests can run the schedule without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

TOTAL_S = 5.0
FIRST_DELAY_S = 0.05
MAX_DELAY_S = 1.0
SHARING_WINERRORS = frozenset({5, 32, 33})

_sleep: Callable[[float], None] = time.sleep
_clock: Callable[[], float] = time.monotonic


def is_sharing_error(exc: BaseException) -> bool:
    """A refusal that goes away when the other program lets go of the file."""
    winerror = getattr(exc, "winerror", None)
    if winerror is not None:
        return winerror in SHARING_WINERRORS
    return isinstance(exc, PermissionError)


def retry_sharing(action: Callable[[], T], total_s: float | None = None) -> T:
    """Run `action`, again after 0.05, 0.1, 0.2 … 1 s pauses while it meets a sharing error,
    for about `total_s` seconds (TOTAL_S); then the last error is raised."""
    total = TOTAL_S if total_s is None else total_s
    start = _clock()
    delay = FIRST_DELAY_S
    while True:
        try:
            return action()
        except OSError as exc:
            if not is_sharing_error(exc):
                raise
            left = total - (_clock() - start)
            if left <= 0:
                raise
            _sleep(min(delay, left))
            delay = min(delay * 2, MAX_DELAY_S)

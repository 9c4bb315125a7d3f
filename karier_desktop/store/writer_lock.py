"""One process at a time writes a SQLite database file: the window or a command-line command.

SQLite up to 3.51.2 can corrupt a WAL file when two processes write or checkpoint at the same
moment, and an edit dialog of the window saved after a command-line import would undo the
import. So every process that opens the file takes an operating-system lock on "<name>.lock"
beside it for as long as it has the file open; a second process is refused with a message that
names who holds it. The lock is the OS's (filelock: fcntl on Linux, msvcrt on Windows), so a
process that crashed or was killed never leaves a stale lock behind. Within one process the
lock is counted, so opening the same file twice there is fine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # filelock is imported when a file is first opened, not before the first paint
    from filelock import FileLock

_holder = "perintah baris (karier-desktop)"
_held: dict[Path, tuple[FileLock, int]] = {}
_guard = threading.Lock()


class DatabaseInUse(Exception):
    """Another process holds the database; str() is an Indonesian message for the user."""


def set_holder(description: str) -> None:
    """How this process is named to another that finds the file in use (e.g. the window)."""
    global _holder
    _holder = description


def _info_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock-info")


def _who(path: Path) -> str:
    try:
        info = json.loads(_info_path(path).read_text(encoding="utf-8"))
        return (f"{info['program']} di komputer {info['host']} (PID {info['pid']}, sejak "
                f"{info['since']})")
    except (OSError, ValueError, KeyError, TypeError):
        return "program lain"


def acquire(path: Path) -> Callable[[], None]:
    """Hold the database at `path` for this process; return the function that lets it go.

    Raises DatabaseInUse when another process holds it.
    """
    key = path.resolve()
    with _guard:
        if key in _held:
            lock, count = _held[key]
            _held[key] = (lock, count + 1)
            return lambda: _release(key)
        from filelock import FileLock, Timeout

        lock = FileLock(str(key) + ".lock", timeout=0, thread_local=False)
        try:
            lock.acquire()
        except Timeout as exc:
            raise DatabaseInUse(
                f"Database {key.name} sedang dibuka oleh {_who(key)}. Tutup dulu jendela atau "
                "perintah itu, lalu ulangi; tidak ada yang diubah.") from exc
        _held[key] = (lock, 1)
    with contextlib.suppress(OSError):  # without it only another process's message is poorer
        _info_path(key).write_text(json.dumps({
            "program": _holder, "host": socket.gethostname(), "pid": os.getpid(),
            "since": f"{dt.datetime.now():%d-%m-%Y %H:%M}"}), encoding="utf-8")
    return lambda: _release(key)


def _release(key: Path) -> None:
    with _guard:
        if key not in _held:
            return
        lock, count = _held[key]
        if count > 1:
            _held[key] = (lock, count - 1)
            return
        del _held[key]
        with contextlib.suppress(OSError):
            _info_path(key).unlink(missing_ok=True)
        lock.release()

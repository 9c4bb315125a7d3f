"""Windows file semantics on Linux, for tests (issue 23).

On Windows a file that any process holds open (SQLite, a PDF viewer, antivirus, OneDrive)
cannot be renamed, replaced or deleted (WinError 32), and `os.rename` refuses an existing
target (WinError 183). Linux allows all of it, so code that forgot to close a connection
passed here and failed on the clerk's laptop. `WindowsSemantics` patches `os.replace`,
`os.rename`, `os.unlink`/`os.remove` (and so `Path.replace/rename/unlink`, `shutil.move`) to
refuse the same things, and a target path longer than MAX_PATH (259 characters). "Open" is
read from /proc: every descriptor of this process and of
its child processes (spawned workers), plus files `hold()` marks as held by "another program".
It also forces the `spawn` start method, which is what Windows has.
"""

from __future__ import annotations

import contextlib
import fnmatch
import glob
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

WINERROR_SHARING = 32
WINERROR_EXISTS = 183
MAX_PATH = 259  # characters of a whole path, without the \\?\ prefix (260 with the NUL)


def _fd_targets(pid: str) -> set[str]:
    found: set[str] = set()
    folder = f"/proc/{pid}/fd"
    try:
        fds = os.listdir(folder)
    except OSError:
        return found
    for fd in fds:
        with contextlib.suppress(OSError):
            found.add(os.readlink(f"{folder}/{fd}"))
    return found


def _children(pid: str) -> list[str]:
    kids: list[str] = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{task}/children") as fh:
                kids.extend(fh.read().split())
    return kids


def open_files() -> set[str]:
    """Real paths of every file this process and its descendants hold open."""
    found: set[str] = set()
    todo = [str(os.getpid())]
    while todo:
        pid = todo.pop()
        found |= _fd_targets(pid)
        todo.extend(_children(pid))
    return found


class WindowsSemantics:
    def __init__(self) -> None:
        self._held: dict[str, int] = {}
        self._lock = threading.Lock()
        self.refusals: list[tuple[str, str]] = []  # (operation, path) refused, for assertions
        self._orig: dict[str, Any] = {}
        self._start_method: str | None = None

    # --- "another program" holds a file
    @contextlib.contextmanager
    def hold(self, path: str | os.PathLike[str]) -> Iterator[None]:
        key = os.path.realpath(path)
        with self._lock:
            self._held[key] = self._held.get(key, 0) + 1
        try:
            yield
        finally:
            with self._lock:
                self._held[key] -= 1
                if not self._held[key]:
                    del self._held[key]

    def hold_now(self, target: str | os.PathLike[str]) -> Callable[[], None]:
        """Hold a file, or every file matching a glob pattern; returns the release."""
        key = os.path.realpath(target) if not glob.has_magic(os.fspath(target)) \
            else os.fspath(target)
        with self._lock:
            self._held[key] = self._held.get(key, 0) + 1
        done = []

        def release() -> None:
            if done:
                return
            done.append(True)
            with self._lock:
                self._held[key] -= 1
                if not self._held[key]:
                    del self._held[key]

        return release

    def is_open(self, path: str | os.PathLike[str]) -> bool:
        key = os.path.realpath(path)
        if key.startswith(("/dev/", "/proc/")):
            return False  # POSIX semaphores and the like: no files at all on Windows
        with self._lock:
            if key in self._held:
                return True
            if any(glob.has_magic(k) and fnmatch.fnmatch(key, k) for k in self._held):
                return True
        return key in open_files()

    # --- the patched calls
    def _refuse(self, op: str, path: Any) -> None:
        self.refusals.append((op, os.fspath(path)))
        raise PermissionError(
            13, "[WinError 32] The process cannot access the file because it is being used by "
                "another process", os.fspath(path))

    @staticmethod
    def _check_length(path: Any) -> None:
        if len(os.path.abspath(os.fspath(path))) > MAX_PATH:
            raise FileNotFoundError(
                2, "[WinError 206] The filename or extension is too long", os.fspath(path))

    def _replace(self, src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        self._check_length(dst)
        for p in (src, dst):
            if os.path.isfile(p) and self.is_open(p):
                self._refuse("replace", p)
        self._orig["replace"](src, dst, *args, **kwargs)

    def _rename(self, src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        self._check_length(dst)
        if os.path.isfile(src) and self.is_open(src):
            self._refuse("rename", src)
        if os.path.lexists(dst):
            raise FileExistsError(17, "[WinError 183] Cannot create a file when that file "
                                      "already exists", os.fspath(src), None, os.fspath(dst))
        self._orig["rename"](src, dst, *args, **kwargs)

    def _unlink(self, path: Any, *args: Any, **kwargs: Any) -> None:
        if os.path.isfile(path) and self.is_open(path):
            self._refuse("unlink", path)
        self._orig["unlink"](path, *args, **kwargs)

    def install(self) -> None:
        self._orig = {"replace": os.replace, "rename": os.rename, "unlink": os.unlink,
                      "remove": os.remove}
        os.replace = self._replace
        os.rename = self._rename
        os.unlink = self._unlink
        os.remove = self._unlink
        self._start_method = multiprocessing.get_start_method(allow_none=True)
        multiprocessing.set_start_method("spawn", force=True)

    def uninstall(self) -> None:
        os.replace = self._orig["replace"]
        os.rename = self._orig["rename"]
        os.unlink = self._orig["unlink"]
        os.remove = self._orig["remove"]
        multiprocessing.set_start_method(self._start_method, force=True)


def hold_open(path: Path) -> Any:
    """Open `path` for reading in this process (a real descriptor, as a viewer would)."""
    return open(path, "rb")  # noqa: SIM115 - the caller closes it

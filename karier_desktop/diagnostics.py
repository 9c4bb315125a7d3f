"""The log file, crash dumps and the last-resort handlers for unexpected errors.

The windowed Windows program has no console: without this, a traceback from a slot or a worker
thread goes nowhere. `setup_logging()` writes a rotating UTF-8 log into the user data folder's
`logs/`, sends hard crashes (faulthandler) to `logs/crash.log`, and installs `sys.excepthook`
and `threading.excepthook`, which log the error and hand an Indonesian message to a notifier
(the GUI shows it in a dialog; see ui.startup). No Qt here.

Personal data (UU 27/2022, reliability SEC-4): the log must hold no NIP, name or password.
Our own log calls pass counts, revisions and folder names only; on top of that every formatted
line, exception messages and tracebacks included, goes through `redact()`, which masks digit
runs (NIPs, phone numbers), quoted values, SQLAlchemy's SQL parameters, passwords in database
URLs, file names (an exported file is named after an employee) and runs of two or more
capitalised words (a name in an error message).
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import logging.handlers
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from karier_desktop.paths import log_dir

MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(process)d %(threadName)s %(name)s: %(message)s"
CRASH_LOG = "crash.log"

_REDACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    # SQLAlchemy appends the statement and its bound values (names, NIPs) to its messages
    (re.compile(r"\[parameters: .*?\](?=\s*(\(|\[|$))", re.S), "[parameters: <disembunyikan>]"),
    (re.compile(r"\[SQL: .*?\](?=\s*(\(|\[|$))", re.S), "[SQL: <disembunyikan>]"),
    # a password in a database URL: postgresql://user:secret@host/db
    (re.compile(r"(://[^:/@\s]*:)[^@\s]*@"), r"\1***@"),
    # password=secret, pwd: secret
    (re.compile(r"(?i)\b(password|passwd|pwd|kata[ _]sandi|sandi)\b(\s*[=:]\s*)\S+"),
     r"\1\2***"),
    # quoted values: 'Andi Wijaya', "Zoë"
    (re.compile(r"'[^'\n]*'"), "'…'"),
    (re.compile(r'"[^"\n]*"'), '"…"'),
    # a file name after a folder separator (kept: the folder, for the reader; gone: the name)
    (re.compile(r"(?<=[\\/])[^\\/\n:'\"]+\.(pdf|xlsx|xls|csv|txt|json|png|jpg)\b", re.I),
     "<berkas>.\\1"),
    # NIPs (18 digits), NIKs, phone numbers: any run of 6 or more digits
    (re.compile(r"\d{6,}"), "<angka>"),
)
_WORD_RUN = re.compile(r"\b[^\W\d_]++(?: ++[^\W\d_]++)+")


def _mask_names(match: re.Match[str]) -> str:
    """Two or more capitalised words in a row ("Andi Wijaya", "Ṣalihah Zoë") are a name."""
    out: list[str] = []
    run: list[str] = []
    for word in [*match.group(0).split(), ""]:
        if word and word.istitle():
            run.append(word)
            continue
        out.extend(["<nama>"] if len(run) >= 2 else run)
        run = []
        if word:
            out.append(word)
    return " ".join(out)


# Traceback lines that show our source files are kept as they are: they hold code, not data.
_SOURCE_LINE = re.compile(r'^\s*File ".*", line \d+, in \S+$')


def redact(text: str) -> str:
    """`text` with personal data masked (see the module docstring)."""
    lines = []
    for line in text.split("\n"):
        if _SOURCE_LINE.match(line):
            lines.append(line)
            continue
        for pattern, replacement in _REDACTIONS:
            line = pattern.sub(replacement, line)
        lines.append(_WORD_RUN.sub(_mask_names, line))
    return "\n".join(lines)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class _RotatingFile(logging.handlers.RotatingFileHandler):
    """Rotation that survives a log held open elsewhere (antivirus, an editor on Windows)."""

    def doRollover(self) -> None:  # noqa: N802 - logging's name
        with contextlib.suppress(OSError):  # keep writing; the next record tries again
            super().doRollover()


_handler: logging.Handler | None = None
_crash_file: IO[str] | None = None
_notify: Callable[[str], None] | None = None
log = logging.getLogger("karier_desktop")


def setup_logging(name: str = "karier", folder: Path | None = None,
                  level: int = logging.INFO) -> Path:
    """Log to `<folder>/<name>.log` (rotating, UTF-8); crashes to crash.log; install the hooks.

    `folder` defaults to `paths.log_dir()`. Calling it again moves the log. The GUI and the
    command line use different names so that one never rotates a file the other holds open.
    Returns the log file's path. A folder that cannot be made leaves logging to stderr.
    """
    global _handler, _crash_file
    folder = folder or log_dir()
    path = folder / f"{name}.log"
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
        _handler = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = _RotatingFile(path, maxBytes=MAX_BYTES,
                                                 backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    _handler = handler
    _enable_faulthandler(folder / CRASH_LOG)
    install_excepthooks()
    return path


def _enable_faulthandler(path: Path) -> None:
    global _crash_file
    with contextlib.suppress(OSError, ValueError, RuntimeError):
        new = open(path, "a", encoding="utf-8")  # noqa: SIM115 - must stay open for crashes
        faulthandler.enable(new, all_threads=True)
        if _crash_file is not None:
            _crash_file.close()
        _crash_file = new


def shutdown_logging() -> None:
    """Close the log and crash files (tests; the end of a run)."""
    global _handler, _crash_file
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None
    if _crash_file is not None:
        with contextlib.suppress(RuntimeError):
            faulthandler.disable()
        _crash_file.close()
        _crash_file = None


def log_file() -> Path | None:
    """The current log file (None when logging goes to stderr or was not set up)."""
    base = getattr(_handler, "baseFilename", None)
    return Path(base) if base else None


def set_notifier(notify: Callable[[str], None] | None) -> None:
    """Who tells the user about an unexpected error (called from any thread)."""
    global _notify
    _notify = notify


def user_message(exc: BaseException) -> str:
    """The Indonesian text shown for an unexpected error."""
    where = log_file()
    return ("Terjadi kesalahan yang tidak terduga "
            f"({type(exc).__name__}: {exc}).\n\n"
            "Data yang sudah tersimpan tidak hilang. Simpan pekerjaan yang terbuka, lalu tutup "
            "dan buka lagi aplikasi bila ada yang tidak berjalan semestinya."
            + (f"\n\nRinciannya dicatat di {where.parent} (menu Bantuan → Buka folder log); "
               "kirim file itu ke admin bila masalah berulang." if where else ""))


def _report(exc_type: type[BaseException], exc: BaseException,
            tb: TracebackType | None, thread: str | None = None) -> None:
    where = f" in thread {thread}" if thread else ""
    log.critical("unhandled %s%s", exc_type.__name__, where, exc_info=(exc_type, exc, tb))
    notify = _notify
    if notify is not None:
        try:
            notify(user_message(exc))
        except Exception:  # noqa: BLE001 - the hook itself must never raise
            log.exception("the error message could not be shown")


def _excepthook(exc_type: type[BaseException], exc: BaseException,
                tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    _report(exc_type, exc, tb)


def _thread_excepthook(args: Any) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    _report(args.exc_type, args.exc_value, args.exc_traceback,
            args.thread.name if args.thread is not None else "?")


def install_excepthooks() -> None:
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook

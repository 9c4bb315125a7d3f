"""UTF-8 on standard output and error, whatever the console's code page.

A clerk's Windows console uses cp1252 (or cp437/cp850); `karier-desktop gap … --json > f.json`
with a name such as "Ṣalihah" then ended in a UnicodeEncodeError, and "Zoë" reached the file as
a cp1252 byte. Output is written as UTF-8 always: files and pipes get UTF-8 that Excel, Python
and PowerShell 7 read, and a real console shows it through Windows' UTF-8 support. The frozen
program also runs in Python's UTF-8 mode (build.spec), which covers file names and open().
"""

from __future__ import annotations

import contextlib
import io
import sys


def use_utf8_streams() -> None:
    """Reconfigure sys.stdout and sys.stderr to write UTF-8 (call once, at program start).

    Streams that are absent (a windowed program) or not text streams are left alone.
    Unencodable characters cannot occur in UTF-8; lone surrogates from odd file names are
    written with backslash escapes instead of raising.
    """
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                stream.reconfigure(encoding="utf-8", errors="backslashreplace")

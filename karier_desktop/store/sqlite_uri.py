"""The one place that turns a file path into something SQLite or SQLAlchemy opens.

Folder names such as `E:\\Cadangan #1`, `Data 100%`, `Dokumen Ṣiti` or a Windows user name with
`#` are ordinary for clerks. Pasted raw into a `file:` URI, SQLite ends the path at `#` or `?`
and decodes `%xx`, so it opens (and, read-write, creates) a *different* file; pasted into a
`sqlite:///` URL, SQLAlchemy takes `?` for its query string. Everything here quotes or avoids
parsing, so the file opened is the file named. A test greps the package so that no other module
builds a URI by hand.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:  # SQLAlchemy is not imported at start-up (store.snapshot uses this module)
    from sqlalchemy.engine import URL


def sqlite_uri(path: PurePath | str, mode: str = "ro") -> str:
    """A SQLite URI for `path` (open with `uri=True`), by default read-only.

    Works for C:\\x\\y.db, /home/x.db and \\\\server\\share\\x.db alike: Path.as_uri() makes
    "file://server/share/..." of a network path, which SQLite refuses ("invalid uri authority");
    an empty authority ("file:////server/share/...") is accepted. Every character outside
    letters, digits, "/" and the drive colon is percent-encoded (UTF-8), so `#`, `?`, `%`,
    spaces and non-ASCII names reach SQLite unchanged.
    """
    if isinstance(path, str):
        path = Path(path)
    if isinstance(path, Path):
        path = path.absolute()
    text = path.as_posix()  # "C:/x/y.db", "/home/x.db", "//server/share/x.db"
    if not text.startswith("/"):
        text = "/" + text  # a drive letter: "file:/C:/x/y.db"
    prefix = "file://" if text.startswith("//") else "file:"
    return f"{prefix}{quote(text, safe='/:')}?mode={mode}"


def sqlalchemy_sqlite_url(path: PurePath | str) -> URL:
    """The SQLAlchemy URL of the SQLite file at `path`, built without parsing the path."""
    from sqlalchemy.engine import URL

    return URL.create("sqlite", database=str(path))

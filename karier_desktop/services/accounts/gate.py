"""Is a login required before the window opens? Read with stdlib sqlite3 only, so that the
start-up path (which shows the snapshot before SQLAlchemy is imported) can ask cheaply."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

SETTING_KEY = "login_required"


def login_required_in_file(path: Path) -> bool:
    """True when the SQLite file at `path` has the admin's "login required" switch on and
    at least one active user. A missing or unreadable file says False (the usual opening
    path then explains what is wrong with it)."""
    if not path.is_file():
        return False
    from karier_desktop.store.sqlite_uri import sqlite_uri

    with contextlib.suppress(sqlite3.Error, ValueError):
        conn = sqlite3.connect(sqlite_uri(path), uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?",
                               (SETTING_KEY,)).fetchone()
            if row is None or json.loads(row[0]) is not True:
                return False
            users = conn.execute("SELECT count(*) FROM users WHERE active").fetchone()
            return bool(users and users[0])
        finally:
            conn.close()
    return False

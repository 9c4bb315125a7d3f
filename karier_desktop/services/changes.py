"""Noticing that someone else changed the data: another clerk on the server, or another program
on the SQLite file. Pages poll `ChangeWatcher.poll()` on a timer (every few seconds) and reload.

On PostgreSQL the watcher holds one connection that LISTENs on `karier_data`; triggers
(migration 0009) NOTIFY it when a source table of the employee table changes, and the server
delivers it only at commit. On SQLite it compares the start-up snapshot's data version (the
change stamp and each source table's highest rowid, store.snapshot) on a read-only connection.
Both are cheap: a poll costs one small query or a non-blocking read of the socket.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from karier_desktop.store import snapshot
from karier_desktop.store.db import Database

log = logging.getLogger(__name__)
CHANNEL = "karier_data"


class ChangeWatcher:
    """`poll()` is True once after data changed since the last look (or `seen()`)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._server = db.engine.dialect.name == "postgresql"
        self._conn: Any = None  # the LISTENing pooled connection (server only)
        self._version: str | None = None

    def _listener(self) -> Any:
        if self._conn is None:
            raw = self.db.engine.raw_connection()
            driver = raw.driver_connection
            driver.autocommit = True  # type: ignore[union-attr]
            driver.execute(f"LISTEN {CHANNEL}")  # type: ignore[union-attr]
            self._conn = raw
        return self._conn.driver_connection

    def poll(self) -> bool:
        try:
            if self._server:
                return any(True for _ in self._listener().notifies(timeout=0))
            with self.db.read_scope() as session:
                now = snapshot.data_version(session)
            before, self._version = self._version, now
            return before is not None and before != now
        except Exception:  # noqa: BLE001 - a lost connection must not break the timer
            log.warning("change poll failed", exc_info=True)
            self.close()
            return False

    def seen(self) -> None:
        """This process's own changes are already shown: forget what arrived until now."""
        self.poll()

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.driver_connection.execute(f"UNLISTEN {CHANNEL}")
                conn.driver_connection.autocommit = False
            with contextlib.suppress(Exception):
                conn.close()

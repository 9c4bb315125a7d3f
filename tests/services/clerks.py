"""A clerk working on a database: units of work audited under the clerk's name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from karier_desktop.store.db import Database


class Clerk:
    """One clerk's units of work on a database, audited under the clerk's name."""

    def __init__(self, db: Database, actor: str) -> None:
        self.db, self.actor = db, actor

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        with self.db.session_scope() as session:
            session.info["actor"] = self.actor
            yield session

"""Engine, connection safety settings and the unit-of-work helper.

SQLite specifics live here and nowhere else. Every SQLite connection gets foreign keys on, WAL,
synchronous=FULL and trusted_schema=OFF, and runs real transactions: pysqlite's legacy mode does
not emit BEGIN, so we switch it off and emit BEGIN ourselves (SQLAlchemy's documented recipe).
The pool holds a few connections so that readers in WAL mode do not wait for a worker thread
(see make_engine).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA trusted_schema=OFF",
    "PRAGMA busy_timeout=5000",
)


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path)}"


def make_engine(url: str, echo: bool = False) -> Engine:
    """Create an engine for a database URL; a bare path means a SQLite file."""
    if "://" not in url:
        url = sqlite_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, echo=echo, pool_pre_ping=True)
    # A few connections: in WAL mode readers do not wait for each other or for a writer, so the
    # GUI thread can read while a worker thread computes (one connection made every page wait
    # for the whole of a 10-second evaluation). Writers still take turns (busy_timeout).
    engine = create_engine(url, echo=echo, pool_size=4, max_overflow=0, pool_timeout=60)
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        for pragma in SQLITE_PRAGMAS:
            cur.execute(pragma)
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_path(engine: Engine) -> Path | None:
    if not is_sqlite(engine):
        return None
    db = engine.url.database
    return Path(db) if db and db != ":memory:" else None


class Database:
    """An open database: the engine plus a session factory."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory = sessionmaker(bind=engine, expire_on_commit=False)

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.engine)

    def session(self) -> Session:
        return self._factory()

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error, always close."""
        session = self._factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()

"""Engine, connection safety settings and the unit-of-work helper.

SQLite specifics live here and nowhere else. Every SQLite connection gets foreign keys on, WAL,
synchronous=FULL and trusted_schema=OFF, and runs real transactions: pysqlite's legacy mode does
not emit BEGIN, so we switch it off and emit BEGIN ourselves (SQLAlchemy's documented recipe).
One read-write connection per process: SQLite up to 3.51.2 (Python's own is older) has the
WAL-reset bug, which can corrupt a file when two connections write or checkpoint at the same
moment (shared/reference/reliability.md, SQ-9). Long reads in worker threads (the start view,
evaluations, the planner, exports) use `read_scope()` instead: read-only connections
(mode=ro, query_only) that can neither write nor checkpoint, so the GUI does not wait for them.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from karier_desktop.store.sqlite_uri import sqlalchemy_sqlite_url, sqlite_uri

SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA trusted_schema=OFF",
    "PRAGMA busy_timeout=5000",
)
READ_ONLY_PRAGMAS = (
    "PRAGMA query_only=ON",
    "PRAGMA trusted_schema=OFF",
    "PRAGMA busy_timeout=5000",
)


def make_engine(url: str | Path, echo: bool = False) -> Engine:
    """Create an engine for a database URL; a bare path means a SQLite file."""
    parsed = make_url(str(url)) if "://" in str(url) else sqlalchemy_sqlite_url(url)
    if parsed.get_backend_name() != "sqlite":
        # A lock held by another clerk ends in a message after 15 s instead of a frozen
        # window; an unreachable server after 10 s.
        return create_engine(parsed, echo=echo, pool_pre_ping=True, hide_parameters=True,
                             connect_args={
            "connect_timeout": 10,
            "options": "-c lock_timeout=15000 -c idle_in_transaction_session_timeout=600000",
            "application_name": "Karier ASN"})
    # The one read-write connection; a thread waits its turn (two minutes at most).
    # hide_parameters: an error message never carries names or NIPs from a statement
    engine = create_engine(parsed, echo=echo, pool_size=1, max_overflow=0, pool_timeout=120,
                           hide_parameters=True)
    _configure_sqlite(engine, SQLITE_PRAGMAS)
    return engine


def make_read_engine(path: Path) -> Engine:
    """Read-only connections to the SQLite file at `path` (see the module docstring)."""
    uri = sqlite_uri(path)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool, pool_size=3,
                           max_overflow=0, pool_timeout=120, hide_parameters=True)
    _configure_sqlite(engine, READ_ONLY_PRAGMAS)
    return engine


def _configure_sqlite(engine: Engine, pragmas: tuple[str, ...]) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        for pragma in pragmas:
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


class ReadOnlySessionError(RuntimeError):
    """Programming error: read_scope() was used for work that changes data."""


class DatabaseClosing(RuntimeError):
    """A unit of work was started while the database is being closed (a restore swaps the
    file): the worker's result would be stale anyway."""


class Database:
    """An open database: the engine plus a session factory.

    Units of work (`session_scope`, `read_scope`) are counted, so that `close_and_wait()` can
    let the running ones (worker threads) finish before a restore replaces the file: on
    Windows a file any connection holds open cannot be replaced.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory = sessionmaker(bind=engine, expire_on_commit=False)
        self._reader: Engine | None = None
        self._read_factory: sessionmaker[Session] | None = None
        self._lock = threading.Lock()
        self._units = threading.Condition()
        self._active = 0
        self.closing = threading.Event()  # set by close_and_wait(); long work may watch it
        self.release_hold: Callable[[], None] | None = None  # see store.writer_lock
        # Who works through this database: every session carries it in `session.info["actor"]`,
        # so audit rows name the real user without every call passing it.
        self.actor = "operator"
        # The signed-in account (services.accounts.roles.Account) or None while login is off;
        # every session carries it in `session.info["account"]` for role checks and scoping.
        self.account: object | None = None

    def sign_in(self, account: Any) -> None:
        """From now on, units of work act as `account` (audit actor, role, OPD scope)."""
        self.account = account
        self.actor = account.username

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.engine)

    def session(self) -> Session:
        session = self._factory()
        session.info["actor"] = self.actor
        session.info["account"] = self.account
        return session

    @contextmanager
    def _unit(self) -> Iterator[None]:
        with self._units:
            if self.closing.is_set():
                raise DatabaseClosing("database sedang ditutup")
            self._active += 1
        try:
            yield
        finally:
            with self._units:
                self._active -= 1
                self._units.notify_all()

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error, always close."""
        with self._unit():
            session = self.session()
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            finally:
                session.close()

    @contextmanager
    def read_scope(self) -> Iterator[Session]:
        """A unit of work that only reads; on a SQLite file, on a read-only connection."""
        with self._unit():
            with self._lock:
                self._make_read_factory()
            assert self._read_factory is not None
            session = self._read_factory()
            session.info["actor"] = self.actor
            session.info["account"] = self.account
            try:
                yield session
                if session.new or session.dirty or session.deleted:
                    raise ReadOnlySessionError("a change was made in a read-only unit of work")
                session.rollback()  # nothing to keep; ends the read transaction
            finally:
                session.close()

    def _make_read_factory(self) -> None:
        if self._read_factory is not None:
            return
        path = self.path
        if path is None:  # a server: one consistent, read-only snapshot per unit of work
            reader = self.engine.execution_options(isolation_level="REPEATABLE READ",
                                                   postgresql_readonly=True) \
                if self.engine.dialect.name == "postgresql" else self.engine
            self._read_factory = sessionmaker(bind=reader, expire_on_commit=False)
        else:
            self._reader = make_read_engine(path)
            self._read_factory = sessionmaker(bind=self._reader, expire_on_commit=False)

    def close_and_wait(self, timeout: float | None = None) -> bool:
        """Refuse new units of work, wait for the running ones, then close every connection.

        For a restore: afterwards no connection of this process holds the file. False when
        work was still running after `timeout` seconds; then nothing is closed and the
        database stays usable.
        """
        with self._units:
            self.closing.set()
            if not self._units.wait_for(lambda: self._active == 0, timeout):
                self.closing.clear()
                return False
        self.dispose()
        return True

    def checkpoint(self) -> None:
        """Copy the WAL into the database file and empty it (SQLite; a no-op elsewhere).

        Called on close and after big changes, so that `karier.db` alone holds the data when a
        clerk copies it by hand. Runs on the one read-write connection, outside a transaction.
        """
        if not is_sqlite(self.engine) or self.path is None:
            return
        raw = self.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            raw.close()

    def dispose(self) -> None:
        if self._reader is not None:
            self._reader.dispose()
        with contextlib.suppress(Exception):  # closing must not fail; the WAL replays next open
            self.checkpoint()
        self.engine.dispose()
        release, self.release_hold = self.release_hold, None
        if release is not None:
            release()

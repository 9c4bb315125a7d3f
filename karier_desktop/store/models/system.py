"""Bookkeeping of the database itself: imports, audit trail, change stamp, start-up snapshot."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, Integer, LargeBinary, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from karier_desktop.store.models._base import Base, IdKey, stamped


class ImportBatch(IdKey, Base):
    """One completed import: its file hash lets a repeated import be recognised."""

    __tablename__ = "import_batches"
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(300))
    file_hash: Mapped[str] = mapped_column(String(64), index=True)
    rows: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = stamped()


class AuditLog(IdKey, Base):
    """Append-only record of changes (who, what, when); written in the same transaction."""

    __tablename__ = "audit_log"
    # UTC; on PostgreSQL timestamptz (migration 0012), on SQLite ISO text without zone
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True),
                                            server_default=func.current_timestamp())
    actor: Mapped[str] = mapped_column(String(80), default="operator")
    action: Mapped[str] = mapped_column(String(30))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")


class ChangeStamp(IdKey, Base):
    """One row counting changes to the data the start-up snapshot is made of.

    On SQLite, triggers (migration 0002) add one for every row changed or deleted in those
    tables, whoever writes them (the app, the command line, another program); inserted rows
    show in the tables' highest rowid (see store.snapshot).
    """

    __tablename__ = "change_stamp"
    n: Mapped[int] = mapped_column(BigInteger, default=0)


class StartupSnapshot(IdKey, Base):
    """The first screen's rows as they were at data `version` (see services.start_view)."""

    __tablename__ = "startup_snapshot"
    version: Mapped[str] = mapped_column(Text)
    made_on: Mapped[str] = mapped_column(String(10))  # ISO date the rows were computed for
    app_version: Mapped[str] = mapped_column(String(20))
    payload: Mapped[bytes] = mapped_column(LargeBinary)


class StartChange(Base):
    """An employee whose start-view row may differ from the kept snapshot (migration 0013).

    On SQLite, triggers add the employee of every row added, changed or deleted in the tables
    one row is made of; employee_id 0 stands for a change that may touch every row (settings,
    a renamed unit, ...). Emptied whenever a snapshot is kept (store.snapshot.write), so the
    next start reads again only these employees (services.start.snapshot.current).
    """

    __tablename__ = "start_changes"
    employee_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)

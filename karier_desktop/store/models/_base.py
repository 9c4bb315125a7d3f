"""The declarative base, the naming convention every table follows, and the columns tables share."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, MetaData, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def owned_by(table: str, **kw: Any) -> MappedColumn[Any]:
    """A reference to the row of `table` this row belongs to: it goes with that row."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="CASCADE"), **kw)


def employee_owned(**kw: Any) -> MappedColumn[Any]:
    """The employee a record belongs to; the record goes with the employee."""
    return owned_by("employees", index=True, **kw)


class IdKey:
    """The integer `id` most tables are keyed on, first in the table."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-2)


class VersionedRow(IdKey):
    """An integer `id` key and the `row_version` of optimistic concurrency (migration 0009):
    moved by every UPDATE (triggers), compared by the edit services so a stale form never saves
    over a newer change. Both come first in the table, as they were declared before."""

    row_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1",
                                             sort_order=-1)


class EmployeeRecord(IdKey):
    """An integer `id` key and the employee the record belongs to (it goes with the employee)."""

    employee_id: Mapped[int] = employee_owned(sort_order=-1)


class KeyValueRow:
    """A settings table: one JSON value per key."""

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


def loose_ref(table: str, **kw: Any) -> MappedColumn[Any]:
    """A reference to a row of `table` that may go: the reference is then set NULL."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="SET NULL"), **kw)


def owner_key(table: str) -> MappedColumn[Any]:
    """`owned_by(table)` as part of this row's key (a competency level of that row, …)."""
    return owned_by(table, primary_key=True)


def level_range(column: str) -> CheckConstraint:
    """`column` holds a competency level, 1 to 5 (the check is named after the column)."""
    return CheckConstraint(f"{column} BETWEEN 1 AND 5", name=column)


def competency_key() -> MappedColumn[Any]:
    """A competency as part of a row's key; a competency still referenced cannot be deleted."""
    return mapped_column(ForeignKey("competencies.id", ondelete="RESTRICT"), primary_key=True,
                         index=True)


def stamped(**kw: Any) -> MappedColumn[Any]:
    """A date-time the database fills in when the row is written."""
    return mapped_column(DateTime, server_default=func.current_timestamp(), **kw)

"""Building blocks the migration scripts share: columns and constraints written once.

FROZEN: every migration that uses a helper here runs it on each new database and on each
upgrade, so a helper must never change what it creates. A new rule gets a new helper; a
changed column gets a new migration. (This module lives outside `store/migrations/` because
the frozen program bundles that folder as data files, while this is imported as code.)
The names follow the naming convention of `store/models/_base.py` (`op.f` marks them final).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import sqlalchemy as sa
from alembic import op


def id_key() -> sa.Column[Any]:
    """The integer `id` most tables are keyed on."""
    return sa.Column("id", sa.Integer(), nullable=False)


def employee_record_key() -> tuple[sa.Column[Any], sa.Column[Any]]:
    """The `id` of a record that belongs to one employee, and its `employee_id`."""
    return id_key(), sa.Column("employee_id", sa.Integer(), nullable=False)


def stamp(name: str) -> sa.Column[Any]:
    """A date-time the database fills in when the row is written."""
    return sa.Column(name, sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                     nullable=False)


def key_value(table: str) -> tuple[Any, ...]:
    """A settings table: one JSON text per key."""
    return (sa.Column("key", sa.String(length=80), nullable=False),
            sa.Column("value", sa.Text(), nullable=False),
            pk(table, "key"))


def fk(table: str, column: str, target: str, ondelete: str | None = None,
       target_column: str = "id") -> sa.ForeignKeyConstraint:
    """`table.column` refers to `target.target_column`."""
    return sa.ForeignKeyConstraint([column], [f"{target}.{target_column}"], ondelete=ondelete,
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*(columns or ("id",)), name=op.f(f"pk_{table}"))


def check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def index(table: str, *columns: str, name: str | None = None) -> None:
    """A plain index, named `ix_<table>_<first column>` unless `name` is given."""
    op.create_index(name or op.f(f"ix_{table}_{columns[0]}"), table, list(columns),
                    unique=False)


def drop_index(table: str, column: str) -> None:
    op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)


def unique(table: str, column: str) -> sa.UniqueConstraint:
    """No two rows share `column`."""
    return sa.UniqueConstraint(column, name=op.f(f"uq_{table}_{column}"))


def competency_levels_table(table: str, owner: str, owner_table: str, level: str,
                            *extra: sa.Column[Any]) -> None:
    """Levels per competency of one owner (a position's standards, an assessment's results, a
    programme's targets): `level` 1..5, the rows go with their owner, a competency still used
    cannot be deleted, and an index finds the rows of one competency."""
    refs = sorted([(owner, owner_table, "CASCADE"), ("competency_id", "competencies", "RESTRICT")])
    op.create_table(table,
                    sa.Column(owner, sa.Integer(), nullable=False),
                    sa.Column("competency_id", sa.Integer(), nullable=False),
                    sa.Column(level, sa.Integer(), nullable=False),
                    *extra,
                    check(table, level, f"{level} BETWEEN 1 AND 5"),
                    *(fk(table, column, target, ondelete) for column, target, ondelete in refs),
                    pk(table, owner, "competency_id"))
    index(table, "competency_id")


# --- plain columns, several to a line -------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    """A column's type and whether it may be NULL (`INT`, `varchar(40)`, `DATE.null` …).

    FROZEN like everything here: `columns()` must keep making exactly these columns."""

    make: Callable[[], Any]
    nullable: bool = False

    @property
    def null(self) -> Kind:
        """The same type, NULL allowed."""
        return Kind(self.make, True)


INT = Kind(sa.Integer)
BIGINT = Kind(sa.BigInteger)
FLOAT = Kind(sa.Float)
TEXT = Kind(sa.Text)
DATE = Kind(sa.Date)
DATETIME = Kind(sa.DateTime)
BOOL = Kind(sa.Boolean)
BYTES = Kind(sa.LargeBinary)


def varchar(length: int) -> Kind:
    """A VARCHAR of at most `length` characters."""
    return Kind(partial(sa.String, length=length))


def columns(**kinds: Kind) -> list[sa.Column[Any]]:
    """`sa.Column(name, type, nullable=…)` for each `name=kind`, in the order given
    (`*columns(year=INT, note=TEXT.null)` inside `op.create_table`)."""
    return [sa.Column(name, kind.make(), nullable=kind.nullable) for name, kind in kinds.items()]


def checks(table: str, **conditions: str) -> list[sa.CheckConstraint]:
    """`check(table, name, condition)` for each `name=condition`, in the order given."""
    return [check(table, name, condition) for name, condition in conditions.items()]

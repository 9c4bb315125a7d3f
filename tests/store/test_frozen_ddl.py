"""The frozen migration helpers keep making exactly the columns the migrations once spelled
out: a change to `frozen_ddl.columns` or its kinds would change old migrations silently."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateTable

from karier_desktop.store.frozen_ddl import (
    BIGINT,
    BOOL,
    BYTES,
    DATE,
    DATETIME,
    FLOAT,
    INT,
    TEXT,
    columns,
    varchar,
)


def _ddl(*parts: sa.Column) -> list[str]:
    table = sa.Table("t", sa.MetaData(), *parts)
    return [str(CreateTable(table).compile(dialect=d)) for d in (sqlite.dialect(),
                                                                 postgresql.dialect())]


def test_columns_are_the_columns_the_migrations_wrote_out() -> None:
    short = columns(year=INT, amount=BIGINT, jp=FLOAT.null, note=TEXT, day=DATE.null,
                    at=DATETIME, active=BOOL.null, logo=BYTES, code=varchar(20),
                    name=varchar(150).null)
    spelled = [sa.Column("year", sa.Integer(), nullable=False),
               sa.Column("amount", sa.BigInteger(), nullable=False),
               sa.Column("jp", sa.Float(), nullable=True),
               sa.Column("note", sa.Text(), nullable=False),
               sa.Column("day", sa.Date(), nullable=True),
               sa.Column("at", sa.DateTime(), nullable=False),
               sa.Column("active", sa.Boolean(), nullable=True),
               sa.Column("logo", sa.LargeBinary(), nullable=False),
               sa.Column("code", sa.String(length=20), nullable=False),
               sa.Column("name", sa.String(length=150), nullable=True)]
    assert _ddl(*short) == _ddl(*spelled)
    assert [c.name for c in short] == [c.name for c in spelled]  # the order as written

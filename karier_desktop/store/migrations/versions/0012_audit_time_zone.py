"""audit_time_zone: the audit trail's times carry their time zone on a PostgreSQL server

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 13:00:00

On PostgreSQL `audit_log.at` becomes `timestamptz`; the times already there are read as UTC.
The append-only triggers stay (a column type change fires no row trigger). On a SQLite file
nothing changes: the column keeps UTC as ISO text (CURRENT_TIMESTAMP), and the audit viewer
shows it in the clerk's local time. Other time columns are left alone: some are written from
the clerk's local clock and some by the database in UTC, so no one rule converts them safely.
"""

from __future__ import annotations

from alembic import op

revision = '0012'
down_revision = '0011'


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE audit_log ALTER COLUMN at TYPE timestamptz USING at AT TIME ZONE 'UTC'")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE audit_log ALTER COLUMN at TYPE timestamp USING at AT TIME ZONE 'UTC'")

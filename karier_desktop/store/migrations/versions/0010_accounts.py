"""accounts: logins with roles, the OPD scope of an operator OPD and lock-out counters

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-07 04:10:00

One new table; nothing existing changes, so every database keeps its data. Users are not a
start-up snapshot source (the employee rows and Beranda do not read them).
"""

from __future__ import annotations

from alembic import op

from karier_desktop.store.frozen_ddl import (BOOL, DATETIME, INT, checks, columns, fk, id_key, pk,
                                             stamp, unique, varchar)

revision = '0010'
down_revision = '0009'


def upgrade() -> None:
    op.create_table("users",
        id_key(),
        *columns(username=varchar(40), display_name=varchar(120), role=varchar(20),
                 unit_id=INT.null, password_hash=varchar(255), failed_attempts=INT,
                 locked_until=DATETIME.null, active=BOOL),
        stamp('created_at'),
        stamp('changed_at'),
        *checks('users', role="role IN ('admin','operator_bkpp','operator_opd','pimpinan')",
                         opd_scope="role <> 'operator_opd' OR unit_id IS NOT NULL"),
        fk('users', 'unit_id', 'units', 'RESTRICT'),
        pk('users'),
        unique('users', 'username'),
    )
    op.create_index(op.f("ix_users_unit_id"), "users", ["unit_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_users_unit_id"), table_name="users")
    op.drop_table("users")

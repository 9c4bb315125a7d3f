"""accounts: logins with roles, the OPD scope of an operator OPD and lock-out counters

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-07 04:10:00

One new table; nothing existing changes, so every database keeps its data. Users are not a
start-up snapshot source (the employee rows and Beranda do not read them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from karier_desktop.store.frozen_ddl import check, fk, id_key, pk, stamp, unique

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        id_key(),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        stamp('created_at'),
        stamp('changed_at'),
        check('users', 'role', "role IN ('admin','operator_bkpp','operator_opd','pimpinan')"),
        check('users', 'opd_scope', "role <> 'operator_opd' OR unit_id IS NOT NULL"),
        fk('users', 'unit_id', 'units', 'RESTRICT'),
        pk('users'),
        unique('users', 'username'),
    )
    op.create_index(op.f("ix_users_unit_id"), "users", ["unit_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_users_unit_id"), table_name="users")
    op.drop_table("users")

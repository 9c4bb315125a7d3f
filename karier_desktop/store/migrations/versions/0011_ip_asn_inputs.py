"""ip_asn_inputs: the IP ASN kualifikasi, kinerja and disiplin inputs per employee and year

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-07 04:20:00

A new table only; existing data is untouched. Not a start-up snapshot source.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from karier_desktop.store.frozen_ddl import check, employee_record_key, fk, pk, stamp

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ip_asn_inputs",
        *employee_record_key(),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("education", sa.String(length=10), nullable=True),
        sa.Column("kinerja", sa.String(length=20), nullable=True),
        sa.Column("disiplin", sa.String(length=15), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        stamp('updated_at'),
        check('ip_asn_inputs', 'source', "source IN ('entri','impor')"),
        fk('ip_asn_inputs', 'employee_id', 'employees', 'CASCADE'),
        pk('ip_asn_inputs'),
        sa.UniqueConstraint("employee_id", "year", name=op.f("uq_ip_asn_inputs_employee_id")),
    )


def downgrade() -> None:
    op.drop_table("ip_asn_inputs")

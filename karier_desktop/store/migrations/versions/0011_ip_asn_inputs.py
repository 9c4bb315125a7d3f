"""ip_asn_inputs: the IP ASN kualifikasi, kinerja and disiplin inputs per employee and year

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-07 04:20:00

A new table only; existing data is untouched. Not a start-up snapshot source.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ip_asn_inputs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("education", sa.String(length=10), nullable=True),
        sa.Column("kinerja", sa.String(length=20), nullable=True),
        sa.Column("disiplin", sa.String(length=15), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.CheckConstraint("source IN ('entri','impor')", name=op.f("ck_ip_asn_inputs_source")),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.id"],
                                name=op.f("fk_ip_asn_inputs_employee_id_employees"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ip_asn_inputs")),
        sa.UniqueConstraint("employee_id", "year", name=op.f("uq_ip_asn_inputs_employee_id")),
    )


def downgrade() -> None:
    op.drop_table("ip_asn_inputs")

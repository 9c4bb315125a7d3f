"""SIASN training state: origin of each training record and what was sent to SIASN

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-07 02:20:00

One row per training record that SIASN has seen or that went out in a SIASN export
(services.exchange). Not a start-up snapshot source: Beranda does not read it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "siasn_training_state",
        sa.Column("training_record_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("siasn_values", sa.Text(), nullable=True),
        sa.Column("sent_kind", sa.String(length=10), nullable=True),
        sa.Column("sent_fingerprint", sa.String(length=64), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("origin IN ('siasn','aplikasi')",
                           name=op.f("ck_siasn_training_state_origin")),
        sa.ForeignKeyConstraint(
            ["training_record_id"], ["training_records.id"],
            name=op.f("fk_siasn_training_state_training_record_id_training_records"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("training_record_id", name=op.f("pk_siasn_training_state")),
    )


def downgrade() -> None:
    op.drop_table("siasn_training_state")

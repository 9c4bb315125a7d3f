"""exchange: SIASN training state, stable ids and versions, package log and conflicts

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 02:20:00

One row per training record that SIASN has seen or that went out in a SIASN export
(services.exchange); the stable id, version and base of every record exchanged between an OPD
and the BKPP, the log of packages made and applied, and the fields waiting for a choice.
None of them is a start-up snapshot source: Beranda does not read them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from karier_desktop.store.frozen_ddl import check, fk, id_key, pk, stamp

revision = '0008'
down_revision = '0007'
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
        check('siasn_training_state', 'origin', "origin IN ('siasn','aplikasi')"),
        fk('siasn_training_state', 'training_record_id', 'training_records', 'CASCADE'),
        pk('siasn_training_state', 'training_record_id'),
    )

    op.create_table(
        "exchange_keys",
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("local_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("version_values", sa.Text(), nullable=False),
        sa.Column("synced_version", sa.Integer(), nullable=False),
        sa.Column("synced_values", sa.Text(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        pk('exchange_keys', 'uid'),
    )
    op.create_index("ix_exchange_keys_entity_local", "exchange_keys", ["entity", "local_id"])
    op.create_table(
        "exchange_log",
        id_key(),
        sa.Column("direction", sa.String(length=6), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("sender", sa.String(length=40), nullable=False),
        sa.Column("recipient", sa.String(length=40), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        stamp('at'),
        pk('exchange_log'),
        sa.UniqueConstraint("direction", "sender", "recipient", "sequence",
                            name="direction"),
    )
    op.create_table(
        "exchange_conflicts",
        id_key(),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("ours", sa.Text(), nullable=True),
        sa.Column("theirs", sa.Text(), nullable=True),
        sa.Column("peer", sa.String(length=40), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("chosen", sa.String(length=10), nullable=True),
        check('exchange_conflicts', 'status', "status IN ('terbuka','selesai')"),
        fk('exchange_conflicts', 'uid', 'exchange_keys', 'CASCADE', target_column='uid'),
        pk('exchange_conflicts'),
    )
    op.create_index("ix_exchange_conflicts_uid", "exchange_conflicts", ["uid"])


def downgrade() -> None:
    op.drop_index("ix_exchange_conflicts_uid", table_name="exchange_conflicts")
    op.drop_table("exchange_conflicts")
    op.drop_table("exchange_log")
    op.drop_index("ix_exchange_keys_entity_local", table_name="exchange_keys")
    op.drop_table("exchange_keys")
    op.drop_table("siasn_training_state")

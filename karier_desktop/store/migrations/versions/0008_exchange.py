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

from karier_desktop.store.frozen_ddl import (BOOL, DATETIME, INT, TEXT, check, columns, fk, id_key,
                                             pk, stamp, varchar)

revision = '0008'
down_revision = '0007'


def upgrade() -> None:
    op.create_table("siasn_training_state",
        *columns(training_record_id=INT, origin=varchar(10), siasn_values=TEXT.null,
                 sent_kind=varchar(10).null, sent_fingerprint=varchar(64).null,
                 sent_at=DATETIME.null),
        check('siasn_training_state', 'origin', "origin IN ('siasn','aplikasi')"),
        fk('siasn_training_state', 'training_record_id', 'training_records', 'CASCADE'),
        pk('siasn_training_state', 'training_record_id'),
    )

    op.create_table("exchange_keys",
        *columns(uid=varchar(36), entity=varchar(20), local_id=INT.null, version=INT,
                 version_values=TEXT, synced_version=INT, synced_values=TEXT.null, deleted=BOOL,
                 locked=BOOL),
        pk('exchange_keys', 'uid'),
    )
    op.create_index("ix_exchange_keys_entity_local", "exchange_keys", ["entity", "local_id"])
    op.create_table("exchange_log",
        id_key(),
        *columns(direction=varchar(6), kind=varchar(12), sender=varchar(40), recipient=varchar(40),
                 sequence=INT, sha256=varchar(64), summary=TEXT),
        stamp('at'),
        pk('exchange_log'),
        sa.UniqueConstraint("direction", "sender", "recipient", "sequence",
                            name="direction"),
    )
    op.create_table("exchange_conflicts",
        id_key(),
        *columns(uid=varchar(36), field=varchar(40), ours=TEXT.null, theirs=TEXT.null,
                 peer=varchar(40), sequence=INT, status=varchar(10), chosen=varchar(10).null),
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

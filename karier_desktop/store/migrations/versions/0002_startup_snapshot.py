"""change stamp and start-up snapshot

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from karier_desktop.store.frozen_ddl import BYTES, TEXT, columns, id_key, pk, varchar

revision = '0002'
down_revision = '0001'

EVENTS = ("update", "delete")  # inserts show in max(rowid); see store.snapshot
# The source tables as they were at this revision, frozen: a migration must not read the live
# list (store.revision.SNAPSHOT_SOURCES), or a table added to it later would get its triggers
# on new databases and not on upgraded ones. A table added later gets them in its own migration;
# tests/store/test_snapshot_sources.py checks that every listed table has them.
SNAPSHOT_SOURCES = (
    "settings", "units", "positions", "position_kinds", "competencies", "position_standards",
    "ranks", "employees", "assessments", "assessment_results", "programmes", "training_records",
)


def upgrade() -> None:
    op.create_table('change_stamp',
    id_key(),
    sa.Column('n', sa.BigInteger(), nullable=False),
    pk('change_stamp')
    )
    op.create_table('startup_snapshot',
    id_key(),
    *columns(version=TEXT, made_on=varchar(10), app_version=varchar(20), payload=BYTES),
    pk('startup_snapshot')
    )
    op.execute("INSERT INTO change_stamp (id, n) VALUES (1, 0)")
    if op.get_bind().dialect.name == "sqlite":
        # Row triggers: every change or deletion in a source table moves the stamp, so a
        # snapshot made before it no longer matches.
        for table in SNAPSHOT_SOURCES:
            for event in EVENTS:
                op.execute(
                    f"CREATE TRIGGER trg_{table}_{event}_stamp AFTER {event.upper()} ON {table} "
                    "BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in SNAPSHOT_SOURCES:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_{event}_stamp")
    op.drop_table('startup_snapshot')
    op.drop_table('change_stamp')

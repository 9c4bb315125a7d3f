"""IDP form blocks: funding source per item, aspiration/commitment/notes per plan,
programme audience

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 01:40:00

Only columns are added (plain ALTER TABLE ADD COLUMN on SQLite and PostgreSQL), so no table is
recreated and the change-stamp triggers of migration 0002 on `programmes` stay in place. No new
table is read by the start view, so the snapshot source list is unchanged.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'

PLAN_COLUMNS = (
    ('aspiration', sa.Text()),
    ('target_position', sa.String(length=200)),
    ('commitment', sa.Text()),
    ('supervisor_notes', sa.Text()),
    ('supervisor_caption', sa.String(length=150)),
    ('head_caption', sa.String(length=150)),
)
ITEM_COLUMNS = (
    ('funding_source', sa.String(length=20)),
    ('competency_codes', sa.String(length=200)),
    ('evidence', sa.String(length=250)),
    ('purpose', sa.String(length=20)),
)
PROGRAMME_COLUMNS = (
    ('audience_unit_kinds', sa.String(length=300)),
    ('audience_fields', sa.String(length=300)),
    ('mandatory_for', sa.String(length=40)),
)
TABLES = (('development_plans', PLAN_COLUMNS), ('plan_items', ITEM_COLUMNS),
          ('programmes', PROGRAMME_COLUMNS))


def upgrade() -> None:
    for table, columns in TABLES:
        for name, type_ in columns:
            op.add_column(table, sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    for table, columns in reversed(TABLES):
        with op.batch_alter_table(table) as batch:
            for name, _type in reversed(columns):
                batch.drop_column(name)

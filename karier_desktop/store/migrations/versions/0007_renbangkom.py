"""the regency's yearly competency development plan (Renbangkom): plans, lines, participants,
budgets per year and funding source

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 02:20:00

New tables only; none is read by the start view, so the snapshot source list is unchanged.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from karier_desktop.store.frozen_ddl import check, fk, id_key, pk, stamp

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'renbangkom_plans',
        id_key(),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('verified_on', sa.Date(), nullable=True),
        sa.Column('set_on', sa.Date(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        stamp('created_at'),
        check('renbangkom_plans', 'status', "status IN ('draf','diverifikasi','ditetapkan','diganti')"),
        pk('renbangkom_plans'),
        sa.UniqueConstraint('year', 'version', name='year_version'),
    )
    op.create_table(
        'renbangkom_lines',
        id_key(),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('competency_code', sa.String(length=20), nullable=True),
        sa.Column('competency_kind', sa.String(length=20), nullable=True),
        sa.Column('activity', sa.String(length=250), nullable=False),
        sa.Column('form_code', sa.String(length=10), nullable=True),
        sa.Column('programme_id', sa.Integer(), nullable=True),
        sa.Column('organiser', sa.String(length=200), nullable=False),
        sa.Column('quarter', sa.Integer(), nullable=False),
        sa.Column('jp', sa.Float(), nullable=False),
        sa.Column('cost', sa.BigInteger(), nullable=False),
        sa.Column('funding_source', sa.String(length=20), nullable=False),
        sa.Column('priority', sa.Integer(), nullable=False),
        check('renbangkom_lines', 'quarter', 'quarter BETWEEN 1 AND 4'),
        check('renbangkom_lines', 'priority', 'priority BETWEEN 1 AND 3'),
        fk('renbangkom_lines', 'plan_id', 'renbangkom_plans', 'CASCADE'),
        fk('renbangkom_lines', 'programme_id', 'programmes', 'SET NULL'),
        pk('renbangkom_lines'),
    )
    op.create_index(op.f('ix_renbangkom_lines_plan_id'), 'renbangkom_lines', ['plan_id'])
    op.create_table(
        'renbangkom_participants',
        sa.Column('line_id', sa.Integer(), nullable=False),
        sa.Column('employee_id', sa.Integer(), nullable=False),
        sa.Column('plan_item_id', sa.Integer(), nullable=True),
        sa.Column('jp', sa.Float(), nullable=False),
        sa.Column('cost', sa.BigInteger(), nullable=False),
        fk('renbangkom_participants', 'line_id', 'renbangkom_lines', 'CASCADE'),
        fk('renbangkom_participants', 'employee_id', 'employees', 'CASCADE'),
        fk('renbangkom_participants', 'plan_item_id', 'plan_items', 'SET NULL'),
        pk('renbangkom_participants', 'line_id', 'employee_id'),
    )
    op.create_index(op.f('ix_renbangkom_participants_employee_id'), 'renbangkom_participants',
                    ['employee_id'])
    op.create_table(
        'renbangkom_budgets',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('funding_source', sa.String(length=20), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        pk('renbangkom_budgets', 'year', 'funding_source'),
    )


def downgrade() -> None:
    op.drop_table('renbangkom_budgets')
    op.drop_index(op.f('ix_renbangkom_participants_employee_id'), 'renbangkom_participants')
    op.drop_table('renbangkom_participants')
    op.drop_index(op.f('ix_renbangkom_lines_plan_id'), 'renbangkom_lines')
    op.drop_table('renbangkom_lines')
    op.drop_table('renbangkom_plans')

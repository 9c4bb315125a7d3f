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

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'renbangkom_plans',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('verified_on', sa.Date(), nullable=True),
        sa.Column('set_on', sa.Date(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'),
                  nullable=False),
        sa.CheckConstraint("status IN ('draf','diverifikasi','ditetapkan','diganti')",
                           name=op.f('ck_renbangkom_plans_status')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_renbangkom_plans')),
        sa.UniqueConstraint('year', 'version', name='year_version'),
    )
    op.create_table(
        'renbangkom_lines',
        sa.Column('id', sa.Integer(), nullable=False),
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
        sa.CheckConstraint('quarter BETWEEN 1 AND 4', name=op.f('ck_renbangkom_lines_quarter')),
        sa.CheckConstraint('priority BETWEEN 1 AND 3', name=op.f('ck_renbangkom_lines_priority')),
        sa.ForeignKeyConstraint(['plan_id'], ['renbangkom_plans.id'], ondelete='CASCADE',
                                name=op.f('fk_renbangkom_lines_plan_id_renbangkom_plans')),
        sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], ondelete='SET NULL',
                                name=op.f('fk_renbangkom_lines_programme_id_programmes')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_renbangkom_lines')),
    )
    op.create_index(op.f('ix_renbangkom_lines_plan_id'), 'renbangkom_lines', ['plan_id'])
    op.create_table(
        'renbangkom_participants',
        sa.Column('line_id', sa.Integer(), nullable=False),
        sa.Column('employee_id', sa.Integer(), nullable=False),
        sa.Column('plan_item_id', sa.Integer(), nullable=True),
        sa.Column('jp', sa.Float(), nullable=False),
        sa.Column('cost', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['line_id'], ['renbangkom_lines.id'], ondelete='CASCADE',
                                name=op.f('fk_renbangkom_participants_line_id_renbangkom_lines')),
        sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], ondelete='CASCADE',
                                name=op.f('fk_renbangkom_participants_employee_id_employees')),
        sa.ForeignKeyConstraint(['plan_item_id'], ['plan_items.id'], ondelete='SET NULL',
                                name=op.f('fk_renbangkom_participants_plan_item_id_plan_items')),
        sa.PrimaryKeyConstraint('line_id', 'employee_id', name=op.f('pk_renbangkom_participants')),
    )
    op.create_index(op.f('ix_renbangkom_participants_employee_id'), 'renbangkom_participants',
                    ['employee_id'])
    op.create_table(
        'renbangkom_budgets',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('funding_source', sa.String(length=20), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('year', 'funding_source', name=op.f('pk_renbangkom_budgets')),
    )


def downgrade() -> None:
    op.drop_table('renbangkom_budgets')
    op.drop_index(op.f('ix_renbangkom_participants_employee_id'), 'renbangkom_participants')
    op.drop_table('renbangkom_participants')
    op.drop_index(op.f('ix_renbangkom_lines_plan_id'), 'renbangkom_lines')
    op.drop_table('renbangkom_lines')
    op.drop_table('renbangkom_plans')

"""talent management: SKP and potential results, talent settings, overrides, critical posts

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 01:14:17

Independent of 0003/0004 (other branches): the lead re-chains down_revision at merge.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('talent_settings',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_talent_settings'))
    )
    op.create_table('critical_positions',
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('acting_employee_id', sa.Integer(), nullable=True),
    sa.Column('marked_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['acting_employee_id'], ['employees.id'], name=op.f('fk_critical_positions_acting_employee_id_employees'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['position_id'], ['positions.id'], name=op.f('fk_critical_positions_position_id_positions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('position_id', name=op.f('pk_critical_positions'))
    )
    with op.batch_alter_table('critical_positions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_critical_positions_acting_employee_id'), ['acting_employee_id'], unique=False)

    op.create_table('potential_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('berpikir_kritis', sa.Float(), nullable=True),
    sa.Column('intelektual', sa.Float(), nullable=True),
    sa.Column('interpersonal', sa.Float(), nullable=True),
    sa.Column('kesadaran_diri', sa.Float(), nullable=True),
    sa.Column('motivasi_komitmen', sa.Float(), nullable=True),
    sa.Column('total', sa.Float(), nullable=False),
    sa.Column('method', sa.String(length=60), nullable=True),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.CheckConstraint('total BETWEEN 0 AND 100', name=op.f('ck_potential_results_total')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_potential_results_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_potential_results')),
    sa.UniqueConstraint('employee_id', 'assessed_on', name='potential_employee_date')
    )
    with op.batch_alter_table('potential_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_potential_results_employee_id'), ['employee_id'], unique=False)

    op.create_table('skp_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('hasil_kinerja', sa.String(length=30), nullable=True),
    sa.Column('perilaku_kerja', sa.String(length=30), nullable=True),
    sa.Column('predikat', sa.String(length=30), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_skp_results_year')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_skp_results_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skp_results')),
    sa.UniqueConstraint('employee_id', 'year', name='skp_employee_year')
    )
    with op.batch_alter_table('skp_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_skp_results_employee_id'), ['employee_id'], unique=False)

    op.create_table('talent_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('box', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('approved_by', sa.String(length=150), nullable=False),
    sa.Column('at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('box BETWEEN 1 AND 9', name=op.f('ck_talent_overrides_box')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_talent_overrides_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talent_overrides')),
    sa.UniqueConstraint('employee_id', 'period', name='override_employee_period')
    )
    with op.batch_alter_table('talent_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talent_overrides_employee_id'), ['employee_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('talent_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talent_overrides_employee_id'))

    op.drop_table('talent_overrides')
    with op.batch_alter_table('skp_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_skp_results_employee_id'))

    op.drop_table('skp_results')
    with op.batch_alter_table('potential_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_potential_results_employee_id'))

    op.drop_table('potential_results')
    with op.batch_alter_table('critical_positions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_critical_positions_acting_employee_id'))

    op.drop_table('critical_positions')
    op.drop_table('talent_settings')

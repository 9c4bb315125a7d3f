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

from karier_desktop.store.frozen_ddl import (BIGINT, DATE, FLOAT, INT, TEXT, check, checks, columns,
                                             fk, id_key, pk, stamp, varchar)

revision = '0007'
down_revision = '0006'


def upgrade() -> None:
    op.create_table('renbangkom_plans',
        id_key(),
        *columns(year=INT, version=INT, status=varchar(12), verified_on=DATE.null, set_on=DATE.null,
                 note=TEXT),
        stamp('created_at'),
        check('renbangkom_plans', 'status', "status IN ('draf','diverifikasi','ditetapkan','diganti')"),
        pk('renbangkom_plans'),
        sa.UniqueConstraint('year', 'version', name='year_version'),
    )
    op.create_table('renbangkom_lines',
        id_key(),
        *columns(plan_id=INT, seq=INT, competency_code=varchar(20).null,
                 competency_kind=varchar(20).null, activity=varchar(250),
                 form_code=varchar(10).null, programme_id=INT.null, organiser=varchar(200),
                 quarter=INT, jp=FLOAT, cost=BIGINT, funding_source=varchar(20), priority=INT),
        *checks('renbangkom_lines', quarter='quarter BETWEEN 1 AND 4',
                                    priority='priority BETWEEN 1 AND 3'),
        fk('renbangkom_lines', 'plan_id', 'renbangkom_plans', 'CASCADE'),
        fk('renbangkom_lines', 'programme_id', 'programmes', 'SET NULL'),
        pk('renbangkom_lines'),
    )
    op.create_index(op.f('ix_renbangkom_lines_plan_id'), 'renbangkom_lines', ['plan_id'])
    op.create_table('renbangkom_participants',
        *columns(line_id=INT, employee_id=INT, plan_item_id=INT.null, jp=FLOAT, cost=BIGINT),
        fk('renbangkom_participants', 'line_id', 'renbangkom_lines', 'CASCADE'),
        fk('renbangkom_participants', 'employee_id', 'employees', 'CASCADE'),
        fk('renbangkom_participants', 'plan_item_id', 'plan_items', 'SET NULL'),
        pk('renbangkom_participants', 'line_id', 'employee_id'),
    )
    op.create_index(op.f('ix_renbangkom_participants_employee_id'), 'renbangkom_participants',
                    ['employee_id'])
    op.create_table('renbangkom_budgets',
        *columns(year=INT, funding_source=varchar(20), amount=BIGINT),
        pk('renbangkom_budgets', 'year', 'funding_source'),
    )


def downgrade() -> None:
    op.drop_table('renbangkom_budgets')
    op.drop_index(op.f('ix_renbangkom_participants_employee_id'), 'renbangkom_participants')
    op.drop_table('renbangkom_participants')
    op.drop_index(op.f('ix_renbangkom_lines_plan_id'), 'renbangkom_lines')
    op.drop_table('renbangkom_lines')
    op.drop_table('renbangkom_plans')

"""talent management: SKP and potential results, talent settings, overrides, critical posts

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 01:14:17

Independent of 0003/0004 (other branches): the lead re-chains down_revision at merge.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from karier_desktop.store.frozen_ddl import (DATE, FLOAT, INT, TEXT, check, columns, drop_index,
                                             employee_record_key, fk, index, key_value, pk, stamp,
                                             varchar)

revision = '0005'
down_revision = '0004'


def upgrade() -> None:
    op.create_table('talent_settings', *key_value('talent_settings'))
    op.create_table('critical_positions',
    *columns(position_id=INT, reason=TEXT, acting_employee_id=INT.null, marked_on=DATE),
    fk('critical_positions', 'acting_employee_id', 'employees', 'SET NULL'),
    fk('critical_positions', 'position_id', 'positions', 'CASCADE'),
    pk('critical_positions', 'position_id'),
    )
    index('critical_positions', 'acting_employee_id')
    _employee_table('potential_results', 'assessed_on', 'potential_employee_date',
                    ('total', 'total BETWEEN 0 AND 100'),
                    sa.Column('assessed_on', sa.Date(), nullable=False),
                    *(sa.Column(aspect, sa.Float(), nullable=True) for aspect in (
                        'berpikir_kritis', 'intelektual', 'interpersonal', 'kesadaran_diri',
                        'motivasi_komitmen')),
                    *columns(total=FLOAT, method=varchar(60).null, source=varchar(10)))
    _employee_table('skp_results', 'year', 'skp_employee_year',
                    ('year', 'year BETWEEN 2000 AND 2100'),
                    *columns(year=INT, hasil_kinerja=varchar(30).null,
                             perilaku_kerja=varchar(30).null, predikat=varchar(30),
                             source=varchar(10)),
                    stamp('recorded_at'))
    _employee_table('talent_overrides', 'period', 'override_employee_period',
                    ('box', 'box BETWEEN 1 AND 9'),
                    *columns(period=INT, box=INT, reason=TEXT, approved_by=varchar(150)),
                    stamp('at'))


def _employee_table(table: str, per: str, unique_name: str, rule: tuple[str, str],
                    *columns: sa.Column) -> None:
    """A result of one employee, at most one per `per`, kept in range by `rule`."""
    op.create_table(table, *employee_record_key(),
                    *columns, check(table, *rule), fk(table, 'employee_id', 'employees', 'CASCADE'),
                    pk(table), sa.UniqueConstraint('employee_id', per, name=unique_name))
    index(table, 'employee_id')


def downgrade() -> None:
    for table in ('talent_overrides', 'skp_results', 'potential_results'):
        drop_index(table, 'employee_id')
        op.drop_table(table)
    drop_index('critical_positions', 'acting_employee_id')
    op.drop_table('critical_positions')
    op.drop_table('talent_settings')

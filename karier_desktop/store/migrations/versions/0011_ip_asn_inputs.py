"""ip_asn_inputs: the IP ASN kualifikasi, kinerja and disiplin inputs per employee and year

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-07 04:20:00

A new table only; existing data is untouched. Not a start-up snapshot source.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from karier_desktop.store.frozen_ddl import (INT, check, columns, employee_record_key, fk, pk,
                                             stamp, varchar)

revision = '0011'
down_revision = '0010'


def upgrade() -> None:
    op.create_table("ip_asn_inputs",
        *employee_record_key(),
        *columns(year=INT, education=varchar(10).null, kinerja=varchar(20).null,
                 disiplin=varchar(15).null, source=varchar(10)),
        stamp('updated_at'),
        check('ip_asn_inputs', 'source', "source IN ('entri','impor')"),
        fk('ip_asn_inputs', 'employee_id', 'employees', 'CASCADE'),
        pk('ip_asn_inputs'),
        sa.UniqueConstraint("employee_id", "year", name=op.f("uq_ip_asn_inputs_employee_id")),
    )


def downgrade() -> None:
    op.drop_table("ip_asn_inputs")

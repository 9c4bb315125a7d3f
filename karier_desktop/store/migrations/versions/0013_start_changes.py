"""start_changes: the employees changed since the start-up snapshot was kept

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 12:40:00

A new table and, on SQLite, row triggers that note which employee a change touches, so the
start view is brought up to date by reading again only those employees (services.start.
snapshot.current). Existing data is untouched; the first start after the upgrade computes the
view in full (the table starts with the "everything" mark, 0).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'

EVERYTHING = 0
# Per table, the employees a row is about ({row}: OLD or NEW), as a query. Noted with NOT
# EXISTS rather than INSERT OR IGNORE: inside a foreign-key action (employees.supervisor_id SET
# NULL on a DELETE) SQLite does not honour the trigger's OR IGNORE.
# Tables one employee's row is made of: that employee (before and after the change).
PER_EMPLOYEE = {
    "employees": "SELECT {row}.id AS eid",
    "assessments": "SELECT {row}.employee_id AS eid",
    "training_records": "SELECT {row}.employee_id AS eid",
    # an assessment's levels: the employee of the assessment; a standard: its position's people
    "assessment_results": "SELECT employee_id AS eid FROM assessments WHERE id = {row}.assessment_id",
    "position_standards": "SELECT id AS eid FROM employees WHERE position_id = {row}.position_id",
}
# Reference tables: a change may touch any row. A new unit, position, kind, competency or
# programme changes no existing row (an employee placed on it is noted above); a new setting or
# rank may (a setting's default replaced, a rank code employees already carry).
EVERYWHERE = {
    "settings": ("insert", "update", "delete"),
    "ranks": ("insert", "update", "delete"),
    "units": ("update", "delete"),
    "positions": ("update", "delete"),
    "position_kinds": ("update", "delete"),
    "competencies": ("update", "delete"),
    "programmes": ("update", "delete"),
}
ROWS = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}


def _note(query: str) -> str:
    return (f"INSERT INTO start_changes (employee_id) SELECT DISTINCT eid FROM ({query}) "
            "WHERE eid IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM start_changes WHERE employee_id = eid);")


def trigger_statements() -> dict[str, str]:
    """Trigger name -> CREATE TRIGGER statement."""
    bodies: list[tuple[str, str, str]] = []  # (table, event, body)
    for event, rows in ROWS.items():
        for table, query in PER_EMPLOYEE.items():
            bodies.append((table, event, " ".join(_note(query.format(row=r)) for r in rows)))
    for table, events in EVERYWHERE.items():
        bodies.extend((table, event, _note(f"SELECT {EVERYTHING} AS eid")) for event in events)
    return {f"trg_{table}_{event}_start":
            f"CREATE TRIGGER trg_{table}_{event}_start AFTER {event.upper()} ON {table} "
            f"BEGIN {body} END"
            for table, event, body in bodies}


def upgrade() -> None:
    op.create_table("start_changes",
        sa.Column("employee_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("employee_id", name=op.f("pk_start_changes")),
    )
    if op.get_bind().dialect.name == "sqlite":  # a server keeps no start-up snapshot
        op.execute(f"INSERT INTO start_changes (employee_id) VALUES ({EVERYTHING})")
        for statement in trigger_statements().values():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in trigger_statements():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("start_changes")

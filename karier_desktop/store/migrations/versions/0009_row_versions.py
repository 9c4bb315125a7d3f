"""row versions for concurrent clerks, and change notices on a server

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 04:10:00

Every record a clerk edits in a dialog gets `row_version` (existing rows: 1). A trigger moves
it on every UPDATE that did not move it itself, so a bulk import, the command line or another
program makes an open dialog stale too; the edit services compare it (services/versions.py).
On PostgreSQL, a statement trigger on the start-up snapshot's source tables sends a NOTIFY on
the channel `karier_data` (delivered at commit), which the employee table listens for.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'

# Frozen at this revision (see 0002): a table added later gets its trigger in its own migration.
VERSIONED = ("units", "positions", "employees", "assessments", "programmes",
             "training_records", "development_plans", "plan_items")
NOTIFY_SOURCES = (
    "settings", "units", "positions", "position_kinds", "competencies", "position_standards",
    "ranks", "employees", "assessments", "assessment_results", "programmes", "training_records",
)


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("row_version", sa.Integer(), nullable=False,
                                       server_default="1"))
    if op.get_bind().dialect.name == "sqlite":
        for table in VERSIONED:
            # recursive_triggers is off: the inner UPDATE does not fire this trigger again
            op.execute(
                f"CREATE TRIGGER trg_{table}_row_version AFTER UPDATE ON {table} "
                "FOR EACH ROW WHEN NEW.row_version = OLD.row_version "
                f"BEGIN UPDATE {table} SET row_version = OLD.row_version + 1 "
                "WHERE id = NEW.id; END")
        return
    op.execute(
        "CREATE FUNCTION karier_bump_row_version() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN IF NEW.row_version = OLD.row_version THEN "
        "NEW.row_version := OLD.row_version + 1; END IF; RETURN NEW; END $$")
    for table in VERSIONED:
        op.execute(f"CREATE TRIGGER trg_{table}_row_version BEFORE UPDATE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION karier_bump_row_version()")
    op.execute(
        "CREATE FUNCTION karier_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN PERFORM pg_notify('karier_data', TG_TABLE_NAME); RETURN NULL; END $$")
    for table in NOTIFY_SOURCES:
        op.execute(f"CREATE TRIGGER trg_{table}_notify AFTER INSERT OR UPDATE OR DELETE "
                   f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION karier_notify_change()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in VERSIONED:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_row_version")
    else:
        for table in NOTIFY_SOURCES:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_notify ON {table}")
        for table in VERSIONED:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_row_version ON {table}")
        op.execute("DROP FUNCTION IF EXISTS karier_notify_change()")
        op.execute("DROP FUNCTION IF EXISTS karier_bump_row_version()")
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("row_version")

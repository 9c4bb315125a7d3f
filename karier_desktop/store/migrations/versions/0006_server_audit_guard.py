"""append-only audit log on PostgreSQL

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 01:40:00

SQLite got its guard in 0001 (two triggers that raise). PostgreSQL gets one trigger that refuses
UPDATE and DELETE of any row, and one that refuses TRUNCATE, so the audit trail of a shared
office database cannot be rewritten through the app's connection.
"""

from __future__ import annotations

from alembic import op

revision = '0006'
down_revision = '0005'


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'catatan audit tidak boleh diubah atau dihapus'; END $$")
    op.execute("CREATE TRIGGER trg_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
               "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()")
    op.execute("CREATE TRIGGER trg_audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
               "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS trg_audit_log_no_truncate ON audit_log")
    op.execute("DROP TRIGGER IF EXISTS trg_audit_log_append_only ON audit_log")
    op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")

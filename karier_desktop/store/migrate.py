"""Schema migrations (Alembic) driven from inside the app."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    # ConfigParser reads "%" as interpolation: an install path like "C:\\Data 100%\\..." must
    # be escaped or Alembic cannot find its scripts.
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(engine: Engine, first: tuple[str, ...] = ()) -> None:
    """Upgrade in one transaction; on SQLite a failure leaves the old schema untouched.

    `first`: statements run in the same transaction before the migrations (e.g. the PRAGMAs
    that stamp a new file as ours).
    """
    with engine.begin() as conn:
        for statement in first:
            conn.exec_driver_sql(statement)
        command.upgrade(alembic_config(conn), "head")

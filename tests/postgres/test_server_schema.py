"""A server database migrated from empty has the schema the models declare (the migrations
build tables from store/frozen_ddl.py; this is what keeps that shared code honest)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, inspect

from karier_desktop.store import models as m
from karier_desktop.store.lifecycle import open_database


def test_a_server_database_migrated_from_empty_matches_the_models(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, m.Base.metadata)
            checks = {t: sorted(c["name"] for c in inspect(conn).get_check_constraints(t))
                      for t in m.Base.metadata.tables}
    finally:
        db.dispose()
    assert diff == []
    # Autogenerate does not compare CHECK constraints: every one the models name is there.
    declared = {t.name: sorted(str(c.name) for c in t.constraints
                               if isinstance(c, CheckConstraint))
                for t in m.Base.metadata.sorted_tables}
    assert checks == declared

"""Alembic environment: runs inside the app with a connection handed over by store.migrate."""

from __future__ import annotations

from alembic import context

from karier_desktop.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # alembic command line: build our own engine
        from karier_desktop.store.db import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.connect() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection: object) -> None:
    # Our engine emits a real BEGIN on SQLite, so DDL is transactional: a failed migration
    # rolls back whole instead of leaving a half-migrated file.
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        transactional_ddl=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported")
run_migrations_online()

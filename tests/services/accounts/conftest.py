"""Account tests run on both back ends: the SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from karier_desktop.services import demo
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated database on each back end."""
    target = (str(request.getfixturevalue("pg_url")) if request.param == "postgresql"
              else tmp_path / "karier.db")
    database = open_database(target)
    yield database
    database.dispose()


@pytest.fixture
def regency_db(any_db: Database) -> Database:
    """A small demo regency (several OPD) on each back end."""
    with any_db.session_scope() as s:
        demo.generate(s, 120, seed=3, today=TODAY)
    return any_db

"""Fixtures of the service tests: two clerks on one database, on both back ends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from clerks import Clerk

from karier_desktop.services import demo
from karier_desktop.store.lifecycle import open_database

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(params=["sqlite", "postgresql"])
def clerks(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Clerk, Clerk]]:
    """Ani and Budi on one database holding a small demo regency. On SQLite both work in this
    one process (the file has one writer, one connection); on the server each has their own
    connection, as two windows on two computers do."""
    if request.param == "sqlite":
        url: str = str(tmp_path / "karier.db")
    else:
        url = request.getfixturevalue("pg_url")
    first = open_database(url)
    with first.session_scope() as s:
        demo.generate(s, 30, seed=5, today=TODAY)
    second = first if request.param == "sqlite" else open_database(url)
    yield Clerk(first, "ani"), Clerk(second, "budi")
    if second is not first:
        second.dispose()
    first.dispose()

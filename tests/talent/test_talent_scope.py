"""Succession candidates of an operator OPD come only from their OPD, on both back ends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from karier_desktop.services import talent
from karier_desktop.services.accounts import login, users
from karier_desktop.services.accounts.roles import Account, Role
from karier_desktop.services.accounts.session import sign_in
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database

from .conftest import PERIOD, TODAY, World


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """The talent world on the SQLite file and on a real PostgreSQL server."""
    target = (str(request.getfixturevalue("pg_url")) if request.param == "postgresql"
              else tmp_path / "karier.db")
    database = open_database(target)
    yield database
    database.dispose()


def _names(world: World) -> list[str]:
    with world.db.read_scope() as s:
        return [c.name for c in talent.candidates(s, world.target, PERIOD, TODAY).candidates]


def _account(world: World, username: str) -> Account:
    with world.db.session_scope() as s:
        result = login.authenticate(s, username, "sandi-uji-123")
    assert result.account is not None
    return result.account


def test_succession_candidates_come_only_from_the_operators_opd(world: World) -> None:
    assert _names(world) == ["Ani", "Budi"]  # both of Dinkes
    with world.db.session_scope() as s:
        for name, unit in (("bkpsdm1", world.bkpsdm), ("dinkes1", world.dinkes)):
            users.add_user(s, users.UserInput(name, name.title(), Role.OPERATOR_OPD, unit),
                           "sandi-uji-123")
    bkpsdm, dinkes = _account(world, "bkpsdm1"), _account(world, "dinkes1")
    sign_in(world.db, bkpsdm)
    assert _names(world) == []
    sign_in(world.db, dinkes)
    assert _names(world) == ["Ani", "Budi"]

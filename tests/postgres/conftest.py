"""Keyrings for the saved-connection tests (this test machine has no OS keyring service), and a
small demo regency on the server for the tests of long lists read there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from karier_desktop.paths import user_data_dir
from karier_desktop.services import demo
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database

DEMO_TODAY = dt.date(2026, 11, 29)


class MemoryKeyring(KeyringBackend):
    """A keyring backend kept in memory, standing in for Windows Credential Manager."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """A computer where no keyring backend works."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _no_saved_connection() -> Iterator[None]:
    (user_data_dir() / "server.json").unlink(missing_ok=True)
    yield
    (user_data_dir() / "server.json").unlink(missing_ok=True)


@pytest.fixture
def demo_on_server(pg_url: str) -> Iterator[tuple[Database, dt.date]]:
    """A 200-employee demo regency (seed 5) on a new server database, and the day it is as of."""
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            demo.generate(s, 200, seed=5, today=DEMO_TODAY)
        yield db, DEMO_TODAY
    finally:
        db.dispose()

"""Shared fixtures. Qt runs headless: the platform is set before anything imports Qt."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory: pytest.TempPathFactory,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KARIER_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "karier.db"


@pytest.fixture
def db(db_path: Path) -> Database:
    database = open_database(db_path)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo regency generated once per test run; copy it, never modify it."""
    from karier_desktop.services.demo import generate

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = open_database(path)
    with database.session_scope() as session:
        generate(session, 400, seed=7, today=TODAY)
    database.dispose()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Database:
    import shutil

    target = tmp_path / "demo.db"
    shutil.copy(demo_template, target)
    database = open_database(target)
    yield database
    database.dispose()

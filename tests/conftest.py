"""Shared fixtures. Qt runs headless: the platform is set before anything imports Qt."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
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


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty database on the test run's PostgreSQL server (started by tests/run.sh via
    .ci/pg-server), dropped afterwards."""
    import uuid

    import psycopg

    base = os.environ.get("KARIER_TEST_PG_URL")
    if not base:
        pytest.fail("Tidak ada server PostgreSQL untuk pengujian: jalankan `bash tests/run.sh` "
                    "(menyalakan server sementara) atau isi KARIER_TEST_PG_URL.")
    admin = base.replace("+psycopg", "")
    name = f"k_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield base.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                     (name,))
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

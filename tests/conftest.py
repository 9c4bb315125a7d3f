"""Shared fixtures. Qt runs headless: the platform is set before anything imports Qt."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database

TODAY = dt.date(2026, 11, 29)

# Test modules that always run with Windows file semantics (tests/windows/winsem.py): backup,
# restore, import, batch and export. `pytest --windows-semantics` turns it on for every test.
WINDOWS_SEMANTICS_ALWAYS = (
    "tests/store/test_backup.py",
    "tests/store/test_backup_limits.py",
    "tests/store/test_encrypted_backup.py",
    "tests/store/test_recovery.py",
    "tests/store/test_odd_paths.py",
    "tests/importing/",
    "tests/services/test_exporting.py",
    "tests/services/test_files.py",
    "tests/services/test_long_paths.py",
    "tests/services/test_idp.py",
    "tests/cli/test_cli_io.py",
    "tests/cli/test_cli_idp.py",
    "tests/windows/",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--windows-semantics", action="store_true",
                     help="os.replace/rename/unlink refuse open files, as on Windows; spawn")


def _wants_windows(request: pytest.FixtureRequest) -> bool:
    if request.config.getoption("--windows-semantics"):
        return True
    where = Path(str(request.node.path)).as_posix()
    return any(f"/{part}" in where for part in WINDOWS_SEMANTICS_ALWAYS)


class FakeClock:
    """The clock of the sharing retries (karier_desktop.sharing): a pause advances it at once
    and runs what was scheduled for that moment (a held file let go)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []
        self._due: list[tuple[float, Callable[[], None]]] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds
        due = [fn for at, fn in self._due if at <= self.now]
        self._due = [(at, fn) for at, fn in self._due if at > self.now]
        for fn in due:
            fn()

    def after(self, seconds: float, fn: Callable[[], None]) -> None:
        self._due.append((self.now + seconds, fn))


@pytest.fixture(autouse=True)
def sharing_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Sharing retries run on a fake clock: no test waits five seconds for a held file."""
    from karier_desktop import sharing

    clock = FakeClock()
    monkeypatch.setattr(sharing, "_clock", clock.monotonic)
    monkeypatch.setattr(sharing, "_sleep", clock.sleep)
    return clock


@pytest.fixture
def hold_file(windows_semantics, sharing_clock: FakeClock):  # type: ignore[no-untyped-def]
    """`hold_file(path_or_pattern, seconds)`: another program (a viewer, antivirus) holds the
    file, or every file matching a glob pattern, for `seconds` of the retry clock (None:
    until the test ends). Needs Windows semantics (on in tests/windows/)."""
    assert windows_semantics is not None, "hold_file needs Windows semantics"

    def hold(target: str | os.PathLike[str], seconds: float | None = None) -> None:
        release = windows_semantics.hold_now(target)
        if seconds is not None:
            sharing_clock.after(seconds, release)

    return hold


@pytest.fixture(autouse=True)
def windows_semantics(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Windows file semantics for this test (None where the test runs with Linux's)."""
    if not _wants_windows(request):
        yield None
        return
    from winsem import WindowsSemantics

    semantics = WindowsSemantics()
    semantics.install()
    try:
        yield semantics
    finally:
        semantics.uninstall()


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

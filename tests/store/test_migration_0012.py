"""Migration 0012: on a PostgreSQL server the audit times become timestamptz (the rows already
there read as UTC) and stay append-only; on a SQLite file nothing changes. On both, the admin
sees the times in the computer's local zone (here WITA, UTC+8) with the zone named."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from karier_desktop.services.accounts import audit_trail
from karier_desktop.store.db import make_engine
from karier_desktop.store.lifecycle import open_database
from karier_desktop.store.migrate import alembic_config
from karier_desktop.store.revision import APPLICATION_ID, HEAD_REVISION

WITA = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A database at revision 0011 holding two audit rows written at known UTC times."""
    url = str(tmp_path / "karier.db") if request.param == "sqlite" \
        else request.getfixturevalue("pg_url")
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0011")
        if request.param == "sqlite":
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(text("INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) "
                          "VALUES ('2026-12-01 02:00:00', 'sari', 'ubah', 'pegawai', '7', ''), "
                          "('2026-12-01 20:30:00', 'budi', 'tambah', 'pegawai', '8', '')"))
    engine.dispose()
    yield request.param, url


def test_upgrade_keeps_the_audit_rows_and_shows_them_in_local_time(
        old_database: tuple[str, str]) -> None:
    backend, url = old_database
    db = open_database(url)
    try:
        with db.session_scope() as s:
            assert s.scalar(text("SELECT version_num FROM alembic_version")) == HEAD_REVISION
            if backend == "postgresql":
                assert s.scalar(text(
                    "SELECT data_type FROM information_schema.columns WHERE "
                    "table_name = 'audit_log' AND column_name = 'at'")) \
                    == "timestamp with time zone"
                stored = s.scalar(text("SELECT at FROM audit_log WHERE actor = 'sari'"))
                assert stored == dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
        with db.read_scope() as s:
            rows = audit_trail.entries(s, zone=WITA)
            # the evening row in UTC is the next morning in Makassar
            assert [(r.actor, f"{r.at:%d-%m-%Y %H:%M}") for r in rows] == [
                ("budi", "02-12-2026 04:30"), ("sari", "01-12-2026 10:00")]
            on_second = audit_trail.entries(
                s, audit_trail.AuditFilter(since=dt.date(2026, 12, 2),
                                           until=dt.date(2026, 12, 2)), zone=WITA)
            assert [r.actor for r in on_second] == ["budi"]
        with db.session_scope() as s:  # a new row: the server's clock, near now in UTC
            from karier_desktop.services import audit

            audit.record(s, "masuk", "pengguna", 1, actor="admin")
        with db.read_scope() as s:
            newest = audit_trail.entries(s, zone=dt.UTC)[0]
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            assert newest.actor == "admin" and abs(newest.at - now) < dt.timedelta(minutes=5)
        refused = "catatan audit" if backend == "postgresql" else "append-only"
        with pytest.raises(Exception, match=refused), db.session_scope() as s:
            s.execute(text("UPDATE audit_log SET actor = 'x'"))
    finally:
        db.dispose()


@pytest.fixture
def computer_in_makassar(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "WITA-8")  # POSIX: eight hours east of UTC
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("computer_in_makassar")
def test_zone_names() -> None:
    assert audit_trail.zone_label() == "WITA"
    assert [audit_trail.zone_name(dt.timedelta(hours=h)) for h in (7, 8, 9, 0, 10, -3)] == [
        "WIB", "WITA", "WIT", "UTC+0", "UTC+10", "UTC-3"]
    assert audit_trail.zone_name(dt.timedelta(hours=5, minutes=30)) == "UTC+5:30"

"""The 30-minute automatic backup of a server database: pg_dump into the server backup folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from karier_desktop.services import database, demo, safety
from karier_desktop.store.lifecycle import open_database

TODAY = dt.date(2026, 11, 29)


def test_the_automatic_backup_dumps_the_server_database_and_thins_old_dumps(
        pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KARIER_DATA_DIR", str(tmp_path / "data"))
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            demo.generate(s, 30, seed=3, today=TODAY)
        folder = safety.server_backup_dir(pg_url)
        folder.mkdir(parents=True)
        # four old dumps of one day: thinning (as for file backups) keeps the newest of that
        # day, week and month, and deletes the oldest
        for stamp in ("20250101-080000", "20250101-090000", "20250101-100000",
                      "20250101-110000"):
            (folder / f"karier-{stamp}-otomatis.dump").write_bytes(b"lama")
        now = dt.datetime(2026, 11, 29, 9, 0)
        assert database.maybe_backup_server(db, now, False) == (None, "")  # nothing changed
        made, skipped = database.maybe_backup_server(db, now, True)
        assert skipped == "" and made is not None and made.parent == folder
        assert made.read_bytes().startswith(b"PGDMP")
        assert sorted(p.name for p in folder.iterdir()) == [
            "karier-20250101-090000-otomatis.dump", "karier-20250101-100000-otomatis.dump",
            "karier-20250101-110000-otomatis.dump", "karier-20261129-090000-otomatis.dump"]
        # not yet due 10 minutes later; due again after 30 minutes
        assert database.maybe_backup_server(db, now + dt.timedelta(minutes=10), True) == (None, "")
        later, _ = database.maybe_backup_server(db, now + dt.timedelta(minutes=31), True)
        assert later is not None and later.name == "karier-20261129-093100-otomatis.dump"
        # without pg_dump on this computer: the app's own export instead
        (tmp_path / "tanpa-alat").mkdir()
        monkeypatch.setenv("KARIER_PG_TOOLS", str(tmp_path / "tanpa-alat"))
        export, why = database.maybe_backup_server(db, now + dt.timedelta(hours=2), True)
        assert why == "" and export is not None
        assert export.name == "karier-20261129-110000-otomatis.karier-server"
        assert len(list(folder.iterdir())) == 6
    finally:
        db.dispose()

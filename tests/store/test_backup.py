"""Backups: verified copies, atomic names, Anki-style thinning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from karier_desktop.store import models as m
from karier_desktop.store.backup import (
    backups_to_keep,
    integrity_ok,
    list_backups,
    make_backup,
    thin_backups,
)
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database


def test_backup_holds_the_last_committed_state(db: Database, db_path: Path, tmp_path: Path) -> None:
    with db.session_scope() as s:
        s.add(m.Unit(code="DINKES", name="Dinas Kesehatan", kind="dinas"))
    session = db.session()
    session.add(m.Unit(code="TMP", name="Belum disimpan", kind="dinas"))
    session.flush()  # uncommitted write transaction open on the live database
    target = make_backup(db_path, tmp_path / "usb", reason="manual")
    session.rollback()
    session.close()
    assert integrity_ok(target)
    copy = open_database(target)
    with copy.session_scope() as s:
        codes = set(s.scalars(select(m.Unit.code)))
    copy.dispose()
    assert codes == {"DINKES"}
    assert not list((tmp_path / "usb").glob("*.tmp"))


def test_backup_names_are_listed_newest_first(db_path: Path, db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    make_backup(db_path, folder, now=dt.datetime(2026, 1, 1, 8, 0))
    make_backup(db_path, folder, now=dt.datetime(2026, 1, 2, 8, 0))
    assert [b.taken_at.day for b in list_backups(folder)] == [2, 1]


def test_thinning_deletes_old_backups(db_path: Path, db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    now = dt.datetime(2026, 6, 30, 12, 0)
    for hours in range(0, 24 * 400, 24):
        make_backup(db_path, folder, now=now - dt.timedelta(hours=hours))
    before = len(list_backups(folder))
    thin_backups(folder, now=now)
    after = list_backups(folder)
    assert before == 400 and len(after) < 50
    assert after[0].taken_at == now


stamps = st.lists(st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2026, 6, 30)),
                  max_size=60, unique=True)


@given(stamps)
def test_thinning_keeps_newest_is_bounded_and_idempotent(values: list[dt.datetime]) -> None:
    now = dt.datetime(2026, 7, 1)
    kept = backups_to_keep(values, now)
    assert kept <= set(values)
    if values:
        assert max(values) in kept
    old = [v for v in kept if now - v > dt.timedelta(days=2)]
    assert len(old) <= 12 + 3 + 10 + 9
    assert backups_to_keep(sorted(kept), now) == kept

"""An encrypted restore reports the bytes it decrypted; Batal during the decryption leaves the
database and its folder as they were (the window's File → Pulihkan runs this in a worker)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from karier_desktop.services import safety
from karier_desktop.services.errors import Cancelled
from karier_desktop.store import models as m
from karier_desktop.store.db import Database

SANDI = "kuda-lumping-77"


def _units(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT code FROM units ORDER BY code")]
    finally:
        conn.close()


def test_cancelling_the_decryption_changes_nothing(db: Database, tmp_path: Path) -> None:
    assert db.path is not None
    with db.session_scope() as s:
        s.add(m.Unit(code="DINKES", name="Dinas Kesehatan"))
    made = safety.backup_encrypted_to(db.path, tmp_path / "usb.dbenc", SANDI)
    with db.session_scope() as s:
        s.add(m.Unit(code="BARU", name="Unit baru"))
    assert db.close_and_wait(10)
    files_before = sorted(p.name for p in db.path.parent.iterdir())

    def stop(_fraction: float) -> None:
        raise Cancelled()

    with pytest.raises(Cancelled):
        safety.restore(db.path, made, SANDI, progress=stop)
    assert _units(db.path) == ["BARU", "DINKES"]
    assert sorted(p.name for p in db.path.parent.iterdir()) == files_before

    seen: list[float] = []
    safety.restore(db.path, made, SANDI, progress=seen.append)
    assert _units(db.path) == ["DINKES"]
    assert seen and seen == sorted(seen) and seen[-1] == 1.0

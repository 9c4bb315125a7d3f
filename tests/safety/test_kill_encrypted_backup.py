"""Encrypted USB backups under a kill and on a big database.

A child process makes (or restores) an encrypted backup and is killed (SIGKILL, or
TerminateProcess on Windows) in the middle of the chunks, when the plaintext copy is on the
local disk: the next start removes it and leaves the live database as it was; the stick keeps
no half file under a real name. Memory stays at a few chunks whatever the database's size.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from karier_desktop.paths import backup_dir_for
from karier_desktop.services import safety
from karier_desktop.store import encrypted_backup as sealed
from karier_desktop.store import models as m
from karier_desktop.store.lifecycle import open_database

SANDI = "kuda-lumping-77"
REPO = Path(__file__).resolve().parents[2]
CHILD = """
import sys, time
from pathlib import Path
from karier_desktop.services import safety
from karier_desktop.store import encrypted_backup as sealed
sealed.CHUNK = 4096
real = sealed._nonce
def slow(prefix, index, last):
    if index == 5:
        print("SIAP", flush=True)
        time.sleep(60)
    return real(prefix, index, last)
sealed._nonce = slow
if sys.argv[1] == "backup":
    safety.backup_encrypted_to(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4])
else:
    safety.restore(Path(sys.argv[2]), Path(sys.argv[3]), passphrase=sys.argv[4])
"""


def _units(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT code FROM units ORDER BY code")]
    finally:
        conn.close()


def _kill_at_chunk_5(*argv: str) -> None:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, *argv], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "SIAP", proc.stderr.read() if proc.stderr else ""
    finally:
        proc.kill()
        proc.wait()


def _database(path: Path) -> Path:
    db = open_database(path)
    with db.session_scope() as s:
        for i in range(200):
            s.add(m.Unit(code=f"U{i:03d}", name="Unit " + "x" * 150))
    db.dispose()
    return path


def test_a_kill_while_encrypting_leaves_no_plaintext_after_the_next_start(tmp_path: Path) -> None:
    db = _database(tmp_path / "karier.db")
    usb = tmp_path / "usb"
    _kill_at_chunk_5("backup", str(db), str(usb / "c.dbenc"), SANDI)
    plain = list(backup_dir_for(db).glob(sealed.PLAIN_PREFIX + "*"))
    assert plain, "the kill came while the plaintext copy existed"
    assert [p.name for p in usb.iterdir()] == ["c.dbenc.tmp"]  # no file under the real name
    open_database(db).dispose()  # the next start
    assert list(backup_dir_for(db).glob(sealed.PLAIN_PREFIX + "*")) == []
    made = safety.backup_encrypted_to(db, usb / "c.dbenc", SANDI)  # the stick's .tmp goes too
    assert sorted(p.name for p in usb.iterdir()) == [made.name]


def test_a_kill_while_decrypting_leaves_the_live_database_and_no_plaintext(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _database(tmp_path / "karier.db")
    monkeypatch.setattr(sealed, "CHUNK", 4096)  # many chunks: the kill comes in the middle
    made = safety.backup_encrypted_to(db, tmp_path / "usb" / "c.dbenc", SANDI)
    live = open_database(db)
    with live.session_scope() as s:
        s.add(m.Unit(code="BARU", name="Unit baru"))
    live.dispose()
    before = _units(db)
    _kill_at_chunk_5("restore", str(db), str(made), SANDI)
    assert list(tmp_path.glob("karier.db.restore-dekripsi.tmp"))
    open_database(db).dispose()  # the next start
    assert list(tmp_path.glob("karier.db.restore*")) == []
    assert _units(db) == before


def test_memory_stays_at_a_few_chunks_for_a_big_database(tmp_path: Path) -> None:
    db = open_database(tmp_path / "karier.db")
    db.dispose()
    conn = sqlite3.connect(db.path)
    conn.execute("CREATE TABLE ballast (data BLOB)")
    for _ in range(24):
        conn.execute("INSERT INTO ballast VALUES (randomblob(1024 * 1024))")
    conn.commit()
    conn.close()
    tracemalloc.start()
    try:
        made = safety.backup_encrypted_to(db.path, tmp_path / "usb" / "c.dbenc", SANDI)
        _, encrypt_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        sealed.decrypt_to(made, tmp_path / "terbuka.db", SANDI)
        _, decrypt_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert made.stat().st_size > 24 * 1024 * 1024
    assert encrypt_peak < 8 * sealed.CHUNK and decrypt_peak < 8 * sealed.CHUNK
    conn = sqlite3.connect(tmp_path / "terbuka.db")
    assert conn.execute("SELECT count(*) FROM ballast").fetchone()[0] == 24
    conn.close()

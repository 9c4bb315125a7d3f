"""Start-up recovery tells damage from a locked, unreachable or half-made file, and a restore
can be cut off at any moment without leaving the real name without a database."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from karier_desktop.paths import backup_dir_for
from karier_desktop.services import check as check_service
from karier_desktop.services import safety
from karier_desktop.store import backup as backups
from karier_desktop.store import restore
from karier_desktop.store.lifecycle import (
    DatabaseDamaged,
    DatabaseOpenError,
    DatabaseUnavailable,
    classify_sqlite_error,
    open_database,
)
from karier_desktop.store.revision import APPLICATION_ID
from karier_desktop.store.sqlite_uri import sqlite_uri

REPO = Path(__file__).resolve().parents[2]


def _count(path: Path, table: str = "employees") -> int:
    conn = sqlite3.connect(sqlite_uri(path), uri=True)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def _copy(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "karier.db"
    shutil.copy(template, path)
    return path


# --- what is damage and what is not ----------------------------------------------------------
def _real_error(tmp_path: Path, kind: str) -> sqlite3.Error:
    """A real error from SQLite of the given kind."""
    try:
        if kind == "cantopen":
            (tmp_path / "folder.db").mkdir()
            sqlite3.connect(tmp_path / "folder.db").execute("SELECT 1")
        elif kind == "readonly":
            path = tmp_path / "ro.db"
            sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
            sqlite3.connect(sqlite_uri(path), uri=True).execute("INSERT INTO t VALUES (1)")
        elif kind == "busy":
            path = tmp_path / "busy.db"
            holder = sqlite3.connect(path, isolation_level=None)
            holder.execute("CREATE TABLE t (x)")
            holder.execute("BEGIN EXCLUSIVE")
            sqlite3.connect(path, timeout=0).execute("SELECT * FROM t")
        elif kind == "notadb":
            path = tmp_path / "junk.db"
            path.write_bytes(b"x" * 4096)
            sqlite3.connect(path).execute("SELECT * FROM sqlite_master")
    except sqlite3.Error as exc:
        return exc
    raise AssertionError(f"no error for {kind}")


@pytest.mark.parametrize(("kind", "expected", "words"), [
    ("cantopen", DatabaseUnavailable, "izin folder"),
    ("readonly", DatabaseUnavailable, "izin folder"),
    ("busy", DatabaseUnavailable, "dikunci program lain"),
    ("notadb", DatabaseDamaged, "rusak"),
])
def test_only_damage_is_called_damage(tmp_path: Path, kind: str, expected: type,
                                      words: str) -> None:
    error = classify_sqlite_error(tmp_path / "karier.db", _real_error(tmp_path, kind))
    assert type(error) is expected and words in str(error)


def test_a_database_locked_by_another_program_is_not_called_damaged_and_is_left_alone(
        demo_template: Path, tmp_path: Path) -> None:
    path = _copy(demo_template, tmp_path / "data")
    backups.make_backup(path, backup_dir_for(path), reason="otomatis")
    before = path.read_bytes()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE settings SET value = value")
    try:
        with pytest.raises(DatabaseUnavailable, match="dikunci program lain"):
            open_database(path)
    finally:
        holder.rollback()
        holder.close()
    assert path.read_bytes() == before
    assert [b.reason for b in backups.list_backups(backup_dir_for(path))] == ["otomatis"]


def test_an_empty_file_beside_backups_is_damage_and_without_backups_a_new_database(
        demo_template: Path, tmp_path: Path) -> None:
    path = _copy(demo_template, tmp_path / "a")
    backups.make_backup(path, backup_dir_for(path), reason="otomatis")
    path.write_bytes(b"")
    with pytest.raises(DatabaseDamaged, match="file kosong"):
        open_database(path)
    assert path.stat().st_size == 0  # nothing replaced behind the clerk's back
    lonely = tmp_path / "b" / "karier.db"
    lonely.parent.mkdir()
    lonely.write_bytes(b"")
    open_database(lonely).dispose()
    assert _count(lonely, "ranks") > 0


@pytest.mark.parametrize("damage", ["zeroed header", "zeroed first page", "truncated"])
def test_a_damaged_first_page_offers_the_backups(demo_template: Path, tmp_path: Path,
                                                 damage: str) -> None:
    path = _copy(demo_template, tmp_path / "data")
    backups.make_backup(path, backup_dir_for(path), reason="otomatis")
    data = bytearray(path.read_bytes())
    if damage == "zeroed header":
        data[:100] = bytes(100)
    elif damage == "zeroed first page":
        data[:4096] = bytes(4096)
    else:
        data = data[:60]
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged):
        open_database(path)


def test_a_text_file_without_backups_is_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "catatan.db"
    path.write_text("ini bukan database\n" * 20)
    with pytest.raises(DatabaseOpenError, match="bukan SQLite") as caught:
        open_database(path)
    assert not isinstance(caught.value, DatabaseDamaged)


def test_a_first_creation_cut_off_before_the_schema_is_finished_later(tmp_path: Path) -> None:
    path = tmp_path / "karier.db"
    conn = sqlite3.connect(path)  # what a kill early in the first start leaves: a bare header
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    db = open_database(path)
    db.dispose()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        conn.close()
    open_database(path).dispose()  # and the next start recognises it


def test_the_application_id_comes_with_the_first_schema_or_not_at_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from alembic import command

    path = tmp_path / "karier.db"
    real = command.upgrade

    def fail_half_way(config, revision):  # type: ignore[no-untyped-def]
        real(config, "0001")
        raise RuntimeError("listrik padam")

    monkeypatch.setattr(command, "upgrade", fail_half_way)
    with pytest.raises(RuntimeError):
        open_database(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    finally:
        conn.close()
    monkeypatch.undo()
    open_database(path).dispose()
    assert _count(path, "ranks") > 0


# --- the restore swap -------------------------------------------------------------------------
CHILD = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from karier_desktop.store import restore
    step = sys.argv[3]
    if step != "-":
        def kill(name):
            if name == step:
                os.kill(os.getpid(), signal.SIGKILL)
        restore._fault_hook = kill
    print("mulai", flush=True)
    restore.restore_database(Path(sys.argv[1]), Path(sys.argv[2]))
""")


def _restore_in_child(live: Path, source: Path, step: str = "-") -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", CHILD, str(live), str(source), step],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _two_states(demo_template: Path, folder: Path) -> tuple[Path, Path, int, int]:
    """A live database and a backup of it with fewer employees."""
    live = _copy(demo_template, folder)
    old = _count(live)
    source = folder / "cadangan.db"
    backups.copy_database(live, source)
    conn = sqlite3.connect(source)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("DELETE FROM employees WHERE id % 2 = 0")
    conn.commit()
    conn.close()
    return live, source, old, _count(source)


def _after_restart(live: Path) -> int:
    """What the next start finds under the real name (it finishes a half-done restore)."""
    open_database(live).dispose()
    return _count(live)


@pytest.mark.parametrize("step", restore.RESTORE_STEPS)
def test_a_restore_killed_at_each_step_leaves_the_old_or_the_new_database(
        demo_template: Path, tmp_path: Path, step: str) -> None:
    live, source, old, new = _two_states(demo_template, tmp_path / "d")
    child = _restore_in_child(live, source, step)
    child.communicate(timeout=120)
    assert child.returncode == -9
    assert live.exists() and _count(live) in (old, new)
    expected = old if step == "copied" else new  # from the set-aside on, the swap is finished
    assert _after_restart(live) == expected
    assert not list(live.parent.glob("*.restore*"))


@pytest.mark.slow
def test_twenty_restores_killed_at_random_moments_never_lose_the_real_name(
        demo_template: Path, tmp_path: Path) -> None:
    live, source, old, new = _two_states(demo_template, tmp_path / "warm")
    child = _restore_in_child(live, source)
    _out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    rng = random.Random(20261207)
    outcomes = set()
    for i in range(20):
        live, source, old, new = _two_states(demo_template, tmp_path / f"run{i}")
        child = _restore_in_child(live, source)
        assert child.stdout is not None and child.stdout.readline().strip() == "mulai"
        # SQLite's copy, the checks and the renames take a few tenths of a second
        subprocess.run([sys.executable, "-c", f"import time; time.sleep({rng.random() * 0.4})"],
                       check=True)
        child.kill()
        child.communicate(timeout=60)
        assert live.exists(), f"run {i}: no database under the real name"
        found = _after_restart(live)
        assert found in (old, new), f"run {i}: {found} employees"
        outcomes.add(found)
        assert not list(live.parent.glob("*.restore*"))
    assert outcomes  # every run ended in one of the two states


def test_restore_keeps_the_healthy_old_file_as_a_backup_never_overwritten(
        demo_template: Path, tmp_path: Path) -> None:
    live, source, old, new = _two_states(demo_template, tmp_path / "d")
    first = safety.restore(live, source)
    second = safety.restore(live, source)
    assert first.safety_copy is not None and second.safety_copy is not None
    assert first.safety_copy != second.safety_copy
    assert "sebelum_pulih" in first.safety_copy.name
    assert _count(first.safety_copy) == old and _count(second.safety_copy) == new
    assert not list(live.parent.glob("*.damaged*"))
    conn = sqlite3.connect(live)
    try:
        logged = conn.execute("SELECT detail FROM audit_log WHERE action = 'pulihkan'").fetchall()
    finally:
        conn.close()
    assert len(logged) == 1 and "ikut kembali" in logged[0][0]  # the second restore's own row


# --- index damage ------------------------------------------------------------------------------
def _damage_an_index(path: Path) -> None:
    """Make an index disagree with its table while every page stays readable."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute("UPDATE sqlite_master SET sql = replace(sql, '(name)', '(nip)') "
                     "WHERE type = 'index' AND name = 'ix_employees_name'")
        assert conn.total_changes == 1
        conn.commit()
    finally:
        conn.close()


def test_index_damage_is_named_by_check_and_mended_by_reindex(demo_template: Path,
                                                             tmp_path: Path) -> None:
    path = _copy(demo_template, tmp_path / "data")
    employees = _count(path)
    _damage_an_index(path)
    db = open_database(path)  # the quick check at start-up does not look inside indexes
    try:
        with pytest.raises(safety.SafetyError, match="sendiri tidak lolos pemeriksaan"):
            safety.backup_to(path, tmp_path / "usb" / "c.db")  # not blamed on the stick
        with db.session_scope() as s:
            report = check_service.run_check(s)
        assert report.repairable and "Indeks database rusak" in report.problems[0]
        with db.session_scope() as s:
            check_service.repair(s)
        with db.session_scope() as s:
            assert check_service.run_check(s).healthy
    finally:
        db.dispose()
    assert _count(path) == employees
    assert safety.backup_to(path, tmp_path / "usb" / "c.db").exists()


# --- one writer: the window and the command line -----------------------------------------------
HOLDER = textwrap.dedent("""
    import sys
    from karier_desktop.store import writer_lock
    from karier_desktop.store.lifecycle import open_database
    writer_lock.set_holder("jendela aplikasi Karier ASN")
    db = open_database(sys.argv[1])
    print("terbuka", flush=True)
    sys.stdin.read()
    db.dispose()
""")


def test_a_command_is_refused_while_the_window_holds_the_database(demo_template: Path,
                                                                  tmp_path: Path) -> None:
    from karier_desktop.cli import main as cli

    path = _copy(demo_template, tmp_path / "data")
    window = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], cwd=REPO, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert window.stdout is not None and window.stdout.readline().strip() == "terbuka"
        with pytest.raises(DatabaseUnavailable, match="jendela aplikasi Karier ASN"):
            open_database(path)
        assert cli(["demo", "--db", str(path), "--employees", "10"]) != 0
    finally:
        window.communicate("", timeout=60)
    open_database(path).dispose()  # free again once the window closed
    assert _count(path) == _count(demo_template)

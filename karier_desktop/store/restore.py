"""Restoring a backup in place of the live database: a crash-safe, journaled swap.

The steps, each recorded in a small journal beside the database before it is taken:
  1. the backup is copied to "<name>.restore.tmp" and verified (the live file is untouched);
  2. the live file is set aside: a verified copy in the backup folder ("sebelum_pulih") when
     it is readable, else its raw bytes as "<name>.rusak-<time>" (never overwritten);
  3. the live file's -wal/-shm are removed (the copy of step 2 holds their content), so they
     cannot pair with the restored file;
  4. the temporary file replaces the live one in one os.replace.
Until step 4 the real name holds the old database, from step 4 on the new one. A start that
finds the journal (`finish_interrupted_restore`) completes steps 3-4 when the verified
temporary file is there, and otherwise leaves the old file and drops the journal.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
from pathlib import Path

from karier_desktop.paths import backup_dir_for
from karier_desktop.store.backup import (
    BackupError,
    copy_database,
    fsync_dir,
    integrity_ok,
    make_backup,
)

RESTORE_STEPS = ("copied", "set_aside", "wal_removed", "replaced")
_fault_hook = None  # tests: a callable(step) run after each step (e.g. to kill the process)


def _journal(path: Path) -> Path:
    return path.with_name(path.name + ".restore-journal")


def _after(step: str) -> None:
    if _fault_hook is not None:
        _fault_hook(step)


def _write_small(target: Path, text: str) -> None:
    tmp = target.with_name(target.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    fsync_dir(target.parent)


def _unique(target: Path) -> Path:
    n = 1
    candidate = target
    while candidate.exists():
        n += 1
        candidate = target.with_name(f"{target.name}-{n}")
    return candidate


def _set_aside(path: Path, now: dt.datetime) -> Path | None:
    """Keep the live database before it is replaced; return where it went (None: no file)."""
    if not path.exists():
        return None
    if integrity_ok(path, quick=True):
        try:
            return make_backup(path, backup_dir_for(path), reason="sebelum_pulih", now=now)
        except BackupError:
            pass  # fall back to the raw bytes below
    aside = _unique(path.with_name(f"{path.name}.rusak-{now:%Y%m%d-%H%M%S}"))
    aside.mkdir()
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(path) + suffix)
        if src.exists():
            shutil.copy2(src, aside / (path.name + suffix))
    return aside


def _swap_in(path: Path, tmp: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    _after("wal_removed")
    os.replace(tmp, path)
    fsync_dir(path.parent)
    _after("replaced")


def restore_database(path: Path, backup: Path, now: dt.datetime | None = None) -> Path | None:
    """Put a verified backup in place of `path` (every connection to it closed first).

    Returns where the old database was set aside: a verified backup ("sebelum_pulih") when it
    was readable, a folder with its raw files ("<name>.rusak-<time>") when not, None when there
    was no file. At every moment the real name holds the old or the new database.
    """
    if not integrity_ok(backup):
        raise BackupError(f"Cadangan {backup.name} rusak; pilih cadangan lain.")
    now = now or dt.datetime.now()
    tmp = path.with_name(path.name + ".restore.tmp")
    journal = _journal(path)
    _write_small(journal, f"restore {tmp.name}\n")
    try:
        copy_database(backup, tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
        raise
    _after("copied")
    aside = _set_aside(path, now)
    _write_small(journal, f"swap {tmp.name}\n")
    _after("set_aside")
    _swap_in(path, tmp)
    journal.unlink(missing_ok=True)
    return aside


def finish_interrupted_restore(path: Path) -> str | None:
    """Complete or roll back a restore that was cut off; say which (None: nothing to do).

    Run before the database is opened. A journal in the "swap" state with its verified
    temporary file is completed (the old file was already set aside); anything earlier is rolled
    back: the temporary files are removed and the live file, never touched before the swap,
    stays.
    """
    journal = _journal(path)
    tmp = path.with_name(path.name + ".restore.tmp")
    # the temporary copy, its own temporary file and SQLite journal, the journal's temporary file
    leftovers = [p for p in path.parent.glob(glob.escape(path.name) + ".restore*")
                 if p not in (tmp, journal)] + [tmp]
    if not journal.exists():
        found = [p for p in leftovers if p.exists()]
        for leftover in found:
            leftover.unlink(missing_ok=True)
        return "dibatalkan" if found else None
    try:
        state = journal.read_text(encoding="utf-8").split()[0]
    except (OSError, IndexError):
        state = ""
    if state == "swap" and tmp.exists() and integrity_ok(tmp):
        _swap_in(path, tmp)
        outcome = "selesai"
    else:  # before the swap (roll back), or the swap was done and only the journal was left
        outcome = "selesai" if state == "swap" and not tmp.exists() else "dibatalkan"
    for leftover in (*leftovers, journal):
        leftover.unlink(missing_ok=True)
    return outcome

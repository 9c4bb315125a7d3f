"""Opening, recovering and restoring the database, as the window needs it.

The UI asks here instead of importing `store` (an import-linter contract keeps it so): the
refusals it must tell apart, opening, the newest backup that passes its check, and putting one
back in place of a damaged file. Import this module lazily: it loads SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from karier_desktop.paths import backup_dir_for
from karier_desktop.services import audit
from karier_desktop.store import backup as _backup
from karier_desktop.store import restore as _restore
from karier_desktop.store import transfer as _transfer
from karier_desktop.store.backup import BackupError, BackupInfo
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import (
    DatabaseDamaged,
    DatabaseOpenError,
    DatabaseUnavailable,
    open_database,
)
from karier_desktop.store.transfer import MoveRefused, MoveResult, Refusal

Progress = Callable[[str, float], None]

__all__ = ["BackupError", "BackupInfo", "Database", "DatabaseDamaged", "DatabaseOpenError",
           "DatabaseUnavailable", "MoveRefused", "MoveResult", "Refusal", "move_to_server",
           "newest_good_backup", "open_database", "restore_newest"]


def newest_good_backup(path: Path) -> BackupInfo | None:
    """The newest backup of the database at `path` that passes integrity_check."""
    return _backup.newest_good_backup(backup_dir_for(path))


def restore_newest(path: Path, backup: BackupInfo) -> Path | None:
    """Put `backup` in place of the (damaged) database at `path`; where the old file went."""
    return _restore.restore_database(path, backup.path)


def move_to_server(source: Path, url: str, *, check_only: bool = False,
                   progress: Progress | None = None) -> MoveResult:
    """Copy everything of the office's SQLite file at `source` into the empty server database
    at `url`, all or nothing (store/transfer.py). Raises MoveRefused (with the rows the server
    would refuse) before writing anything, DatabaseOpenError when either cannot be opened.
    `check_only`: read and check, and say how many rows would move, without writing."""
    if "://" in str(source) or not Path(source).is_file():
        raise MoveRefused(f"File database tidak ditemukan: {Path(str(source)).name}")
    if "://" not in url or not url.startswith("postgresql"):
        raise MoveRefused("Tujuan harus alamat server PostgreSQL, mis. "
                          "postgresql://petugas@server/karier.")
    src = open_database(Path(source), create=False)  # migrates an older file (backed up first)
    try:
        with src.engine.connect() as conn:
            rows, refusals = _transfer.read_source(conn)
    finally:
        src.dispose()
    if refusals:
        raise MoveRefused(f"{len(refusals)} nilai akan ditolak server; tidak ada yang "
                          "dipindahkan. Perbaiki di file asal lalu ulangi.", refusals)
    target = open_database(url)
    try:
        if check_only:
            with target.engine.connect() as conn:
                _transfer.check_target_empty(conn)
            return MoveResult({name: len(found) for name, found in rows.items()})
        result = _transfer.copy_all(target.engine, rows, progress)
        with target.session_scope() as session:
            audit.record(session, "pindah", "database", None, file=Path(source).name,
                         rows=result.total)
        return result
    finally:
        target.dispose()

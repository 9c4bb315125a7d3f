"""Opening, recovering and restoring the database, as the window needs it.

The UI asks here instead of importing `store` (an import-linter contract keeps it so): the
refusals it must tell apart, opening, the newest backup that passes its check, and putting one
back in place of a damaged file. Import this module lazily: it loads SQLAlchemy.
"""

from __future__ import annotations

from pathlib import Path

from karier_desktop.paths import backup_dir_for
from karier_desktop.store import backup as _backup
from karier_desktop.store import restore as _restore
from karier_desktop.store.backup import BackupError, BackupInfo
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import (
    DatabaseDamaged,
    DatabaseOpenError,
    DatabaseUnavailable,
    open_database,
)

__all__ = ["BackupError", "BackupInfo", "Database", "DatabaseDamaged", "DatabaseOpenError",
           "DatabaseUnavailable", "newest_good_backup", "open_database", "restore_newest"]


def newest_good_backup(path: Path) -> BackupInfo | None:
    """The newest backup of the database at `path` that passes integrity_check."""
    return _backup.newest_good_backup(backup_dir_for(path))


def restore_newest(path: Path, backup: BackupInfo) -> Path | None:
    """Put `backup` in place of the (damaged) database at `path`; where the old file went."""
    return _restore.restore_database(path, backup.path)

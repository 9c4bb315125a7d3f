"""Opening, recovering and restoring the database, as the window needs it.

The UI asks here instead of importing `store` (an import-linter contract keeps it so): the
refusals it must tell apart, opening, the newest backup that passes its check, and putting one
back in place of a damaged file. Import this module lazily: it loads SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from karier_desktop.paths import backup_dir_for
from karier_desktop.services import audit, safety
from karier_desktop.services import database_server as _server
from karier_desktop.services.database_server import FILE_FILTER, ServerBackupRow
from karier_desktop.services.safety import RestoreResult, SafetyError
from karier_desktop.store import backup as _backup
from karier_desktop.store import lifecycle as _lifecycle
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
           "DatabaseUnavailable", "FILE_FILTER", "MoveRefused", "MoveResult", "Refusal", "RestoreResult", "SafetyError", "ServerBackupRow",
           "backup_server_before", "backup_server_to", "dump_tools_missing", "maybe_backup_server", "move_to_server",
           "restore_cancellable", "restore_server", "safe_url", "server_dumps", "server_url",
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


# --- backups of a database on a PostgreSQL server (pg_dump; store/server_backup.py) ----------
def server_url(db: Database) -> str | None:
    """The URL a server database was opened with, password included (for pg_dump's
    environment only; never show it: `safe_url`). None for a SQLite file."""
    if db.path is not None or db.engine.dialect.name != "postgresql":
        return None
    return db.engine.url.render_as_string(hide_password=False)


def safe_url(url: str) -> str:
    """A database URL to show: the password never appears."""
    return _lifecycle.safe_url(url)


def dump_tools_missing() -> str | None:
    """Plain words when pg_dump/pg_restore are not on this computer (backups are then the
    app's own export); None when they are."""
    return _server.dump_tools_missing()


def _server_url_of(db: Database) -> str:
    url = server_url(db)
    if url is None:
        raise SafetyError("Database ini bukan database server.")
    return url


def backup_server_to(db: Database, target: Path) -> Path:
    """Back the server database up to `target` (.dump with pg_dump, else .karier-server),
    checked, atomic; SafetyError."""
    return _server.backup_server_to(_server_url_of(db), target)


def server_dumps(db: Database) -> list[ServerBackupRow]:
    """The backups this computer made of the server database (both kinds), newest first."""
    url = server_url(db)
    return [] if url is None else _server.server_backups(url)


def restore_cancellable(dump: Path) -> bool:
    """Whether the restore of `dump` may be cancelled while it runs (the app's export: yes,
    until its commit; a pg_dump: no)."""
    return _server.restore_cancellable(Path(dump))


def restore_server(db: Database, dump: Path, progress: Progress | None = None) -> RestoreResult:
    """Replace the server database's content with `dump` (a pg_dump file or the app's export;
    its current content backed up first), audited under the signed-in user, who must be an
    admin when login is on. `progress(message, fraction)` only where a Cancelled it raises
    leaves the database as it was."""
    from karier_desktop.services.accounts.roles import NotAllowed, Permission, require

    try:
        require(db.account, Permission.SETTINGS)  # type: ignore[arg-type]
    except NotAllowed as exc:
        raise SafetyError("Hanya admin yang dapat memulihkan database server; database tidak "
                          "diubah.") from exc
    return _server.restore_server(_server_url_of(db), dump, db.actor, progress=progress)


def backup_server_before(url: str, reason: str, now: dt.datetime | None = None
                         ) -> tuple[Path | None, str]:
    """A backup of the server database into this computer's server backup folder before risky
    work (an import): (path, "") when made — pg_dump, or the app's export without it. A
    failure raises SafetyError, so the work does not start without its backup."""
    return _server.backup_before(url, reason, now), ""


def maybe_backup_server(db: Database, now: dt.datetime, changed_since_last: bool,
                        interval: dt.timedelta = safety.AUTO_INTERVAL) -> tuple[Path | None, str]:
    """The 30-minute automatic backup of a server database into this computer's server backup
    folder (pg_dump, else the app's export) when something changed and `interval` passed since
    the newest one, then thinned like file backups. (path, "") when made, (None, "") when not
    due; a failed backup raises SafetyError."""
    url = server_url(db)
    if url is None:
        return None, ""
    return _server.maybe_backup(url, now, changed_since_last, interval), ""

"""Opening, recovering and restoring the database, as the window needs it.

The UI asks here instead of importing `store` (an import-linter contract keeps it so): the
refusals it must tell apart, opening, the newest backup that passes its check, and putting one
back in place of a damaged file. Import this module lazily: it loads SQLAlchemy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from karier_desktop.paths import backup_dir_for
from karier_desktop.services import audit, safety
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
from karier_desktop.store.server_backup import dump_database, find_tool
from karier_desktop.store.transfer import MoveRefused, MoveResult, Refusal

Progress = Callable[[str, float], None]

__all__ = ["BackupError", "BackupInfo", "Database", "DatabaseDamaged", "DatabaseOpenError",
           "DatabaseUnavailable", "MoveRefused", "MoveResult", "Refusal", "RestoreResult", "SafetyError",
           "backup_server_before", "backup_server_to", "dump_tools_missing", "maybe_backup_server", "move_to_server",
           "restore_server", "safe_url", "server_dumps", "server_url",
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
    """Plain words when pg_dump/pg_restore are not on this computer; None when they are."""
    missing = [name for name in ("pg_dump", "pg_restore") if find_tool(name) is None]
    if not missing:
        return None
    return (f"{' dan '.join(missing)} tidak ada di komputer ini, jadi database server tidak "
            "dapat dicadangkan atau dipulihkan dari sini. Pasang alat klien PostgreSQL (paket "
            "postgresql-client) atau minta admin server membuat cadangan.")


def _dumpable_url(db: Database) -> str:
    """The server URL of `db`, once pg_dump/pg_restore are known to be there; SafetyError."""
    url = server_url(db)
    if url is None:
        raise SafetyError("Database ini bukan database server.")
    missing = dump_tools_missing()
    if missing:
        raise SafetyError(missing)
    return url


def backup_server_to(db: Database, target: Path) -> Path:
    """pg_dump the server database to `target` (.dump), checked, atomic; SafetyError."""
    return safety.backup_server_to(_dumpable_url(db), target)


def server_dumps(db: Database) -> list[Path]:
    """The dumps this computer made of the server database, newest first."""
    url = server_url(db)
    if url is None:
        return []
    folder = safety.server_backup_dir(url)
    return sorted(folder.glob("*.dump"), key=lambda p: p.stat().st_mtime, reverse=True) \
        if folder.is_dir() else []


def restore_server(db: Database, dump: Path) -> RestoreResult:
    """Replace the server database's content with `dump` (its current content dumped first)."""
    return safety.restore_server(_dumpable_url(db), dump)


def backup_server_before(url: str, reason: str, now: dt.datetime | None = None
                         ) -> tuple[Path | None, str]:
    """A dump of the server database into this computer's server backup folder before risky
    work (an import): (path, "") when made, (None, why) when pg_dump is not here. Any other
    failure raises SafetyError, so the work does not start without its backup."""
    missing = dump_tools_missing()
    if missing:
        return None, ("cadangan sebelum impor dilewati: pg_dump tidak ada di komputer ini "
                      "(pasang paket postgresql-client)")
    moment = now or dt.datetime.now()
    target = safety.server_backup_dir(url) / _backup.backup_name(moment, reason).replace(
        ".db", ".dump")
    try:
        return dump_database(url, target), ""
    except BackupError as exc:
        raise SafetyError(f"Cadangan sebelum impor gagal, impor dibatalkan: {exc}") from exc


AUTO_DUMP_SKIPPED = ("Cadangan otomatis database server dilewati: pg_dump tidak ada di komputer "
                     "ini (pasang paket postgresql-client).")


def _dumps_by_time(folder: Path) -> list[tuple[dt.datetime, Path]]:
    """This computer's dumps of one server database (`karier-…-reason.dump`), newest first."""
    found = []
    for entry in folder.glob("karier-*.dump") if folder.is_dir() else []:
        info = _backup.BACKUP_PATTERN.match(entry.name[:-len(".dump")] + ".db")
        if info:
            found.append((dt.datetime.strptime(info.group(1) + info.group(2), "%Y%m%d%H%M%S"),
                          entry))
    return sorted(found, reverse=True)


def maybe_backup_server(db: Database, now: dt.datetime, changed_since_last: bool,
                        interval: dt.timedelta = safety.AUTO_INTERVAL) -> tuple[Path | None, str]:
    """The 30-minute automatic backup of a server database: a pg_dump into this computer's
    server backup folder when something changed and `interval` passed since the newest dump,
    then the dumps thinned like file backups. (path, "") when made, (None, "") when not due,
    (None, why) when pg_dump is missing; a failed dump raises SafetyError."""
    url = server_url(db)
    if url is None or not changed_since_last:
        return None, ""
    folder = safety.server_backup_dir(url)
    dumps = _dumps_by_time(folder)
    if dumps and now - dumps[0][0] < interval:
        return None, ""
    if find_tool("pg_dump") is None:
        return None, AUTO_DUMP_SKIPPED
    target = folder / _backup.backup_name(now, "otomatis").replace(".db", ".dump")
    try:
        made = dump_database(url, target)
    except BackupError as exc:
        raise SafetyError(f"Cadangan otomatis gagal: {exc}") from exc
    keep = _backup.backups_to_keep([when for when, _ in _dumps_by_time(folder)], now)
    for when, path in _dumps_by_time(folder):
        if when not in keep and path != made:
            with contextlib.suppress(OSError):  # held by a viewer: thinned next time
                path.unlink(missing_ok=True)
    return made, ""

"""Keeping the data safe: periodic backups, backups to a USB stick, restoring a backup.

Backups are made with SQLite's backup API and verified before they get their final name
(store.backup); this module decides when, names the reasons and words the messages.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from karier_desktop.domain.textfmt import format_date_id
from karier_desktop.paths import backup_dir_for
from karier_desktop.store import backup as backups
from karier_desktop.store import encrypted_backup as sealed
from karier_desktop.store.lifecycle import DatabaseOpenError, check_restorable
from karier_desktop.store.restore import restore_database

AUTO_INTERVAL = dt.timedelta(minutes=30)
# store.backup.BACKUP_PATTERN accepts \w+ reasons only, so not "sebelum-pulih".
log = logging.getLogger(__name__)
RESTORE_REASON = "sebelum_pulih"
REASON_LABELS = {"otomatis": "otomatis", "impor": "sebelum impor", "migrasi": "sebelum migrasi",
                 RESTORE_REASON: "sebelum pemulihan", "periksa": "sebelum pemeriksaan",
                 "manual": "manual"}


ENCRYPTED_SUFFIX = sealed.SUFFIX
MIN_PASSPHRASE = sealed.MIN_PASSPHRASE


class SafetyError(Exception):
    """A backup or restore failed; str() is an Indonesian message saying what to do."""


class PassphraseError(SafetyError):
    """An encrypted backup needs a (the right) passphrase; `missing`: none was given."""

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class BackupRow:
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int

    @property
    def label(self) -> str:
        when = f"{format_date_id(self.taken_at.date())} {self.taken_at:%H:%M}"
        reason = REASON_LABELS.get(self.reason, self.reason or "-")
        return f"{when} — {reason} ({max(1, self.size // 1024)} KB)"


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    taken_at: dt.datetime | None
    safety_copy: Path | None  # verified backup of the database as it was before the restore
    set_aside: Path | None  # that copy, or the old (damaged) files kept as they were


def last_backup_time(db_path: Path) -> dt.datetime | None:
    found = backups.list_backups(backup_dir_for(Path(db_path)))
    return found[0].taken_at if found else None


def maybe_backup(db_path: str | Path, now: dt.datetime, changed_since_last: bool,
                 interval: dt.timedelta = AUTO_INTERVAL,
                 max_total_mb: int | None = None) -> Path | None:
    """Back up when something changed and `interval` has passed since the newest backup.

    Any backup counts (one made before an import resets the clock). After a backup, old
    backups are thinned Anki-style. Returns the new backup or None. Raises SafetyError.
    """
    db_path = Path(db_path)
    if not changed_since_last or not db_path.exists():
        return None
    last = last_backup_time(db_path)
    if last is not None and now - last < interval:
        return None
    folder = backup_dir_for(db_path)
    cap = (max_total_mb * 1024 * 1024 if max_total_mb else backups.DEFAULT_MAX_TOTAL_BYTES)
    try:
        return backups.make_backup(db_path, folder, reason="otomatis", now=now,
                                   max_total_bytes=cap)
    except backups.BackupError as exc:
        raise SafetyError(f"Cadangan otomatis gagal: {exc}") from exc


def backup_now(db_path: str | Path, reason: str = "manual",
               now: dt.datetime | None = None) -> Path:
    """A forced backup into the backup folder (before import, check, restore …)."""
    try:
        return backups.make_backup(Path(db_path), backup_dir_for(Path(db_path)), reason=reason,
                                   now=now)
    except backups.BackupError as exc:
        raise SafetyError(f"Cadangan gagal: {exc}") from exc


def backup_to(db_path: str | Path, target_file: str | Path) -> Path:
    """Copy the database to a chosen file (a USB stick), verified, never half-written."""
    target = Path(target_file)
    if target.suffix.lower() != ".db":
        target = target.with_name(target.name + ".db")
    try:
        return backups.copy_database(Path(db_path), target)
    except backups.BackupError as exc:
        raise SafetyError(f"Cadangan gagal: {exc}. Periksa flashdisk (masih terpasang, cukup "
                          "ruang, tidak terkunci) lalu ulangi.") from exc
    except OSError as exc:
        raise SafetyError(f"Cadangan gagal: {exc.strerror or exc}. Periksa flashdisk lalu "
                          "ulangi.") from exc


def backup_encrypted_to(db_path: str | Path, target_file: str | Path, passphrase: str,
                        progress: sealed.Progress | None = None) -> Path:
    """An encrypted, verified backup at a chosen file (a USB stick), never half-written.

    The plaintext copy exists only in the local backup folder while it is being encrypted.
    """
    target = Path(target_file)
    if target.suffix.lower() != ENCRYPTED_SUFFIX:
        target = target.with_name(target.name + ENCRYPTED_SUFFIX)
    db_path = Path(db_path)
    try:
        return sealed.encrypt_backup(db_path, target, passphrase, backup_dir_for(db_path),
                                     progress=progress)
    except backups.BackupError as exc:
        raise SafetyError(f"Cadangan gagal: {exc}") from exc


def is_encrypted(path: str | Path) -> bool:
    return sealed.is_encrypted(Path(path))


def check_new_passphrase(passphrase: str, repeated: str) -> str:
    """"" when the passphrase typed twice may protect a backup, else what is wrong."""
    if len(passphrase) < MIN_PASSPHRASE:
        return f"Sandi minimal {MIN_PASSPHRASE} karakter."
    if passphrase != repeated:
        return "Kedua sandi tidak sama; ketik ulang."
    return ""


def check_backup_passphrase(backup_file: str | Path, passphrase: str) -> None:
    """Quick check (no content read) that `passphrase` opens the encrypted backup."""
    try:
        sealed.passphrase_opens(Path(backup_file), passphrase)
    except sealed.EncryptedBackupError as exc:
        if exc.wrong_passphrase:
            raise PassphraseError(str(exc)) from exc
        raise SafetyError(str(exc)) from exc


def is_removable(path: str | Path) -> bool:
    """Whether `path` lies on a removable drive (a USB stick, a memory card)."""
    path = Path(path)
    if sys.platform == "win32":
        import ctypes

        root = os.path.splitdrive(str(path.resolve()))[0] + "\\"
        return bool(ctypes.windll.kernel32.GetDriveTypeW(root) == 2)  # type: ignore[attr-defined]
    probe = path if path.exists() else path.parent
    if any(part in ("media", "Volumes") for part in probe.resolve().parts[:3]):
        return True
    with contextlib.suppress(OSError, ValueError):
        dev = probe.stat().st_dev
        block = Path(f"/sys/dev/block/{os.major(dev)}:{os.minor(dev)}").resolve()
        for folder in (block, *block.parents):
            flag = folder / "removable"
            if flag.is_file():
                return flag.read_text().strip() == "1"
    return False


def list_backups(db_path: str | Path) -> list[BackupRow]:
    """Backups of this database, newest first, for the restore dialog."""
    rows = []
    for info in backups.list_backups(backup_dir_for(Path(db_path))):
        try:
            size = info.path.stat().st_size
        except OSError:
            continue
        rows.append(BackupRow(info.path, info.taken_at, info.reason, size))
    return rows


def restore(db_path: str | Path, backup_file: str | Path,
            passphrase: str | None = None,
            progress: sealed.Progress | None = None,
            actor: str | None = None) -> RestoreResult:
    """Put a backup in place of the database. Close every connection to it first.

    The current file is kept first: a verified backup (reason "sebelum_pulih") when it is still
    readable, so a restore can itself be undone, or its raw files when it is damaged
    (store.restore.restore_database, which also makes the swap crash-safe). An encrypted
    backup needs its passphrase: it is decrypted (authenticated) into a private temporary file
    beside the database ("<name>.restore-dekripsi.tmp", removed on every path and by the next
    start after a kill), which is then restored like any backup. `progress(fraction)` follows
    the decryption; a Cancelled it raises stops before the database is touched. `actor`: who
    restored it, for the audit row (default "operator").
    """
    db_path = Path(db_path)
    source = Path(backup_file)
    if not source.exists():
        raise SafetyError(f"File cadangan tidak ditemukan: {source}")
    if not sealed.is_encrypted(source):
        return _restore_plain(db_path, source, source, None, actor)
    if passphrase is None:
        raise PassphraseError(f"{source.name} adalah cadangan terenkripsi; masukkan sandinya.",
                              missing=True)
    plain = db_path.with_name(db_path.name + ".restore-dekripsi.tmp")
    try:
        header = sealed.decrypt_to(source, plain, passphrase, progress)
        return _restore_plain(db_path, plain, source, header.taken_at, actor)
    except sealed.EncryptedBackupError as exc:
        if exc.wrong_passphrase:
            raise PassphraseError(str(exc)) from exc
        raise SafetyError(str(exc)) from exc
    except backups.BackupError as exc:
        raise SafetyError(f"Pemulihan gagal: {exc}. Database lama tidak diubah.") from exc
    finally:
        with contextlib.suppress(OSError):
            plain.unlink(missing_ok=True)


def _restore_plain(db_path: Path, source: Path, named: Path,
                   taken: dt.datetime | None, actor: str | None = None) -> RestoreResult:
    if not backups.integrity_ok(source):
        raise SafetyError(f"File {named.name} rusak atau bukan cadangan database; pilih "
                          "cadangan lain.")
    try:
        check_restorable(source)  # another program's file, an empty one, a newer app's
    except DatabaseOpenError as exc:
        raise SafetyError(f"{exc} Database yang sekarang tidak diubah.") from exc
    try:
        aside = restore_database(db_path, source)
    except (backups.BackupError, OSError) as exc:
        raise SafetyError(f"Pemulihan gagal: {exc}. Database lama tidak diubah.") from exc
    safety_copy = aside if aside is not None and aside.is_file() else None
    match = backups.BACKUP_PATTERN.match(named.name)
    if match:
        taken = dt.datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
    result = RestoreResult(named, taken, safety_copy, aside)
    _audit_restore(db_path, result, actor)
    return result


def _audit_restore(db_path: Path, result: RestoreResult, actor: str | None = None) -> None:
    """The restore itself goes into the (restored) audit trail, saying what it rolled back."""
    from karier_desktop.services import audit
    from karier_desktop.store.lifecycle import open_database

    when = f"{result.taken_at:%d-%m-%Y %H:%M}" if result.taken_at else "tidak diketahui"
    try:
        db = open_database(db_path)
    except DatabaseOpenError:
        log.warning("the restored database could not be opened to record the restore")
        return
    try:
        with db.session_scope() as session:
            audit.record(session, "pulihkan", "database", None, actor,
                         cadangan=result.restored_from.name,
                         dibuat=when, disisihkan=str(result.set_aside or "-"),
                         catatan="catatan audit sesudah waktu cadangan ikut kembali ke keadaan "
                                 "cadangan; salinan sebelum pemulihan menyimpannya")
    finally:
        db.dispose()


# --- a database on a PostgreSQL server -------------------------------------------------------
def is_server(db: str | Path) -> bool:
    return "://" in str(db)


def server_backup_dir(url: str) -> Path:
    """Where this computer keeps its copies of a server database (named after host and db)."""
    from karier_desktop.paths import user_data_dir

    tail = url.split("@")[-1]
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in tail)
    return user_data_dir() / "cadangan-server" / safe


def backup_server_to(url: str, target_file: str | Path) -> Path:
    """Back the server database up to a chosen file: pg_dump's custom format (.dump) when the
    tools are here, else the app's own export (.karier-server); checked, atomic."""
    from karier_desktop.services import database_server

    return database_server.backup_server_to(url, Path(target_file))


def restore_server(url: str, dump_file: str | Path, actor: str = "operator",
                   now: dt.datetime | None = None) -> RestoreResult:
    """Replace the server database's content with a backup (pg_dump or export) of the same
    schema version; the current content is backed up first ("sebelum_pulih"), so the restore
    can be undone, and the restore is audited."""
    from karier_desktop.services import database_server

    return database_server.restore_server(url, dump_file, actor, now)

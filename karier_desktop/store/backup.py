"""Verified backups with SQLite's backup API, written atomically, and their thinning.

A backup is copied into a temporary file in the target folder, checked with integrity_check
and against its source (same application id, schema revision, page count and row count of
every table, read in the same read transaction as the copy), fsynced and only then renamed to
its final name, so a crash, a pulled USB stick or a copy of the wrong file never leaves a bad
backup under a real name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from karier_desktop import sharing
from karier_desktop.store.revision import APPLICATION_ID
from karier_desktop.store.sqlite_uri import sqlite_uri

BACKUP_PATTERN = re.compile(r"^karier-(\d{8})-(\d{6})(?:-(\w+))?\.db$")
# The backup folder's total size is capped (setting "backup_max_total_mb"): 127 thinned copies of
# a 90 MB database would otherwise fill a laptop's disk.
DEFAULT_MAX_TOTAL_BYTES = 2048 * 1024 * 1024
FREE_SPACE_MARGIN = 8 * 1024 * 1024
# the plaintext copy an encrypted USB backup makes in the backup folder (encrypted_backup.py)
PLAIN_PREFIX = "enkripsi-"


class BackupError(Exception):
    """A backup or restore failed; str() is an Indonesian message for the user."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    reason: str


@dataclass(frozen=True)
class DatabaseFacts:
    """What a copy must share with its source."""

    application_id: int
    revision: str | None
    page_count: int
    rows: tuple[tuple[str, int], ...]  # (table, row count), every table, by name


def read_facts(conn: sqlite3.Connection) -> DatabaseFacts:
    """The facts of the database on `conn` (inside the caller's transaction, if any)."""
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
        "ORDER BY name")]
    revision = None
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    rows = tuple((name, conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
                 for name in tables)
    return DatabaseFacts(conn.execute("PRAGMA application_id").fetchone()[0], revision,
                         conn.execute("PRAGMA page_count").fetchone()[0], rows)


def _facts_of(path: Path) -> DatabaseFacts:
    conn = sqlite3.connect(sqlite_uri(path), uri=True)
    try:
        return read_facts(conn)
    finally:
        conn.close()


def _differences(source: DatabaseFacts, copy: DatabaseFacts) -> str:
    """A short Indonesian description of how a copy differs from its source ("" if it does not)."""
    if copy == source:
        return ""
    if copy.application_id != source.application_id or copy.revision != source.revision:
        return "salinan bukan database yang sama (kode aplikasi atau versi skema berbeda)"
    if dict(copy.rows) != dict(source.rows):
        missing = [t for t, n in source.rows if dict(copy.rows).get(t) != n]
        return f"jumlah baris berbeda pada tabel {', '.join(missing[:3])}"
    return f"jumlah halaman berbeda ({copy.page_count} dari {source.page_count})"


def integrity_ok(path: Path, quick: bool = False) -> bool:
    try:
        conn = sqlite3.connect(sqlite_uri(path), uri=True)
        try:
            pragma = "quick_check" if quick else "integrity_check"
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return rows == [("ok",)]


def starts_with(path: Path, magic: bytes) -> bool:
    """Whether the file begins with `magic` (the mark of its format); False when unreadable."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(magic)) == magic
    except OSError:
        return False


def make_private(path: Path) -> None:
    """Readable and writable by the user only (every NIP and birth date is in these files).

    On Windows this only clears a read-only flag; the user's profile folders are already
    private there.
    """
    with contextlib.suppress(OSError):  # e.g. a FAT-formatted stick has no permissions to set
        os.chmod(path, 0o700 if path.is_dir() else 0o600)


@contextlib.contextmanager
def checked_file(target: Path, check: Callable[[Path], object]) -> Iterator[Path]:
    """A temporary name beside `target` for the caller to write (a name of its own: two
    clerks' imports may dump in the same second); then it is made private, checked and renamed
    to `target`. On any failure the temporary file goes and `target` is as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        yield tmp
        make_private(tmp)
        check(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _check_free_space(folder: Path, needed: int) -> None:
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return  # the copy itself will say what is wrong
    if free < needed + FREE_SPACE_MARGIN:
        mb = 1024 * 1024
        raise BackupError(
            f"Ruang kosong di {folder} tidak cukup: cadangan perlu sekitar "
            f"{(needed + FREE_SPACE_MARGIN) // mb + 1} MB, tersedia {free // mb} MB. Kosongkan "
            "ruang atau pilih tempat lain; cadangan lama tetap ada.")


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_database(source: Path, target: Path) -> Path:
    """Copy a live database to `target` through a temporary file verified against the source.

    Refuses a source that is no Karier ASN database (another program's file, or one without
    tables). On any failure no file is left under the target's name and an older file there
    is kept.
    """
    if not source.is_file():
        raise BackupError(f"Database asal tidak ditemukan: {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    try:
        tmp = _fresh_temp(tmp)
        src = sqlite3.connect(sqlite_uri(source), uri=True)
        try:
            src.execute("BEGIN")  # the facts and the copy are of the same moment
            facts = read_facts(src)
            if facts.application_id != APPLICATION_ID or not facts.rows:
                raise BackupError(f"{source.name} bukan database Karier ASN (kosong atau milik "
                                  "program lain); tidak ada yang dicadangkan.")
            page_size = src.execute("PRAGMA page_size").fetchone()[0]
            _check_free_space(target.parent, facts.page_count * page_size)
            dst = sqlite3.connect(tmp)
            make_private(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        if not integrity_ok(tmp):
            if not integrity_ok(source):
                raise BackupError(
                    f"Database asal ({source.name}) sendiri tidak lolos pemeriksaan integritas "
                    "(mis. indeks rusak), jadi salinannya juga tidak. Jalankan Berkas → Periksa "
                    "database untuk memperbaikinya, lalu ulangi.")
            raise BackupError("Salinan cadangan rusak saat diperiksa; cadangan dibatalkan.")
        differs = _differences(facts, _facts_of(tmp))
        if differs:
            raise BackupError(f"Salinan cadangan tidak sama dengan database asal ({differs}); "
                              "cadangan dibatalkan, cadangan lama tetap ada.")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        _replace_held(tmp, target)
        fsync_dir(target.parent)
    except (OSError, sqlite3.Error) as exc:
        _drop(tmp)
        raise BackupError(f"Cadangan gagal dibuat di {target.parent}: {exc}") from exc
    except BackupError:
        _drop(tmp)
        raise
    return target


def _drop(tmp: Path) -> None:
    """Remove a temporary copy; one still held (antivirus) goes at the next start."""
    with contextlib.suppress(OSError):
        sharing.retry_sharing(lambda: tmp.unlink(missing_ok=True), total_s=1.0)


def _fresh_temp(tmp: Path) -> Path:
    """`tmp` emptied of a leftover; if a leftover is held (antivirus still scanning the copy of
    a killed backup), a unique name beside it, which start-up cleaning still recognises."""
    try:
        sharing.retry_sharing(lambda: tmp.unlink(missing_ok=True))
        return tmp
    except OSError as exc:
        if not sharing.is_sharing_error(exc):
            raise
    # "<target>-<hex>.db.tmp": the restore's "<name>.restore*" and the "*.db.tmp" patterns of
    # cleanup_temp_files still match it
    return tmp.with_name(f"{tmp.name[:-len('.tmp')]}-{uuid.uuid4().hex[:8]}.db.tmp")


def _replace_held(tmp: Path, target: Path) -> None:
    """os.replace with the sharing retry; a refusal names the file that is really held."""
    try:
        sharing.retry_sharing(lambda: os.replace(tmp, target))
        return
    except OSError as exc:
        if not sharing.is_sharing_error(exc):
            raise
        first = exc
    probe = tmp.with_name(tmp.name[:-len(".db.tmp")] + "-cek.db.tmp")
    try:  # the temporary copy moves only when nobody holds it: then the target is held
        os.replace(tmp, probe)
    except OSError as exc:
        raise BackupError(
            "Salinan cadangan yang baru masih diperiksa program lain (biasanya antivirus) dan "
            "belum dapat diberi nama akhirnya. Tunggu sebentar lalu ulangi; database dan "
            "cadangan lama tidak diubah.") from exc
    with contextlib.suppress(OSError):
        os.replace(probe, tmp)
    raise BackupError(
        f"File tujuan {target.name} sedang dibuka program lain. Tutup program itu (atau pilih "
        "nama lain) lalu ulangi; database tidak diubah.") from first


def backup_name(now: dt.datetime, reason: str) -> str:
    return f"karier-{now:%Y%m%d-%H%M%S}-{reason}.db"


def make_backup(db_path: Path, backup_dir: Path, reason: str = "otomatis",
                now: dt.datetime | None = None,
                max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES) -> Path:
    """A verified backup in the backup folder, then the folder thinned (rule and size cap)."""
    now = now or dt.datetime.now()
    backup_dir.mkdir(parents=True, exist_ok=True)
    make_private(backup_dir)
    target = backup_dir / backup_name(now, reason)
    n = 1
    while target.exists():
        n += 1
        target = backup_dir / backup_name(now + dt.timedelta(seconds=n), reason)
    made = copy_database(db_path, target)
    with contextlib.suppress(OSError):  # a held copy stays until next time; the backup is made
        thin_backups(backup_dir, now, max_total_bytes, keep=made)
    return made


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Backups in the folder, newest first."""
    found: list[BackupInfo] = []
    if not backup_dir.is_dir():
        return found
    for entry in backup_dir.iterdir():
        m = BACKUP_PATTERN.match(entry.name)
        if not m:
            continue
        taken = dt.datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
        found.append(BackupInfo(entry, taken, m.group(3) or ""))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


def newest_good_backup(backup_dir: Path) -> BackupInfo | None:
    for info in list_backups(backup_dir):
        if integrity_ok(info.path):
            return info
    return None


def backups_to_keep(stamps: list[dt.datetime], now: dt.datetime, recent_days: int = 2,
                    daily: int = 12, weekly: int = 10, monthly: int = 9) -> set[dt.datetime]:
    """Anki-style thinning: all recent ones, then one per day, week and month (the newest of each)."""
    keep: set[dt.datetime] = set()
    ordered = sorted(stamps, reverse=True)
    if ordered:
        keep.add(ordered[0])
    seen_days: set[dt.date] = set()
    seen_weeks: set[tuple[int, int]] = set()
    seen_months: set[tuple[int, int]] = set()
    for stamp in ordered:
        if now - stamp <= dt.timedelta(days=recent_days):
            keep.add(stamp)
            seen_days.add(stamp.date())
            continue
        day = stamp.date()
        week = stamp.isocalendar()[:2]
        month = (stamp.year, stamp.month)
        if day not in seen_days and len(seen_days) < daily + recent_days + 1:
            seen_days.add(day)
            keep.add(stamp)
        elif week not in seen_weeks and len(seen_weeks) < weekly:
            seen_weeks.add(week)
            keep.add(stamp)
        elif month not in seen_months and len(seen_months) < monthly:
            seen_months.add(month)
            keep.add(stamp)
    return keep


def thin_backups(backup_dir: Path, now: dt.datetime | None = None,
                 max_total_bytes: int | None = None, keep: Path | None = None) -> list[Path]:
    """Delete backups that thinning does not keep, then the oldest while the folder is over
    `max_total_bytes` (never the newest one, nor `keep`); return what was deleted.

    A file that cannot be deleted now (held by antivirus or a viewer) is skipped.
    """
    now = now or dt.datetime.now()
    infos = list_backups(backup_dir)
    kept_stamps = backups_to_keep([b.taken_at for b in infos], now)
    removed: list[Path] = []

    def delete(info: BackupInfo) -> bool:
        try:
            info.path.unlink(missing_ok=True)
        except OSError:
            return False
        removed.append(info.path)
        return True

    remaining = [info for info in infos if info.taken_at in kept_stamps or not delete(info)]
    if max_total_bytes is None:
        return removed
    sizes = {}
    for info in remaining:
        try:
            sizes[info.path] = info.path.stat().st_size
        except OSError:
            sizes[info.path] = 0
    total = sum(sizes.values())
    for info in reversed(remaining[1:]):  # oldest first; the newest always stays
        if total <= max_total_bytes:
            break
        if info.path != keep and delete(info):
            total -= sizes[info.path]
    return removed


def cleanup_temp_files(folder: Path) -> None:
    """Remove leftovers of interrupted backups (`*.db.tmp` and SQLite's files beside it, and
    the plaintext copy of an encrypted backup cut off by a kill)."""
    if folder.is_dir():
        for pattern in ("*.db.tmp", "*.db.tmp-journal", "*.db.tmp-wal", "*.db.tmp-shm",
                        PLAIN_PREFIX + "*.db"):
            for entry in folder.glob(pattern):
                with contextlib.suppress(OSError):  # held by another program: next start
                    entry.unlink(missing_ok=True)

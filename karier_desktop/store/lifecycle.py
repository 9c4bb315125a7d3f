"""Opening a database safely: recognise it, check it, back it up, migrate it, seed it."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from karier_desktop.paths import backup_dir_for, user_data_dir
from karier_desktop.store import backup as backups
from karier_desktop.store import writer_lock
from karier_desktop.store.db import Database, make_engine
from karier_desktop.store.restore import finish_interrupted_restore
from karier_desktop.store.revision import APPLICATION_ID, HEAD_REVISION
from karier_desktop.store.sqlite_uri import sqlite_uri

log = logging.getLogger(__name__)

SCHEMA_USER_VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseOpenError(Exception):
    """The database cannot be opened; str() is an Indonesian message for the user."""


class DatabaseDamaged(DatabaseOpenError):
    """The file's content is damaged: only this offers restoring a backup."""

    def __init__(self, path: Path, why: str = "pemeriksaan cepat gagal") -> None:
        super().__init__(
            f"Database {path.name} rusak ({why}). "
            "Pulihkan dari cadangan terbaru yang masih baik."
        )
        self.path = path


class DatabaseUnavailable(DatabaseOpenError):
    """The file is fine as far as we know but cannot be used right now (locked, read-only,
    unreachable): nothing is changed and no restore is offered."""


# SQLite's primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF).
_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_ACCESS_CODES = {3, 8, 14, 23}  # SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_AUTH
_IO_CODES = {10}  # SQLITE_IOERR


def classify_sqlite_error(path: Path, exc: sqlite3.Error) -> DatabaseOpenError:
    """Damage only for a damaged file; locked, read-only and unreachable get their own words."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code in _DAMAGE_CODES:
        return DatabaseDamaged(path, "isi file tidak utuh")
    if code in _BUSY_CODES:
        return DatabaseUnavailable(
            f"Database {path.name} sedang dikunci program lain (mis. Karier ASN yang lain, DB "
            "Browser, atau antivirus). Tutup program itu lalu buka lagi; data tidak diubah.")
    if code in _ACCESS_CODES:
        return DatabaseUnavailable(
            f"Database {path.name} tidak dapat dibuka: folder atau file tidak boleh dibaca/ditulis "
            f"oleh pengguna ini ({path.parent}). Periksa izin folder atau pindahkan database ke "
            "folder Dokumen; data tidak diubah.")
    if code in _IO_CODES:
        return DatabaseUnavailable(
            f"Database {path.name} tidak dapat dibaca dari disk (gangguan baca/tulis; flashdisk "
            "tercabut atau folder jaringan terputus?). Periksa penyimpanannya lalu buka lagi; "
            "data tidak diubah.")
    log.warning("unclassified SQLite error opening the database: %s", exc)
    return DatabaseUnavailable(
        f"Database {path.name} tidak dapat dibuka saat ini; data tidak diubah. Coba lagi, atau "
        "jalankan Periksa Database.")


def _has_backups(path: Path) -> bool:
    return bool(backups.list_backups(backup_dir_for(path)))


def _inspect_sqlite_file(path: Path) -> None:
    """Refuse files that are not ours or are damaged, before SQLAlchemy touches them.

    Damage (DatabaseDamaged, which offers a backup): a failed quick check, SQLite saying the file
    is malformed, a zeroed or truncated header, or a non-SQLite header where backups of this
    database exist. Not damage (DatabaseUnavailable): locked, read-only, unreachable.
    """
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise DatabaseUnavailable(
            f"Database {path.name} tidak dapat dibaca ({exc.strerror or exc}); data tidak "
            "diubah. Periksa izin folder, atau tutup program yang memakainya.") from exc
    if not header.startswith(SQLITE_HEADER):
        if len(header) < 100 or not header.strip(b"\x00") or _has_backups(path):
            raise DatabaseDamaged(path, "kepala file hilang atau terpotong")
        raise DatabaseOpenError(f"{path.name} bukan file database aplikasi ini (bukan SQLite).")
    try:
        conn = sqlite3.connect(sqlite_uri(path), uri=True, timeout=2)
        try:
            conn.execute("PRAGMA trusted_schema=OFF")
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            ok = conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise classify_sqlite_error(path, exc) from exc
    if app_id != APPLICATION_ID and tables:
        raise DatabaseOpenError(
            f"{path.name} bukan file database aplikasi ini (database program lain)."
        )
    if not ok:
        raise DatabaseDamaged(path)


def check_restorable(path: Path) -> None:
    """Refuse, before anything is replaced, a file that is no backup this app can open.

    That is another program's SQLite file, one without our schema (e.g. empty), a damaged one,
    or one made by a newer version. Raises DatabaseOpenError with an Indonesian message.
    """
    _inspect_sqlite_file(path)  # damaged, or tables with another program's application_id
    not_ours = DatabaseOpenError(f"{path.name} bukan cadangan database aplikasi ini; pilih file "
                                 "cadangan Karier ASN (.db).")
    try:
        conn = sqlite3.connect(sqlite_uri(path), uri=True)
        try:  # an empty file, or one without our schema, has no revision
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise not_ours from exc
    if row is None:
        raise not_ours
    if row[0] != HEAD_REVISION:
        from karier_desktop.store.migrate import known_revisions

        if row[0] not in known_revisions():
            raise DatabaseOpenError(
                f"{path.name} dibuat oleh versi aplikasi yang lebih baru. Perbarui Karier ASN "
                "dulu, lalu pulihkan lagi.")


def open_database(url_or_path: str | Path, create: bool = True, seed: bool = True) -> Database:
    """Open (and if needed create, migrate and seed) a database.

    For a SQLite file the steps are: refuse a foreign or damaged file; refuse a file made by a
    newer app; back up before a migration; migrate in one transaction; seed reference data into a
    new database. Raises DatabaseOpenError with an Indonesian message.
    """
    url = str(url_or_path)
    path: Path | None = None
    release: Callable[[], None] | None = None
    if "://" not in url:
        path = Path(url).expanduser().resolve()
        release = _hold(path)
    try:
        return _open(url, path, create, seed, release)
    except BaseException:
        if release is not None:
            release()
        raise


def _hold(path: Path) -> Callable[[], None] | None:
    """This process's hold on the file (store.writer_lock); None where no lock can be made."""
    if not path.parent.is_dir():
        return None  # nothing to hold yet; the folder is made below
    try:
        return writer_lock.acquire(path)
    except writer_lock.DatabaseInUse as exc:
        raise DatabaseUnavailable(str(exc)) from exc
    except OSError:
        return None  # a read-only folder: the open below says what is wrong


def _open(url: str, path: Path | None, create: bool, seed: bool,
          release: Callable[[], None] | None) -> Database:
    is_new = False
    if path is not None:
        finish_interrupted_restore(path)
        if path.exists() and path.stat().st_size > 0:
            _inspect_sqlite_file(path)
            is_new = _has_no_tables(path)  # a first creation that was interrupted early
        elif path.exists() and _has_backups(path):
            raise DatabaseDamaged(path, "file kosong")
        elif not create:
            raise DatabaseOpenError(f"Database tidak ditemukan: {path}")
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnavailable(f"Folder database tidak dapat dibuat: "
                                          f"{exc.strerror or exc}") from exc
            is_new = True
    late = _hold(path) if path is not None and release is None else None  # folder just made
    try:
        db = _open_engine(url, path, is_new, seed)
    except BaseException:
        if late is not None:
            late()
        raise
    db.release_hold = release or late
    if path is not None and is_new:
        backups.make_private(path)
        if path.parent == user_data_dir():
            backups.make_private(path.parent)
    return db


def _open_engine(url: str, path: Path | None, is_new: bool, seed: bool) -> Database:
    engine = make_engine(path if path is not None else url)
    try:
        with _server_lock(engine):  # two clerks starting a new server database at once
            _migrate(engine, path, is_new)
            db = Database(engine)
            if seed:
                from karier_desktop.store.seed import seed_reference_data, seed_starter_catalogue

                with db.session_scope() as session:
                    seed_reference_data(session)
                    if is_new:
                        seed_starter_catalogue(session)
        if path is not None:
            backups.cleanup_temp_files(backup_dir_for(path))
        return db
    except DatabaseOpenError:
        engine.dispose()
        raise
    except sqlite3.Error as exc:
        engine.dispose()
        raise classify_sqlite_error(path or Path(url), exc) from exc
    except Exception as exc:
        engine.dispose()
        orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's error
        if path is not None and isinstance(orig, sqlite3.Error):
            raise classify_sqlite_error(path, orig) from exc
        if path is None and engine.dialect.name == "postgresql":
            raise classify_server_error(url, orig or exc) from exc
        raise


MIGRATION_LOCK = 0x4B41534E  # pg_advisory_lock key: "KASN"


@contextmanager
def _server_lock(engine: Engine) -> Iterator[None]:
    """On PostgreSQL, one process at a time migrates and seeds (an advisory lock)."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK})")
        conn.commit()
        try:
            yield
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK})")
            conn.commit()


def safe_url(url: str) -> str:
    """A database URL to show: the password never appears."""
    if "://" not in url:
        return url
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown without its credentials
        return url.split("@")[-1]


def classify_server_error(url: str, exc: BaseException) -> DatabaseOpenError:
    """Plain words for a PostgreSQL server that cannot be used; never the password."""
    where = safe_url(url)
    state = getattr(exc, "sqlstate", None)
    text_ = str(exc).lower()
    if state in ("28P01", "28000") or "password" in text_ or "authentication" in text_:
        return DatabaseUnavailable(f"Server database menolak masuk ({where}): nama pengguna atau "
                                   "kata sandi salah. Periksa sambungan di Pengaturan.")
    if state == "3D000" or "does not exist" in text_:
        return DatabaseUnavailable(f"Database tidak ada di server ({where}). Minta admin membuat "
                                   "database itu, atau periksa namanya.")
    if state == "42501" or "permission denied" in text_:
        return DatabaseUnavailable(f"Pengguna tidak berhak memakai database {where}. Minta admin "
                                   "server memberi hak akses.")
    if "refused" in text_ or "timeout" in text_ or "could not translate host" in text_ \
            or "connection" in text_:
        return DatabaseUnavailable(f"Server database tidak dapat dihubungi ({where}). Periksa "
                                   "jaringan kantor dan apakah server menyala, lalu coba lagi.")
    log.warning("unclassified server error opening the database: %s", type(exc).__name__)
    return DatabaseUnavailable(f"Database di server {where} tidak dapat dibuka saat ini; coba "
                               "lagi atau hubungi admin server.")


def _has_no_tables(path: Path) -> bool:
    conn = sqlite3.connect(sqlite_uri(path), uri=True)
    try:
        return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    finally:
        conn.close()


# Comparing with a constant first lets a normal start-up skip importing Alembic (half a second).


def stored_revision(engine) -> str | None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            found = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").first()
            if not found:
                return None
        try:
            row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        except Exception:  # noqa: BLE001 - a database without the table is simply new
            return None
        return row[0] if row else None


def _migrate(engine, path: Path | None, is_new: bool) -> None:  # type: ignore[no-untyped-def]
    current = None if is_new else stored_revision(engine)
    if current == HEAD_REVISION:
        return
    from karier_desktop.store.migrate import head_revision, known_revisions, upgrade_to_head

    head = head_revision()
    if current == head:
        return
    if current is not None and current not in known_revisions():
        raise DatabaseOpenError(
            "Database ini dibuat oleh versi aplikasi yang lebih baru. "
            "Versi aplikasi lebih lama: perbarui Karier ASN untuk membukanya."
        )
    if current is not None and path is not None:
        backups.make_backup(path, backup_dir_for(path), reason="migrasi")
    # A new file is stamped as ours in the same transaction as its first schema, so a creation
    # interrupted early leaves either nothing or a file that the next start recognises.
    stamp = (f"PRAGMA application_id={APPLICATION_ID}",
             f"PRAGMA user_version={SCHEMA_USER_VERSION}") if is_new and path is not None else ()
    upgrade_to_head(engine, first=stamp)
    log.info("database migrated from %s to %s", current, head)


def quick_check(db: Database) -> bool:
    with db.engine.connect() as conn:
        if db.engine.dialect.name != "sqlite":
            conn.execute(text("SELECT 1"))
            return True
        return conn.exec_driver_sql("PRAGMA quick_check").fetchall() == [("ok",)]

"""Opening a database safely: recognise it, check it, back it up, migrate it, seed it."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlalchemy import text

from karier_desktop.paths import backup_dir_for
from karier_desktop.store import backup as backups
from karier_desktop.store.db import Database, make_engine
from karier_desktop.store.revision import APPLICATION_ID, HEAD_REVISION
from karier_desktop.store.sqlite_uri import sqlite_uri

log = logging.getLogger(__name__)

SCHEMA_USER_VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseOpenError(Exception):
    """The database cannot be opened; str() is an Indonesian message for the user."""


class DatabaseDamaged(DatabaseOpenError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Database {path.name} rusak (pemeriksaan cepat gagal). "
            "Pulihkan dari cadangan terbaru yang masih baik."
        )
        self.path = path


def _inspect_sqlite_file(path: Path) -> None:
    """Refuse files that are not ours or are damaged, before SQLAlchemy touches them."""
    with open(path, "rb") as fh:
        header = fh.read(16)
    if header != SQLITE_HEADER:
        raise DatabaseOpenError(f"{path.name} bukan file database aplikasi ini (bukan SQLite).")
    try:
        conn = sqlite3.connect(sqlite_uri(path), uri=True)
        try:
            conn.execute("PRAGMA trusted_schema=OFF")
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            ok = conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(path) from exc
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
    is_new = False
    if "://" not in url:
        path = Path(url).expanduser().resolve()
        if path.exists() and path.stat().st_size > 0:
            _inspect_sqlite_file(path)
        elif not create:
            raise DatabaseOpenError(f"Database tidak ditemukan: {path}")
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseOpenError(f"Folder database tidak dapat dibuat: {exc}") from exc
            is_new = True
        url = str(path)
    engine = make_engine(url)
    try:
        _migrate(engine, path, is_new)
        db = Database(engine)
        if path is not None and is_new:
            with engine.begin() as conn:
                conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
                conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_USER_VERSION}")
        if seed:
            from karier_desktop.store.seed import seed_reference_data

            with db.session_scope() as session:
                seed_reference_data(session)
        if path is not None:
            backups.cleanup_temp_files(backup_dir_for(path))
        return db
    except DatabaseOpenError:
        engine.dispose()
        raise
    except sqlite3.OperationalError as exc:
        engine.dispose()
        raise DatabaseOpenError(f"Database tidak dapat dibuka: {exc}") from exc
    except Exception:
        engine.dispose()
        raise


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
    upgrade_to_head(engine)
    log.info("database migrated from %s to %s", current, head)


def quick_check(db: Database) -> bool:
    with db.engine.connect() as conn:
        if db.engine.dialect.name != "sqlite":
            conn.execute(text("SELECT 1"))
            return True
        return conn.exec_driver_sql("PRAGMA quick_check").fetchall() == [("ok",)]

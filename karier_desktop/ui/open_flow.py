"""Opening the database at start-up: first start, damaged file, newer file."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from karier_desktop import APP_NAME
from karier_desktop.paths import backup_dir_for

if TYPE_CHECKING:
    from karier_desktop.store.db import Database

log = logging.getLogger(__name__)


def open_or_welcome(path: Path) -> QWidget | None:
    """Return the main window for `path`, after the welcome screen on a first start.

    When the file holds a start-up snapshot that is still exact (services.start_view), the
    window shows it at once and opens the database right after its first paint; a file that
    then turns out damaged or newer is handled as below, and the window closes.
    """
    from karier_desktop.services.start import view as start_view
    from karier_desktop.ui.main_window import MainWindow

    view = start_view.load(path)
    if view is not None and view.summary.employees > 0:
        from karier_desktop.ui.context import AppContext

        return MainWindow(AppContext(path=path, opener=lambda: _open_with_recovery(path),
                                     start_view=view))
    db = _open_with_recovery(path)
    if db is None:
        return None
    window = MainWindow(db)
    attach_welcome_if_empty(window)
    return window


def open_server_window(url: str) -> QWidget | None:
    """The main window on a shared database on a PostgreSQL server (no start-up snapshot, no
    file recovery: the server keeps its own); None after a plain message when it cannot open."""
    from karier_desktop.services.database import DatabaseOpenError, open_database
    from karier_desktop.ui.main_window import MainWindow

    try:
        db = open_database(url)
    except DatabaseOpenError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return None
    from karier_desktop.ui.login import sign_in_or_quit

    if not sign_in_or_quit(db):  # a shared database: the first admin, then always a login
        db.dispose()
        return None
    return MainWindow(db)


def open_local_with_login(path: Path) -> QWidget | None:
    """A SQLite file whose admin switched the login on: no snapshot before the login (it
    would show every employee), then the usual opening and the login dialog."""
    from karier_desktop.ui.login import sign_in_or_quit
    from karier_desktop.ui.main_window import MainWindow

    db = _open_with_recovery(path)
    if db is None:
        return None
    if not sign_in_or_quit(db):
        db.dispose()
        return None
    window = MainWindow(db)
    attach_welcome_if_empty(window)
    return window

def attach_welcome_if_empty(window: QWidget) -> bool:
    """Offer the welcome screen while the database holds no employee, not only on the very
    first start: after Esc, a close or a crash the next start offers it again."""
    from karier_desktop.services.first_day import has_employees
    from karier_desktop.ui.welcome import WelcomeDialog

    ctx = window.ctx  # type: ignore[attr-defined]
    if ctx.call(has_employees):
        return False
    welcome = WelcomeDialog(ctx, window)
    welcome.finished_choice.connect(window.after_welcome)  # type: ignore[attr-defined]
    window.pending_welcome = welcome  # type: ignore[attr-defined]
    return True


def _open_with_recovery(path: Path) -> Database | None:
    from karier_desktop.services.database import DatabaseDamaged

    try:
        return _open_or_explain(path, reraise_damage=True)
    except DatabaseDamaged:
        return _offer_restore(path)


def _open_or_explain(path: Path, reraise_damage: bool = False) -> Database | None:
    """open_database(path), or None after an Indonesian message for whatever stopped it.

    Besides the database's own refusals that is a failed backup before a migration (antivirus
    scanning the new backup on the first start after an update) and a file the system will
    not let us touch (a locked leftover of an interrupted restore or backup).
    """
    from karier_desktop.services.database import (
        BackupError,
        DatabaseDamaged,
        DatabaseOpenError,
        open_database,
    )

    try:
        return open_database(path)
    except DatabaseDamaged:
        if reraise_damage:
            raise
        QMessageBox.critical(None, APP_NAME, "Database hasil pemulihan pun tidak dapat dibuka. "
                             "Hubungi admin; file tidak diubah lagi.")
    except DatabaseOpenError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
    except BackupError as exc:
        log.warning("backup before opening failed", exc_info=True)
        QMessageBox.critical(
            None, APP_NAME,
            f"Sebelum database disesuaikan dengan versi aplikasi ini, cadangannya harus dibuat "
            f"dulu, tetapi gagal:\n{exc}\n\nDatabase tidak diubah. Tunggu sebentar (antivirus "
            "mungkin sedang memeriksa file), lalu buka lagi aplikasi.")
    except OSError as exc:
        log.warning("opening the database failed", exc_info=True)
        name = Path(exc.filename).name if getattr(exc, "filename", None) else path.name
        QMessageBox.critical(
            None, APP_NAME,
            f"Database tidak dapat dibuka: file {name} sedang dipakai program lain atau tidak "
            f"boleh diubah ({exc.strerror or exc}).\n\nData tidak diubah. Tunggu sebentar "
            "(antivirus atau OneDrive mungkin sedang memeriksanya), lalu buka lagi aplikasi.")
    return None


def _offer_restore(path: Path) -> Database | None:
    """Keep the damaged file aside and offer the newest backup that passes integrity_check."""
    from karier_desktop.services.database import BackupError, newest_good_backup, restore_newest

    backup = newest_good_backup(path)
    if backup is None:
        QMessageBox.critical(
            None, APP_NAME,
            f"Database {path.name} rusak dan tidak ada cadangan yang baik di "
            f"{backup_dir_for(path)}.\nFile tidak diubah. Hubungi admin atau salin cadangan "
            "dari flashdisk ke folder tersebut, lalu buka aplikasi lagi.")
        return None
    when = backup.taken_at.strftime("%d-%m-%Y %H:%M")
    answer = QMessageBox.question(
        None, APP_NAME,
        f"Database {path.name} rusak.\n\nCadangan terbaru yang baik dibuat {when}. "
        "Pulihkan dari cadangan ini? File yang rusak disimpan apa adanya di sebelahnya "
        f"({path.name}.rusak-…).")
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        restore_newest(path, backup)
    except (BackupError, OSError) as exc:
        QMessageBox.critical(None, APP_NAME, f"Pemulihan gagal: {exc}\nFile tidak diubah. "
                             "Periksa izin folder database lalu buka aplikasi lagi.")
        return None
    QMessageBox.information(None, APP_NAME, f"Database dipulihkan dari cadangan {when}.")
    return _open_or_explain(path)

"""Opening the database at start-up: first start, damaged file, newer file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from karier_desktop import APP_NAME
from karier_desktop.paths import backup_dir_for

if TYPE_CHECKING:
    from karier_desktop.store.db import Database


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
    from karier_desktop.store.lifecycle import DatabaseDamaged, DatabaseOpenError, open_database

    try:
        return open_database(path)
    except DatabaseDamaged:
        return _offer_restore(path)
    except DatabaseOpenError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return None


def _offer_restore(path: Path) -> Database | None:
    """Keep the damaged file aside and offer the newest backup that passes integrity_check."""
    from karier_desktop.store.backup import newest_good_backup, restore_database
    from karier_desktop.store.lifecycle import open_database

    backup = newest_good_backup(backup_dir_for(path))
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
    from karier_desktop.store.backup import BackupError

    try:
        restore_database(path, backup.path)
    except (BackupError, OSError) as exc:
        QMessageBox.critical(None, APP_NAME, f"Pemulihan gagal: {exc}\nFile tidak diubah. "
                             "Periksa izin folder database lalu buka aplikasi lagi.")
        return None
    QMessageBox.information(None, APP_NAME, f"Database dipulihkan dari cadangan {when}.")
    return open_database(path)

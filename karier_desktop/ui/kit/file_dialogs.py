"""Every file dialog of the app: it starts in the last folder used, else in Documents.

The program's own folder (where a file dialog starts by default on Windows) is never a good
place for a clerk's exports, imports or logo. The last folder is kept per user (ui.kit.fit's
settings file), so it survives a restart.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from karier_desktop.ui.kit.fit import ui_settings

KEY = "folders/last"


def documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def start_folder() -> Path:
    """The last folder a file was chosen in (if it still exists), else Documents."""
    last = ui_settings().value(KEY)
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    return documents_folder()


def remember(chosen: str | Path) -> None:
    if not chosen:
        return
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    state = ui_settings()
    state.setValue(KEY, str(folder))
    state.sync()


def _start(suggested: str | Path = "") -> str:
    """A suggested bare name goes into the start folder; a full path is kept as given."""
    suggested = str(suggested)
    if suggested and Path(suggested).is_absolute():
        return suggested
    return str(start_folder() / suggested) if suggested else str(start_folder())


def open_file(parent: QWidget | None, title: str, filters: str) -> str:
    name, _ = QFileDialog.getOpenFileName(parent, title, _start(), filters)
    remember(name)
    return name


def save_file(parent: QWidget | None, title: str, suggested_name: str, filters: str) -> str:
    """`suggested_name` is a bare file name (placed in the start folder) or a full path."""
    name, _ = QFileDialog.getSaveFileName(parent, title, _start(suggested_name), filters)
    remember(name)
    return name


def save_table_file(parent: QWidget | None, title: str, suggested_name: str) -> Path | None:
    """Where to export a table: .xlsx or .csv; a name typed without either gets .xlsx."""
    name = save_file(parent, title, suggested_name, "Excel (*.xlsx);;CSV (*.csv)")
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_name(path.name + ".xlsx")
    return path


def choose_folder(parent: QWidget | None, title: str, suggested: str | Path = "") -> str:
    name = QFileDialog.getExistingDirectory(parent, title, _start(suggested))
    remember(name)
    return name

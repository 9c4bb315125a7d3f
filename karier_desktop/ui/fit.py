"""Fitting the window to small screens, remembering its size, and keyboard habits of tables.

The target is a 1366×768 laptop at 100, 125 or 150 % scaling with a Windows taskbar (48 px):
at 150 % that leaves 910×480 logical pixels for the whole window, frame and title included.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QAbstractItemView, QMainWindow, QWidget

MIN_WIDTH = 880
MIN_HEIGHT = 440  # 480 minus the title bar and frame
DEFAULT_SIZE = (1280, 720)


def ui_settings() -> QSettings:
    """Per-user window state and last folders, beside the database in the user data folder."""
    from karier_desktop.paths import user_data_dir

    return QSettings(str(user_data_dir() / "tampilan.ini"), QSettings.Format.IniFormat)


def fit_to_screen(window: QMainWindow) -> None:
    """Small minimum size; the remembered geometry, or a default that fits the screen."""
    window.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
    state = ui_settings()
    geometry = state.value("window/geometry")
    if isinstance(geometry, QByteArray) and window.restoreGeometry(geometry):
        return
    width, height = DEFAULT_SIZE
    screen = window.screen()
    if screen is not None:
        area = screen.availableGeometry()
        width = min(width, area.width())
        height = min(height, area.height() - 32)  # the title bar is outside the geometry
    window.resize(max(width, MIN_WIDTH), max(height, MIN_HEIGHT))


def remember_geometry(window: QMainWindow) -> None:
    state = ui_settings()
    state.setValue("window/geometry", window.saveGeometry())
    state.sync()


def leave_tables_with_tab(root: QWidget) -> None:
    """Tab moves to the next control instead of from cell to cell (arrow keys move in it)."""
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)

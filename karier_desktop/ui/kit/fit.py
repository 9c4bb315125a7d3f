"""Fitting the window to small screens, remembering its size, and keyboard habits of tables.

The target is a 1366×768 laptop at 100, 125 or 150 % scaling with a Windows taskbar (48 px):
at 150 % that leaves 910×480 logical pixels for the whole window, frame and title included.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTabWidget,
    QTreeView,
    QTreeWidget,
    QWidget,
)

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


def compact(root: QWidget) -> None:
    """Let a page shrink to a small screen without cutting text off for good.

    - combo boxes no longer demand the width of their longest entry (the list shows it);
    - long hints wrap;
    - tree views scroll sideways instead of eliding names ("Badan Penan…"), and each name
      has its full text as a tooltip (set when the items are made: see `tooltip_items`).
    """
    for combo in root.findChildren(QComboBox):
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(min(combo.minimumContentsLength() or 6, 6))
    for label in root.findChildren(QLabel):
        if len(label.text()) > 50 and not label.wordWrap():
            label.setWordWrap(True)  # a long hint wraps instead of widening the page
    for tabs in root.findChildren(QTabWidget):
        tabs.setElideMode(Qt.TextElideMode.ElideNone)  # "Pelatih…": scroll arrows instead
    for tree in root.findChildren(QTreeView):
        header = tree.header()
        if header.count() == 1:
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setStretchLastSection(False)
            tree.setTextElideMode(Qt.TextElideMode.ElideNone)
            tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        if isinstance(tree, QTreeWidget):
            _Tooltips(tree)


class _Tooltips(QObject):
    """Gives every item of a tree widget its full text as tooltip, once after each change."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)  # dies with the tree
        self.tree = tree
        self.timer = QTimer(self, singleShot=True, interval=0)
        self.timer.timeout.connect(self.apply)
        tree.model().rowsInserted.connect(self.timer.start)
        tree.model().modelReset.connect(self.timer.start)
        self.apply()

    def apply(self) -> None:
        _tooltips(self.tree)


def _tooltips(tree: QTreeWidget) -> None:
    """The full text of every cell as its tooltip, for names cut at the column's edge."""
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        if item is None:
            continue
        for col in range(item.columnCount()):
            if not item.toolTip(col):
                item.setToolTip(col, item.text(col))
        stack.extend(item.child(i) for i in range(item.childCount()))

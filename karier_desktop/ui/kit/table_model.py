"""A small list-backed table model over prepared rows.

Sorting and filtering happen in Python over prepared keys, then the model is reset: Qt's
QSortFilterProxyModel calls into Python for every row and is far too slow at 100k rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

R = TypeVar("R")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    sort_key: Callable[[R], Any] | None = None
    align_right: bool = False
    background: Callable[[R], str | None] | None = None  # colour name or None
    tooltip: Callable[[R], str] | None = None


class RowTableModel(QAbstractTableModel, Generic[R]):
    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[R] = []
        self._brushes: dict[str, QBrush] = {}

    # --- data
    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return self._rows

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # --- Qt interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return (col.sort_key or col.text)(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horiz = Qt.AlignmentFlag.AlignRight if col.align_right else Qt.AlignmentFlag.AlignLeft
            return int(horiz | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col.background is not None:
            colour = col.background(row)
            if colour:
                if colour not in self._brushes:
                    self._brushes[colour] = QBrush(QColor(colour))
                return self._brushes[colour]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col.tooltip is not None:
                return col.tooltip(row)
            text = col.text(row)  # a long name cut at the column's edge reads in full on hover
            return text if len(text) > 14 else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title if 0 <= section < len(self.columns) else None
        return section + 1

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        col = self.columns[column]
        key = col.sort_key or col.text
        self.layoutAboutToBeChanged.emit()
        self._rows = sort_rows(self._rows, key, order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


def sort_rows(rows: list[R], key: Callable[[R], Any], descending: bool = False) -> list[R]:
    """Sort by key with rows whose key is None always last.

    The plain sort is tried first (no None keys: the common case, and the fastest); only when
    keys cannot be compared are the None rows split off.
    """
    try:
        return sorted(rows, key=key, reverse=descending)
    except TypeError:
        pass
    keyed = [(key(r), r) for r in rows]
    present = [pair for pair in keyed if pair[0] is not None]
    missing = [r for k, r in keyed if k is None]
    present.sort(key=lambda pair: pair[0], reverse=descending)
    return [r for _k, r in present] + missing

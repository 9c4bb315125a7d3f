"""A small list-backed table model over prepared rows.

Sorting and filtering happen in Python over prepared keys, then the model is reset: Qt's
QSortFilterProxyModel calls into Python for every row and is far too slow at 100k rows.
"""

from __future__ import annotations

from array import array
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


def _forgets(name: str) -> Callable[..., Any]:
    """A list method that first forgets what the list knew of its order."""
    method = getattr(list, name)

    def changed(self: SortedRows[Any], *args: Any, **kwargs: Any) -> Any:
        self._keys = None
        return method(self, *args, **kwargs)

    changed.__name__ = name
    return changed


class SortedRows(list[R]):
    """A list `sort_rows` returned. It remembers the rows the first sort started from and the
    keys of the last columns sorted since (KEPT_COLUMNS), so sorting the same rows again by one
    of them reads its keys instead of calling the key function 100,000 times (which costs more
    than the sort itself). Changed in place, the list forgets them: the next sort starts
    afresh."""

    __slots__ = ("_keys", "_order")
    _keys: _SortKeys | None
    _order: array[int]  # where each row sits in `_keys.base` (4 bytes a row)

    for _name in ("__setitem__", "__delitem__", "__iadd__", "__imul__", "append", "extend",
                  "insert", "remove", "pop", "clear", "sort", "reverse"):
        locals()[_name] = _forgets(_name)
    del _name


KEPT_COLUMNS = 2  # whose keys a SortedRows keeps: the one sorted by and the one before


class _SortKeys:
    """The rows a first sort started from, and per key function their keys in that order (kept
    only for rows that cannot change in place: tuples and frozen dataclasses)."""

    __slots__ = ("base", "keep", "keys")

    def __init__(self, base: list[Any]) -> None:
        self.base = base
        self.keep = all(_immutable(t) for t in set(map(type, base)))
        self.keys: dict[Callable[[Any], Any], list[Any]] = {}

    def of(self, key: Callable[[Any], Any], rows: list[Any], order: array[int] | None
           ) -> list[Any]:
        """The keys of the base rows, in the base's order; `rows` are the base rows in `order`
        (None: in the base's order)."""
        keys = self.keys.get(key)
        if keys is None:
            keys = list(map(key, rows))
            if order is not None:
                by_base: list[Any] = [None] * len(order)
                for at, k in zip(order, keys, strict=True):
                    by_base[at] = k
                keys = by_base
            if self.keep:
                if len(self.keys) >= KEPT_COLUMNS:  # the oldest go: 100,000 names are ~6 MB
                    del self.keys[next(iter(self.keys))]
                self.keys[key] = _shared(keys)
        return keys


def _shared(keys: list[Any]) -> list[Any]:
    """The keys with one object per distinct value (units, positions, categories repeat)."""
    distinct: dict[Any, Any] = {}
    try:
        return [distinct.setdefault(k, k) for k in keys]
    except TypeError:  # unhashable keys stay as they are
        return keys


def _immutable(kind: type) -> bool:
    params = getattr(kind, "__dataclass_params__", None)
    return issubclass(kind, tuple) or bool(params is not None and params.frozen)


def sort_rows(rows: list[R], key: Callable[[R], Any], descending: bool = False) -> list[R]:
    """Sort by key with rows whose key is None always last; stable, like `sorted` (equal keys
    keep the order they had). The result is a `SortedRows`: sorting it again, by any column,
    reuses the keys computed so far (so key functions must depend on the row alone).

    The plain sort is tried first (no None keys: the common case, and the fastest); only when
    keys cannot be compared are the None rows split off.
    """
    if isinstance(rows, SortedRows) and rows._keys is not None:
        store, order = rows._keys, rows._order
        places: Sequence[int] = order
    else:
        store, order = _SortKeys(list(rows)), None
        places = range(len(rows))
    keys = store.of(key, rows, order)
    try:
        new_order = sorted(places, key=keys.__getitem__, reverse=descending)
    except TypeError:
        present = [at for at in places if keys[at] is not None]
        present.sort(key=keys.__getitem__, reverse=descending)
        new_order = present + [at for at in places if keys[at] is None]
    out: SortedRows[R] = SortedRows(map(store.base.__getitem__, new_order))
    out._keys, out._order = store, array("i", new_order)
    return out

"""A position chooser for 1,000+ positions: grouped by unit, searchable as you type.

The combo box lists each unit as a heading (not selectable) with its positions under it; typing
filters by any part of "position — unit" (e.g. "analis hukum" or "bagian organisasi").
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter

SEPARATOR = " — "


def fill(combo: QComboBox, choices: Iterable[tuple[int, str]], none_label: str) -> None:
    """`choices` are (id, "position — unit") ordered by unit; the first item means none."""
    model = QStandardItemModel(combo)
    none = QStandardItem(none_label)
    none.setData(None, Qt.ItemDataRole.UserRole)
    model.appendRow(none)
    bold = QFont(combo.font())
    bold.setBold(True)
    current_unit: str | None = None
    for pid, label in choices:
        name, _, unit = label.rpartition(SEPARATOR) if SEPARATOR in label else (label, "", "-")
        if unit != current_unit:
            heading = QStandardItem(unit)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading, not a choice
            heading.setFont(bold)
            heading.setData(None, Qt.ItemDataRole.UserRole)
            model.appendRow(heading)
            current_unit = unit
        item = QStandardItem(f"{name}{SEPARATOR}{unit}")
        item.setData(pid, Qt.ItemDataRole.UserRole)
        item.setToolTip(f"{name}\n{unit}")
        model.appendRow(item)
    combo.setModel(model)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.lineEdit().setPlaceholderText("Ketik untuk mencari jabatan atau unit…")
    completer = QCompleter(model, combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(15)
    completer.activated[str].connect(lambda text: _choose(combo, text))
    combo.setCompleter(completer)
    combo.setMaxVisibleItems(20)


def _choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text, Qt.MatchFlag.MatchExactly)
    if index >= 0:
        combo.setCurrentIndex(index)

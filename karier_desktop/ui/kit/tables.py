"""`make_table`: the sortable, read-only row table most pages show, written once.

Rows are selected whole (one at a time unless `multi`); column widths are given in pixels and,
with `fit_headers`, never narrower than the bold header text (`widgets.set_widths`). The last
column takes the room left unless `stretch_last` is off; `wrap` off keeps every row one line.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from karier_desktop.ui.kit.widgets import set_widths


def make_table(model: QAbstractItemModel, widths: tuple[int, ...], *, multi: bool = False,
               fit_headers: bool = True, stretch_last: bool = True,
               wrap: bool = True) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.setAlternatingRowColors(True)
    table.setWordWrap(wrap)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if fit_headers:
        set_widths(table, widths)
    else:
        for col, width in enumerate(widths):
            table.setColumnWidth(col, width)
    table.horizontalHeader().setStretchLastSection(stretch_last)
    return table

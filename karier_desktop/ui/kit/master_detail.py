"""`MasterDetail`: a table of records on one side, the shown record's editor on the other.

Written once for the dictionary and the positions pages: which row is selected, selecting a
record by id, and leaving a record with unsaved changes (Simpan / Buang perubahan / Batal;
choosing Batal keeps the record shown and selected). The window asks `maybe_leave()` before
it switches pages too.

A page mixes it in next to `Page` and provides `table`, `model` (a `RowTableModel` whose rows
have an `id`) and the hooks below. The parts both pages are built of are here too: the record
table (`master_table`), the editor's heading, unsaved flag and status line (`detail_labels`),
showing filtered rows in the table's sort order (`show_rows`), the Kembalikan/Simpan pair
with Ctrl+S (`save_buttons`) and the page frame around the panes (`frame`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QTableView, QWidget

from karier_desktop.services.accounts.roles import Permission
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.layouts import hint_label, page_frame, splitter
from karier_desktop.ui.kit.table_model import RowTableModel
from karier_desktop.ui.kit.tables import make_table


def record_heading(text: str) -> QLabel:
    """The heading above the editor that names the shown record."""
    heading = QLabel(text)
    heading.setStyleSheet("font-size:12pt; font-weight:600")
    heading.setWordWrap(True)
    return heading


def unsaved_flag() -> QLabel:
    """The flag shown beside the editor while it holds changes not yet saved (hidden at first)."""
    flag = QLabel("● Ada perubahan yang belum disimpan")
    flag.setStyleSheet("color:#8a5a00; font-weight:600")
    flag.setVisible(False)
    return flag


class MasterDetail:
    table: QTableView
    model: RowTableModel[Any]
    heading: QLabel
    unsaved: QLabel
    status: QLabel

    # --- building the page
    def detail_labels(self, placeholder: str) -> None:
        """The editor's `heading` (showing `placeholder` until a record is chosen), the
        `unsaved` flag and the `status` line."""
        self.heading = record_heading(placeholder)
        self.unsaved = unsaved_flag()
        self.status = hint_label()

    def save_buttons(self, revert: Callable[[], object], save: Callable[[], object], *,
                     needs: Permission, what: str) -> tuple[QPushButton, QPushButton]:
        """Kembalikan and Simpan for the shown record; Ctrl+S on the page saves too."""
        assert isinstance(self, QWidget)
        revert_btn = permits.button("&Kembalikan", revert, needs=needs)
        save_btn = permits.button("&Simpan", save, needs=needs)
        save_btn.setToolTip(f"Simpan {what} (Ctrl+S)")
        QShortcut(QKeySequence.StandardKey.Save, self, activated=save)
        return revert_btn, save_btn

    def frame(self, title: str, *panes: QWidget, sizes: tuple[int, ...],
              stretch: tuple[int, ...]) -> None:
        """The page's title over its panes side by side; no pane can be squeezed away."""
        assert isinstance(self, QWidget)
        split = splitter(*panes, sizes=sizes, stretch=stretch)
        split.setChildrenCollapsible(False)
        page_frame(self, title, (split, 1))

    # --- hooks
    def shown_id(self) -> int | None:
        """The id of the record shown in the editor (None: nothing, or a new record)."""
        raise NotImplementedError

    def show_record(self, record_id: int) -> None:
        """Show record `record_id` in the editor."""
        raise NotImplementedError

    def has_unsaved_changes(self) -> bool:
        raise NotImplementedError

    def unsaved_question(self) -> str:
        """The question asked before leaving a record with unsaved changes."""
        raise NotImplementedError

    def save_shown(self) -> bool:
        """Save the shown record; False when it could not be saved (the user was told why)."""
        raise NotImplementedError

    # --- the table
    def master_table(self, widths: tuple[int, ...]) -> QTableView:
        """The record table: sorted by its first column, one line a row, showing the record
        chosen in it (set it as `self.table`)."""
        table = make_table(self.model, widths, fit_headers=False, stretch_last=False,
                           wrap=False)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        table.selectionModel().selectionChanged.connect(lambda *_: self.on_selection())
        return table

    def show_rows(self, rows: Sequence[Any]) -> None:
        """Show `rows` (filtered) in the order the table is sorted by."""
        header = self.table.horizontalHeader()
        self.model.set_rows(rows)
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        return row.id if row else None

    def select_id(self, record_id: int) -> bool:
        """Select and scroll to the record; False when the table (as filtered) lacks it."""
        for i, row in enumerate(self.model.rows()):
            if row.id == record_id:
                if self.selected_id() != record_id:
                    self.table.selectRow(i)
                self.table.scrollTo(self.model.index(i, 0))
                return True
        return False

    def on_selection(self) -> None:
        """Connected to the table's selectionChanged: show the chosen record, asking first."""
        chosen, shown = self.selected_id(), self.shown_id()
        if chosen is None or chosen == shown:
            return
        if not self.maybe_leave():
            if shown is None or not self.select_id(shown):
                self.table.clearSelection()
            return
        self.show_record(chosen)
        self.select_id(chosen)  # a save while asking may have reloaded the table

    # --- leaving a record
    def maybe_leave(self) -> bool:
        """Ask what to do with unsaved changes; False means stay where we are."""
        if not self.has_unsaved_changes():
            return True
        parent = self if isinstance(self, QWidget) else None
        box = QMessageBox(QMessageBox.Icon.Question, "Perubahan belum disimpan",
                          self.unsaved_question(), parent=parent)
        save = box.addButton("&Simpan", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("&Buang perubahan", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("&Batal", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        if box.clickedButton() is save:
            return self.save_shown()
        return box.clickedButton() is discard

"""Small shared widgets: an optional date field, Indonesian standard buttons, a guard that asks
before Esc discards an edit dialog's changes, a read-only table, the default plan year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QDate, QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTextEdit,
    QWidget,
)

from karier_desktop.services.accounts.roles import Permission
from karier_desktop.ui.kit import permits

EMPTY_DATE = QDate(1900, 1, 1)


class DateField(QDateEdit):
    """A dd-MM-yyyy date field with a calendar; optional fields may be left empty."""

    def __init__(self, optional: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = optional
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd-MM-yyyy")
        if optional:
            self.setMinimumDate(EMPTY_DATE)
            self.setSpecialValueText("—")
            self.setDate(EMPTY_DATE)
        else:
            self.setDate(QDate.currentDate())

    def is_empty(self) -> bool:
        return self.optional and self.date() == EMPTY_DATE

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        # An empty optional field shows "—": a typed digit starts from today's date, with the
        # day section selected, so "15" gives the 15th of this month (the clerk types on).
        if self.is_empty() and event.text().isdigit():
            self.setDate(QDate.currentDate())
            self.setCurrentSection(QDateEdit.Section.DaySection)
            self.setSelectedSection(QDateEdit.Section.DaySection)
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self.is_empty():  # the calendar of an empty field opens at today, not at 1900
            today = QDate.currentDate()
            self.calendarWidget().setSelectedDate(today)
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        super().mousePressEvent(event)

    def value(self) -> dt.date | None:
        d = self.date()
        if self.optional and d == EMPTY_DATE:
            return None
        return dt.date(d.year(), d.month(), d.day())

    def set_value(self, value: dt.date | None) -> None:
        if value is None:
            self.setDate(EMPTY_DATE if self.optional else QDate.currentDate())
        else:
            self.setDate(QDate(value.year, value.month, value.day))


def indonesian_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    labels = {QDialogButtonBox.StandardButton.Ok: "OK",
              QDialogButtonBox.StandardButton.Save: "&Simpan",
              QDialogButtonBox.StandardButton.Cancel: "&Batal",
              QDialogButtonBox.StandardButton.Close: "&Tutup",
              QDialogButtonBox.StandardButton.Yes: "&Ya",
              QDialogButtonBox.StandardButton.No: "&Tidak",
              QDialogButtonBox.StandardButton.Apply: "&Terapkan"}
    for std, text in labels.items():
        button = box.button(std)
        if button is not None:
            button.setText(text)
    return box


def ok_cancel(dialog: QDialog, on_ok: Callable[[], object] | None = None,
              ok_text: str = "") -> QDialogButtonBox:
    """OK / Batal under a dialog: OK (labelled `ok_text` when given) calls `on_ok`, by default
    the dialog's accept; Batal and Esc reject."""
    box = indonesian_buttons(QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel))
    if ok_text:
        box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(on_ok if on_ok is not None else dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def close_button(dialog: QDialog) -> QDialogButtonBox:
    """Tutup under a dialog that only shows or saves as it goes."""
    box = indonesian_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
    box.rejected.connect(dialog.reject)
    return box


def set_widths(view: QTableView, widths: tuple[int, ...]) -> None:
    """Column widths in pixels, never narrower than the bold header text."""
    bold = QFont(view.horizontalHeader().font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    model = view.model()
    for col, width in enumerate(widths):
        title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        view.setColumnWidth(col, max(width, metrics.horizontalAdvance(title) + 18))


def _state(dialog: QDialog) -> list[object]:
    """What the clerk has entered in the dialog's fields, in a comparable form."""
    values: list[object] = []
    for w in dialog.findChildren(QWidget):
        if isinstance(w, QLineEdit):
            values.append(w.text())
        elif isinstance(w, QPlainTextEdit | QTextEdit):
            values.append(w.toPlainText())
        elif isinstance(w, QComboBox):
            values.append((w.currentIndex(), w.currentText()))
        elif isinstance(w, QAbstractSpinBox):
            values.append(w.text())
        elif isinstance(w, QAbstractButton) and w.isCheckable():
            values.append(w.isChecked())
    return values


class DiscardGuard(QObject):
    """Esc in an edit dialog asks before throwing away what was typed (nothing typed: closes).

    The fields are read when the dialog is first shown (after it filled them) and again at Esc.
    """

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.initial: list[object] | None = None
        dialog.installEventFilter(self)

    def changed(self) -> bool:
        return self.initial is not None and _state(self.dialog) != self.initial

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show and self.initial is None:
            self.initial = _state(self.dialog)
            for view in self.dialog.findChildren(QAbstractItemView):
                view.setTabKeyNavigation(False)  # Tab leaves a table here too
        elif (event.type() == QEvent.Type.KeyPress
              and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
              and self.changed()):
            answer = QMessageBox.question(
                self.dialog, "Buang perubahan?",
                "Isian di dialog ini belum disimpan. Tutup dan buang perubahan?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return True  # swallowed: the dialog stays open
        return False


def guard_discard(dialog: QDialog) -> DiscardGuard:
    return DiscardGuard(dialog)


def money_unbroken(text: str) -> str:
    """"Rp 2.700.000" never splits across lines in a word-wrapped label (a no-break space)."""
    return text.replace("Rp ", "Rp\u00a0")


def scrolled(widget: QWidget) -> QScrollArea:
    """`widget` in a frameless scroll area that resizes it: a tab or panel wider or taller than
    the room left at 1366×768 with 150 % scaling scrolls instead of widening the window."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


def default_year(today: dt.date) -> int:
    """Plans are drafted late in the year for the next one."""
    return today.year + 1 if today.month >= 10 else today.year


def read_only_table(model: QAbstractItemModel, stretch_last: bool = True) -> QTableView:
    """A table the user selects rows in but does not edit."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(22)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    return view


def search_field(placeholder: str, on_change: Callable[[str], object] | None = None,
                 focus_key_on: QWidget | None = None) -> QLineEdit:
    """A search box that filters as the user types; with `focus_key_on`, Ctrl+F in that widget
    puts the cursor in it (and the placeholder says so)."""
    field = QLineEdit()
    field.setPlaceholderText(placeholder + ("  (Ctrl+F)" if focus_key_on is not None else ""))
    field.setClearButtonEnabled(True)
    if on_change is not None:
        field.textChanged.connect(on_change)
    if focus_key_on is not None:
        QShortcut(QKeySequence("Ctrl+F"), focus_key_on, activated=field.setFocus)
    return field


def edit_buttons(owner: QWidget, table: QAbstractItemView, add_text: str,
                 add: Callable[[], object], edit: Callable[[], object],
                 delete: Callable[[], object], *, needs: Permission, edit_text: str = "&Ubah",
                 new_key: bool = True) -> tuple[QPushButton, QPushButton, QPushButton]:
    """Tambah / Ubah / Hapus buttons for a table, each needing `needs`: the Delete key in the
    table deletes, and Ctrl+N in `owner` adds (unless `new_key` is False)."""
    add_btn, edit_btn, delete_btn = (permits.button(add_text, add, needs=needs),
                                     permits.button(edit_text, edit, needs=needs),
                                     permits.button("Ha&pus", delete, needs=needs))
    if new_key:
        QShortcut(QKeySequence("Ctrl+N"), owner, activated=add)
    QShortcut(QKeySequence(Qt.Key.Key_Delete), table, activated=delete)
    return add_btn, edit_btn, delete_btn


def conflict_reload_button(on_reload: Callable[[], None],
                           text: str = "&Muat ulang nilai tersimpan") -> QPushButton:
    """"Muat ulang nilai tersimpan": hidden until a save is refused because someone else saved
    the record meanwhile (services.errors.ConflictError); it takes the saved values."""
    button = QPushButton(text)
    button.setAutoDefault(False)  # Enter in the form still saves
    button.setVisible(False)
    button.clicked.connect(on_reload)
    return button


def limit_lengths(table: str, fields: dict[str, QLineEdit]) -> None:
    """Stop typing at each column's size (services.field_limits; PostgreSQL refuses longer
    text). Call it after the fields are filled: text already longer stays whole, so the
    service's message names it instead of the field cutting it silently."""
    from karier_desktop.services.field_limits import max_length

    for column, edit in fields.items():
        limit = max_length(table, column)
        if limit:
            edit.setMaxLength(max(limit, len(edit.text())))

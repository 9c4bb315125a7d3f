"""Small shared widgets: an optional date field, Indonesian standard buttons."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QDateEdit, QDialogButtonBox, QTableView, QWidget

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


def set_widths(view: QTableView, widths: tuple[int, ...]) -> None:
    """Column widths in pixels, never narrower than the bold header text."""
    bold = QFont(view.horizontalHeader().font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    model = view.model()
    for col, width in enumerate(widths):
        title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        view.setColumnWidth(col, max(width, metrics.horizontalAdvance(title) + 18))

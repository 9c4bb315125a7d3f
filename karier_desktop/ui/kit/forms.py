"""Form rows and number fields, written once for every dialog and settings form.

`add_rows(form, ("&Nama *", self.name), self.active, …)` instead of a run of `addRow` calls:
a `(label, field)` pair is a labelled row (a layout field takes its label's mnemonic through a
third element, the widget to focus); a bare widget is a row of its own under the labels.
`number_spin` and `money_spin` are the spin boxes the forms share, in Indonesian notation.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLayout,
    QSpinBox,
    QWidget,
)

ID_LOCALE = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)

Field = QWidget | QLayout
Row = QWidget | tuple[str | QLabel, Field] | tuple[str | QLabel, Field, QWidget]


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A form label whose mnemonic moves the focus to `buddy` (rows holding a layout)."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def add_rows(form: QFormLayout, *rows: Row) -> QFormLayout:
    """Add `rows` to `form` from top to bottom (see the module's docstring)."""
    for row in rows:
        if isinstance(row, QWidget):
            form.addRow("", row)
            continue
        label, field = row[0], row[1]
        if len(row) == 3 and isinstance(label, str):
            label = buddy_label(label, row[2])
        form.addRow(label, field)
    return form


def form_of(*rows: Row) -> QFormLayout:
    """A new form layout holding `rows`."""
    return add_rows(QFormLayout(), *rows)


def number_spin(minimum: float, maximum: float, *, decimals: int = 0, suffix: str = "",
                prefix: str = "", step: float | None = None) -> QDoubleSpinBox:
    """A number field in Indonesian notation (decimal comma)."""
    spin = QDoubleSpinBox()
    spin.setLocale(ID_LOCALE)
    spin.setDecimals(decimals)
    spin.setRange(minimum, maximum)
    if suffix:
        spin.setSuffix(suffix)
    if prefix:
        spin.setPrefix(prefix)
    if step is not None:
        spin.setSingleStep(step)
    return spin


def whole_spin(minimum: int, maximum: int, *, suffix: str = "", prefix: str = "",
               value: int | None = None) -> QSpinBox:
    """A whole-number field (years, levels, counts)."""
    spin = QSpinBox()
    spin.setRange(minimum, maximum)
    if suffix:
        spin.setSuffix(suffix)
    if prefix:
        spin.setPrefix(prefix)
    if value is not None:
        spin.setValue(value)
    return spin


def money_spin(maximum: float = 10_000_000_000, step: float = 50_000) -> QDoubleSpinBox:
    """Rupiah, whole, with thousands dots (a QDoubleSpinBox: sums beyond 2^31 fit)."""
    spin = number_spin(0, maximum, prefix="Rp ", step=step)
    spin.setGroupSeparatorShown(True)
    return spin

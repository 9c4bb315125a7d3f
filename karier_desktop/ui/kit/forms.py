"""Form rows and number fields, written once for every dialog and settings form.

`add_rows(form, ("&Nama *", self.name), self.active, …)` instead of a run of `addRow` calls:
a `(label, field)` pair is a labelled row (a layout field takes its label's mnemonic through a
third element, the widget to focus); a bare widget is a row of its own under the labels, a
bare layout a row across the whole form.
`number_spin` and `money_spin` are the spin boxes the forms share, in Indonesian notation;
`combo` and `choose` fill a choice box and show the item holding a value.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

ID_LOCALE = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)

Field = QWidget | QLayout
Row = QWidget | QLayout | tuple[str | QLabel, Field] | tuple[str | QLabel, Field, QWidget]


def text_field(placeholder: str = "", text: str = "") -> QLineEdit:
    """A one-line text field, with a grey example while it is empty."""
    field = QLineEdit(text)
    field.setPlaceholderText(placeholder)
    return field


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
        if isinstance(row, QLayout):
            form.addRow(row)  # across the whole form
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
    if step is not None:
        spin.setSingleStep(step)
    return _shaped(spin, minimum, maximum, suffix, prefix)


def whole_spin(minimum: int, maximum: int, *, suffix: str = "", prefix: str = "",
               value: int | None = None) -> QSpinBox:
    """A whole-number field (years, levels, counts)."""
    spin = _shaped(QSpinBox(), minimum, maximum, suffix, prefix)
    if value is not None:
        spin.setValue(value)
    return spin


S = TypeVar("S", QSpinBox, QDoubleSpinBox)


def _shaped(spin: S, minimum: float, maximum: float, suffix: str, prefix: str) -> S:
    spin.setRange(minimum, maximum)  # type: ignore[arg-type]  # whole numbers for a QSpinBox
    spin.setSuffix(suffix)
    spin.setPrefix(prefix)
    return spin


def money_spin(maximum: float = 10_000_000_000, step: float = 50_000) -> QDoubleSpinBox:
    """Rupiah, whole, with thousands dots (a QDoubleSpinBox: sums beyond 2^31 fit)."""
    spin = number_spin(0, maximum, prefix="Rp ", step=step)
    spin.setGroupSeparatorShown(True)
    return spin


def scrolled_form(owner: QWidget, form: QFormLayout, button: QWidget) -> QScrollArea:
    """`form` scrolling inside `owner` (a group box), with `button` at its lower right: the
    import dialog's column and value mappings."""
    inner = QWidget()
    QVBoxLayout(inner).addLayout(form)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(inner)
    row = QHBoxLayout(owner)
    row.addWidget(area, 1)
    row.addWidget(button, 0, Qt.AlignmentFlag.AlignBottom)
    return area


def buddied(*pairs: tuple[str, QWidget]) -> list[QWidget]:
    """Label, field, label, field… for a row of fields, each label's mnemonic focusing its
    field (`hbox(*buddied(("&Dari", start), ("&sampai", end)), …)`)."""
    return [part for text, field in pairs for part in (buddy_label(text, field), field)]


def choose(box: QComboBox, data: object) -> None:
    """Show the item that holds `data`; the first item when none does."""
    box.setCurrentIndex(max(0, box.findData(data)))


def combo(items: Iterable[tuple[str, object]], selected: object = None) -> QComboBox:
    """A choice box of (label, data) items showing the one that holds `selected`."""
    box = QComboBox()
    for label, data in items:
        box.addItem(label, data)
    choose(box, selected)
    return box

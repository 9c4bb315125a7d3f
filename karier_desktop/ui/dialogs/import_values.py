"""The import wizard's value-mapping step: values of the file the app does not know.

One row per unknown value ("Pendidikan 'Sekolah Rakyat' — baris 2, 7"), with a choice of what
it means. The choice is remembered for this file shape (the recognised profile), so the next
file of the same shape imports without asking again.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QWidget,
)

from karier_desktop.services.importing import ImportPreview
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.forms import scrolled_form

MAX_VALUES = 60
MAX_ROWS_SHOWN = 5


def _rows_text(rows: tuple[int, ...]) -> str:
    shown = ", ".join(str(r) for r in rows[:MAX_ROWS_SHOWN])
    more = f" dan {len(rows) - MAX_ROWS_SHOWN} lainnya" if len(rows) > MAX_ROWS_SHOWN else ""
    return f"baris {shown}{more}"


class ValueMappingBox(QGroupBox):
    """Offers a choice for each unknown value; `applied` carries {vocab: {raw: value}}."""

    applied = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Pemetaan nilai: nilai yang belum dikenal (pilih artinya; diingat untuk file "
            "berbentuk sama)", parent)
        self.boxes: dict[tuple[str, str], QComboBox] = {}
        self.form = QFormLayout()
        self.apply_btn = permits.button("Terapkan pemetaan &nilai", self._apply, needs=None)
        self.scroll = scrolled_form(self, self.form, self.apply_btn)
        self.hide()

    def show_values(self, preview: ImportPreview) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.boxes = {}
        for found in preview.unknown_values[:MAX_VALUES]:
            box = QComboBox()
            box.addItem("— pilih —", "")
            for code, label in found.choices:
                box.addItem(label if label == code else f"{label} ({code})", code)
            box.setObjectName(f"value_{found.vocab}_{found.raw}")
            label = QLabel(f"{found.label} '{found.raw}' ({_rows_text(found.rows)}):")
            label.setToolTip(found.message)
            label.setBuddy(box)
            self.boxes[(found.vocab, found.raw)] = box
            self.form.addRow(label, box)
        self.scroll.setFixedHeight(min(170, 34 * len(self.boxes) + 14))
        self.setVisible(bool(self.boxes))

    def choose(self, vocab: str, raw: str, value: str) -> None:
        """Select `value` for one unknown value (as the clerk does with the combo box)."""
        box = self.boxes[(vocab, raw)]
        box.setCurrentIndex(box.findData(value))

    def chosen(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for (vocab, raw), box in self.boxes.items():
            value = str(box.currentData() or "")
            if value:
                out.setdefault(vocab, {})[raw] = value
        return out

    def _apply(self) -> None:
        chosen = self.chosen()
        if chosen:
            self.applied.emit(chosen)

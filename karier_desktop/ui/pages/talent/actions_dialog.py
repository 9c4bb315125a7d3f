"""The office's development action per box (what flows into the IDP from the 9-box)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from karier_desktop.domain import ninebox
from karier_desktop.services import talent
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.form_dialog import FormDialog

FORMS = (("NKL01", "Coaching"), ("NKL02", "Mentoring"), ("NKL11", "Bimbingan di tempat kerja"),
         ("NKL09", "Belajar mandiri"), ("NKL05", "Detasering"), ("NKL12", "Magang/praktik kerja"),
         ("NKL07", "Patok banding"), ("KL02", "Pelatihan manajerial"))


class BoxActionsDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Tindakan pengembangan per kotak talenta", parent)
        self.resize(860, 420)
        current = ctx.read(talent.box_actions)
        grid = QGridLayout()
        for col, title in enumerate(("Kotak", "Kegiatan yang masuk ke IDP", "Bentuk", "JP")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, col)
        self.rows: dict[int, tuple[QLineEdit, QComboBox, QDoubleSpinBox]] = {}
        for row, box in enumerate(range(9, 0, -1), start=1):
            activity, form, jp = (current.get(box) or (("", "NKL01", 4.0),))[0]
            label = QLabel(str(box))
            label.setToolTip(ninebox.BOX_NAMES[box] + "\n" + ninebox.BOX_RECOMMENDATIONS[box])
            edit = QLineEdit(activity)
            combo = QComboBox()
            for code, name in FORMS:
                combo.addItem(f"{code} · {name}", code)
            if combo.findData(form) < 0:
                combo.addItem(form, form)
            combo.setCurrentIndex(combo.findData(form))
            spin = QDoubleSpinBox()
            spin.setRange(0, 200)
            spin.setDecimals(0)
            spin.setValue(jp)
            self.rows[box] = (edit, combo, spin)
            for col, widget in enumerate((label, edit, combo, spin)):
                grid.addWidget(widget, row, col)
        grid.setColumnStretch(1, 1)
        self.add_below_form(grid)

    def save(self) -> None:
        actions = {box: ((edit.text(), combo.currentData(), spin.value()),)
                   for box, (edit, combo, spin) in self.rows.items()}
        self.ctx.call(talent.save_box_actions, actions)

"""Which columns the Excel annex of the Renbangkom carries: one check box per column, the
office's last choice ticked; the choice is remembered (setting "renbangkom_annex_columns")."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QWidget,
)

from karier_desktop.services import renbangkom as rb
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.layouts import hbox, hint_label, vbox
from karier_desktop.ui.kit.widgets import ok_cancel


class AnnexColumnsDialog(QDialog):
    """`chosen()` gives the ticked column keys in the annex's order."""

    def __init__(self, current: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kolom lampiran Excel")
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for i, (key, header) in enumerate(rb.ANNEX_COLUMNS.items()):
            box = QCheckBox(header)
            box.setChecked(key in current)
            box.toggled.connect(self._check)
            self.boxes[key] = box
            grid.addWidget(box, i % 7, i // 7)
        all_btn = permits.button("Pilih &semua", lambda: self._tick_all(True), needs=None)
        none_btn = permits.button("&Kosongkan", lambda: self._tick_all(False), needs=None)
        permits.reading(*self.boxes.values())
        self.buttons = ok_cancel(self, ok_text="Simpan &lampiran…")
        hint = hint_label("Satu baris per pegawai × kegiatan. Pilihan kolom diingat untuk "
                          "lampiran berikutnya (juga dari baris perintah tanpa --kolom).",
                          wrap=True)
        vbox(hint, grid, hbox(all_btn, none_btn, 1), self.buttons, owner=self)
        self._check()

    def _tick_all(self, on: bool) -> None:
        for box in self.boxes.values():
            box.setChecked(on)

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.chosen()))

    def chosen(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.isChecked()]

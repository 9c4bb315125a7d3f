"""Which columns the Excel annex of the Renbangkom carries: one check box per column, the
office's last choice ticked; the choice is remembered (setting "renbangkom_annex_columns")."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.services import renbangkom as rb


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
        all_btn = QPushButton("Pilih &semua")
        all_btn.clicked.connect(lambda: [b.setChecked(True) for b in self.boxes.values()])
        none_btn = QPushButton("&Kosongkan")
        none_btn.clicked.connect(lambda: [b.setChecked(False) for b in self.boxes.values()])
        quick = QHBoxLayout()
        quick.addWidget(all_btn)
        quick.addWidget(none_btn)
        quick.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Simpan &lampiran…")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Batal")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        hint = QLabel("Satu baris per pegawai × kegiatan. Pilihan kolom diingat untuk "
                      "lampiran berikutnya (juga dari baris perintah tanpa --kolom).")
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(grid)
        layout.addLayout(quick)
        layout.addWidget(self.buttons)
        self._check()

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.chosen()))

    def chosen(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.isChecked()]

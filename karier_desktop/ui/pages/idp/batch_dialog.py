"""Choose what to print for a whole unit: which OPD, a folder of PDFs or one combined PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.services.files import safe_stem
from karier_desktop.services.gaps.unit import UnitChoice
from karier_desktop.ui.kit import file_dialogs
from karier_desktop.ui.kit.form_dialog import error_label
from karier_desktop.ui.kit.widgets import indonesian_buttons


class UnitPrintDialog(QDialog):
    def __init__(self, units: list[UnitChoice], year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year = year
        self.setWindowTitle(f"Cetak IDP {year} satu unit")
        self.setMinimumWidth(560)
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        self.base = Path(docs or Path.home())
        self.unit = QComboBox()
        for u in units:
            self.unit.addItem(u.name, u.id)
        self.folder_mode = QRadioButton("Satu file PDF per pegawai, dalam &folder")
        self.combined_mode = QRadioButton("Satu file PDF &gabungan untuk semua pegawai")
        self.folder_mode.setChecked(True)
        self.path = QLineEdit()
        browse = QPushButton("&Pilih…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.draft_missing = QCheckBox("Susun dan simpan &draf untuk pegawai yang belum punya IDP")
        self.draft_missing.setChecked(True)
        self.with_nip = QCheckBox("Cantumkan &NIP pada nama file")
        self.errors = error_label()
        form = QFormLayout()
        form.addRow("&Unit/OPD", self.unit)
        form.addRow("", self.folder_mode)
        form.addRow("", self.combined_mode)
        target_label = QLabel("&Tujuan")
        target_label.setBuddy(self.path)
        form.addRow(target_label, row)
        form.addRow("", self.draft_missing)
        form.addRow("", self.with_nip)
        buttons = indonesian_buttons(QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Cetak")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)
        self.unit.currentIndexChanged.connect(lambda *_: self._suggest())
        self.folder_mode.toggled.connect(lambda *_: self._suggest())
        self._suggest()

    def _suggest(self) -> None:
        name = safe_stem(f"IDP {self.year} - {self.unit.currentText()}")
        target = self.base / name if self.folder_mode.isChecked() else self.base / f"{name}.pdf"
        self.path.setText(str(target))

    def _browse(self) -> None:
        if self.folder_mode.isChecked():
            chosen = file_dialogs.choose_folder(self, "Folder tujuan", self.base)
        else:
            chosen = file_dialogs.save_file(self, "File gabungan", self.path.text(),
                                                    "PDF (*.pdf)")
        if chosen:
            self.path.setText(chosen)

    def _accept(self) -> None:
        if self.unit.currentData() is None:
            self.errors.setText("Pilih unit yang akan dicetak.")
            return
        if not self.path.text().strip():
            self.errors.setText("Isi folder atau nama file tujuan.")
            return
        self.accept()

    def choice(self) -> tuple[int, Path | None, Path | None, bool, bool]:
        """(unit id, folder or None, combined file or None, draft missing, NIP in names)."""
        target = Path(self.path.text().strip())
        if self.folder_mode.isChecked():
            return self.unit.currentData(), target, None, self.draft_missing.isChecked(), \
                self.with_nip.isChecked()
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        return self.unit.currentData(), None, target, self.draft_missing.isChecked(), \
            self.with_nip.isChecked()

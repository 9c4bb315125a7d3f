"""Choose what to print for a whole unit: which OPD, a folder of PDFs or one combined PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from karier_desktop.services.files import safe_stem
from karier_desktop.services.gaps.unit import UnitChoice
from karier_desktop.ui.kit import file_dialogs, permits
from karier_desktop.ui.kit.form_dialog import error_label
from karier_desktop.ui.kit.forms import form_of
from karier_desktop.ui.kit.layouts import hbox, vbox
from karier_desktop.ui.kit.widgets import ok_cancel


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
        browse = permits.button("&Pilih…", self._browse, needs=None)
        self.draft_missing = QCheckBox("Susun dan simpan &draf untuk pegawai yang belum punya IDP")
        self.draft_missing.setChecked(True)
        self.with_nip = QCheckBox("Cantumkan &NIP pada nama file")
        self.errors = error_label()
        # drafts for those without an IDP are written only for a role that may edit (service)
        permits.reading(self.folder_mode, self.combined_mode, self.draft_missing, self.with_nip)
        form = form_of(("&Unit/OPD", self.unit), self.folder_mode, self.combined_mode,
                       ("&Tujuan", hbox((self.path, 1), browse), self.path),
                       self.draft_missing, self.with_nip)
        vbox(form, self.errors, ok_cancel(self, self._accept, "&Cetak"), owner=self)
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

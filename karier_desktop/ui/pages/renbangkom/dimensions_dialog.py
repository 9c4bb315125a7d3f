"""The other IP ASN dimensions of one year: enter an employee's education, SKP predikat and
disciplinary punishment, or import a sheet with a row per NIP (checked first, then all or
nothing). Every save is one unit of work through `ctx.call`; a bad value shows the service's
Indonesian message and nothing is written."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QMessageBox,
    QWidget,
)

from karier_desktop.services import ipasn
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.errors import ValidationError
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.file_dialogs import open_file
from karier_desktop.ui.kit.forms import choose, form_of, text_field
from karier_desktop.ui.kit.layouts import hbox, hint_label, vbox
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.tables import make_table
from karier_desktop.ui.kit.widgets import close_button

TITLE = "Dimensi IP ASN lainnya"

INPUT_COLUMNS: list[Column[ipasn.InputRow]] = [
    Column("Nama", lambda r: r.name, lambda r: r.name.lower()),
    Column("NIP", lambda r: r.nip),
    Column("Pendidikan", lambda r: r.education or "(dari data pegawai)"),
    Column("Predikat SKP", lambda r: (r.kinerja or "–").title()),
    Column("Hukuman disiplin", lambda r: (r.disiplin or "tidak pernah").capitalize()),
    Column("Sumber", lambda r: "Impor" if r.source == "impor" else "Isian"),
]


def _combo(choices: tuple[str, ...], empty: str) -> QComboBox:
    box = QComboBox()
    box.addItem(empty, None)
    for choice in choices:
        box.addItem(choice, choice)
    return box


class DimensionsDialog(QDialog):
    """Entry and import of kualifikasi, kinerja and disiplin for `year`."""

    def __init__(self, ctx: AppContext, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = year
        self.changed_any = False
        self.setWindowTitle(f"{TITLE} — tahun {year}")
        self.nip = text_field("18 digit, boleh dengan spasi")
        self.education = _combo(ipasn.EDUCATION_CHOICES, "(dari data pegawai)")
        self.kinerja = _combo(ipasn.KINERJA_CHOICES, "(belum ada)")
        self.disiplin = _combo(ipasn.DISIPLIN_CHOICES, "Tidak pernah")
        form = form_of(("&NIP", self.nip), ("&Pendidikan", self.education),
                       ("Predikat &SKP", self.kinerja), ("&Hukuman disiplin", self.disiplin))
        self.save_btn = permits.button("&Simpan", self.save_one, needs=Permission.EDIT)
        self.import_btn = permits.button("&Impor Excel…", self.import_file, needs=Permission.EDIT)
        buttons = hbox(self.save_btn, 1, self.import_btn)
        note = hint_label("Bobot Perban BKN 8/2019: kualifikasi 25, kompetensi 40, kinerja 30, "
                          "disiplin 5. Pegawai tanpa predikat SKP mendapat 0 pada kinerja. File "
                          "impor: satu baris per NIP dengan kolom NIP, Pendidikan, Predikat SKP, "
                          "Hukuman Disiplin.", wrap=True)
        self.model: RowTableModel[ipasn.InputRow] = RowTableModel(INPUT_COLUMNS, self)
        self.table = make_table(self.model, (220, 165, 140, 120, 130), multi=True)
        self.table.doubleClicked.connect(self._pick)
        vbox(note, form, buttons, (self.table, 1), close_button(self), owner=self)
        self.resize(760, 520)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(self.ctx.read(ipasn.input_rows, self.year))

    def _pick(self, index: Any) -> None:
        row = self.model.row_at(index.row())
        if row is None:
            return
        self.nip.setText(row.nip)
        for box, value in ((self.education, row.education),
                           (self.kinerja, (row.kinerja or "").title() or None),
                           (self.disiplin, (row.disiplin or "").capitalize() or None)):
            choose(box, value)

    def _run(self, fn: Any, *args: Any) -> ipasn.SaveResult | None:
        try:
            return self.ctx.call(fn, *args)
        except ValidationError as exc:
            QMessageBox.warning(self, TITLE, "Tidak ada yang disimpan:\n"
                                + "\n".join(exc.messages))
            return None

    def _saved(self) -> None:
        self.changed_any = True
        self.ctx.changed("renbangkom")
        self.reload()

    def save_one(self) -> None:
        entry = (self.nip.text().strip(), self.education.currentData(),
                 self.kinerja.currentData(), self.disiplin.currentData())
        if self._run(ipasn.save_inputs, self.year, [entry]) is not None:
            self._saved()
            self.nip.clear()

    def import_file(self, path: str | None = None) -> None:
        path = path or open_file(self, TITLE, "Excel atau CSV (*.xlsx *.xls *.csv)")
        if not path:
            return
        checked = self._run(ipasn.import_inputs, path, self.year, True)
        if checked is None:
            return
        answer = QMessageBox.question(
            self, TITLE, f"{checked.saved} baris siap diimpor untuk tahun {self.year}. "
            "Simpan sekarang?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self._run(ipasn.import_inputs, path, self.year) is not None:
            self._saved()
            QMessageBox.information(self, TITLE, f"{checked.saved} baris diimpor.")

"""Mark a managerial position critical: which one, why, and who acts in it (Plt.)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLineEdit,
    QWidget,
)

from karier_desktop.domain.nip import NipError, normalize_nip
from karier_desktop.services import positions as positions_service
from karier_desktop.services import talent
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.gaps import employee_id_by_nip
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.form_dialog import FormDialog
from karier_desktop.ui.kit.forms import add_rows, text_field

MANAGERIAL = ("jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas")


def _searchable(combo: QComboBox) -> None:
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)


class MarkCriticalDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Tandai jabatan kritis", parent)
        self.resize(620, 200)
        self.position = QComboBox()
        _searchable(self.position)
        for row in ctx.read(positions_service.list_positions):
            if row.kind_code in MANAGERIAL:
                self.position.addItem(f"{row.name} — {row.unit_path}", row.id)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("mis. satu-satunya pejabat yang menguasai pengelolaan "
                                       "anggaran; pejabat pensiun tahun depan")
        self.acting = text_field("NIP pelaksana tugas, kosongkan bila tidak ada")
        add_rows(self.fields, ("&Jabatan", self.position), ("&Alasan", self.reason),
                 ("NIP &pelaksana tugas (Plt.)", self.acting))

    def save(self) -> None:
        index = self.position.findText(self.position.currentText())
        position_id = self.position.itemData(index) if index >= 0 else None
        if position_id is None:
            raise ValidationError(["Pilih jabatan dari daftar."])
        acting = None
        if self.acting.text().strip():
            try:
                nip = normalize_nip(self.acting.text())
            except NipError as exc:
                raise ValidationError([f"NIP Plt.: {exc}"]) from exc
            acting = self.ctx.read(employee_id_by_nip, nip)
            if acting is None:
                raise ValidationError(["Tidak ada pegawai dengan NIP Plt. itu."])
        self.ctx.call(talent.mark_critical, position_id, self.reason.text(), acting)

"""Choosing the backup to restore: the backup folder's copies, newest first, or another file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from karier_desktop.ui.kit import file_dialogs
from karier_desktop.ui.kit.layouts import vbox
from karier_desktop.ui.kit.widgets import ok_cancel

FILE_FILTER = "Cadangan (*.db *.dbenc);;Semua file (*)"
HINT = ("Cadangan dibuat otomatis setiap 30 menit bila ada perubahan, dan selalu sebelum impor, "
        "pemulihan dan pemeriksaan database.")


class Listed(Protocol):
    """A backup as listed: where it is and one line describing it (date, reason, size)."""

    @property
    def path(self) -> Path: ...

    @property
    def label(self) -> str: ...


class RestoreDialog(QDialog):
    """Choose a backup (newest first, with dates) or another file."""

    def __init__(self, backups: Sequence[Listed], parent: QWidget | None = None,
                 file_filter: str = FILE_FILTER, hint: str = HINT) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pulihkan dari cadangan")
        self.file_filter = file_filter
        self.setMinimumWidth(520)
        self.chosen: Path | None = None
        self.list = QListWidget()
        for row in backups:
            item = QListWidgetItem(row.label)
            item.setData(256, str(row.path))
            self.list.addItem(item)
        if backups:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _i: self._accept_selected())
        other = QPushButton("Pilih file &lain…")
        other.clicked.connect(self._choose_other)
        box = ok_cancel(self, self._accept_selected)
        box.addButton(other, QDialogButtonBox.ButtonRole.ActionRole)
        told = QLabel(hint if backups else
                      "Belum ada cadangan di folder cadangan. Pilih file cadangan lain.")
        told.setWordWrap(True)
        vbox(told, (self.list, 1), box, owner=self)

    def _accept_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = Path(item.data(256))
            self.accept()

    def _choose_other(self) -> None:
        name = file_dialogs.open_file(self, "Pilih file cadangan",
                                      self.file_filter)
        if name:
            self.chosen = Path(name)
            self.accept()

"""The USB backup dialog (where, and whether to encrypt with a passphrase) and the passphrase
question of a restore from an encrypted backup.

Encryption is on by default when the chosen folder is on a removable drive: a stick carries
every NIP and birth date of the office.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from karier_desktop.services import safety
from karier_desktop.ui.kit import file_dialogs
from karier_desktop.ui.kit.form_dialog import error_label
from karier_desktop.ui.kit.forms import form_of
from karier_desktop.ui.kit.layouts import hbox, vbox
from karier_desktop.ui.kit.widgets import ok_cancel

LOST_WARNING = ("<b>Penting:</b> sandi yang hilang tidak dapat dipulihkan: tanpa sandi ini cadangan tidak "
                "dapat dibuka oleh siapa pun, termasuk admin. Simpan sandi di tempat aman, "
                "terpisah dari flashdisk.")


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(200)
    return field


class UsbBackupDialog(QDialog):
    """Choose the backup file and, optionally, a passphrase typed twice.

    After `exec()` accepted: `target` (the file, with .db or .dbenc) and `passphrase` (None for
    a plain copy).
    """

    def __init__(self, parent: QWidget | None = None, target: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cadangkan ke flashdisk")
        self.setMinimumWidth(560)
        self.target: Path | None = None
        self.passphrase: str | None = None
        self._encrypt_touched = False
        stamp = f"karier-cadangan-{dt.datetime.now():%Y%m%d-%H%M}"
        self.path_edit = QLineEdit(str(target or file_dialogs.start_folder() / (stamp + ".db")))
        choose = QPushButton("&Pilih…")
        choose.clicked.connect(self._choose)
        self.encrypt = QCheckBox("&Enkripsi dengan kata sandi")
        self.encrypt.toggled.connect(self._encrypt_toggled)
        self.encrypt.clicked.connect(self._mark_touched)
        self.first = _password_field()
        self.second = _password_field()
        self.first.setPlaceholderText(f"minimal {safety.MIN_PASSPHRASE} karakter")
        self.warning = QLabel(LOST_WARNING)
        self.warning.setWordWrap(True)
        self.error = error_label()
        form = form_of(("File cadangan:", hbox((self.path_edit, 1), choose)), self.encrypt,
                       ("&Sandi:", self.first), ("&Ulangi sandi:", self.second))
        hint = QLabel("Salinan database diperiksa sebelum diberi nama akhirnya. Cadangan "
                      "terenkripsi (.dbenc) hanya dapat dipulihkan dengan sandinya.")
        hint.setWordWrap(True)
        vbox(hint, form, self.warning, self.error, ok_cancel(self, self._accept), owner=self)
        self.path_edit.editingFinished.connect(self._place_changed)
        self._place_changed()
        self._encrypt_toggled(self.encrypt.isChecked())

    def _mark_touched(self) -> None:
        self._encrypt_touched = True

    def _choose(self) -> None:
        name = file_dialogs.save_file(self, "Cadangkan ke (mis. flashdisk)",
                                      self.path_edit.text(),
                                      "Cadangan (*.db *.dbenc);;Semua file (*)")
        if name:
            self.path_edit.setText(name)
            self._place_changed()

    def _place_changed(self) -> None:
        """On a removable drive encryption is on unless the clerk turned it off."""
        if not self._encrypt_touched:
            text = self.path_edit.text().strip()
            self.encrypt.setChecked(bool(text) and safety.is_removable(Path(text).parent))
        self._fix_suffix()

    def _encrypt_toggled(self, on: bool) -> None:
        for widget in (self.first, self.second, self.warning):
            widget.setEnabled(on)
        self.warning.setVisible(on)
        self._fix_suffix()

    def _fix_suffix(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            return
        path = Path(text)
        wanted = safety.ENCRYPTED_SUFFIX if self.encrypt.isChecked() else ".db"
        if path.suffix.lower() in (".db", safety.ENCRYPTED_SUFFIX) and path.suffix != wanted:
            self.path_edit.setText(str(path.with_suffix(wanted)))

    def _accept(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.error.setText("Pilih file cadangan (mis. di flashdisk).")
            return
        passphrase = None
        if self.encrypt.isChecked():
            problem = safety.check_new_passphrase(self.first.text(), self.second.text())
            if problem:
                self.error.setText(problem)
                self.second.clear()
                self.first.setFocus()
                return
            passphrase = self.first.text()
        self._fix_suffix()
        self.target = Path(self.path_edit.text().strip())
        self.passphrase = passphrase
        self.accept()


class PassphraseDialog(QDialog):
    """Ask the passphrase of an encrypted backup; `passphrase` after `exec()` accepted."""

    def __init__(self, backup_name: str, parent: QWidget | None = None,
                 error: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Sandi cadangan")
        self.setMinimumWidth(440)
        self.passphrase = ""
        text = QLabel(f"{backup_name} adalah cadangan terenkripsi. Ketik sandinya untuk "
                      "memulihkan.")
        text.setWordWrap(True)
        self.field = _password_field()
        self.error = error_label()
        self.error.setText(error)
        vbox(text, self.field, self.error, ok_cancel(self, self._accept), owner=self)

    def _accept(self) -> None:
        if not self.field.text():
            self.error.setText("Ketik sandi cadangan.")
            return
        self.passphrase = self.field.text()
        self.accept()

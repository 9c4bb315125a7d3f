"""The form of one user: name, role, OPD (operator OPD) and, for a new user, the password."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QWidget,
)

from karier_desktop.services.accounts.roles import ROLE_LABELS, Role
from karier_desktop.services.accounts.users import UserInput, UserRow
from karier_desktop.ui.kit.account_form import (
    lay_out,
    message_label,
    named_field,
    password_pair,
    passwords_agree,
)
from karier_desktop.ui.kit.forms import add_rows, combo

# save(data, password or None) -> Indonesian problems (empty: saved)
Save = Callable[[UserInput, "str | None"], list[str]]


class UserDialog(QDialog):
    def __init__(self, opds: list[tuple[int, str]], save: Save, user: UserRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ubah pengguna" if user else "Tambah pengguna")
        self.save = save
        self.username = named_field("username", user.username if user else "")
        self.username.setMaxLength(40)
        self.username.setReadOnly(user is not None)
        self.full_name = named_field("full_name", user.display_name if user else "")
        self.full_name.setMaxLength(120)
        self.role = combo(((ROLE_LABELS[role], role.value) for role in Role),
                          (user.role if user else Role.OPERATOR_BKPP).value)
        self.role.setObjectName("role")
        self.opd = combo(((name, uid) for uid, name in opds), user.unit_id if user else None)
        self.opd.setObjectName("opd")
        self.password, self.repeat = password_pair()
        self.message = message_label()
        form = QFormLayout()
        add_rows(form, ("&Nama pengguna:", self.username), ("Nama &lengkap:", self.full_name),
                 ("&Peran:", self.role), ("&OPD:", self.opd))
        if user is None:
            form.addRow("&Kata sandi:", self.password)
            form.addRow("&Ulangi kata sandi:", self.repeat)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        lay_out(self, "&Simpan", self._save, form, self.message,
                focus=self.full_name if user else self.username, min_width=440)
        self.new = user is None

    def _role_changed(self) -> None:
        is_opd = self.role.currentData() == Role.OPERATOR_OPD.value
        self.opd.setEnabled(is_opd)
        self.opd.setToolTip("" if is_opd else "Hanya operator OPD yang dibatasi pada satu OPD.")

    def _save(self) -> None:
        password: str | None = None
        if self.new:
            if not passwords_agree(self.password, self.repeat, self.message):
                return
            password = self.password.text()
        role = Role(self.role.currentData())
        data = UserInput(self.username.text().strip(), self.full_name.text(), role,
                         self.opd.currentData() if role == Role.OPERATOR_OPD else None)
        problems = self.save(data, password)
        if problems:
            self.message.setText("\n".join(problems))
            return
        self.accept()


class PasswordDialog(QDialog):
    """A new password set by the admin (it also lifts a lock-out)."""

    def __init__(self, username: str, save: Callable[[str], list[str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Atur ulang kata sandi")
        self.save = save
        self.password, self.repeat = password_pair()
        self.message = message_label(None)
        form = QFormLayout()
        form.addRow(QLabel(f"Kata sandi baru untuk <b>{username}</b>; berikan kepadanya secara "
                           "langsung, bukan lewat pesan."))
        form.addRow("&Kata sandi baru:", self.password)
        form.addRow("&Ulangi:", self.repeat)
        lay_out(self, "&Simpan", self._save, form, self.message, focus=self.password)

    def _save(self) -> None:
        if not passwords_agree(self.password, self.repeat, self.message, clear=False):
            return
        problems = self.save(self.password.text())
        if problems:
            self.message.setText("\n".join(problems))
            return
        self.accept()

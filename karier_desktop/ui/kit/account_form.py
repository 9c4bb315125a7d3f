"""What the account dialogs (sign-in, first admin, user, new password) share: the red message
line, a password typed twice, the OK/Cancel row and the check that both passwords agree."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MESSAGE_STYLE = "color: #b00020;"


def message_label(name: str | None = "message") -> QLabel:
    """The empty red line where an account dialog says why it cannot go on."""
    label = QLabel("")
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(MESSAGE_STYLE)
    return label


def password_pair() -> tuple[QLineEdit, QLineEdit]:
    """The password field and its repetition ("password", "repeat"), both hidden."""
    fields = []
    for name in ("password", "repeat"):
        field = QLineEdit()
        field.setObjectName(name)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        fields.append(field)
    return fields[0], fields[1]


def passwords_agree(password: QLineEdit, repeat: QLineEdit, message: QLabel,
                    clear: bool = True) -> bool:
    """False, said on `message`, when the two differ (`clear`: empty the repetition, focus it)."""
    if password.text() == repeat.text():
        return True
    message.setText("Kedua kata sandi tidak sama.")
    if clear:
        repeat.clear()
        repeat.setFocus()
    return False


def lay_out(dialog: QDialog, ok_text: str, on_ok: Callable[[], None],
            *parts: QWidget | QLayout) -> QPushButton:
    """Stack `parts` and an OK/Cancel row (OK the default) in `dialog`; returns the OK button."""
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setDefault(True)
    buttons.addButton("&Batal", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    for part in (*parts, buttons):
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return ok

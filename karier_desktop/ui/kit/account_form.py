"""What the account dialogs (sign-in, first admin, user, new password) share: the red message
line, the intro, named (and hidden) fields, a password typed twice, the OK/Cancel row and the
check that both passwords agree."""

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


def intro_label(text: str) -> QLabel:
    """The wrapped explanation at the top of an account dialog."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def named_field(name: str, text: str = "", *, hidden: bool = False) -> QLineEdit:
    """A line edit found by `name` (tests and screen readers); `hidden` for a password."""
    field = QLineEdit(text)
    field.setObjectName(name)
    if hidden:
        field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def password_pair() -> tuple[QLineEdit, QLineEdit]:
    """The password field and its repetition ("password", "repeat"), both hidden."""
    return named_field("password", hidden=True), named_field("repeat", hidden=True)


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
            *parts: QWidget | QLayout, focus: QWidget | None = None,
            min_width: int = 0) -> QPushButton:
    """Stack `parts` and an OK/Cancel row (OK the default) in `dialog`, at least `min_width`
    wide, the cursor in `focus`; returns the OK button."""
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
    if focus is not None:
        focus.setFocus()
    if min_width:
        dialog.setMinimumWidth(min_width)
    return ok

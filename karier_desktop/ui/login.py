"""The login step at start-up: the sign-in dialog, the first admin of a shared server, and
`sign_in_or_quit(db)` that the start-up flow calls before the main window is built.

Keyboard-friendly: the name field has the focus, Enter signs in, Esc quits. A refused login
keeps the dialog open with the reason (wrong password with the attempts left, locked until
when, deactivated) and clears the password only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QWidget,
)

from karier_desktop import APP_NAME
from karier_desktop.services.accounts.roles import Account
from karier_desktop.ui.kit.account_form import (
    intro_label,
    lay_out,
    message_label,
    named_field,
    password_pair,
    passwords_agree,
)
from karier_desktop.ui.kit.forms import form_of

if TYPE_CHECKING:
    from karier_desktop.store.db import Database

Attempt = Callable[[str, str], "tuple[Account | None, str]"]


class LoginDialog(QDialog):
    """Name and password; `attempt(name, password)` answers (account, why-not)."""

    def __init__(self, attempt: Attempt, where: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Masuk — {APP_NAME}")
        self.attempt = attempt
        self.account: Account | None = None
        intro = intro_label("Masukkan nama pengguna dan kata sandi Anda."
                            + (f"\nDatabase: {where}" if where else ""))
        self.username = named_field("username")
        self.username.setMaxLength(40)
        self.password = named_field("password", hidden=True)
        self.message = message_label()
        form = form_of(("&Nama pengguna:", self.username), ("&Kata sandi:", self.password))
        self.ok = lay_out(self, "&Masuk", self._try, intro, form, self.message,
                          focus=self.username, min_width=380)

    def _try(self) -> None:
        name = self.username.text().strip()
        if not name:
            self._refuse("Isi nama pengguna.", self.username)
            return
        if not self.password.text():
            self._refuse("Isi kata sandi.", self.password)
            return
        account, why = self.attempt(name, self.password.text())
        if account is None:
            self.password.clear()
            self._refuse(why, self.password)
            return
        self.account = account
        self.accept()

    def _refuse(self, text: str, focus: QLineEdit) -> None:
        self.message.setText(text)
        focus.setFocus()


class FirstAdminDialog(QDialog):
    """The first start of a shared database: the admin account is made here."""

    def __init__(self, create: Callable[[str, str, str], list[str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Admin pertama — {APP_NAME}")
        self._create = create
        intro = intro_label("Database bersama ini belum memiliki pengguna. Buat akun admin: "
                            "admin menambahkan pengguna lain, mengatur peran dan melihat audit.")
        self.username = named_field("username", "admin")
        self.full_name = named_field("full_name")
        self.password, self.repeat = password_pair()
        self.message = message_label()
        form = form_of(("&Nama pengguna:", self.username), ("Nama &lengkap:", self.full_name),
                       ("&Kata sandi:", self.password), ("&Ulangi kata sandi:", self.repeat))
        lay_out(self, "&Buat admin", self._try, intro, form, self.message,
                focus=self.full_name, min_width=420)

    def _try(self) -> None:
        if not passwords_agree(self.password, self.repeat, self.message):
            return
        problems = self._create(self.username.text().strip(), self.full_name.text(),
                               self.password.text())
        if problems:
            self.message.setText("\n".join(problems))
            return
        self.accept()


class ChangePasswordDialog(QDialog):
    """Akun → Ganti kata sandi: the old password, the new one twice. `change(old, new)`
    answers the problems (empty when the password was changed)."""

    def __init__(self, change: Callable[[str, str], list[str]], who: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Ganti kata sandi — {APP_NAME}")
        self._change = change
        intro = intro_label((f"Akun: {who}\n" if who else "") + "Kata sandi baru minimal 8 "
                            "karakter, tanpa spasi di awal atau akhir.")
        self.old = named_field("old_password", hidden=True)
        self.password, self.repeat = password_pair()
        self.message = message_label()
        form = form_of(("Kata sandi &lama:", self.old), ("Kata sandi &baru:", self.password),
                       ("&Ulangi kata sandi baru:", self.repeat))
        self.ok = lay_out(self, "&Ganti", self._try, intro, form, self.message,
                          focus=self.old, min_width=400)

    def _try(self) -> None:
        if not self.old.text():
            self.message.setText("Isi kata sandi lama.")
            self.old.setFocus()
            return
        if not passwords_agree(self.password, self.repeat, self.message):
            return
        problems = self._change(self.old.text(), self.password.text())
        if problems:
            self.message.setText("\n".join(problems))
            retype = self.old if any("lama salah" in p for p in problems) else self.password
            retype.clear()
            self.repeat.clear()
            retype.setFocus()
            return
        self.accept()


def sign_in_or_quit(db: Database, parent: QWidget | None = None) -> bool:
    """Before the window: create the first admin (a new server database) or ask for a login
    when the database requires one, and sign `db` in. False when the clerk cancelled (the
    caller then closes the database and quits); True when the window may open."""
    from karier_desktop.services.accounts import login, users
    from karier_desktop.services.accounts.roles import Role
    from karier_desktop.services.accounts.session import sign_in
    from karier_desktop.services.errors import ValidationError

    with db.session_scope() as session:
        first = login.needs_first_admin(session)
        required = login.login_required(session)
    if first:
        made: list[Account] = []

        def create(name: str, full_name: str, password: str) -> list[str]:
            try:
                with db.session_scope() as session:
                    users.create_first_admin(
                        session, users.UserInput(name, full_name, Role.ADMIN), password)
                with db.session_scope() as session:  # the admin just typed it: signed in
                    result = login.authenticate(session, name, password)
            except ValidationError as exc:
                return exc.messages
            if result.account is not None:
                made.append(result.account)
            return []

        if FirstAdminDialog(create, parent).exec() != QDialog.DialogCode.Accepted or not made:
            return False
        sign_in(db, made[0])
        return True
    if not required:
        return True

    def attempt(name: str, password: str) -> tuple[Account | None, str]:
        with db.session_scope() as session:  # a refused login still counts: commit it
            result = login.authenticate(session, name, password)
        return result.account, result.message

    where = db.path.name if db.path else db.engine.url.render_as_string(hide_password=True)
    dialog = LoginDialog(attempt, where, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.account is None:
        return False
    sign_in(db, dialog.account)
    return True

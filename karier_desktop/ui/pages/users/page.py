"""Pengguna: list the logins, add one, change role/OPD, (de)activate, set a new password, and
the switch "login required" of a SQLite file (on a server it is always required)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QHeaderView, QLabel, QMessageBox, QWidget

from karier_desktop.services.accounts import login, users
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.accounts.users import UserInput, UserRow
from karier_desktop.services.errors import ValidationError
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.layouts import hbox, page_frame
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.widgets import read_only_table
from karier_desktop.ui.pages.users.dialog import PasswordDialog, UserDialog
from karier_desktop.ui.topics import Topic

COLUMNS: list[Column[UserRow]] = [
    Column("Nama pengguna", lambda u: u.username),
    Column("Nama lengkap", lambda u: u.display_name),
    Column("Peran", lambda u: u.role_label),
    Column("OPD", lambda u: u.unit_name),
    Column("Status", lambda u: ("aktif" if u.active else "nonaktif")
           + (f", terkunci s.d. {u.locked_until:%H.%M}" if u.locked_until else ""),
           background=lambda u: None if u.active else "#eeeeee"),
]


class UsersPage(Page):
    topics = (Topic.SETTINGS, Topic.UNITS)  # the login switch; the OPD of an operator

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.required = QCheckBox("&Wajibkan masuk dengan nama pengguna dan kata sandi")
        self.required.setObjectName("login_required")
        self.required.toggled.connect(self._switch)
        permits.needs(Permission.SETTINGS, self.required)
        self.model: RowTableModel[UserRow] = RowTableModel(COLUMNS, self)
        self.table = read_only_table(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.edit_user())
        manage = Permission.MANAGE_USERS
        self.add_btn = permits.button("&Tambah pengguna…", self.add_user, needs=manage)
        self.edit_btn = permits.button("&Ubah peran/OPD…", self.edit_user, needs=manage)
        self.active_btn = permits.button("&Nonaktifkan", self.toggle_active, needs=manage)
        self.password_btn = permits.button("Atur ulang &kata sandi…", self.reset_password,
                                           needs=manage)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        page_frame(self, "Pengguna", self.required, self.note,
                   hbox(self.add_btn, self.edit_btn, self.active_btn, self.password_btn, 1),
                   (self.table, 1))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.reload()

    # --- data
    def load(self) -> None:
        chosen = self.selected()
        self.model.set_rows(self.ctx.read(users.list_users))
        if chosen is not None:  # the same user stays selected after a change
            ids = [u.id for u in self.model.rows()]
            if chosen.id in ids:
                self.table.selectRow(ids.index(chosen.id))
        server, required = self.ctx.read(lambda s: (login.is_server(s), login.login_required(s)))
        self.required.blockSignals(True)
        self.required.setChecked(required or server)
        self.required.blockSignals(False)
        self.required.setEnabled(not server)
        self.required.setToolTip("Di server database bersama, masuk selalu diwajibkan."
                                 if server else "")
        self.note.setText(
            "Di server database bersama setiap petugas masuk dengan akunnya sendiri." if server
            else "Di laptop ini masuk belum diwajibkan sampai kotak di atas dicentang; buat dulu "
                 "akun admin Anda sendiri." if not required else
                 "Aplikasi meminta nama pengguna dan kata sandi saat dibuka.")
        self._update_buttons()

    def selected(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        user = self.selected()
        why = "" if user else "Pilih pengguna di tabel dulu."
        for b in (self.edit_btn, self.active_btn, self.password_btn):
            b.setEnabled(user is not None)
            b.setToolTip(why)
        self.active_btn.setText("&Aktifkan" if user and not user.active else "&Nonaktifkan")

    def _run(self, fn: Callable[..., Any], *args: Any) -> list[str]:
        try:
            self.ctx.call(fn, *args)
        except ValidationError as exc:
            return exc.messages
        return []

    # --- actions
    def add_user(self) -> None:
        self._user_dialog(None)

    def edit_user(self) -> None:
        user = self.selected()
        if user is not None:
            self._user_dialog(user)

    def _user_dialog(self, user: UserRow | None) -> None:
        """The account dialog: a new user (with a password), or `user`'s role and OPD."""
        def save(data: UserInput, password: str | None) -> list[str]:
            if user is None:
                return self._run(users.add_user, data, password or "")
            return self._run(users.change_user, user.id, data)

        if UserDialog(self.ctx.read(users.opd_choices), save, user, self).exec():
            self.reload()

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        problems = self._run(users.set_active, user.id, not user.active)
        if problems:
            QMessageBox.warning(self, "Pengguna", "\n".join(problems))
        self.reload()

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        if PasswordDialog(user.username,
                          lambda pw: self._run(users.reset_password, user.id, pw), self).exec():
            QMessageBox.information(self, "Pengguna",
                                    f"Kata sandi {user.username} diatur ulang.")
            self.reload()

    def _switch(self, on: bool) -> None:
        problems = self._run(login.set_login_required, on)
        if problems:
            QMessageBox.warning(self, "Pengguna", "\n".join(problems))
        self.reload()

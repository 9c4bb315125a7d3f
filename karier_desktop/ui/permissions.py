"""What the signed-in role may not do is disabled on screen, with a tooltip saying why.

The services refuse it anyway (services.accounts.guard); this only spares the clerk a click
that ends in a refusal. A page's buttons and actions that change data are recognised by the
verb they start with; approving is its own permission, and the reference-data and settings
pages need the admin's.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QWidget

from karier_desktop.services.accounts.roles import Account, Permission, reason

CHANGE_VERBS = ("tambah", "ubah", "hapus", "simpan", "impor", "susun", "salin", "isi ",
                "pindah", "pensiun", "buat", "terapkan", "ambil", "terima", "versi baru",
                "kembalikan", "gabung", "pulihkan", "atur", "nonaktif", "aktifkan")
APPROVE_VERBS = ("setujui", "verifikasi", "tetapkan")
# pages whose changes need more than EDIT
PAGE_PERMISSION = {"kamus": Permission.REFERENCE, "pengaturan": Permission.SETTINGS,
                   "pengguna": Permission.MANAGE_USERS, "audit": Permission.MANAGE_USERS}


# controls that need more than their verb says
BY_LABEL = {"pulihkan dari cadangan…": Permission.SETTINGS}


def _plain(text: str) -> str:
    return text.replace("&", "").strip().lower()


def needed(page_key: str, text: str) -> Permission | None:
    """The permission a control labelled `text` on page `page_key` needs (None: reading)."""
    label = _plain(text)
    if label in BY_LABEL:
        return BY_LABEL[label]
    if label.startswith(APPROVE_VERBS):
        return Permission.APPROVE
    if label.startswith(CHANGE_VERBS):
        return PAGE_PERMISSION.get(page_key, Permission.EDIT)
    return None


def apply(widget: QWidget, page_key: str, account: Account | None) -> int:
    """Disable, with the reason as tooltip, the controls of `widget` that `account` may not
    use; the number disabled. Nothing happens while login is off (account None)."""
    if account is None:
        return 0
    count = 0
    for button in widget.findChildren(QAbstractButton):
        permission = needed(page_key, button.text())
        if permission is not None and not account.may(permission):
            _refuse(button, permission)
            count += 1
    return count + apply_actions(widget.findChildren(QAction), page_key, account)


def apply_actions(actions: Iterable[QAction], page_key: str, account: Account | None) -> int:
    """Like `apply`, for menu actions (the File menu's import and restore)."""
    if account is None:
        return 0
    count = 0
    for action in actions:
        permission = needed(page_key, action.text())
        if permission is not None and not account.may(permission):
            _refuse(action, permission)
            count += 1
    return count


def _refuse(control: QAbstractButton | QAction, permission: Permission) -> None:
    control.setEnabled(False)
    control.setToolTip(reason(permission))
    # a page that enables its buttons again on a selection change must not undo this
    control.setProperty("refused_by_role", True)
    if isinstance(control, QAbstractButton):
        control.installEventFilter(_keeper())
    else:
        control.changed.connect(lambda c=control: c.isEnabled() and bool(
            c.property("refused_by_role")) and c.setEnabled(False))


def lift(actions: Iterable[QAction]) -> None:
    """Menu actions usable again (another user signed in; `apply_actions` follows)."""
    for action in actions:
        if action.property("refused_by_role"):
            action.setProperty("refused_by_role", False)
            action.setToolTip("")
            action.setEnabled(True)


class _Keeper(QObject):
    """Turns a refused button off again whenever its page enables it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange and isinstance(watched, QWidget) \
                and watched.isEnabled() and watched.property("refused_by_role"):
            watched.setEnabled(False)
        return False


_keepers: list[_Keeper] = []


def _keeper() -> _Keeper:
    if not _keepers:
        _keepers.append(_Keeper())
    return _keepers[0]

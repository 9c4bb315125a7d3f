"""What the signed-in role may not do is disabled on screen, with a tooltip saying why.

The services refuse it anyway (services.accounts.guard); this only spares the clerk a click
that ends in a refusal. Each control declares what it needs where it is made (`ui.kit.permits`);
`apply` reads only those declarations. `undeclared` is the safety net for a new control: one
whose label starts with a verb that changes data and that declared nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QWidget

from karier_desktop.services.accounts.roles import Account, Permission, reason
from karier_desktop.ui.kit import permits

# labels that announce a change: a control starting with one must declare what it needs
CHANGE_VERBS = ("tambah", "ubah", "hapus", "simpan", "impor", "susun", "salin", "isi ",
                "pindah", "pensiun", "buat", "terapkan", "ambil", "terima", "versi baru",
                "kembalikan", "gabung", "pulihkan", "atur", "nonaktif", "aktifkan", "setujui",
                "verifikasi", "tetapkan", "tandai", "pakai", "catat", "naik", "turun", "+")


def _plain(text: str) -> str:
    return text.replace("&", "").strip().lower()


def controls(widget: QWidget) -> list[permits.Control]:
    """The buttons, check boxes and actions below `widget`."""
    return [*widget.findChildren(QAbstractButton), *widget.findChildren(QAction)]


def undeclared(widget: QWidget) -> list[str]:
    """The labels of the controls below `widget` that look like changes and declared nothing."""
    return [control.text() for control in controls(widget)
            if not permits.declared(control) and _plain(control.text()).startswith(CHANGE_VERBS)]


def apply(widget: QWidget, account: Account | None) -> int:
    """Disable, with the reason as tooltip, the declared controls of `widget` that `account`
    may not use; the number disabled. Nothing happens while login is off (account None)."""
    return apply_to(controls(widget), account)


def apply_to(items: Iterable[permits.Control], account: Account | None) -> int:
    """Like `apply`, for the given controls (the File menu's actions)."""
    if account is None:
        return 0
    count = 0
    for control in items:
        permission = permits.needed(control)
        if permission is not None and not account.may(permission):
            _refuse(control, permission)
            count += 1
    return count


def _refuse(control: permits.Control, permission: Permission) -> None:
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
    """Menu actions usable again (another user signed in; `apply_to` follows)."""
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

"""What a control needs of the signed-in role, declared where the control is made.

Every button, check box and menu action that changes data says which permission it needs
(`needs(Permission.EDIT, button)` or `button(text, slot, needs=Permission.EDIT)`); one that
only reads, prints or exports says so (`reading(button)`). `ui.permissions.apply` disables
what the role may not do from these declarations alone; `ui.permissions.undeclared` finds a
control that forgot to declare itself (the page walk in the tests fails on it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QPushButton

from karier_desktop.services.accounts.roles import Permission

Control = QAbstractButton | QAction
C = TypeVar("C", QAbstractButton, QAction)
PROPERTY = "needs_permission"
READ_ONLY = "read"  # the property's value for a control that changes nothing


def needs(permission: Permission | None, *controls: Control) -> None:
    """Declare that `controls` need `permission` (None: they only read)."""
    value = READ_ONLY if permission is None else permission.value
    for control in controls:
        control.setProperty(PROPERTY, value)


def reading(*controls: Control) -> None:
    """Declare that `controls` change nothing (show, filter, print, export)."""
    needs(None, *controls)


def declared(control: Control) -> bool:
    return control.property(PROPERTY) is not None


def needed(control: Control) -> Permission | None:
    """The permission `control` was declared to need (None: read-only or not declared)."""
    value = control.property(PROPERTY)
    return None if value in (None, READ_ONLY) else Permission(value)


def declare(control: C, permission: Permission | None) -> C:
    """`needs` for one control, returning it (for use inside an expression)."""
    needs(permission, control)
    return control


def button(text: str, on_click: Callable[[], object] | None = None, *,
           needs: Permission | None) -> QPushButton:
    """A push button that says what it needs (`needs=None`: it only reads)."""
    made = declare(QPushButton(text), needs)
    if on_click is not None:
        made.clicked.connect(lambda *_: on_click())
    return made

"""Small steps every page takes around a change: ask first, then call a service in one unit of
work and show a refusal (`ValidationError`) in plain Indonesian, nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from karier_desktop.services.errors import ValidationError
from karier_desktop.ui.context import AppContext

if TYPE_CHECKING:
    from typing_extensions import TypeIs

T = TypeVar("T")


def confirm(parent: QWidget, title: str, question: str, default_no: bool = False) -> bool:
    """A Yes/No question; True when the user chose Yes (`default_no`: Enter answers No)."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    default = QMessageBox.StandardButton.No if default_no else QMessageBox.StandardButton.NoButton
    answer = QMessageBox.question(parent, title, question, buttons, default)
    return answer == QMessageBox.StandardButton.Yes


def call_or_explain(parent: QWidget, ctx: AppContext, refused_title: str,
                    fn: Callable[..., Any], *args: Any) -> bool:
    """Run `fn(session, *args)` through `ctx.call`; on a refusal show its messages, return False."""
    try:
        ctx.call(fn, *args)
    except ValidationError as exc:
        QMessageBox.warning(parent, refused_title, "\n".join(exc.messages))
        return False
    return True


def have_selection(selected: T | None, parent: QWidget, title: str, what: str) -> TypeIs[T]:
    """True when something is `selected`; otherwise say "Pilih dulu {what}." and return False."""
    if selected is None:
        QMessageBox.information(parent, title, f"Pilih dulu {what}.")
        return False
    return True

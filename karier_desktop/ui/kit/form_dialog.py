"""`FormDialog`: the body every add/edit dialog shares, written once.

A form layout (`self.fields`), a red error label, Save/Cancel with Indonesian labels, and the
save step: the subclass's `save()` calls a service (one unit of work through `ctx.call`); a
`ValidationError` keeps the dialog open and lists its plain Indonesian messages, anything
else is left to the window's error handler. A `ConflictError` (another clerk saved the record
meanwhile) also shows "Muat ulang nilai tersimpan" when the subclass implements
`reload_saved()`; edit dialogs keep the `loaded_version` they pass to their service. Keyboard: Enter saves (Save is the default
button), Esc cancels and asks first when something was typed (`widgets.guard_discard`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.services.errors import ConflictError, ValidationError
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.widgets import (
    conflict_reload_button,
    guard_discard,
    indonesian_buttons,
)

ERROR_COLOUR = "#b3261e"


class Versioned(Protocol):
    @property
    def version(self) -> int | None: ...


V = TypeVar("V", bound=Versioned)


def error_label() -> QLabel:
    """The red label under a form where a dialog says why it cannot go on."""
    label = QLabel("")
    label.setObjectName("errors")
    label.setStyleSheet(f"color:{ERROR_COLOUR}")
    label.setWordWrap(True)
    return label


def add_or_change(what: str, record_id: int | None) -> str:
    """The title of a dialog that adds a new record (no id yet) or changes one."""
    return f"Tambah {what}" if record_id is None else f"Ubah {what}"


class FormDialog(QDialog):
    """Subclasses fill `self.fields` (and may add parts below it) and implement `save()`."""

    reload_text = "&Muat ulang nilai tersimpan"  # a dialog whose Alt+M is taken changes it

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None, *,
                 min_width: int = 0) -> None:
        super().__init__(parent)
        guard_discard(self)  # Esc asks before dropping typed changes
        self.ctx = ctx
        self.saved_id: int | None = None
        self.loaded_version: int | None = None  # row_version of the record shown
        self.setWindowTitle(title)
        if min_width:
            self.setMinimumWidth(min_width)
        self.fields = QFormLayout()
        self.errors = error_label()
        self.buttons = indonesian_buttons(QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel))
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setDefault(True)  # Enter in a line edit saves
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.fields)
        self.body.addWidget(self.errors)
        # After a conflict: take the values saved meanwhile (the clerk's typing is dropped).
        self.reload_button = conflict_reload_button(self._reload, self.reload_text)
        self.body.addWidget(self.reload_button)
        self.body.addWidget(self.buttons)

    def add_below_form(self, part: QWidget | QLayout, stretch: int = 0) -> None:
        """Add a part between the form and the error label (in the order of the calls)."""
        at = self.body.indexOf(self.errors)
        if isinstance(part, QLayout):
            self.body.insertLayout(at, part, stretch)
        else:
            self.body.insertWidget(at, part, stretch)

    def save(self) -> None:  # pragma: no cover - every dialog implements it
        """Save through a service; raise ValidationError for input that cannot be saved."""
        raise NotImplementedError

    def reload_saved(self) -> None:
        """Edit dialogs: show the record as saved now and set `loaded_version`."""
        raise NotImplementedError

    def read_saved(self, load: Callable[..., V], record_id: int | None) -> V:
        """The record `record_id` as saved now, through `load(session, id)`; its `version`
        becomes `loaded_version`, which the save passes back (a newer change refuses)."""
        assert record_id is not None
        record = self.ctx.call(load, record_id)
        self.loaded_version = record.version
        return record

    def _reload(self) -> None:
        self.reload_saved()
        self.errors.setText("")
        self.reload_button.setVisible(False)

    def try_save(self) -> bool:
        """Save and close; False (and the reasons shown) when the input was refused."""
        try:
            self.save()
        except ValidationError as exc:
            self.show_problems(exc.messages)
            can_reload = type(self).reload_saved is not FormDialog.reload_saved
            self.reload_button.setVisible(isinstance(exc, ConflictError) and can_reload)
            return False
        self.accept()
        return True

    def show_problems(self, messages: list[str]) -> None:
        self.errors.setText("Belum dapat disimpan:\n• " + "\n• ".join(messages))

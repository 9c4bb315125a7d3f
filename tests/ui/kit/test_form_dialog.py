"""The one `FormDialog`, seen through a real form (adding a unit): a refused input keeps the
dialog open with the reason in Indonesian and saves nothing, Enter saves, Esc cancels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from karier_desktop.services import positions as svc
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.form_dialog import FormDialog
from karier_desktop.ui.pages.employees.dialog import EmployeeDialog
from karier_desktop.ui.pages.idp.item_dialog import IdpItemDialog
from karier_desktop.ui.pages.positions.dialogs import PositionDialog, UnitDialog
from karier_desktop.ui.pages.training.dialogs import ProgrammeDialog, RecordDialog


def _unit_names(db: Database) -> list[str]:
    with db.session_scope() as s:
        return [u.name for u in svc.list_units(s)]


def test_the_form_dialogs_share_one_body() -> None:
    for cls in (EmployeeDialog, IdpItemDialog, PositionDialog, UnitDialog, ProgrammeDialog,
                RecordDialog):
        assert issubclass(cls, FormDialog), cls.__name__
        assert "try_save" not in vars(cls), cls.__name__


def test_refused_input_stays_open_with_the_reason(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    before = _unit_names(db)
    dialog = UnitDialog(AppContext(db), None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.try_save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Belum dapat disimpan" in dialog.errors.text()
    assert "Nama unit kerja wajib diisi." in dialog.errors.text()
    assert _unit_names(db) == before


def test_enter_saves_and_esc_cancels(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext(db)
    dialog = UnitDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.name.setFocus()
    qtbot.keyClicks(dialog.name, "Dinas Arsip")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.saved_id is not None
    assert "Dinas Arsip" in _unit_names(db)

    untouched = UnitDialog(ctx, None)
    qtbot.addWidget(untouched)
    untouched.show()
    qtbot.waitExposed(untouched)
    with qtbot.waitSignal(untouched.rejected):
        qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert _unit_names(db).count("Dinas Arsip") == 1

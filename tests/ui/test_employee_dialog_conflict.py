"""The employee dialog opened before another clerk's save: it refuses, says what changed, stays
open, and "Muat ulang" takes the saved values."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from karier_desktop.services.employees import edit
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.dialogs.employee_dialog import EmployeeDialog


def _someone(db: Database) -> int:
    with db.session_scope() as s:
        emp = s.scalars(select(m.Employee).where(m.Employee.employee_type == "PNS",
                                                 m.Employee.status == "aktif")
                        .order_by(m.Employee.id)).first()
        assert emp is not None
        emp.rank_code = "III/a"
        return emp.id


def test_a_stale_dialog_shows_the_conflict_and_reloads(qtbot, demo_db: Database,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path) -> None:
    emp_id = _someone(demo_db)
    dialog = EmployeeDialog(AppContext(demo_db), emp_id)
    qtbot.addWidget(dialog)
    dialog.show()
    # meanwhile another clerk raises the rank
    with demo_db.session_scope() as s:
        s.info["actor"] = "budi"
        form = edit.load(s, emp_id)
        fields = {f: getattr(form.data, f) for f in form.data.__dataclass_fields__}
        edit.save(s, edit.EmployeeInput(**(fields | {"rank": "III/c"})), emp_id, form.version)

    dialog.rank.setCurrentText("III/b")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.result() == 0  # still open, nothing accepted
    assert "Golongan: Anda III/b, tersimpan III/c" in dialog.errors.text()
    assert "diubah petugas lain" in dialog.errors.text()
    assert dialog.reload_button.isVisible()
    dialog.grab().save(str(tmp_path / "conflict.png"))
    with demo_db.session_scope() as s:
        assert s.get(m.Employee, emp_id).rank_code == "III/c"  # type: ignore[union-attr]

    qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
    assert dialog.rank.currentText() == "III/c" and dialog.errors.text() == ""
    assert not dialog.reload_button.isVisible()
    dialog.birth_place.setText("Mamuju")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    with demo_db.session_scope() as s:
        emp = s.get(m.Employee, emp_id)
        assert (emp.rank_code, emp.birth_place) == ("III/c", "Mamuju")  # type: ignore[union-attr]

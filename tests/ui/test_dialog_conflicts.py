"""Edit dialogs opened before another clerk's save: they refuse, say what changed, stay open,
and "Muat ulang nilai tersimpan" takes the saved values."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from karier_desktop.services.employees import edit
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.employees.dialog import EmployeeDialog


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


def test_record_and_unit_dialogs_refuse_a_stale_save_and_reload(qtbot, demo_db: Database  # type: ignore[no-untyped-def]
                                                                ) -> None:
    from karier_desktop.services import positions, training
    from karier_desktop.ui.pages.positions.dialogs import UnitDialog
    from karier_desktop.ui.pages.training.dialogs import RecordDialog

    ctx = AppContext(demo_db)
    with demo_db.session_scope() as s:
        rid = s.scalars(select(m.TrainingRecord.id).order_by(m.TrainingRecord.id)).first()
        uid = s.scalars(select(m.Unit.id).where(m.Unit.parent_id.is_not(None))
                        .order_by(m.Unit.id)).first()
    assert rid is not None and uid is not None
    record_dialog, unit_dialog = RecordDialog(ctx, rid), UnitDialog(ctx, uid)
    for dialog in (record_dialog, unit_dialog):
        qtbot.addWidget(dialog)
        dialog.show()
    with demo_db.session_scope() as s:  # another clerk saves both meanwhile
        record = training.load_record(s, rid)
        training.save_record(s, dataclasses.replace(record, certificate_no="SERT-LAIN"), rid)
        unit = next(u for u in positions.list_units(s) if u.id == uid)
        positions.save_unit(s, positions.UnitInput("Unit Nama Baru", unit.parent_id, unit.kind,
                                                   unit.code), uid)

    record_dialog.provider.setText("BPSDM Provinsi")
    record_dialog.try_save()
    assert record_dialog.isVisible() and "tersimpan SERT-LAIN" in record_dialog.errors.text()
    unit_dialog.code.setText("KODE-ANI")
    unit_dialog.try_save()
    assert unit_dialog.isVisible() and "tersimpan Unit Nama Baru" in unit_dialog.errors.text()

    for dialog in (record_dialog, unit_dialog):
        assert dialog.reload_button.isVisible()
        qtbot.mouseClick(dialog.reload_button, Qt.MouseButton.LeftButton)
        assert dialog.errors.text() == "" and not dialog.reload_button.isVisible()
    assert record_dialog.certificate.text() == "SERT-LAIN"
    assert unit_dialog.name.text() == "Unit Nama Baru"
    with qtbot.waitSignal(unit_dialog.accepted):
        unit_dialog.code.setText("KODE-ANI")
        unit_dialog.try_save()
    with demo_db.session_scope() as s:
        saved = s.get(m.Unit, uid)
        assert saved is not None and (saved.name, saved.code) == ("Unit Nama Baru", "KODE-ANI")

"""A guru retires at 60 on the employee panel; an exception typed in the position editor moves
the date shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from karier_desktop.domain.retirement import retirement_date
from karier_desktop.domain.textfmt import format_date_id
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.employees.panel import EmployeePanel
from karier_desktop.ui.pages.positions.dialogs import PositionDialog


def _a_guru(db: Database) -> tuple[int, int, object]:
    with db.session_scope() as s:
        return s.execute(select(m.Employee.id, m.Employee.position_id, m.Employee.birth_date)
                         .join(m.Position, m.Position.id == m.Employee.position_id)
                         .where(m.Position.name.like("Guru Ahli Pertama%"))
                         .order_by(m.Employee.id)).first()


def test_exception_set_in_the_position_editor_changes_the_date_shown(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    ctx = AppContext(demo_db)
    emp_id, position_id, birth = _a_guru(demo_db)
    panel = EmployeePanel(ctx)
    qtbot.addWidget(panel)
    panel.show_employee(emp_id)
    shown = panel.fields["retirement"].text()
    assert shown.startswith(format_date_id(retirement_date(birth, 60)))
    assert "BUP 60 tahun" in shown and "Guru" in shown  # not the 58 of an ahli pertama

    dialog = PositionDialog(ctx, position_id)
    qtbot.addWidget(dialog)
    assert dialog.retirement.value() == 0  # "ikut aturan"
    assert "60 tahun" in dialog.retirement_rule.text()
    dialog.retirement.selectAll()
    qtbot.keyClicks(dialog.retirement, "62")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted

    panel.show_employee(emp_id)
    shown = panel.fields["retirement"].text()
    assert shown.startswith(format_date_id(retirement_date(birth, 62)))
    assert "pengecualian untuk jabatan ini" in shown
    with demo_db.session_scope() as s:
        assert s.get(m.Position, position_id).retirement_age == 62

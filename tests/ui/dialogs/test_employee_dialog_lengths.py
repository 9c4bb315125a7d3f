"""The employee dialog stops at the column sizes and never cuts an existing longer name."""

from __future__ import annotations

from sqlalchemy import select, text

from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.employees.dialog import EmployeeDialog


def test_typing_stops_at_150_characters(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    dialog = EmployeeDialog(AppContext(demo_db), None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "A" * 160)
    assert len(dialog.name.text()) == 150


def test_a_longer_name_stored_by_an_old_sqlite_file_is_named_not_cut(  # type: ignore[no-untyped-def]
        qtbot, demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        eid = s.scalar(select(m.Employee.id).order_by(m.Employee.id).limit(1))
        s.execute(text("UPDATE employees SET name = :n WHERE id = :i"), {"n": "B" * 151, "i": eid})
    dialog = EmployeeDialog(AppContext(demo_db), eid)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "B" * 151
    dialog.try_save()
    assert dialog.result() == 0
    assert "Nama terlalu panjang: 151 karakter, paling banyak 150." in dialog.errors.text()
    with demo_db.session_scope() as s:
        assert s.get(m.Employee, eid).name == "B" * 151

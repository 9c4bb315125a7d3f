"""Keyboard habits of the dialogs: Alt+S saves, Esc asks before discarding, dates take digits,
the position chooser searches."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QDialog, QLabel, QMessageBox
from sqlalchemy import select

from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.widgets import DateField
from karier_desktop.ui.pages.employees.dialog import EmployeeDialog


def _dialog(qtbot, db: Database) -> EmployeeDialog:  # type: ignore[no-untyped-def]
    with db.session_scope() as s:
        emp_id = s.scalars(select(m.Employee.id).where(m.Employee.position_id.is_not(None))
                           .order_by(m.Employee.id)).first()
    dialog = EmployeeDialog(AppContext(db), emp_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return dialog


def test_alt_s_is_save_and_no_label_shows_an_ampersand(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, demo_db)
    mnemonics = [w.text() for w in dialog.findChildren(QAbstractButton) + dialog.findChildren(QLabel)
                 if "&s" in w.text().lower().replace("&&", "")]
    assert mnemonics == ["&Simpan"]
    literal = [lb.text() for lb in dialog.findChildren(QLabel)
               if "&" in lb.text().replace("&&", "") and lb.buddy() is None
               and lb.textFormat() != Qt.TextFormat.RichText]
    assert literal == []  # "N&ama" used to show its ampersand
    # Alt+S belongs to Simpan alone (a second "&S…" made Qt cycle between them instead)
    keys = [QKeySequence.mnemonic(w.text()).toString()
            for w in dialog.findChildren(QAbstractButton) + dialog.findChildren(QLabel)]
    assert keys.count("Alt+S") == 1


def test_esc_asks_before_discarding(qtbot, demo_db: Database,  # type: ignore[no-untyped-def]
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *a, **k: (asked.append(text), answer[0])[1])
    dialog = _dialog(qtbot, demo_db)
    qtbot.keyClick(dialog.birth_place, Qt.Key.Key_Escape)  # nothing typed: closes at once
    assert asked == [] and dialog.result() == QDialog.DialogCode.Rejected
    dialog = _dialog(qtbot, demo_db)
    qtbot.keyClicks(dialog.birth_place, "Mamuju")
    qtbot.keyClick(dialog.birth_place, Qt.Key.Key_Escape)
    assert len(asked) == 1 and dialog.isVisible()  # "No": the typing is kept
    answer[0] = QMessageBox.StandardButton.Yes
    qtbot.keyClick(dialog.birth_place, Qt.Key.Key_Escape)
    assert len(asked) == 2 and not dialog.isVisible()


def test_empty_date_takes_typed_digits_and_opens_at_today(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateField(optional=True)
    qtbot.addWidget(field)
    field.show()
    assert field.value() is None
    qtbot.keyClicks(field, "15")
    today = dt.date.today()
    assert field.value() == today.replace(day=15)
    other = DateField(optional=True)
    qtbot.addWidget(other)
    other.show()
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton, pos=QPoint(other.width() - 8,
                                                                  other.height() // 2))
    calendar = other.calendarWidget()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    assert calendar.selectedDate() == QDate.currentDate()


def test_position_chooser_is_grouped_by_unit_and_searchable(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, demo_db)
    combo = dialog.position
    model = combo.model()
    headings = [model.item(r).text() for r in range(model.rowCount())
                if not model.item(r).flags() & Qt.ItemFlag.ItemIsSelectable]
    assert len(headings) > 10  # one heading per unit
    with demo_db.session_scope() as s:
        pos_id, name, unit = s.execute(
            select(m.Position.id, m.Position.name, m.Unit.name).join(m.Unit)
            .where(m.Unit.name.like("%Organisasi%")).order_by(m.Position.id)).first()
    completer = combo.completer()
    completer.setCompletionPrefix("organisasi")
    found = [completer.completionModel().index(r, 0).data()
             for r in range(completer.completionModel().rowCount())]
    assert f"{name} — {unit}" in found
    completer.activated[str].emit(f"{name} — {unit}")
    assert combo.currentData() == pos_id

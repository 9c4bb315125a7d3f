"""The employee table shows what another clerk (server) or another program (SQLite file)
changed, without the clerk pressing anything."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from karier_desktop.services import demo
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.employees.page import EmployeesPage

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Database, str]]:
    url = str(tmp_path / "karier.db") if request.param == "sqlite" \
        else request.getfixturevalue("pg_url")
    db = open_database(url)
    with db.session_scope() as s:
        demo.generate(s, 25, seed=4, today=TODAY)
    yield db, url
    db.dispose()


def _rename_elsewhere(db: Database, url: str, employee_id: int, name: str) -> None:
    """Another clerk's window on the server; another program on the SQLite file."""
    if db.path is not None:
        with sqlite3.connect(db.path) as other:
            other.execute("UPDATE employees SET name = ? WHERE id = ?", (name, employee_id))
        return
    other_db = open_database(url)
    try:
        with other_db.session_scope() as s:
            emp = s.get(m.Employee, employee_id)
            assert emp is not None
            emp.name = name
    finally:
        other_db.dispose()


def test_the_table_refreshes_when_the_data_changed_elsewhere(  # type: ignore[no-untyped-def]
        qtbot, database: tuple[Database, str]) -> None:
    db, url = database
    ctx = AppContext(db)
    page = EmployeesPage(ctx)
    ctx.data_changed.connect(page.on_data_changed)  # as the main window dispatches it
    qtbot.addWidget(page)
    page.show()
    page.on_shown()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=20_000)
    assert page.check_elsewhere() is False  # starts watching; nothing new yet
    with db.session_scope() as s:
        emp_id = s.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")
                           .order_by(m.Employee.id)).first()
    assert emp_id is not None
    _rename_elsewhere(db, url, emp_id, "Nama Diubah Petugas Lain")
    # the page's own timer notices it within a few seconds
    qtbot.waitUntil(lambda: any(r.id == emp_id and "Nama Diubah Petugas Lain" in r.name
                                for r in page.all_rows), timeout=20_000)

"""Beranda: the counts a clerk sees first, and the "Lihat" links to what needs attention."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import func, select

from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.main_window import MainWindow
from karier_desktop.ui.pages.employees.page import EmployeesPage
from karier_desktop.ui.pages.home import HomePage


def _texts(qtbot, page: HomePage) -> list[str]:  # type: ignore[no-untyped-def]
    # new labels are shown and old ones deleted by the event loop: run exactly that, no clock
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QCoreApplication.processEvents()
    return [label.text() for label in page.findChildren(QLabel) if label.isVisible()]


def _under_20_jp(db: Database) -> int:
    year = dt.date.today().year
    t, e = m.TrainingRecord, m.Employee
    with db.session_scope() as s:
        done = dict(s.execute(
            select(t.employee_id, func.sum(t.jp))
            .where(t.status == "selesai", t.start_date >= dt.date(year, 1, 1),
                   t.start_date <= dt.date(year, 12, 31))
            .group_by(t.employee_id)).all())
        active = s.scalars(select(e.id).where(e.status == "aktif")).all()
    return sum(1 for i in active if (done.get(i) or 0) < 20)


def _window(qtbot, db: Database) -> tuple[MainWindow, HomePage]:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    home = window.page("beranda")
    assert isinstance(home, HomePage)
    qtbot.waitUntil(lambda: home.summary is not None, timeout=10_000)
    return window, home


def test_counts_match_the_database(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    _window_, home = _window(qtbot, demo_db)
    with demo_db.session_scope() as s:
        active = s.scalar(select(func.count()).select_from(m.Employee)
                          .where(m.Employee.status == "aktif"))
        units = s.scalar(select(func.count()).select_from(m.Unit))
    texts = _texts(qtbot, home)
    assert str(active) in texts and str(units) in texts
    assert "Menghitung ringkasan…" not in texts
    under = _under_20_jp(demo_db)
    assert f"<b>{under}</b> pegawai belum mencapai 20 JP pada tahun {dt.date.today().year}" in texts


def test_lihat_opens_employees_under_20_jp(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    window, home = _window(qtbot, demo_db)
    under = _under_20_jp(demo_db)
    assert under > 0
    buttons = [b for b in home.findChildren(QPushButton) if b.text() == "Lihat"]
    assert buttons
    buttons[0].click()  # the first line is the JP one
    page = window.stack.currentWidget()
    assert isinstance(page, EmployeesPage)
    assert page.under_jp.isChecked()
    assert page.model.rowCount() == under
    assert all(r.jp_year < 20 for r in page.model.rows())


def test_counts_follow_a_change_while_shown(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    window, home = _window(qtbot, demo_db)
    before = home.summary.employees  # type: ignore[union-attr]
    with demo_db.session_scope() as s:
        first = s.scalars(select(m.Employee).where(m.Employee.status == "aktif")).first()
        first.status = "pensiun"
    window.ctx.changed("employees")
    qtbot.waitUntil(lambda: home.summary.employees == before - 1, timeout=10_000)  # type: ignore[union-attr]
    assert str(before - 1) in _texts(qtbot, home)


def test_large_regency_counts_come_from_a_worker(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    home = window.page("beranda")
    assert isinstance(home, HomePage)
    home.loader.background_above = 10  # the demo's 400 employees count as a large regency
    window.show()
    qtbot.waitUntil(home.task_running, timeout=10_000)
    assert home.summary is None
    qtbot.waitUntil(lambda: home.summary is not None and not home.task_running(), timeout=30_000)
    with demo_db.session_scope() as s:
        active = s.scalar(select(func.count()).select_from(m.Employee)
                          .where(m.Employee.status == "aktif"))
    assert home.summary.employees == active  # type: ignore[union-attr]
    assert str(active) in _texts(qtbot, home)


def test_lihat_for_assessments_opens_the_to_assess_list(qtbot, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    from karier_desktop.ui.pages.assessments import AssessmentsPage

    window, home = _window(qtbot, demo_db)
    _texts(qtbot, home)
    rows = [label for label in home.findChildren(QLabel) if "belum pernah diases" in label.text()]
    assert rows
    buttons = [b for b in home.findChildren(QPushButton) if b.text() == "Lihat"]
    never = next(b for b in buttons if b.parentWidget() is rows[0].parentWidget()
                 and b.y() == rows[0].y() or abs(b.geometry().center().y()
                                                 - rows[0].geometry().center().y()) < 10)
    never.click()
    page = window.stack.currentWidget()
    assert isinstance(page, AssessmentsPage)
    assert page.tabs.currentIndex() == 1
    assert page.tabs.tabText(1).startswith("P&erlu diases (")
    assert page.attention_model.rowCount() >= home.summary.never_assessed  # type: ignore[union-attr]

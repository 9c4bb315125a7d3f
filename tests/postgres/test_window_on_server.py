"""The window on a shared database on a PostgreSQL server: opened from a URL (never turned into
a file path), the employee table filled, the password nowhere on screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from karier_desktop.services import demo
from karier_desktop.store.lifecycle import open_database
from karier_desktop.ui.main_window import MainWindow
from karier_desktop.ui.pages.employees.page import EmployeesPage
from karier_desktop.ui.startup import start
from tests.modal_answers import answer_modal, first_admin, sign_in_as


def test_the_window_opens_a_server_database_from_its_url(qtbot, pg_url: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         monkeypatch) -> None:
    db = open_database(pg_url)
    with db.session_scope() as s:
        demo.generate(s, 60, seed=5, today=dt.date(2026, 11, 29))
    db.dispose()
    monkeypatch.chdir(tmp_path)
    url = pg_url.replace("karier@", "karier:rahasia123@")
    answer_modal(first_admin)  # the first start of a server database makes the admin
    window = start(QApplication.instance(), url)  # type: ignore[arg-type]
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    page = window.show_page("pegawai")
    assert isinstance(page, EmployeesPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 60, timeout=20_000)
    assert "rahasia123" not in window.windowTitle() + window.db_label.text()
    assert window.user_label.text() == "Admin Kantor (Admin)"
    assert list(tmp_path.iterdir()) == []  # no SQLite file named after the URL
    window.close()


def test_an_unreachable_server_is_told_and_no_window_opens(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: told.append(text))
    window = start(QApplication.instance(),  # type: ignore[arg-type]
                   "postgresql+psycopg://karier:rahasia123@127.0.0.1:1/kantor")
    assert window is None
    assert told and "tidak dapat dihubungi" in told[0] and "rahasia123" not in told[0]


def test_the_file_menu_backs_up_and_restores_a_server_with_pg_dump_or_the_export(  # type: ignore[no-untyped-def]
        qtbot, pg_url: str, tmp_path: Path, monkeypatch) -> None:
    from sqlalchemy import func, select

    from karier_desktop.store import models as m

    db = open_database(pg_url)
    with db.session_scope() as s:
        demo.generate(s, 50, seed=5, today=dt.date(2026, 11, 29))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: told.append(text))
    answer_modal(first_admin)  # the first start of a server database makes the admin
    window = start(QApplication.instance(), pg_url)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    target = tmp_path / "Flashdisk Kantor" / "server.dump"
    target.parent.mkdir()
    window.io_actions.backup_to(target)
    qtbot.waitUntil(lambda: bool(told), timeout=60_000)
    assert "Cadangan database server tersimpan dan sudah diperiksa" in told[-1]
    assert target.read_bytes().startswith(b"PGDMP")
    with db.session_scope() as s:
        s.execute(m.Employee.__table__.delete().where(m.Employee.id.in_(
            select(m.Employee.id).order_by(m.Employee.id).limit(5).scalar_subquery())))
    restoring = window.io_actions.restore(target, confirm=False)
    assert restoring is not None
    with qtbot.waitSignal(restoring.done, timeout=120_000):
        pass
    assert "Database server dipulihkan dari server.dump" in told[-1]
    with db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.Employee)) == 50
    (tmp_path / "tanpa-alat").mkdir()  # without pg_dump: the app's own export
    monkeypatch.setenv("KARIER_PG_TOOLS", str(tmp_path / "tanpa-alat"))
    told.clear()
    window.io_actions.backup_to(tmp_path / "lagi.dump")
    qtbot.waitUntil(lambda: bool(told), timeout=60_000)
    assert "lagi.karier-server" in told[-1] and (tmp_path / "lagi.karier-server").is_file()
    assert not (tmp_path / "lagi.dump").exists()
    db.dispose()


def test_two_clerks_on_one_server_see_what_their_role_allows(qtbot, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from karier_desktop.services.accounts import users
    from karier_desktop.services.accounts.roles import Role
    from karier_desktop.store import models as m

    db = open_database(pg_url)
    with db.session_scope() as s:
        demo.generate(s, 60, seed=5, today=dt.date(2026, 11, 29))
    with db.session_scope() as s:
        users.create_first_admin(s, users.UserInput("admin", "Admin", Role.ADMIN),
                                 "sandi-admin-1")
        opd = s.scalar(select(m.Employee.unit_id).order_by(m.Employee.id))
        parents = dict(s.execute(select(m.Unit.id, m.Unit.parent_id)).all())
        while parents.get(opd) is not None:
            opd = parents[opd]
        users.add_user(s, users.UserInput("ani", "Ani", Role.OPERATOR_OPD, opd), "sandi-opd-12")
    db.dispose()

    answer_modal(sign_in_as("ani", "sandi-opd-12"))
    window = start(QApplication.instance(), pg_url)  # type: ignore[arg-type]
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.user_label.text().startswith("Ani (Operator OPD")
    page = window.show_page("pegawai")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=20_000)  # type: ignore[attr-defined]
    assert 0 < page.model.rowCount() < 60  # type: ignore[attr-defined]
    assert "pengguna" not in [spec.key for spec in window.available_pages()]
    window.close()


def test_the_window_backs_a_server_database_up_every_half_hour(qtbot, pg_url: str,  # type: ignore[no-untyped-def]
                                                                tmp_path: Path,
                                                                monkeypatch) -> None:
    from karier_desktop.services import safety

    monkeypatch.setenv("KARIER_DATA_DIR", str(tmp_path / "data"))
    db = open_database(pg_url)
    with db.session_scope() as s:
        demo.generate(s, 30, seed=5, today=dt.date(2026, 11, 29))
    db.dispose()
    answer_modal(first_admin)
    window = start(QApplication.instance(), pg_url)  # type: ignore[arg-type]
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.io.dirty = True  # a clerk changed something
    window.io.backup_tick(now=dt.datetime(2030, 1, 1, 9, 0), wait=True)
    qtbot.waitUntil(lambda: not window.io.dirty, timeout=20_000)
    assert "Cadangan otomatis dibuat: karier-20300101-090000-otomatis.dump" in (
        window.statusBar().currentMessage())
    assert (safety.server_backup_dir(pg_url) / "karier-20300101-090000-otomatis.dump").is_file()
    window.close()

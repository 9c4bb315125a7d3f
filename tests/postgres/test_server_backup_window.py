"""File → Pulihkan on a server database: the earlier backups of this computer are listed (newest
first, local time, kind and size) and the one picked is restored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from karier_desktop.services import database_server, demo
from karier_desktop.store import models as m
from karier_desktop.store.lifecycle import open_database
from karier_desktop.ui.dialogs.restore import RestoreDialog
from karier_desktop.ui.startup import start
from tests.modal_answers import answer_modal, first_admin


def test_restore_on_a_server_lists_the_earlier_backups_to_pick_one(  # type: ignore[no-untyped-def]
        qtbot, pg_url: str, tmp_path: Path, monkeypatch) -> None:
    db = open_database(pg_url)
    with db.session_scope() as s:
        demo.generate(s, 25, seed=4, today=dt.date(2026, 11, 29))
    # two earlier backups of this server: a pg_dump in the morning, an export at noon (made
    # on a computer without pg_dump), after which five people were deleted
    morning = database_server.backup_before(pg_url, "otomatis", dt.datetime(2026, 11, 30, 8, 5))
    (tmp_path / "tanpa-alat").mkdir()
    monkeypatch.setenv("KARIER_PG_TOOLS", str(tmp_path / "tanpa-alat"))
    noon = database_server.backup_before(pg_url, "impor", dt.datetime(2026, 11, 30, 12, 40))
    monkeypatch.delenv("KARIER_PG_TOOLS")
    with db.session_scope() as s:
        s.execute(m.Employee.__table__.delete().where(m.Employee.id.in_(
            select(m.Employee.id).where(m.Employee.supervisor_id.is_(None))
            .order_by(m.Employee.id.desc()).limit(5).scalar_subquery())))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: told.append(text))
    answer_modal(first_admin)
    window = start(QApplication.instance(), pg_url)  # type: ignore[arg-type]
    qtbot.addWidget(window)

    shown: list[list[str]] = []

    def pick_the_export(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, RestoreDialog)
        shown.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        dialog.list.setCurrentRow(0)
        dialog._accept_selected()

    answer_modal(pick_the_export)
    restoring = window.io_actions.restore(confirm=False)
    assert restoring is not None
    with qtbot.waitSignal(restoring.done, timeout=120_000):
        pass
    assert shown[0] == [
        f"30 November 2026 12:40 — sebelum impor — ekspor logis ({noon.stat().st_size // 1024} KB)",
        f"30 November 2026 08:05 — otomatis — pg_dump ({morning.stat().st_size // 1024} KB)"]
    assert f"Database server dipulihkan dari {noon.name}" in told[-1]
    with db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.Employee)) == 25
        actor = s.scalar(select(m.AuditLog.actor).where(m.AuditLog.action == "pulihkan"))
    assert actor == "admin"
    db.dispose()
    window.close()

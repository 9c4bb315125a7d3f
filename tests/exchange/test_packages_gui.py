"""Two database files exchange packages through the Paket OPD–BKPP page; the conflict is
resolved by a click on the side-by-side table."""

from __future__ import annotations

from typing import Any

import pytest
from exchange_world import PASS, open_pair, record
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from karier_desktop.store import models as m
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.exchange import PackagesPage

ARSIP = "Pelatihan Teknis Kearsipan"


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def yes(_parent: Any, _title: str, text: str, *args: Any) -> Any:
        seen.append(text)
        return QMessageBox.StandardButton.Yes

    for name in ("question", "information", "warning"):
        monkeypatch.setattr(QMessageBox, name, yes)
    return seen


def done(qtbot, page, start, *args):  # type: ignore[no-untyped-def]
    """Start a make/apply on `page` and wait for its result (the work runs off the GUI
    thread)."""
    with qtbot.waitSignal(page.finished, timeout=60_000) as blocker:
        start(*args)
    return blocker.args[0]


def _arsip(db):  # type: ignore[no-untyped-def]
    with db.read_scope() as s:
        rid = s.scalar(select(m.TrainingRecord.id).where(m.TrainingRecord.title == ARSIP))
        return record(s, rid).jp


def _set_arsip(db, jp):  # type: ignore[no-untyped-def]
    with db.session_scope() as s:
        rid = s.scalar(select(m.TrainingRecord.id).where(m.TrainingRecord.title == ARSIP))
        record(s, rid).jp = jp


def test_opd_and_bkpp_exchange_and_resolve_a_conflict_in_the_gui(  # type: ignore[no-untyped-def]
        qtbot, qtmodeltester, tmp_path, answers) -> None:
    opd_db, bkpp_db = open_pair(tmp_path)
    opd, bkpp = PackagesPage(AppContext(opd_db)), PackagesPage(AppContext(bkpp_db))
    for page in (opd, bkpp):
        qtbot.addWidget(page)
    assert "DINKES" in opd.who.text() and "BKPP" in bkpp.who.text()

    first = done(qtbot, opd, opd.make_to, tmp_path / "opd-1.kasn", PASS)
    assert done(qtbot, bkpp, bkpp.apply_file, first, PASS) is not None
    assert "5 tidak berubah" in answers[-1]  # the dry run was shown before applying
    assert done(qtbot, opd, opd.apply_file, tmp_path / "opd-1 - tanda terima.kasn",
                PASS) is not None

    _set_arsip(opd_db, 45)
    _set_arsip(bkpp_db, 38)
    second = done(qtbot, opd, opd.make_to, tmp_path / "opd-2.kasn", PASS)
    applied = done(qtbot, bkpp, bkpp.apply_file, second, PASS)
    assert applied is not None and applied.conflicts == 1
    qtmodeltester.check(bkpp.conflict_model)
    qtmodeltester.check(bkpp.status_model)
    [conflict] = bkpp.conflict_model.rows()
    assert (conflict.ours, conflict.theirs, conflict.field_label) == (38, 45, "JP")
    [status] = bkpp.status_model.rows()
    assert (status.peer, status.last_sequence, status.open_conflicts) == ("DINKES", 2, 1)

    bkpp.select_conflict(0)
    qtbot.mouseClick(bkpp.take_btn, Qt.MouseButton.LeftButton)
    assert bkpp.conflict_model.rows() == [] and _arsip(bkpp_db) == 45

    back = done(qtbot, bkpp, bkpp.make_to, tmp_path / "bkpp-1.kasn", PASS, "DINKES")
    assert done(qtbot, opd, opd.apply_file, back, PASS) is not None
    assert done(qtbot, bkpp, bkpp.apply_file, tmp_path / "bkpp-1 - tanda terima.kasn",
                PASS) is not None
    assert _arsip(opd_db) == 45 and _arsip(bkpp_db) == 45

    # the same package again: refused, with the reason, and nothing changes
    before = len(answers)
    assert done(qtbot, bkpp, bkpp.apply_file, second, PASS) is None
    assert "sudah pernah diterapkan" in answers[before]
    opd_db.dispose()
    bkpp_db.dispose()


def test_bkpp_locks_in_the_gui_and_the_opd_change_is_refused(  # type: ignore[no-untyped-def]
        qtbot, tmp_path, answers) -> None:
    opd_db, bkpp_db = open_pair(tmp_path)
    opd, bkpp = PackagesPage(AppContext(opd_db)), PackagesPage(AppContext(bkpp_db))
    for page in (opd, bkpp):
        qtbot.addWidget(page)
        page.show()
    assert bkpp.lock_btn.isVisible() and not opd.lock_btn.isVisible()
    assert bkpp.lock("DINKES", 2026) == 4
    assert "Paket dari OPD tidak akan dapat mengubahnya lagi" in answers[-1]
    assert "4 catatan pelatihan OPD DINKES tahun 2026 disetujui dan dikunci" \
        in bkpp.message.text()
    _set_arsip(opd_db, 99)
    package = done(qtbot, opd, opd.make_to, tmp_path / "opd-1.kasn", PASS)
    applied = done(qtbot, bkpp, bkpp.apply_file, package, PASS)
    assert applied is not None and applied.refused == 1
    assert any("dikunci" in a for a in answers)
    assert _arsip(bkpp_db) == 40
    if __import__("os").environ.get("KARIER_SHOTS"):
        bkpp.resize(1100, 600)
        bkpp.grab().save(__import__("os").environ["KARIER_SHOTS"] + "/paket_bkpp.png")
    opd_db.dispose()
    bkpp_db.dispose()

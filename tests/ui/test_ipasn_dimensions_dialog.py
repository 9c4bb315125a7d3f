"""The IP ASN kualifikasi/kinerja/disiplin dialog driven like a clerk: one employee typed in,
a bad value refused with nothing saved, a sheet imported after its check; asserts on the
database and on the index the Renbangkom page shows."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from karier_desktop.domain.nip import format_nip
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.renbangkom.dimensions_dialog import DimensionsDialog

YEAR = 2026


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def record(_parent: Any, _title: str, text: str, *args: Any) -> Any:
        seen.append(text)
        return QMessageBox.StandardButton.Yes

    for name in ("information", "warning", "question"):
        monkeypatch.setattr(QMessageBox, name, record)
    return seen


def _inputs(db: Database) -> dict[int, tuple[Any, ...]]:
    with db.session_scope() as s:
        return {r.employee_id: (r.education, r.kinerja, r.disiplin, r.source)
                for r in s.scalars(select(m.IpAsnInput).where(m.IpAsnInput.year == YEAR))}


def test_enter_refuse_and_import(qtbot, demo_db: Database, messages: list[str],  # type: ignore[no-untyped-def]
                                 tmp_path: Path, qtmodeltester) -> None:
    with demo_db.session_scope() as s:
        people = s.execute(select(m.Employee.id, m.Employee.nip).where(
            m.Employee.status == "aktif").order_by(m.Employee.id).limit(3)).all()
    dialog = DimensionsDialog(AppContext(demo_db), YEAR)
    qtbot.addWidget(dialog)
    dialog.show()
    # one employee typed in with the keyboard
    qtbot.keyClicks(dialog.nip, format_nip(people[0].nip))
    dialog.education.setCurrentIndex(dialog.education.findData("S2"))
    dialog.kinerja.setCurrentIndex(dialog.kinerja.findData("Sangat Baik"))
    dialog.disiplin.setCurrentIndex(dialog.disiplin.findData("Ringan"))
    qtbot.mouseClick(dialog.save_btn, Qt.MouseButton.LeftButton)
    assert _inputs(demo_db) == {people[0].id: ("S2", "sangat baik", "ringan", "entri")}
    assert dialog.model.rowCount() == 1 and dialog.changed_any
    qtmodeltester.check(dialog.model)
    # an unknown NIP: a message, nothing saved
    qtbot.keyClicks(dialog.nip, "1234")
    qtbot.mouseClick(dialog.save_btn, Qt.MouseButton.LeftButton)
    assert "NIP tidak terdaftar" in messages[-1] and "1234" not in messages[-1]
    assert len(_inputs(demo_db)) == 1
    # a sheet: checked, confirmed, imported
    sheet = tmp_path / "kinerja.xlsx"
    wb = Workbook()
    wb.active.append(["NIP", "Predikat SKP", "Hukuman Disiplin"])
    wb.active.append([people[1].nip, "Baik", ""])
    wb.active.append([people[2].nip, "Kurang", "Berat"])
    wb.save(sheet)
    dialog.import_file(str(sheet))
    assert "2 baris siap diimpor" in messages[-2] and "2 baris diimpor" in messages[-1]
    stored = _inputs(demo_db)
    assert stored[people[1].id] == (None, "baik", "tidak pernah", "impor")
    assert stored[people[2].id] == (None, "kurang", "berat", "impor")
    assert dialog.model.rowCount() == 3
    if os.environ.get("KARIER_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["KARIER_SHOTS"], "dimensi_ipasn.png"))


def test_bad_sheet_changes_nothing(qtbot, demo_db: Database, messages: list[str],  # type: ignore[no-untyped-def]
                                   tmp_path: Path) -> None:
    sheet = tmp_path / "salah.xlsx"
    wb = Workbook()
    wb.active.append(["NIP", "Predikat SKP"])
    wb.active.append(["199001012020011999", "Baik"])
    wb.save(sheet)
    dialog = DimensionsDialog(AppContext(demo_db), YEAR)
    qtbot.addWidget(dialog)
    dialog.import_file(str(sheet))
    assert messages == ["Tidak ada yang disimpan:\nBaris 2: NIP tidak terdaftar di basis data "
                        "ini."]
    with demo_db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.IpAsnInput)) == 0

"""The catalogue to Excel and back from the training page; every table in the export menu."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from karier_desktop.services.export_tables import EXTRA
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.main_window import MainWindow


def test_catalogue_import_from_the_training_page(qtbot, db: Database, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "katalog kantor.xlsx"
    wb = openpyxl.Workbook()
    for row in (["KATALOG PELATIHAN BKPSDM 2027"], [],
                ["KODE", "NAMA PROGRAM", "BENTUK", "PENYELENGGARA", "JP", "BIAYA PER PESERTA",
                 "KOMPETENSI SASARAN"],
                ["K-01", "Bimtek Arsip Dinamis", "Bimbingan Teknis", "ANRI", 32, "Rp 3.500.000",
                 "M.05:3, M.03:3"],
                ["CTH-06", "Coaching oleh atasan, 6 sesi", "NKL01", "Atasan langsung", 12, 0, ""],
                ["K-02", "Tanpa bentuk yang dikenal", "Arisan", "", 4, 0, ""]):
        wb.active.append(row)
    wb.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("pelatihan")
    tab = page.catalogue
    qtbot.mouseClick(tab.import_btn, Qt.MouseButton.LeftButton)
    assert shown and shown[0].startswith("Katalog diimpor: 1 program baru, 1 diperbarui, "
                                         "1 baris dilewati")
    assert "Baris 6: bentuk \"Arisan\" tidak dikenal" in shown[0]
    with db.session_scope() as s:
        new = s.scalars(select(m.Programme).where(m.Programme.code == "K-01")).one()
        assert (new.form_code, new.jp, new.cost_per_participant) == ("KL10", 32, 3_500_000)
        assert len(s.scalars(select(m.ProgrammeTarget).where(
            m.ProgrammeTarget.programme_id == new.id)).all()) == 2
        coaching = s.scalars(select(m.Programme).where(m.Programme.code == "CTH-06")).one()
        assert coaching.jp == 12 and coaching.title == "Coaching oleh atasan, 6 sesi"
    qtbot.waitUntil(lambda: any(r.code == "K-01" for r in tab.model.rows()), timeout=10_000)


def test_catalogue_export_reads_back(qtbot, db: Database, tmp_path: Path,  # type: ignore[no-untyped-def]
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from karier_desktop.services.catalogue_io import import_catalogue

    target = tmp_path / "katalog.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window = MainWindow(db)
    qtbot.addWidget(window)
    page = window.show_page("pelatihan")
    qtbot.mouseClick(page.catalogue.export_btn, Qt.MouseButton.LeftButton)
    sheet = openpyxl.load_workbook(target).active
    assert [c.value for c in sheet[1]][:3] == ["KODE", "NAMA PROGRAM", "BENTUK"]
    assert sheet.max_row - 1 >= 15
    with db.session_scope() as s:
        result = import_catalogue(s, target)
    assert (result.new, result.errors) == (0, ())  # what it wrote, it reads back unchanged


@pytest.mark.parametrize("kind", sorted(EXTRA))
def test_every_table_exports_from_the_menu(qtbot, demo_db: Database, tmp_path: Path,  # type: ignore[no-untyped-def]
                                           kind: str) -> None:
    if kind == "idp":  # the demo has no IDP yet: draft one
        from karier_desktop.services import idp

        with demo_db.session_scope() as s:
            first = s.scalars(select(m.Employee.id).order_by(m.Employee.id)).first()
            idp.draft_plan(s, first, 2027)
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    action = window.io.actions[f"export_{kind}"]  # type: ignore[union-attr]
    assert action.text() == EXTRA[kind][0] + "…"
    target = tmp_path / f"{kind}.xlsx"
    task = window.io.export(kind, target)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not task.running, timeout=30_000)
    sheet = openpyxl.load_workbook(target).active
    assert sheet.max_row > 1 and sheet.cell(1, 1).value

"""The clerk's first day, scripted on the real main window with a fresh data folder.

welcome → import the clerk's employee sheet → standards by kind → assessments imported → IDP
drafted from the starter catalogue → PDF printed. Every user action (a click, a key, typing
into one field, choosing a file in a file dialog) is counted; the goal is at most 15.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton
from sqlalchemy import func, select

from karier_desktop.store import models as m
from karier_desktop.ui.dialogs.import_dialog import ImportDialog
from karier_desktop.ui.main_window import MainWindow
from karier_desktop.ui.open_flow import open_or_welcome
from karier_desktop.ui.welcome import WelcomeDialog

PEOPLE = [  # NIP, name, golongan, position, kind, unit
    ("198503122010011005", "Andi Pratama", "III/b", "Analis Kebijakan Ahli Pertama",
     "Jabatan Fungsional Ahli Pertama", "Bagian Organisasi"),
    ("199001152015032002", "Siti Rahma", "III/a", "Pengadministrasi Umum",
     "Jabatan Pelaksana", "Bagian Organisasi"),
    ("197805052005011003", "Muhammad Yusuf", "IV/a", "Kepala Subbagian Kelembagaan",
     "Jabatan Pengawas", "Bagian Organisasi"),
]
MANAGERIAL = ("M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "SK.01")


def _sheet(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _employee_sheet(folder: Path) -> Path:
    """Shaped like a clerk's SIMPEG export: a title, a blank row, then the header."""
    rows: list[list[object]] = [["DAFTAR NOMINATIF PEGAWAI BAGIAN ORGANISASI"], [],
                                ["NIP", "NAMA", "GOL/RUANG", "JABATAN", "JENIS JABATAN",
                                 "UNIT KERJA"]]
    rows += [list(p) for p in PEOPLE]
    return _sheet(folder / "pegawai organisasi.xlsx", rows)


def _assessment_sheet(folder: Path) -> Path:
    rows: list[list[object]] = [["NIP", "KODE KOMPETENSI", "LEVEL", "TANGGAL", "METODE"]]
    for nip, *_ in PEOPLE:
        for i, code in enumerate(MANAGERIAL):
            rows.append([nip, code, 1 + i % 2, "15-08-2026", "Assessment center"])
    return _sheet(folder / "hasil asesmen 2026.xlsx", rows)


class Clerk:
    """Counts what the clerk does; every method is one action."""

    def __init__(self, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.actions: list[str] = []
        self._next_file: str = ""
        monkeypatch.setattr(QFileDialog, "getOpenFileName",
                            lambda *a, **k: (self._take_file("open"), ""))
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, **k: (self._take_file("save"), ""))

    def _take_file(self, what: str) -> str:
        self.actions.append(f"choose file ({what}) {Path(self._next_file).name}")
        name, self._next_file = self._next_file, ""
        return name

    def will_choose(self, path: Path) -> None:
        self._next_file = str(path)  # the file the clerk will pick in the next file dialog

    def click(self, button: QPushButton) -> None:
        assert button.isVisible() and button.isEnabled(), button.text()
        self.actions.append(f"click {button.text()}")
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def type_into(self, field, text: str) -> None:  # type: ignore[no-untyped-def]
        self.actions.append(f"type {text}")
        field.selectAll()
        self.qtbot.keyClicks(field, text)

    def key(self, widget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
        self.actions.append(f"key {key.name}")
        self.qtbot.keyClick(widget, key, modifier)


def _import_dialog(window: MainWindow) -> ImportDialog:
    dialogs = [d for d in window.findChildren(ImportDialog) if d.isVisible()]
    assert dialogs
    return dialogs[-1]


def test_first_day_from_welcome_to_printed_idp(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    clerk = Clerk(qtbot, monkeypatch)
    files = tmp_path / "Dokumen"
    files.mkdir()
    employees_file = _employee_sheet(files)
    assessments_file = _assessment_sheet(files)

    # 1. first start: the welcome screen, office identity, "Impor dari Excel"
    window = open_or_welcome(tmp_path / "data" / "karier.db")
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.resize(1366, 720)
    window.show()
    welcome = window.pending_welcome
    assert isinstance(welcome, WelcomeDialog)
    qtbot.waitUntil(welcome.isVisible, timeout=10_000)
    clerk.type_into(welcome.form.government, "PEMERINTAH KABUPATEN MAJENE")
    clerk.type_into(welcome.form.agency, "BKPSDM KABUPATEN MAJENE")
    clerk.click(welcome.import_btn)

    # 2. the employee sheet, as it is
    dialog = _import_dialog(window)
    clerk.will_choose(employees_file)  # the file chooser opens by itself
    qtbot.waitUntil(lambda: not clerk._next_file, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.task is None, timeout=30_000)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: (
        asked.append(text), QMessageBox.StandardButton.Yes)[1])
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        clerk.click(dialog.import_btn)
    assert "Impor selesai: 3 baru" in dialog.summary.text()
    # the positions the sheet brought get the standard of their kind without a question
    assert "3 jabatan baru diberi standar kompetensi bawaan" in dialog.summary.text()
    assert asked == []
    with window.ctx.db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.Position).where(
            m.Position.id.not_in(select(m.PositionStandard.position_id)))) == 0

    # 3. the assessment results, in the same dialog
    clerk.actions.append("choose kind Hasil asesmen")
    dialog.kind.setCurrentIndex(dialog.kind.findData("asesmen"))
    qtbot.waitUntil(lambda: dialog.task is None and dialog.browse.isEnabled(), timeout=30_000)
    clerk.will_choose(assessments_file)
    clerk.click(dialog.browse)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.task is None, timeout=30_000)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        clerk.click(dialog.import_btn)
    clerk.click(dialog.close_btn)

    # 5. IDP: the employee, a draft from the starter catalogue, the PDF
    idp = window.show_page("idp")
    clerk.actions.append("open IDP (Ctrl+8)")
    qtbot.waitUntil(lambda: idp.emp_model.rowCount() == 3, timeout=10_000)
    row = next(i for i, r in enumerate(idp.emp_model.rows()) if r.nip == PEOPLE[0][0])
    clerk.actions.append("click the employee")
    idp.emp_table.selectRow(row)
    qtbot.waitUntil(lambda: idp.employee_id is not None, timeout=5_000)
    clerk.click(idp.draft_btn)
    assert idp.plan is not None and idp.item_model.rowCount() > 0
    opened: list[str] = []
    monkeypatch.setattr("karier_desktop.ui.pages.idp.page.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()))
    pdf_path = files / "IDP Andi.pdf"
    clerk.will_choose(pdf_path)
    clerk.click(idp.print_btn)
    assert opened == [str(pdf_path)]

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    flat = " ".join(text.split())
    assert "PEMERINTAH KABUPATEN MAJENE" in flat  # typed on the welcome screen
    assert "Andi Pratama" in flat and "198503122010011005".replace(" ", "") in flat.replace(" ", "")
    assert "(contoh)" in flat  # the activities come from the starter catalogue
    assert "Coaching oleh atasan langsung" not in flat or "CTH" in flat or "(contoh)" in flat
    with window.ctx.db.session_scope() as s:
        items = s.execute(select(m.PlanItem.activity, m.PlanItem.cost)).all()
    assert items and any(cost > 0 for _, cost in items)  # priced, not seven Rp 0 coaching lines

    print("\n".join(f"{i + 1:2}. {a}" for i, a in enumerate(clerk.actions)))
    assert len(clerk.actions) <= 15, clerk.actions
    QApplication.processEvents()
    window.close()

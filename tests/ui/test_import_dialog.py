"""The import wizard as a clerk uses it: preview with errors, valid rows only, column mapping."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from karier_desktop.services import importing
from karier_desktop.store import models as m
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.dialogs.import_dialog import ImportDialog

NIP_ANDI = "198503122010011005"
NIP_SITI = "199001152015032002"


def sheet(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def employees(db) -> int:
    with db.session_scope() as s:
        return s.scalar(select(func.count()).select_from(m.Employee))


def test_preview_shows_errors_and_valid_rows_only_import(qtbot, qtmodeltester, db, tmp_path):
    path = sheet(tmp_path / "p.xlsx", [["DAFTAR PEGAWAI"], [], ["NIP", "NAMA", "GOL"],
                                       [NIP_ANDI, "Andi", "III/b"],
                                       [198503122010011000, "Dibulatkan", "III/a"],
                                       [NIP_SITI, "Siti", "Penata"]])
    ctx = AppContext(db)
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.task is None, timeout=20_000)
    assert dialog.errors.count() == 1
    assert dialog.errors.item(0).text().startswith("Baris 5: NIP tampaknya dibulatkan oleh Excel")
    assert "3 baris data, 2 baru" in dialog.summary.text()
    assert not dialog.import_btn.isEnabled()
    assert dialog.import_valid_btn.isEnabled()
    qtmodeltester.check(dialog.model)
    bad_row = dialog.model.index(1, 0)
    assert dialog.model.data(bad_row, Qt.ItemDataRole.BackgroundRole) is not None
    dialog.errors.setCurrentRow(0)
    assert dialog.table.selectionModel().selectedRows()[0].row() == 1
    dialog.grab().save(str(tmp_path / "import_preview.png"))

    with qtbot.waitSignal(dialog.imported, timeout=20_000) as signal:
        qtbot.mouseClick(dialog.import_valid_btn, Qt.MouseButton.LeftButton)
    result = signal.args[0]
    assert (result.new, result.skipped) == (2, 1)
    assert employees(db) == 2
    assert "Impor selesai: 2 baru" in dialog.summary.text()
    assert not dialog.import_btn.isEnabled() and not dialog.import_valid_btn.isEnabled()


def test_clean_file_imports_with_the_main_button(qtbot, db, tmp_path):
    path = sheet(tmp_path / "p.xlsx", [["NIP", "NAMA"], [NIP_ANDI, "Andi"]])
    dialog = ImportDialog(AppContext(db))
    qtbot.addWidget(dialog)
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.task is None, timeout=20_000)
    assert dialog.import_btn.isEnabled() and not dialog.import_valid_btn.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        qtbot.mouseClick(dialog.import_btn, Qt.MouseButton.LeftButton)
    assert employees(db) == 1


def test_unknown_headers_are_mapped_by_hand_and_remembered(qtbot, db, tmp_path):
    path = sheet(tmp_path / "p.xlsx", [["NOMOR INDUK", "NAMA"], [NIP_ANDI, "Andi"]])
    dialog = ImportDialog(AppContext(db))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.task is None, timeout=20_000)
    assert "Kolom NIP tidak ditemukan" in dialog.info.text()
    assert dialog.mapping_group.isVisible() and not dialog.import_btn.isEnabled()
    box = dialog.mapping_boxes["NOMOR INDUK"]
    box.setCurrentIndex(box.findData("nip"))
    first = dialog.preview
    qtbot.mouseClick(dialog.apply_mapping_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview is not first and dialog.task is None, timeout=20_000)
    assert not dialog.preview.problems and dialog.import_btn.isEnabled()
    with db.session_scope() as s:
        assert importing.stored_mapping(s, "pegawai") == {"nomorinduk": "nip"}


def test_unreadable_file_is_explained(qtbot, db, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    bad = tmp_path / "rusak.xlsx"
    bad.write_text("bukan excel")
    dialog = ImportDialog(AppContext(db))
    qtbot.addWidget(dialog)
    dialog.load(bad)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "bukan file .xlsx" in shown[0] and "bukan file .xlsx" in dialog.info.text()
    assert not dialog.import_btn.isEnabled()


def test_file_menu_actions_export_backup_and_restore(qtbot, db, tmp_path, monkeypatch):
    import datetime as dt

    from PySide6.QtWidgets import QMessageBox

    from karier_desktop.services import safety
    from karier_desktop.ui import io_actions
    from karier_desktop.ui.main_window import MainWindow

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window = MainWindow(db)
    qtbot.addWidget(window)
    actions = io_actions.install(window)
    texts = [a.text() for a in window.file_menu.actions()]
    assert texts[0] == "&Impor dari Excel…" and texts[-1] == "&Keluar"
    assert "&Ekspor ke Excel…" in texts and "&Pulihkan dari cadangan…" in texts
    assert actions.actions["import"].shortcut().toString() == "Ctrl+I"

    path = sheet(tmp_path / "p.xlsx", [["NIP", "NAMA"], [NIP_ANDI, "Andi"]])
    with db.session_scope() as s:
        importing.import_file(s, "pegawai", path)
    window.ctx.changed("employees")
    assert actions.dirty
    actions.backup_tick(now=dt.datetime(2030, 1, 1, 9, 0), wait=True)
    qtbot.waitUntil(lambda: not actions.dirty, timeout=10_000)
    saved = safety.list_backups(db.path)[0].path

    task = actions.export("pegawai", tmp_path / "out.xlsx")
    qtbot.waitUntil(lambda: not task.running, timeout=20_000)
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert ws["A2"].value == NIP_ANDI
    with db.session_scope() as s:  # the export is in the audit log
        assert s.scalar(select(func.count()).select_from(m.AuditLog)
                        .where(m.AuditLog.action == "ekspor")) == 1

    with db.session_scope() as s:
        importing.import_file(s, "pegawai", sheet(tmp_path / "q.xlsx",
                                                  [["NIP", "NAMA"], [NIP_SITI, "Siti"]]))
    assert employees(window.ctx.db) == 2
    restoring = actions.restore(saved, confirm=False)
    assert restoring is not None
    with qtbot.waitSignal(restoring.done, timeout=60_000):
        pass
    assert employees(window.ctx.db) == 1


SIASN = ["NIP BARU", "NIP LAMA", "NAMA", "JENIS KELAMIN", "JENIS PEGAWAI NAMA",
         "KEDUDUKAN HUKUM NAMA", "GOL AKHIR NAMA", "JENIS JABATAN NAMA", "JABATAN NAMA",
         "UNOR NAMA", "SATUAN KERJA KERJA NAMA", "TINGKAT PENDIDIKAN NAMA"]


def test_preview_names_the_recognised_profile_and_a_value_is_mapped(qtbot, db, tmp_path):
    path = sheet(tmp_path / "siasn.xlsx", [
        SIASN,
        [f"'{NIP_ANDI}", "null", "Andi", "M", "PNS Daerah Kabupaten/Kota", "Aktif", "III/b",
         "Pelaksana", "Pengadministrasi Umum", "Sekretariat", "Dinas Kesehatan", "Sekolah Rakyat"],
        [f"'{NIP_SITI}", "null", "Siti", "F", "PNS Daerah Kabupaten/Kota", "Aktif", "III/a",
         "Fungsional", "Perawat Ahli Pertama", "Puskesmas Binanga", "Dinas Kesehatan",
         "S-1/Sarjana"]])
    dialog = ImportDialog(AppContext(db))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.task is None, timeout=20_000)
    assert "Bentuk file dikenali: Ekspor Data ASN SIASN." in dialog.info.text()
    assert dialog.errors.item(0).text().startswith(
        "Baris 2: Pendidikan 'Sekolah Rakyat' tidak dikenal; petakan nilai ini ke salah satu: SD")
    assert dialog.values_box.isVisible() and not dialog.import_btn.isEnabled()
    box = dialog.values_box.boxes[("education", "Sekolah Rakyat")]
    box.setCurrentIndex(box.findData("SD"))
    first = dialog.preview
    qtbot.mouseClick(dialog.values_box.apply_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview is not first and dialog.task is None, timeout=20_000)
    assert dialog.errors.count() == 0 and not dialog.values_box.isVisible()
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        qtbot.mouseClick(dialog.import_btn, Qt.MouseButton.LeftButton)
    with db.session_scope() as s:
        andi = s.scalar(select(m.Employee).where(m.Employee.nip == NIP_ANDI))
        assert (andi.education, andi.sex, andi.rank_code) == ("SD", "L", "III/b")
        assert importing.stored_value_mapping(s, "siasn_export") == {
            "education": {"SEKOLAH RAKYAT": "SD"}}


def test_rows_that_are_not_employees_are_named_and_left_out(qtbot, db, tmp_path):
    path = sheet(tmp_path / "nominatif.xlsx", [
        ["DAFTAR NOMINATIF PEGAWAI"], ["NO", "NIP", "NAMA", "JABATAN"], [1, 2, 3, 4],
        [1, NIP_ANDI, "Andi Wijaya, S.E.", "Pengadministrasi Umum"],
        [None, None, "Mamuju, 1 Desember 2026"], [None, None, "Kepala BKPP"]])
    dialog = ImportDialog(AppContext(db))
    qtbot.addWidget(dialog)
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.task is None, timeout=20_000)
    assert "Bentuk file dikenali: Daftar nominatif / lembar bebas." in dialog.info.text()
    assert "3 baris bukan data (nomor kolom, judul berulang, tanda tangan) dilewati: baris 3, 5, 6" \
        in dialog.info.text()
    assert "1 baris data, 1 baru" in dialog.summary.text()
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        qtbot.mouseClick(dialog.import_btn, Qt.MouseButton.LeftButton)
    with db.session_scope() as s:
        andi = s.scalar(select(m.Employee))
        assert (andi.name, andi.back_title) == ("Andi Wijaya", "S.E.")

"""Pengaturan page: thresholds, rules and reference tables typed in, saved, checked in the
database; an inconsistent threshold is refused with a message and nothing is written."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.settings_page import SettingsPage


@pytest.fixture
def page(qtbot, db: Database) -> SettingsPage:  # type: ignore[no-untyped-def]
    ctx = AppContext(db)
    widget = SettingsPage(ctx)
    ctx.data_changed.connect(widget.on_data_changed)
    qtbot.addWidget(widget)
    widget.resize(1180, 680)
    widget.show()
    widget.on_shown()
    return widget


def _setting(db: Database, key: str) -> object:
    with db.session_scope() as s:
        return json.loads(s.get(m.Setting, key).value)


def _type(qtbot, spin, text: str) -> None:  # type: ignore[no-untyped-def]
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, text)
    spin.interpretText()


def _edit_cell(qtbot, table, row: int, column: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select the cell, press F2, type, press Enter — the clerk's way."""
    table.setFocus()
    table.setCurrentIndex(table.model().index(row, column))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget()
    assert editor is not table
    editor.lineEdit().selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_models_pass_qt_model_checks(page: SettingsPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert page.kinds.rowCount() == 14 and page.forms.rowCount() > 20
    qtmodeltester.check(page.kinds)
    qtmodeltester.check(page.forms)


def test_changed_thresholds_and_tables_are_saved(qtbot, page: SettingsPage,  # type: ignore[no-untyped-def]
                                                 db: Database) -> None:
    _type(qtbot, page.optimal, "92")
    _type(qtbot, page.cukup, "80")
    _type(qtbot, page.min_jp, "24")
    _type(qtbot, page.validity, "2")
    page.cap.click()
    row = next(i for i, k in enumerate(page.kinds.rows()) if k.code == "pengawas")
    _edit_cell(qtbot, page.kind_table, row, 2, "3")
    _edit_cell(qtbot, page.kind_table, row, 3, "60")
    page.tables.setCurrentIndex(1)
    seminar = next(i for i, f in enumerate(page.forms.rows()) if f.code == "KL06")
    _edit_cell(qtbot, page.form_table, seminar, 3, "5")
    qtbot.mouseClick(page.save_btn, Qt.MouseButton.LeftButton)

    assert page.message.text() == "Pengaturan tersimpan."
    thresholds = _setting(db, "jpm_thresholds")
    assert (thresholds["optimal"], thresholds["cukup_optimal"]) == (92, 80)
    assert _setting(db, "yearly_minimum_jp") == 24
    assert _setting(db, "assessment_validity_years") == 2
    assert _setting(db, "jpm_cap_at_100") is False  # on by default; the clerk turned it off
    with db.session_scope() as s:
        kind = s.get(m.PositionKind, "pengawas")
        assert (kind.default_level, kind.retirement_age) == (3, 60)
        assert s.get(m.DevelopmentForm, "KL06").jp_per_unit == 5.0


def test_inconsistent_threshold_is_refused(qtbot, page: SettingsPage,  # type: ignore[no-untyped-def]
                                           db: Database) -> None:
    before = _setting(db, "jpm_thresholds")
    _type(qtbot, page.cukup, "95")  # above Optimal (90)
    _type(qtbot, page.min_jp, "30")
    qtbot.mouseClick(page.save_btn, Qt.MouseButton.LeftButton)
    assert "Belum dapat disimpan" in page.message.text()
    assert "Cukup Optimal" in page.message.text()
    assert _setting(db, "jpm_thresholds") == before
    assert _setting(db, "yearly_minimum_jp") == 20

    _type(qtbot, page.cukup, "78")
    _type(qtbot, page.pot_low, "85")  # above the 'tinggi' cut-off (80)
    qtbot.mouseClick(page.save_btn, Qt.MouseButton.LeftButton)
    assert "Batas potensial" in page.message.text()
    assert _setting(db, "potensial_cutoffs") == {"low": 60, "high": 80}


def test_empty_agency_name_is_refused(qtbot, page: SettingsPage, db: Database) -> None:  # type: ignore[no-untyped-def]
    page.office.agency.selectAll()
    qtbot.keyClick(page.office.agency, Qt.Key.Key_Delete)
    qtbot.mouseClick(page.save_btn, Qt.MouseButton.LeftButton)
    assert "kop surat wajib diisi" in page.message.text()
    assert _setting(db, "letterhead")["agency"] == "BKPP KABUPATEN MAMUJU"


def test_jam_rows_cannot_take_a_jp_per_unit(page: SettingsPage) -> None:
    jam = next(i for i, f in enumerate(page.forms.rows()) if f.jp_unit == "jam")
    index = page.forms.index(jam, 3)
    assert not page.forms.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not page.forms.setData(index, 3.0)
    hari = next(i for i, f in enumerate(page.forms.rows()) if f.jp_unit == "hari")
    assert page.forms.flags(page.forms.index(hari, 3)) & Qt.ItemFlag.ItemIsEditable


def test_family_bup_is_edited_and_saved(qtbot, page: SettingsPage, db: Database) -> None:  # type: ignore[no-untyped-def]
    qtmodel = page.families
    codes = [qtmodel.row_at(i).code for i in range(qtmodel.rowCount())]
    assert {"guru", "dosen", "dokter"} <= set(codes)
    row = codes.index("dokter")
    assert qtmodel.index(row, 2).data() == "ikut PP 11/2017"
    page.tables.setCurrentWidget(page.family_table)
    _edit_cell(qtbot, page.family_table, row, 2, "60")
    qtbot.mouseClick(page.save_btn, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Pengaturan tersimpan."
    with db.session_scope() as s:
        assert s.get(m.RetirementFamily, "dokter").retirement_age == 60
        assert s.get(m.RetirementFamily, "guru").retirement_age == 60


def test_defaults_left_to_the_office_are_named_with_their_source(page: SettingsPage) -> None:
    text = page.notes.text()
    assert "pilihan kantor" in text
    for setting in ("Level standar bawaan per jenis/jenjang jabatan", "JPM dibatasi 100 %",
                    "Konversi JP nonklasikal"):
        assert setting in text
    assert "Surat Sestama B-031/BPS/2600/02/2019" in text and "PP 11/2017 Pasal 239" in text


def test_logo_is_kept_in_the_database_shown_replaced_and_removed(  # type: ignore[no-untyped-def]
        qtbot, page: SettingsPage, db: Database, tmp_path) -> None:
    import io
    import os

    from PIL import Image
    from PySide6.QtWidgets import QPushButton

    def picture(name: str, colour: tuple[int, int, int]) -> tuple[str, bytes]:
        buf = io.BytesIO()
        Image.new("RGB", (90, 120), colour).save(buf, "PNG")
        path = tmp_path / name
        path.write_bytes(buf.getvalue())
        return str(path), buf.getvalue()

    office = page.office
    office.government.setText("PEMERINTAH KABUPATEN MAMUJU")
    office.agency.setText("BADAN KEPEGAWAIAN DAN PENGEMBANGAN SDM")
    first, first_bytes = picture("logo.png", (200, 30, 40))
    assert office.choose_logo_file(first)
    os.remove(first)  # the file on the USB stick is gone before saving: nothing is lost
    page.save()
    assert page.message.text() == "Pengaturan tersimpan."
    stored = _setting(db, "letterhead_logo")
    assert stored["format"] == "PNG"  # type: ignore[index]
    page.on_shown()
    assert not office.logo_preview.pixmap().isNull()
    if os.environ.get("KARIER_SHOTS"):
        page.grab().save(os.path.join(os.environ["KARIER_SHOTS"], "settings_logo.png"))

    bad = tmp_path / "bukan.png"
    bad.write_bytes(b"ini teks, bukan gambar")
    assert not office.choose_logo_file(str(bad))
    assert "bukan gambar PNG atau JPEG" in office.logo_preview.text()

    second, second_bytes = picture("logo2.png", (20, 90, 200))
    assert office.choose_logo_file(second)
    page.save()
    with db.session_scope() as s:
        from karier_desktop.services import settings as settings_service

        assert settings_service.load(s).letterhead.logo == second_bytes != first_bytes

    remove = next(b for b in office.findChildren(QPushButton) if b.text() == "Hapus logo")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert office.logo_preview.text() == "(tanpa logo)"
    page.save()
    assert _setting(db, "letterhead_logo")["base64"] == ""  # type: ignore[index]

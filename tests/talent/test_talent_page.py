"""Talenta page: grid counts, a weight change moving an employee, the candidate list, the card,
compare, the committee sheet, the retirement view, and screenshots at 1366x768."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from karier_desktop.services import talent
from karier_desktop.store import models as m
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.talent.page import TalentPage

from .conftest import TODAY, World

SHOTS = Path(os.environ.get("KARIER_SHOTS", "")) if os.environ.get("KARIER_SHOTS") else None


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes and the system viewer answer at once; what they said is kept."""
    said: list[str] = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(
            lambda _p, _t, text, *a, **k: said.append(text) or QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: True))
    return said


@pytest.fixture
def page(qtbot, world: World, quiet) -> TalentPage:  # type: ignore[no-untyped-def]
    with world.db.session_scope() as s:
        talent.mark_critical(s, world.target, "Satu-satunya kepala bidang pelayanan",
                             today=TODAY)
    widget = TalentPage(AppContext(world.db), today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.reload()
    return widget


def _box_counts(page: TalentPage) -> dict[int, str]:
    return {n: b.text().split("\n")[1] for n, b in page.map_tab.buttons.items()}


def test_grid_shows_counts_and_drills_down(qtbot, page: TalentPage, world: World,  # type: ignore[no-untyped-def]
                                           qtmodeltester) -> None:
    counts = _box_counts(page)
    assert counts[9] == "5 pegawai" and counts[8] == "1 pegawai" and counts[5] == "1 pegawai"
    assert counts[1] == "0 pegawai"
    assert "7 pegawai dipetakan, 1 belum" in page.status.text()
    qtbot.mouseClick(page.map_tab.buttons[9], Qt.MouseButton.LeftButton)
    names = [r.name for r in page.map_tab.model.rows()]
    assert names == ["Ani", "Citra", "Dedi", "Eka", "Hasan"]
    qtmodeltester.check(page.map_tab.model)
    page.map_tab.opd.setCurrentIndex(page.map_tab.opd.findData(world.dinkes))
    assert _box_counts(page)[9] == "2 pegawai"
    assert [r.name for r in page.map_tab.model.rows()] == ["Ani", "Hasan"]
    page.map_tab.kind.setCurrentIndex(page.map_tab.kind.findData("pengawas"))
    assert [r.name for r in page.map_tab.model.rows()] == ["Ani"]


def test_weight_change_moves_an_employee(qtbot, page: TalentPage, world: World) -> None:  # type: ignore[no-untyped-def]
    tab = page.map_tab
    tab.select_box(5)
    assert [r.name for r in tab.model.rows()] == ["Fajar"]
    spin = tab.weights[("x", "kualifikasi")]
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "0")
    qtbot.mouseClick(tab.apply_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _box_counts(page)[5] == "0 pegawai")
    assert _box_counts(page)[8] == "2 pegawai"
    tab.select_box(8)
    assert sorted(r.name for r in tab.model.rows()) == ["Budi", "Fajar"]
    with world.db.session_scope() as s:  # saved for the period
        assert talent.load_formula(s, 2026).x.weight("kualifikasi") == 0


def test_candidate_list_compare_and_committee_sheet(qtbot, page: TalentPage, world: World,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    page.tabs.setCurrentIndex(1)
    tab = page.succession_tab
    qtbot.waitUntil(lambda: tab.cands.rowCount() == 2)
    rows = tab.cands.rows()
    assert [(c.name, c.box, c.jpm, c.readiness) for c in rows] == [
        ("Ani", 9, 100.0, talent.READY_NOW), ("Budi", 8, 80.0, talent.READY_SOON)]
    assert "Kepala Bidang Pelayanan" in tab.title.text()
    bench = tab.bench.rows()[0]
    assert (bench.opd, bench.critical, bench.with_ready_now) == ("Dinas Kesehatan", 1, 1)
    tab.cand_table.selectAll()
    dialog = tab.compare()
    assert dialog is not None
    header = [dialog.model.headerData(i, Qt.Orientation.Horizontal) for i in range(3)]
    assert header == ["Aspek", "Ani", "Budi"]
    dialog.close()
    path = tab.print_sheet(tmp_path / "komite.pdf")
    assert path is not None
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "KOMITE TALENTA" in text and "Budi" in text


def test_career_idp_from_the_board(qtbot, page: TalentPage, world: World, quiet) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentIndex(1)
    tab = page.succession_tab
    qtbot.waitUntil(lambda: tab.cands.rowCount() == 2)
    tab.cand_table.selectRow(1)  # Budi
    qtbot.mouseClick(tab.idp_btn, Qt.MouseButton.LeftButton)
    assert "2 kegiatan pengembangan karier" in quiet[-1]
    with world.db.session_scope() as s:
        n = s.scalar(select(m.PlanItem.id).join(m.DevelopmentPlan).where(
            m.DevelopmentPlan.employee_id == world.ids["Budi"],
            m.PlanItem.source == talent.CAREER_SOURCE).limit(1))
    assert n is not None


def test_talent_card_override_moves_the_box(qtbot, page: TalentPage, world: World) -> None:  # type: ignore[no-untyped-def]
    from karier_desktop.ui.pages.talent.card_dialog import TalentCardDialog

    dialog = TalentCardDialog(page, world.ids["Budi"])
    qtbot.addWidget(dialog)
    assert "Kotak 8" in dialog.box_label.text()
    dialog.over_box.setValue(7)
    qtbot.keyClicks(dialog.over_reason, "Hasil rapat komite talenta")
    qtbot.keyClicks(dialog.over_by, "Sekretaris Daerah")
    assert dialog.save_override()
    assert "Kotak 7" in dialog.box_label.text() and "Sekretaris Daerah" in dialog.box_label.text()
    dialog.done(0)
    qtbot.waitUntil(lambda: _box_counts(page)[7] == "1 pegawai")


def test_retirement_view(qtbot, page: TalentPage) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentIndex(2)
    tab = page.retirement_tab
    tab.start.setValue(2027)
    tab.end.setValue(2027)
    assert [r.name for r in tab.model.rows()] == ["Hasan", "Dedi"]
    assert "1 di antaranya meninggalkan jabatan kritis" in tab.summary.text()


def test_screenshots_1366x768(qtbot, world: World, quiet, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The grid and the succession board fit a 1366x768 window (KARIER_SHOTS=folder keeps
    the pictures for a person to look at)."""
    from PySide6.QtGui import QImage

    from karier_desktop.ui.main_window import MainWindow

    with world.db.session_scope() as s:
        talent.mark_critical(s, world.target, "Satu-satunya kepala bidang pelayanan",
                             today=TODAY)
    folder = SHOTS or tmp_path
    window = MainWindow(world.db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.show_page("talenta")
    page.map_tab.select_box(9)
    window.grab().save(str(folder / "talenta_grid.png"))
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.succession_tab.cands.rowCount() == 2)
    window.grab().save(str(folder / "talenta_suksesi.png"))
    for name in ("talenta_grid.png", "talenta_suksesi.png"):
        image = QImage(str(folder / name))
        assert (image.width(), image.height()) == (1366, 768)
    assert window.width() == 1366 and window.height() == 768  # nothing forced it larger


def test_beranda_shows_who_retires_and_opens_the_forecast(qtbot, world: World) -> None:  # type: ignore[no-untyped-def]
    from karier_desktop.ui.pages.talent.home_view import RetirementStrip

    with world.db.session_scope() as s:
        talent.mark_critical(s, world.target, "Satu-satunya kepala bidang pelayanan",
                             today=TODAY)
    went: list[tuple[str, str | None]] = []
    strip = RetirementStrip(AppContext(world.db), lambda page, what: went.append((page, what)),
                            today=TODAY)
    qtbot.addWidget(strip)
    strip.refresh()
    text = strip.label.text()
    assert "<b>2</b> pegawai mencapai batas usia pensiun dalam 5 tahun" in text
    assert "2027: 2" in text and "<b>1</b> meninggalkan jabatan kritis" in text
    qtbot.mouseClick(strip.button, Qt.MouseButton.LeftButton)
    assert went == [("talenta", "pensiun")]


def test_import_from_the_page_places_new_people(qtbot, page: TalentPage, world: World,  # type: ignore[no-untyped-def]
                                                tmp_path: Path, quiet) -> None:
    import openpyxl

    from karier_desktop.ui.pages.talent.import_dialog import run_import

    with world.db.session_scope() as s:
        gita = s.get(m.Employee, world.ids["Gita"]).nip  # type: ignore[union-attr]
    for kind, rows in (("kinerja", [["NIP", "TAHUN", "PREDIKAT"], [gita, 2026, "BAIK"]]),
                       ("potensi", [["NIP", "TANGGAL", "TOTAL"], [gita, "01-06-2026", 75]])):
        wb = openpyxl.Workbook()
        for row in rows:
            wb.active.append(row)
        path = tmp_path / f"{kind}.xlsx"
        wb.save(path)
        assert run_import(page.ctx, page, kind, path)
        assert "Impor selesai: 1 baru" in quiet[-1]
        page.changed()
    assert "8 pegawai dipetakan, 0 belum" in page.status.text()
    page.map_tab.select_box(5)
    assert "Gita" in [r.name for r in page.map_tab.model.rows()]  # (40*75 + 20*80)/60 = 76.67


def test_rules_dialog_changes_the_candidates(qtbot, page: TalentPage, world: World) -> None:  # type: ignore[no-untyped-def]
    from karier_desktop.ui.pages.talent.rules_dialog import RulesDialog

    page.tabs.setCurrentIndex(1)
    tab = page.succession_tab
    qtbot.waitUntil(lambda: tab.cands.rowCount() == 2)
    dialog = RulesDialog(page.ctx, page)
    qtbot.addWidget(dialog)
    dialog.ranks["administrator"].setCurrentIndex(0)  # (bebas): Citra's III/c now passes
    dialog.months.setValue(3)  # Dedi retires in four months: passes too
    assert dialog.try_save()
    page.changed()
    qtbot.waitUntil(lambda: tab.cands.rowCount() == 4)
    assert sorted(c.name for c in tab.cands.rows()) == ["Ani", "Budi", "Citra", "Dedi"]
    with world.db.session_scope() as s:
        assert talent.load_rules(s).min_rank["administrator"] is None


def test_box_actions_flow_into_the_idps(qtbot, page: TalentPage, world: World, quiet) -> None:  # type: ignore[no-untyped-def]
    page.map_tab.select_box(9)
    assert page.map_tab.actions_to_idp()
    qtbot.waitUntil(lambda: any("kegiatan ditambahkan" in t for t in quiet), timeout=20_000)
    assert "5 kegiatan ditambahkan ke 5 IDP 2027" in quiet[-1]
    with world.db.session_scope() as s:
        owners = set(s.scalars(select(m.DevelopmentPlan.employee_id).join(m.PlanItem).where(
            m.PlanItem.source == talent.CAREER_SOURCE, m.DevelopmentPlan.year == 2027)))
    assert owners == {world.ids[n] for n in ("Ani", "Citra", "Dedi", "Eka", "Hasan")}


def test_sample_files_for_training_import_cleanly(qtbot, page: TalentPage, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  quiet) -> None:
    from karier_desktop.ui.pages.talent.import_dialog import run_import, write_samples

    paths = write_samples(page.ctx, page, tmp_path)
    assert paths is not None
    for path in paths:  # one row per active employee, all valid
        assert run_import(page.ctx, page, "kinerja" if "skp" in path.name else "potensi", path)
        assert quiet[-1].startswith("Impor selesai") and "salah" not in quiet[-1]
    page.changed()
    assert "8 pegawai dipetakan, 0 belum" in page.status.text()


def test_keyboard_opens_a_box_and_export_for_siasn(qtbot, page: TalentPage, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   quiet) -> None:
    import openpyxl

    button = page.map_tab.buttons[8]
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert [r.name for r in page.map_tab.model.rows()] == ["Budi"]
    path = page.map_tab.export_siasn(tmp_path / "talenta.xlsx")
    assert path is not None and "7 penempatan" in quiet[-1]
    header = next(openpyxl.load_workbook(path).active.values)
    assert header[0] == "NIP" and header[4:] == ("box", "sumbu_x", "sumbu_y", "total")


def test_office_sets_the_action_of_a_box(qtbot, page: TalentPage, world: World) -> None:  # type: ignore[no-untyped-def]
    from karier_desktop.ui.pages.talent.actions_dialog import BoxActionsDialog

    dialog = BoxActionsDialog(page.ctx, page)
    qtbot.addWidget(dialog)
    edit, combo, spin = dialog.rows[3]
    edit.setText("")
    assert not dialog.try_save()  # an empty activity is refused
    assert "Belum dapat disimpan" in dialog.errors.text()
    edit.setText("Coaching kinerja mingguan oleh kepala bidang")
    spin.setValue(8)
    assert dialog.try_save()
    with world.db.session_scope() as s:
        assert talent.box_actions(s)[3] == (("Coaching kinerja mingguan oleh kepala bidang",
                                            "NKL01", 8.0),)


def test_a_talent_change_keeps_the_shared_start_view(qtbot, page: TalentPage) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    page.ctx.data_changed.connect(seen.append)
    page.ctx.start_view()  # what the employee table and Beranda share
    assert page.map_tab.apply_formula()
    assert seen == ["talent"] and page.ctx.has_start_view()  # not recomputed for a weight

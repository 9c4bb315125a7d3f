"""IDP page: draft, edit, approve, print; and the unit batch (worker function and Qt flow)."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from karier_desktop.services import files, idp
from karier_desktop.services import idp as idp_batch
from karier_desktop.services.gaps import employee_gap
from karier_desktop.services.recommend import item_choices
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.worker import Cancelled
from karier_desktop.ui.pages.idp.item_dialog import IdpItemDialog
from karier_desktop.ui.pages.idp.page import IdpPage

TODAY = dt.date(2026, 11, 29)
LEFT = Qt.MouseButton.LeftButton
YEAR = 2027


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Message boxes answer Yes and record their text; the system viewer is not started."""
    seen: dict[str, list[str]] = {"question": [], "information": [], "warning": [], "open": []}

    def record(kind: str, answer: object = None):  # type: ignore[no-untyped-def]
        def fn(_parent, _title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            seen[kind].append(text)
            return answer
        return staticmethod(fn)

    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information", record("information"))
    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: seen["open"].append(url.toLocalFile()) or True))
    return seen


@pytest.fixture
def page(qtbot, demo_db: Database) -> IdpPage:  # type: ignore[no-untyped-def]
    widget = IdpPage(AppContext(demo_db))
    widget.today = TODAY
    qtbot.addWidget(widget)
    widget.resize(1176, 700)
    widget.show()
    widget.reload()
    return widget


def _with_gaps(db: Database) -> int:
    with db.session_scope() as s:
        return next(e for e in range(1, 401) if len(employee_gap(s, e, TODAY).gaps) >= 2)


def _unit(db: Database, code: str) -> int:
    with db.session_scope() as s:
        return s.scalar(select(m.Unit.id).where(m.Unit.code == code))


def _active_in(db: Database, unit_id: int) -> int:
    """Active employees of a unit and its subunits (what a batch for the unit prints)."""
    with db.session_scope() as s:
        units = {unit_id} | set(s.scalars(select(m.Unit.id).where(m.Unit.parent_id == unit_id)))
        return len(s.scalars(select(m.Employee.id).where(m.Employee.unit_id.in_(units),
                                                         m.Employee.status == "aktif")).all())


def test_draft_edit_approve_then_edits_refused(qtbot, page: IdpPage, demo_db: Database,  # type: ignore[no-untyped-def]
                                               boxes, qtmodeltester) -> None:
    eid = _with_gaps(demo_db)
    page.select_employee(eid, YEAR)
    assert "Belum ada IDP tahun 2027" in page.status.text()
    qtbot.mouseClick(page.draft_btn, LEFT)
    assert page.plan is not None and page.plan.status == "draf"
    assert page.item_model.rowCount() == len(page.plan.items) > 0
    assert "Total" in page.totals.text() and "minimal 20 JP" in page.totals.text()
    qtmodeltester.check(page.item_model)

    # edit the first item in its dialog: JP 12, cost Rp 750.000, month Agustus
    item = page.plan.items[0]
    dialog = IdpItemDialog(page.ctx, page.plan.id, page.ctx.call(item_choices, eid, TODAY), item,
                           page)
    qtbot.addWidget(dialog)
    dialog.jp.setValue(12)
    dialog.cost.setValue(750_000)
    dialog.month.setCurrentIndex(7)
    dialog.activity.clear()
    dialog.try_save()
    assert "Nama kegiatan wajib diisi" in dialog.errors.text()  # nothing saved yet
    qtbot.keyClicks(dialog.activity, "Coaching kinerja oleh kepala bidang")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    with demo_db.session_scope() as s:
        row = s.get(m.PlanItem, item.id)
        assert (row.jp, row.cost, row.month, row.activity) == (
            12, 750_000, 8, "Coaching kinerja oleh kepala bidang")

    page.load_plan()
    page.items.selectRow(1)
    qtbot.mouseClick(page.up_btn, LEFT)
    assert page.plan.items[0].id != item.id
    qtbot.mouseClick(page.approve_btn, LEFT)
    assert boxes["question"] and "Setujui IDP 2027" in boxes["question"][-1]
    assert page.plan.status == "disetujui" and "Disetujui" in page.status.text()
    assert not page.add_btn.isEnabled() and not page.edit_btn.isEnabled()
    assert page.version_btn.isEnabled()
    page.items.selectRow(0)
    page.edit_item()
    assert "IDP sudah disetujui; buat versi baru untuk mengubahnya" in boxes["information"][-1]
    page.move(+1)  # the service refuses too
    assert "IDP sudah disetujui" in boxes["warning"][-1]
    qtbot.mouseClick(page.version_btn, LEFT)
    assert page.plan.version == 2 and page.plan.status == "draf"


def test_print_to_file_and_locked_target(page: IdpPage, demo_db: Database, boxes,  # type: ignore[no-untyped-def]
                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    eid = _with_gaps(demo_db)
    with demo_db.session_scope() as s:
        idp.draft_plan(s, eid, YEAR, TODAY)
        name = employee_gap(s, eid, TODAY).name
    page.select_employee(eid, YEAR)
    target = tmp_path / "IDP pegawai.pdf"
    assert page.print_pdf(target) == target
    assert boxes["open"] == [str(target)]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert name in text
    # the viewer still holds the file: Windows refuses to replace it
    real = os.replace

    def locked(src, dst):  # type: ignore[no-untyped-def]
        if Path(dst) == target:
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", locked)
    other = page.print_pdf(target)
    assert other == tmp_path / "IDP pegawai (2).pdf" and other.exists()
    assert "disimpan sebagai IDP pegawai (2).pdf" in boxes["information"][-1]
    assert boxes["open"][-1] == str(other)


class FakeProgress:
    """Records progress; raises Cancelled on the n-th call, or on the first message containing
    `cancel_on` (like the Qt worker once the user pressed Batal)."""

    def __init__(self, cancel_at: int | None = None, cancel_on: str | None = None) -> None:
        self.calls: list[tuple[str, float]] = []
        self.cancel_at = cancel_at
        self.cancel_on = cancel_on

    def __call__(self, message: str, fraction: float) -> None:
        self.calls.append((message, fraction))
        if self.cancel_at is not None and len(self.calls) >= self.cancel_at:
            raise Cancelled()
        if self.cancel_on is not None and self.cancel_on in message:
            raise Cancelled()


def test_batch_unit_to_folder_and_combined(demo_db: Database, tmp_path: Path) -> None:
    unit = _unit(demo_db, "SETDA")
    progress = FakeProgress()
    result = idp_batch.run_batch(idp_batch.BatchParams(
        db=demo_db, year=YEAR, unit_id=unit, out_dir=tmp_path / "idp",
        combined_path=tmp_path / "semua.pdf", today=TODAY), progress)
    with demo_db.session_scope() as s:
        members = idp_batch.employees_of_unit(s, unit)
        plans = s.scalar(select(func.count()).select_from(m.DevelopmentPlan))
    assert result.documents == len(members) == len(result.files) == result.drafted == plans
    assert sorted(p.name for p in (tmp_path / "idp").iterdir()) == sorted(
        p.name for p in result.files)
    fractions = [f for _m, f in progress.calls]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    combined = PdfReader(io.BytesIO((tmp_path / "semua.pdf").read_bytes()))
    assert "Halaman 1 dari" in combined.pages[0].extract_text()
    for pdf in result.files:
        assert "RENCANA PENGEMBANGAN INDIVIDU" in PdfReader(str(pdf)).pages[0].extract_text()


def test_batch_cancel_leaves_no_partial_files(demo_db: Database, tmp_path: Path) -> None:
    unit = _unit(demo_db, "SETDA")  # about ten employees: rendered by the two worker processes
    out = tmp_path / "out"
    folder = out / "idp"
    progress = FakeProgress(cancel_at=5)  # after two files are saved
    with pytest.raises(Cancelled):
        idp_batch.run_batch(idp_batch.BatchParams(
            db=demo_db, year=YEAR, unit_id=unit, out_dir=folder,
            combined_path=out / "semua.pdf", today=TODAY), progress)
    left = sorted(folder.iterdir())
    assert [p.suffix for p in left] == [".pdf"] * len(left)  # no temporary leftovers
    assert 1 <= len(left) < _active_in(demo_db, unit)
    for pdf in left:  # what was finished is a whole, readable PDF
        assert "RENCANA PENGEMBANGAN INDIVIDU" in PdfReader(str(pdf)).pages[0].extract_text()
    assert not (out / "semua.pdf").exists()
    with pytest.raises(Cancelled):  # cancelled once the combined file is being built
        idp_batch.run_batch(idp_batch.BatchParams(
            db=demo_db, year=YEAR, unit_id=unit, combined_path=out / "semua.pdf",
            today=TODAY), FakeProgress(cancel_on="dokumen gabungan"))
    assert sorted(p.name for p in out.iterdir()) == ["idp"]


def test_a_cancel_after_the_last_file_is_written_keeps_the_finished_batch(
        demo_db: Database, tmp_path: Path) -> None:
    unit = _unit(demo_db, "SETDA")
    combined = tmp_path / "semua.pdf"
    result = idp_batch.run_batch(idp_batch.BatchParams(
        db=demo_db, year=YEAR, unit_id=unit, combined_path=combined, today=TODAY),
        FakeProgress(cancel_on="Selesai"))
    assert result.combined == combined and result.documents == _active_in(demo_db, unit) > 1
    assert "Halaman 1 dari" in PdfReader(str(combined)).pages[0].extract_text()


def test_batch_saves_under_another_name_when_a_file_is_open(
        demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unit = _unit(demo_db, "BKPP")
    folder = tmp_path / "idp"
    first = idp_batch.run_batch(idp_batch.BatchParams(db=demo_db, year=YEAR, unit_id=unit,
                                                out_dir=folder, today=TODAY))
    held = first.files[0]
    real = os.replace

    def locked(src, dst):  # type: ignore[no-untyped-def]
        if Path(dst) == held:
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", locked)
    again = idp_batch.run_batch(idp_batch.BatchParams(db=demo_db, year=YEAR, unit_id=unit,
                                                out_dir=folder, today=TODAY))
    moved = held.with_name(f"{held.stem} (2).pdf")
    assert again.renamed == ((held, moved),) and moved.exists()
    assert again.drafted == 0  # the plans drafted by the first run are reused
    assert f"{held.name} sedang dibuka program lain; disimpan sebagai {moved.name}." \
        in again.messages


def test_batch_from_the_page_runs_in_the_background(qtbot, page: IdpPage, boxes,  # type: ignore[no-untyped-def]
                                                    demo_db: Database, tmp_path: Path) -> None:
    params = idp_batch.BatchParams(db=demo_db, year=YEAR, unit_id=_unit(demo_db, "BKPP"),
                                   out_dir=tmp_path / "idp", today=TODAY)
    task = page.start_batch(params)
    qtbot.waitUntil(lambda: not task.running, timeout=60_000)
    expected = _active_in(demo_db, params.unit_id)
    assert page.last_result is not None and page.last_result.documents == expected > 1
    assert f"{expected} IDP dicetak." in boxes["information"][-1]
    assert boxes["open"][-1] == str(tmp_path / "idp")

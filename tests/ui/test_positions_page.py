"""Jabatan & Standar page: clicking and typing through standards, copies, positions and units,
then checking the database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from sqlalchemy import select

from karier_desktop.services import positions as svc
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.positions.dialogs import (
    CopyStandardDialog,
    PositionDialog,
    ordered_units,
)
from karier_desktop.ui.pages.positions.page import PositionsPage


@pytest.fixture
def page(qtbot, demo_db: Database) -> PositionsPage:  # type: ignore[no-untyped-def]
    ctx = AppContext(demo_db)
    widget = PositionsPage(ctx)
    ctx.data_changed.connect(widget.on_data_changed)  # what the main window does
    qtbot.addWidget(widget)
    widget.resize(1180, 680)
    widget.show()
    widget.on_shown()
    return widget


def _standard(db: Database, position_id: int) -> dict[int, int]:
    ps = m.PositionStandard
    with db.session_scope() as s:
        return dict(s.execute(select(ps.competency_id, ps.required_level)
                              .where(ps.position_id == position_id)).all())


def _codes(db: Database) -> dict[str, int]:
    with db.session_scope() as s:
        return dict(s.execute(select(m.Competency.code, m.Competency.id)).all())


def _select(qtbot, page: PositionsPage, position_id: int) -> None:  # type: ignore[no-untyped-def]
    assert page.select_id(position_id)
    qtbot.waitUntil(lambda: page.current is not None and page.current.id == position_id)


class _Modal:
    """Runs a handler on the next modal window (dialogs block in exec); a failing handler
    closes the window so the test fails instead of hanging."""

    def __init__(self) -> None:
        self.error: BaseException | None = None

    def __call__(self, handler: Callable[[QWidget], None]) -> None:
        def attempt() -> None:
            widget = QApplication.activeModalWidget()
            if widget is None:
                QTimer.singleShot(10, attempt)
                return
            try:
                handler(widget)
            except BaseException as exc:  # noqa: BLE001 - re-raised by check()
                self.error = exc
                widget.close()
        QTimer.singleShot(0, attempt)

    def check(self) -> None:
        if self.error is not None:
            raise self.error


@pytest.fixture
def when_modal():  # type: ignore[no-untyped-def]
    modal = _Modal()
    yield modal
    modal.check()


def _capture(monkeypatch: pytest.MonkeyPatch, answer=QMessageBox.StandardButton.Yes
             ) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answer)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _p, _t, text, *a: shown.append(text))
    return shown


def test_model_passes_qt_model_checks(page: PositionsPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)


def test_unit_tree_and_search_filter_the_positions(qtbot, page: PositionsPage) -> None:  # type: ignore[no-untyped-def]
    total = page.model.rowCount()
    opd_item = page.tree.topLevelItem(0).child(0)
    page.tree.setCurrentItem(opd_item)
    in_opd = page.model.rowCount()
    assert 0 < in_opd < total
    word = page.model.rows()[0].name.split()[0]
    qtbot.keyClicks(page.search, word.lower())
    assert page.model.rows() and all(word.lower() in r.name.lower() for r in page.model.rows())
    assert page.count.text().endswith(f"dari {total:,} jabatan".replace(",", "."))


def test_set_level_shows_description_and_saves(qtbot, page: PositionsPage,  # type: ignore[no-untyped-def]
                                               demo_db: Database) -> None:
    row = page.model.rows()[0]
    _select(qtbot, page, row.id)
    m01 = _codes(demo_db)["M.1"]
    spin = page.editor.spins[m01]
    before = spin.value()
    target = 5 if before < 5 else 4
    spin.setFocus()
    for _ in range(abs(target - before)):
        qtbot.keyClick(spin, Qt.Key.Key_Up if target > before else Qt.Key.Key_Down)
    assert spin.value() == target
    line = page.editor.lines[m01]
    assert page.editor.descriptions[m01].text() == f"Level {target}: {line.descriptions[target - 1]}"
    assert page.unsaved.isVisibleTo(page) and page.save_btn.isEnabled()
    page.activateWindow()
    qtbot.waitActive(page)
    qtbot.keyClick(spin, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert _standard(demo_db, row.id)[m01] == target
    assert not page.unsaved.isVisibleTo(page)
    assert page.status.text() == "Standar tersimpan."


def test_defaults_by_kind_then_save(qtbot, page: PositionsPage, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    row = next(r for r in page.model.rows() if r.kind_code == "administrator")
    codes = _codes(demo_db)
    old = _standard(demo_db, row.id)
    technical = {cid: lvl for cid, lvl in old.items()
                 if cid not in [codes[c] for c in codes if not c.startswith("T.")]}
    with demo_db.session_scope() as s:  # someone edited the standard by hand earlier
        svc.set_standard(s, row.id, old | {codes["M.1"]: 1, codes["SK.1"]: 5})
    page.on_data_changed("standards")
    _select(qtbot, page, row.id)
    qtbot.mouseClick(page.defaults_btn, Qt.MouseButton.LeftButton)
    assert page.editor.spins[codes["M.1"]].value() == 3
    assert page.unsaved.isVisibleTo(page)
    qtbot.mouseClick(page.save_btn, Qt.MouseButton.LeftButton)
    core = {codes[c]: 3 for c in codes if c.startswith(("M.", "SK."))}
    assert _standard(demo_db, row.id) == core | technical


def test_add_technical_competency_to_the_standard(when_modal, qtbot, page: PositionsPage,  # type: ignore[no-untyped-def]
                                                  demo_db: Database) -> None:
    row = page.model.rows()[3]
    _select(qtbot, page, row.id)
    codes = _codes(demo_db)
    missing = next(c for c in sorted(codes) if c.startswith("T.")
                   and codes[c] not in page.editor.lines)

    def pick(dialog: QWidget) -> None:
        qtbot.keyClicks(dialog.search, missing)
        dialog.level.setValue(4)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    when_modal(pick)
    qtbot.mouseClick(page.technical_btn, Qt.MouseButton.LeftButton)
    when_modal.check()
    assert page.editor.spins[codes[missing]].value() == 4
    qtbot.mouseClick(page.save_btn, Qt.MouseButton.LeftButton)
    assert _standard(demo_db, row.id)[codes[missing]] == 4


def test_copy_standard_to_two_positions(when_modal, qtbot, page: PositionsPage, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    names = [r.name for r in page.all_rows]
    source = next(r for r in page.model.rows() if names.count(r.name) > 1)
    source_levels = _standard(demo_db, source.id)
    others = [r for r in page.all_rows if r.name != source.name
              and _standard(demo_db, r.id) != source_levels][:2]
    _select(qtbot, page, source.id)

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, CopyStandardDialog)
        preselected = set(dialog.selected_ids())
        assert preselected and all(r.name == source.name for r in page.all_rows
                                   if r.id in preselected)
        qtbot.mouseClick(dialog.none_btn, Qt.MouseButton.LeftButton)
        assert dialog.selected_ids() == []  # "Kosongkan yang tampil" with no filter: all off
        for target in others:
            dialog.choices.search.clear()
            qtbot.keyClicks(dialog.choices.search, f"{target.name} {target.unit}")
            item = next(i for i in dialog.choices.items() if not i.isHidden()
                        and i.data(Qt.ItemDataRole.UserRole) == target.id)
            item.setCheckState(Qt.CheckState.Checked)
        assert dialog.count.text() == "2 jabatan dicentang"
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    when_modal(choose)
    qtbot.mouseClick(page.copy_btn, Qt.MouseButton.LeftButton)
    when_modal.check()
    for target in others:
        assert _standard(demo_db, target.id) == source_levels
    assert page.status.text() == "Standar disalin ke 2 jabatan."


def test_unsaved_changes_are_asked_about(when_modal, qtbot, page: PositionsPage, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    first, second = page.model.rows()[0], page.model.rows()[1]
    _select(qtbot, page, first.id)
    saved = _standard(demo_db, first.id)
    cid = next(iter(page.editor.spins))
    page.editor.spins[cid].setValue(5 if saved[cid] != 5 else 1)

    def press(label: str) -> Callable[[QWidget], None]:
        def run(box: QWidget) -> None:
            assert "belum disimpan" in box.text()
            next(b for b in box.buttons() if b.text() == label).click()
        return run

    when_modal(press("&Batal"))
    page.table.selectRow(1)
    when_modal.check()
    assert page.current.id == first.id and page.has_unsaved_changes()
    assert page.selected_id() == first.id
    when_modal(press("&Buang perubahan"))
    page.table.selectRow(1)
    when_modal.check()
    assert page.current.id == second.id and not page.has_unsaved_changes()
    assert _standard(demo_db, first.id) == saved


def test_refused_position_delete_shows_message(qtbot, page: PositionsPage,  # type: ignore[no-untyped-def]
                                               demo_db: Database, monkeypatch) -> None:
    held = next(r for r in page.model.rows() if r.employees)
    before = _standard(demo_db, held.id)
    _select(qtbot, page, held.id)
    shown = _capture(monkeypatch)
    qtbot.mouseClick(page.delete_btn, Qt.MouseButton.LeftButton)
    assert len(shown) == 1 and "tidak dapat dihapus karena masih dipegang" in shown[0]
    with demo_db.session_scope() as s:
        assert s.get(m.Position, held.id) is not None
    assert _standard(demo_db, held.id) == before


def test_add_position_with_default_standard_then_delete(when_modal, qtbot, page: PositionsPage,  # type: ignore[no-untyped-def]
                                                        demo_db: Database, monkeypatch) -> None:
    unit = ordered_units(page.units)[0][0]

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, PositionDialog)
        qtbot.keyClicks(dialog.name, "Analis Data Kepegawaian Ahli Muda")
        dialog.kind.setCurrentIndex(dialog.kind.findData("fungsional_ahli_muda"))
        dialog.unit.setCurrentIndex(dialog.unit.findData(unit.id))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    when_modal(fill)
    qtbot.mouseClick(page.add_btn, Qt.MouseButton.LeftButton)
    when_modal.check()
    with demo_db.session_scope() as s:
        pos = s.scalars(select(m.Position)
                        .where(m.Position.name == "Analis Data Kepegawaian Ahli Muda")).one()
        pid, unit_id = pos.id, pos.unit_id
    assert unit_id == unit.id
    assert sorted(set(_standard(demo_db, pid).values())) == [3]
    assert page.current is not None and page.current.id == pid
    _capture(monkeypatch)
    qtbot.mouseClick(page.delete_btn, Qt.MouseButton.LeftButton)
    with demo_db.session_scope() as s:
        assert s.get(m.Position, pid) is None
    assert _standard(demo_db, pid) == {}


def test_refused_unit_delete_shows_message(page: PositionsPage, demo_db: Database,  # type: ignore[no-untyped-def]
                                           monkeypatch) -> None:
    opd_item = page.tree.topLevelItem(0).child(0)
    page.tree.setCurrentItem(opd_item)
    unit_id = opd_item.data(0, Qt.ItemDataRole.UserRole)
    shown = _capture(monkeypatch)
    page.delete_unit_btn.click()
    assert len(shown) == 1 and "tidak dapat dihapus karena masih memiliki" in shown[0]
    with demo_db.session_scope() as s:
        assert s.get(m.Unit, unit_id) is not None


def test_without_standard_filter_and_bulk_defaults(page: PositionsPage, demo_db: Database,  # type: ignore[no-untyped-def]
                                                   monkeypatch) -> None:
    rows = page.model.rows()[:2]
    with demo_db.session_scope() as s:
        for r in rows:
            svc.set_standard(s, r.id, {})
    page.on_data_changed("standards")
    page.apply_quick_filter("without_standard")
    assert {r.id for r in page.model.rows()} == {r.id for r in rows}
    assert page.bulk_defaults_btn.isVisibleTo(page)
    _capture(monkeypatch)
    page.bulk_defaults_btn.click()
    for r in rows:
        assert len(_standard(demo_db, r.id)) == 9
    assert page.model.rowCount() == 0


def test_editor_asks_to_pick_a_position_first(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from karier_desktop.ui.pages.positions.standard_editor import StandardEditor

    editor = StandardEditor()
    qtbot.addWidget(editor)
    texts = [lb.text() for lb in editor.findChildren(QLabel)]
    assert "Pilih jabatan di tabel untuk melihat dan mengubah standar kompetensinya." in texts
    assert not any("belum memiliki standar" in t for t in texts)
    editor.show_lines([], saved=True, has_position=True)
    texts = [lb.text() for lb in editor.findChildren(QLabel)]
    assert any(t.startswith("Jabatan ini belum memiliki standar kompetensi.") for t in texts)


def test_a_standard_saved_meanwhile_by_another_clerk_is_not_overwritten(  # type: ignore[no-untyped-def]
        qtbot, page: PositionsPage, demo_db: Database, monkeypatch) -> None:
    first = page.model.rows()[0]
    _select(qtbot, page, first.id)
    saved = _standard(demo_db, first.id)
    cid = next(iter(page.editor.spins))
    theirs = 5 if saved[cid] != 5 else 4
    with demo_db.session_scope() as s:  # another clerk saves a level meanwhile
        svc.set_standard(s, first.id, saved | {cid: theirs}, svc.standard_version(s, first.id))
    shown = _capture(monkeypatch)
    page.editor.spins[cid].setValue(1)
    qtbot.mouseClick(page.save_btn, Qt.MouseButton.LeftButton)
    assert shown and "diubah petugas lain" in shown[0] and f"Anda 1, tersimpan {theirs}" in shown[0]
    assert _standard(demo_db, first.id)[cid] == theirs and page.has_unsaved_changes()
    qtbot.mouseClick(page.revert_btn, Qt.MouseButton.LeftButton)  # "Kembalikan": the saved one
    assert page.editor.spins[cid].value() == theirs and not page.has_unsaved_changes()

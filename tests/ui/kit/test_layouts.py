"""The kit's layout helpers and `make_table`: what a page built with them shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QPushButton, QWidget

from karier_desktop.ui.kit.forms import choose, combo
from karier_desktop.ui.kit.layouts import boxed, hbox, hint_label, page_frame, splitter, vbox
from karier_desktop.ui.kit.master_detail import unsaved_flag
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.tables import make_table


def test_a_page_frame_shows_the_title_then_the_parts_in_order(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = QWidget()
    qtbot.addWidget(page)
    ok, cancel = QPushButton("Simpan"), QPushButton("Batal")
    body = QLabel("isi")
    layout = page_frame(page, "Judul halaman", (body, 1), hbox(1, ok, cancel))
    title = layout.itemAt(0).widget()
    assert isinstance(title, QLabel) and title.text() == "Judul halaman"
    assert title.property("role") == "title"
    assert layout.itemAt(1).widget() is body and layout.stretch(1) == 1
    row = layout.itemAt(2).layout()
    assert row.itemAt(0).spacerItem() is not None  # the buttons sit on the right
    assert [row.itemAt(i).widget() for i in (1, 2)] == [ok, cancel]
    assert layout.contentsMargins().left() == 10


def test_splitter_and_boxes(qtbot) -> None:  # type: ignore[no-untyped-def]
    left, right = QLabel("kiri"), boxed(vbox(QLabel("a"), QLabel("b"), margins=(0, 0, 0, 0)))
    split = splitter(left, right, sizes=(100, 300), stretch=(0, 1), vertical=True)
    qtbot.addWidget(split)
    assert split.orientation() == Qt.Orientation.Vertical
    assert split.count() == 2 and split.widget(1) is right
    assert right.layout().count() == 2


def test_make_table_rows_are_picked_whole_and_not_edited(qtbot) -> None:  # type: ignore[no-untyped-def]
    model: RowTableModel[str] = RowTableModel([Column("Nama pegawai yang panjang", str),
                                                Column("Catatan", str)])
    model.set_rows(["Siti", "Budi"])
    table = make_table(model, (60, 50))
    qtbot.addWidget(table)
    assert table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert table.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert table.columnWidth(0) > 60  # never narrower than its header text
    plain = make_table(model, (60, 50), multi=True, fit_headers=False)
    qtbot.addWidget(plain)
    assert plain.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection
    assert plain.columnWidth(0) == 60
    one_line = make_table(model, (60, 50), fit_headers=False, stretch_last=False, wrap=False)
    qtbot.addWidget(one_line)
    assert not one_line.wordWrap()
    assert not one_line.horizontalHeader().stretchLastSection()


def test_a_choice_box_shows_the_item_holding_the_value_else_the_first(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = combo([("— pilih unit kerja —", None), ("Dinas Kesehatan", 7), ("BKPSDM", 9)], 9)
    qtbot.addWidget(box)
    assert [box.itemText(i) for i in range(box.count())] == [
        "— pilih unit kerja —", "Dinas Kesehatan", "BKPSDM"]
    assert box.currentText() == "BKPSDM"
    choose(box, 7)
    assert box.currentText() == "Dinas Kesehatan"
    choose(box, 42)  # a unit no longer offered
    assert box.currentText() == "— pilih unit kerja —"


def test_hint_and_unsaved_lines(qtbot) -> None:  # type: ignore[no-untyped-def]
    hint = hint_label("Sel berwarna biru muda dapat diubah.", wrap=True)
    flag = unsaved_flag()
    qtbot.addWidget(hint)
    qtbot.addWidget(flag)
    assert hint.text() == "Sel berwarna biru muda dapat diubah." and hint.wordWrap()
    assert hint.property("role") == "hint"
    assert flag.text() == "● Ada perubahan yang belum disimpan" and flag.isHidden()

"""What the clerk reads must be right: JPM with its coverage, one label for expired results."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import select

from karier_desktop.domain.competency import jpm
from karier_desktop.domain.nip import make_nip
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.ui.main_window import MainWindow

CORE = ("M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "SK.01")


def _world(db: Database) -> tuple[int, int]:
    """Two employees on a 9-competency standard (level 2): one assessed on 3 competencies only
    (all at standard, recently), one whose only assessment is five years old."""
    today = dt.date.today()
    with db.session_scope() as s:
        unit = m.Unit(code="U1", name="Dinas Uji", kind="dinas")
        s.add(unit)
        s.flush()
        pos = m.Position(name="Pengadministrasi Umum", kind_code="pelaksana", unit_id=unit.id)
        s.add(pos)
        s.flush()
        comps = dict(zip(CORE, s.scalars(  # the 9 core competencies, whatever their codes
            select(m.Competency.id).where(m.Competency.kind.in_(("manajerial", "sosial_kultural")))
            .order_by(m.Competency.kind, m.Competency.id)), strict=True))
        s.add_all([m.PositionStandard(position_id=pos.id, competency_id=cid, required_level=2)
                   for cid in comps.values()])
        ids = []
        for n, (name, when, codes) in enumerate((
                ("Andi Sebagian", today - dt.timedelta(days=30), CORE[:3]),
                ("Budi Lama", today - dt.timedelta(days=5 * 365), CORE))):
            emp = m.Employee(nip=make_nip(dt.date(1990, 5, 1), 2015, 3, "L", n + 1), name=name,
                             sex="L", birth_date=dt.date(1990, 5, 1), position_id=pos.id,
                             unit_id=unit.id)
            s.add(emp)
            s.flush()
            a = m.Assessment(employee_id=emp.id, assessed_on=when)
            s.add(a)
            s.flush()
            s.add_all([m.AssessmentResult(assessment_id=a.id, competency_id=comps[c], level=2)
                       for c in codes])
            ids.append(emp.id)
    return ids[0], ids[1]


def _row_texts(page, name: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    model = page.model
    for r in range(model.rowCount()):
        if model.data(model.index(r, 1)) .startswith(name):
            return {str(model.headerData(c, Qt.Orientation.Horizontal)):
                    model.data(model.index(r, c)) for c in range(model.columnCount())}
    raise AssertionError(name)


def test_jpm_shows_how_many_competencies_it_rests_on(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    partial, _old = _world(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("pegawai")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    row = _row_texts(page, "Andi Sebagian")
    assert row["JPM"] == "100,00%" and row["Diases"] == "3/9"  # not a bare "100 % Optimal"
    page.table.selectRow(next(r for r in range(2) if page.model.rows()[r].id == partial))
    qtbot.waitUntil(lambda: "3/9 kompetensi standar diases" in page.panel.jpm.text(),
                    timeout=10_000)

    # the office chooses to count the unassessed as level 0: 6 of 18 levels
    settings = window.show_page("pengaturan")
    settings.unassessed_zero.setChecked(True)
    qtbot.mouseClick(settings.save_btn, Qt.MouseButton.LeftButton)
    page = window.show_page("pegawai")
    qtbot.waitUntil(lambda: _row_texts(page, "Andi Sebagian")["JPM"] == "33,33%", timeout=10_000)
    assert _row_texts(page, "Andi Sebagian")["Kategori"] == "Kurang Optimal"


def test_an_expired_assessment_reads_kedaluwarsa_everywhere(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    _partial, old = _world(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("pegawai")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    assert _row_texts(page, "Budi Lama")["Kategori"] == "Kedaluwarsa"
    page.table.selectRow(next(r for r in range(2) if page.model.rows()[r].id == old))
    qtbot.waitUntil(lambda: "Kedaluwarsa" in page.panel.jpm.text(), timeout=10_000)
    assert "Belum diases" not in page.panel.jpm.text()
    gaps = window.show_page("kesenjangan")
    qtbot.waitUntil(lambda: gaps.emp_model.rowCount() == 2, timeout=10_000)
    assert {r.name: r.category for r in gaps.emp_model.rows()}["Budi Lama"] == "Kedaluwarsa"


def test_unassessed_as_zero_rule() -> None:
    pairs = [(2, 2), (2, 2), (2, None), (2, None)]
    assert jpm(pairs) == 100.0
    assert jpm(pairs, unassessed_as_zero=True) == 50.0
    assert jpm([(2, None)], unassessed_as_zero=True) is None  # nothing assessed: no JPM at all


def test_long_cells_read_in_full_on_hover(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    _world(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("pegawai")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    col = next(c for c in range(page.model.columnCount())
               if page.model.headerData(c, Qt.Orientation.Horizontal) == "Jabatan")
    index = page.model.index(0, col)
    assert page.model.data(index, Qt.ItemDataRole.ToolTipRole) == "Pengadministrasi Umum"

"""Kesenjangan page: one employee's gaps and recommendations, one unit's heat map and recap."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from karier_desktop.services.gaps import employee_gap
from karier_desktop.store.db import Database
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.gaps.page import GapsPage

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Files the page asks the system viewer to open (no viewer is started in tests)."""
    calls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: calls.append(url.toLocalFile()) or True))
    return calls


@pytest.fixture
def page(qtbot, demo_db: Database) -> GapsPage:  # type: ignore[no-untyped-def]
    widget = GapsPage(AppContext(demo_db))
    widget.today = TODAY
    qtbot.addWidget(widget)
    widget.resize(1176, 700)
    widget.show()
    widget.reload()
    widget.today = TODAY
    return widget


def _find(demo_db: Database, want_gaps: bool) -> int:
    with demo_db.session_scope() as s:
        for eid in range(1, 401):
            g = employee_gap(s, eid, TODAY)
            if want_gaps and len(g.gaps) >= 2:
                return eid
            if not want_gaps and any(ln.actual is None for ln in g.lines):
                return eid
    raise AssertionError


def test_employee_gaps_bars_and_recommendations(qtbot, page: GapsPage,  # type: ignore[no-untyped-def]
                                                demo_db: Database, qtmodeltester) -> None:
    eid = _find(demo_db, want_gaps=True)
    with demo_db.session_scope() as s:
        gap = employee_gap(s, eid, TODAY)
    qtbot.keyClicks(page.search, gap.nip[:12])
    assert page.emp_model.rowCount() >= 1
    assert page.select_employee(eid)
    assert gap.name in page.emp_head.text()
    assert f"{gap.category}" in page.jpm_label.text()
    lines = page.line_model.rows()
    assert [ln.name for ln in lines] == [ln.name for ln in gap.lines]
    first_gap = gap.gaps[0]
    row = [ln.competency_id for ln in lines].index(first_gap.competency_id)
    assert page.line_model.index(row, 4).data() == f"{first_gap.gap:+d}"
    recs = page.rec_model.rows()
    assert recs and {r.competency_id for r in recs} <= {ln.competency_id for ln in gap.gaps}
    assert all(r.reason.startswith("Menaikkan ") for r in recs)
    assert page.bars.height() >= len(gap.lines) * 20
    for model in (page.emp_model, page.line_model, page.rec_model):
        qtmodeltester.check(model)


def test_not_assessed_is_shown_as_such(page: GapsPage, demo_db: Database) -> None:
    eid = _find(demo_db, want_gaps=False)
    page.show_employee(eid)
    texts = [page.line_model.index(r, 5).data() for r in range(page.line_model.rowCount())]
    assert any(t in ("Belum diases", "Kedaluwarsa (> masa berlaku)") for t in texts)
    actual = [page.line_model.index(r, 3).data() for r in range(page.line_model.rowCount())]
    assert "–" in actual


def _active_in_opd(db: Database, name: str) -> int:
    from sqlalchemy import func, select

    from karier_desktop.store import models as m

    with db.session_scope() as s:
        opd = s.scalar(select(m.Unit.id).where(m.Unit.name == name))
        units = {opd} | set(s.scalars(select(m.Unit.id).where(m.Unit.parent_id == opd)))
        return s.scalar(select(func.count()).select_from(m.Employee).where(
            m.Employee.unit_id.in_(units), m.Employee.status == "aktif"))


def test_unit_heat_map_ranking_and_recap(qtbot, page: GapsPage, opened: list[str],  # type: ignore[no-untyped-def]
                                         tmp_path: Path, qtmodeltester, demo_db: Database) -> None:
    page.tabs.setCurrentIndex(1)
    page.opd.setCurrentIndex(page.opd.findText("Dinas Kesehatan"))
    analysis = page.analysis
    assert analysis is not None and analysis.opd_name == "Dinas Kesehatan"
    assert f"{_active_in_opd(demo_db, 'Dinas Kesehatan')} pegawai aktif" in page.summary.text()
    heat = page.heat_model
    assert heat.rowCount() == len(analysis.heat)
    assert heat.headerData(heat.columnCount() - 1, Qt.Orientation.Horizontal) == "Seluruh OPD"
    colour = heat.index(0, 1).data(Qt.ItemDataRole.BackgroundRole)
    assert colour is not None
    first = page.rank_model.rows()[0]
    assert first.rank == 1 and first.jpm == min(r.jpm for r in analysis.ranking if r.jpm)
    qtmodeltester.check(heat)
    qtmodeltester.check(page.rank_model)
    target = tmp_path / "rekap.pdf"
    written = page.print_recap(target)
    assert written == target and opened == [str(target)]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "DINAS KESEHATAN" in text and first.name in text


def test_fits_a_small_screen(page: GapsPage) -> None:
    page.resize(1176, 680)
    assert page.minimumSizeHint().width() <= 1176
    assert page.minimumSizeHint().height() <= 680

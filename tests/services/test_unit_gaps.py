"""Gap analysis per unit: bulk gaps, ranking, heat map, export rows and the recap PDF."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader
from sqlalchemy import select

from karier_desktop.reports.unit_gap_pdf import render
from karier_desktop.services.gaps import employee_gap
from karier_desktop.services.gaps import unit as unit_gaps
from karier_desktop.store import models as m
from karier_desktop.store.db import Database

TODAY = dt.date(2026, 11, 29)


def _opd(s, code: str = "DINKES") -> unit_gaps.UnitChoice:  # type: ignore[no-untyped-def]
    found = unit_gaps.opd_by_code(s, code)
    assert found is not None
    return found


def test_bulk_gaps_equal_one_by_one(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        ids = list(s.scalars(select(m.Employee.id)))
        bulk = unit_gaps.employee_gaps_bulk(s, ids, TODAY)
        for eid in ids:
            assert bulk[eid] == employee_gap(s, eid, TODAY)


def test_unit_members_include_sub_units_and_only_active(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        opd = _opd(s)
        units = {uid for (uid,) in s.execute(select(m.Unit.id).where(
            (m.Unit.id == opd.id) | (m.Unit.parent_id == opd.id)))}
        expected = set(s.scalars(select(m.Employee.id).where(
            m.Employee.unit_id.in_(units), m.Employee.status == "aktif")))
        gone = next(iter(expected))
        s.get(m.Employee, gone).status = "pensiun"
        members, key_of = unit_gaps.unit_members(s, opd.id)
    assert set(members) == expected - {gone}
    assert set(key_of.values()) <= units


def test_ranking_lowest_jpm_first_unassessed_last(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        a = unit_gaps.analyse_unit(s, _opd(s).id, TODAY)
    ranked = [r for r in a.ranking if r.rank is not None]
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    jpms = [r.jpm for r in ranked]
    assert jpms == sorted(jpms)
    assert all(r.jpm is None for r in a.ranking[len(ranked):])
    assert a.employees == len(a.ranking) and a.assessed == len(ranked)
    assert sum(n for _c, n in a.categories) == a.employees
    assert a.average_jpm == round(sum(jpms) / len(jpms), 2)


def test_heat_map_cells_are_average_gap_and_share_below(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        opd = _opd(s)
        a = unit_gaps.analyse_unit(s, opd.id, TODAY)
        members, key_of = unit_gaps.unit_members(s, opd.id)
        gaps = {eid: employee_gap(s, eid, TODAY) for eid in members}
    assert a.columns[-1].name == "Seluruh OPD"
    assert "Sekretariat" in [c.name for c in a.columns]
    integritas = next(h for h in a.heat if h.name == "Integritas")
    for col_index, col in enumerate(a.columns):
        values = [ln.gap for eid in members for ln in gaps[eid].lines
                  if ln.name == "Integritas" and ln.gap is not None
                  and (col.key == 0 or key_of[eid] == col.key)]
        cell = integritas.cells[col_index]
        if not values:
            assert cell.avg_gap is None and cell.assessed == 0
            continue
        assert cell.assessed == len(values)
        assert cell.avg_gap == round(sum(values) / len(values), 2)
        assert cell.below_share == sum(1 for v in values if v < 0) / len(values)
    kinds = [h.kind for h in a.heat]
    assert kinds == sorted(kinds, key=["manajerial", "sosial_kultural", "teknis"].index)


def test_export_rows_and_recap_pdf(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        opd = _opd(s)
        a = unit_gaps.analyse_unit(s, opd.id, TODAY)
        doc = unit_gaps.recap_document(s, opd.id, TODAY)
    ranking = unit_gaps.ranking_export_rows(a)
    heat = unit_gaps.heatmap_export_rows(a)
    assert ranking[0][:3] == ["Peringkat", "Nama", "NIP"]
    assert len(ranking) == a.employees + 1
    assert all(isinstance(row[2], str) and len(row[2]) == 18 for row in ranking[1:])
    assert len(heat) == len(a.heat) + 1 and len(heat[0]) == 3 + 2 * len(a.columns)
    pdf = PdfReader(io.BytesIO(render(doc)))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "REKAPITULASI KESENJANGAN KOMPETENSI" in text
    assert "DINAS KESEHATAN" in text
    assert a.ranking[0].name in text and a.ranking[0].nip_display in text
    assert f"Halaman 1 dari {len(pdf.pages)}" in text
    width, height = pdf.pages[0].mediabox.width, pdf.pages[0].mediabox.height
    assert width > height  # landscape

"""The whole IP ASN index (issue 13): kualifikasi, kinerja and disiplin from entry or import,
hand-computed points and totals (weights 25/40/30/5), bands, OPD and regency averages, and the
all-or-nothing entry and import with Indonesian messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import delete, func, select

from karier_desktop.domain.nip import format_nip
from karier_desktop.services import ipasn
from karier_desktop.services.errors import ValidationError
from karier_desktop.store import models as m
from karier_desktop.store.db import Database

YEAR = 2026
AS_OF = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def ref() -> ipasn.IpAsnReference:
    return ipasn.reference_for(None, YEAR)


def test_dimension_weights_sum_to_one_hundred(ref: ipasn.IpAsnReference) -> None:
    assert ref.dimension_weights == {"kualifikasi": 25, "kompetensi": 40, "kinerja": 30,
                                     "disiplin": 5}
    assert max(ref.kualifikasi_points.values()) == 25
    assert max(ref.kinerja_points.values()) == 30
    assert max(ref.disiplin_points.values()) == 5


@pytest.mark.parametrize(("inputs", "expected", "missing"), [
    (ipasn.Inputs("S3", "sangat baik", None), (25, 30, 5), ()),
    (ipasn.Inputs("S2", "baik", "ringan"), (20, 25, 3), ()),
    (ipasn.Inputs("D4", "butuh perbaikan", "berat"), (15, 20, 1), ()),
    (ipasn.Inputs("SMA", None, "sedang"), (1, 0, 2), ("kinerja",)),
    (ipasn.Inputs(None, "kurang", "tidak pernah"), (0, 15, 5), ("kualifikasi",)),
])
def test_hand_computed_dimension_points(ref: ipasn.IpAsnReference, inputs: ipasn.Inputs,
                                        expected: tuple[float, float, float],
                                        missing: tuple[str, ...]) -> None:
    p = ipasn.points(ref, inputs)
    assert (p.kualifikasi, p.kinerja, p.disiplin) == expected
    assert p.missing == missing


def _pelaksana_with_no_training(session) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    e, p = m.Employee, m.Position
    eid, nip = session.execute(select(e.id, e.nip).join(p, p.id == e.position_id)
                               .where(p.kind_code == "pelaksana", e.status == "aktif")
                               .order_by(e.id)).first()
    session.execute(delete(m.TrainingRecord).where(m.TrainingRecord.employee_id == eid))
    return int(eid), str(nip)


def test_entered_inputs_make_the_total_index_per_employee_opd_and_regency(
        demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        eid, nip = _pelaksana_with_no_training(s)
        # technical 20 JP within the year (25) + a seminar (15): kompetensi 40
        for form, jp in (("KL03", 20), ("KL06", 4)):
            s.add(m.TrainingRecord(employee_id=eid, title="Kegiatan", form_code=form,
                                   start_date=dt.date(2026, 5, 4), end_date=dt.date(2026, 5, 4),
                                   jp=jp, cost=0, status="selesai"))
        result = ipasn.save_inputs(s, YEAR, [(format_nip(nip), "S-1", "Baik", "Ringan")])
        assert result.saved == 1 and result.applied
    with demo_db.session_scope() as s:
        stored = s.execute(select(m.IpAsnInput.education, m.IpAsnInput.kinerja,
                                  m.IpAsnInput.disiplin, m.IpAsnInput.source)
                           .where(m.IpAsnInput.employee_id == eid)).one()
        assert tuple(stored) == ("S1", "baik", "ringan", "entri")
        report = ipasn.compute(s, YEAR, AS_OF)
    me = report.by_employee()[eid]
    # 15 (S1) + 40 (kompetensi) + 25 (Baik) + 3 (ringan) = 83: Tinggi
    assert (me.kualifikasi, me.total, me.kinerja, me.disiplin) == (15, 40, 25, 3)
    assert me.index == 83 and me.index_band == "Tinggi" and me.no_data == ()
    # averages are the plain means of the employees' indexes
    mine = [e for e in report.employees if e.opd_id == me.opd_id]
    opd = next(o for o in report.opds if o.opd_id == me.opd_id)
    assert opd.index_average == round(sum(e.index for e in mine) / len(mine), 2)
    assert opd.index_band == report.reference.band(opd.index_average)
    assert opd.kinerja_missing == sum(1 for e in mine if "kinerja" in e.no_data)
    assert report.regency_index == round(
        sum(e.index for e in report.employees) / len(report.employees), 2)
    # an employee with nothing entered: education from the record, no kinerja (0), disiplin 5
    other = next(e for e in report.employees if e.employee_id != eid)
    assert "kinerja" in other.no_data and other.kinerja == 0 and other.disiplin == 5


def test_bad_entry_changes_nothing_and_says_why_without_the_nip(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        nips = list(s.scalars(select(m.Employee.nip).order_by(m.Employee.id).limit(2)))
    with pytest.raises(ValidationError) as caught, demo_db.session_scope() as s:
        ipasn.save_inputs(s, YEAR, [(nips[0], "S2", "Sangat Baik", None),
                                    (nips[1], "S9", "Luar biasa", "Dipecat"),
                                    ("199001012020011999", "S1", "Baik", None)])
    text = "\n".join(caught.value.messages)
    assert "Baris 2: pendidikan tidak dikenal" in text
    assert "Baris 2: predikat SKP tidak dikenal" in text
    assert "Baris 2: hukuman disiplin tidak dikenal" in text
    assert "Baris 3: NIP tidak terdaftar" in text
    assert nips[0] not in text and nips[1] not in text
    with demo_db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.IpAsnInput)) == 0


def _sheet(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["Rekap kinerja dan disiplin 2026"])
    ws.append(["NIP", "Nama", "Pendidikan", "Predikat SKP", "Hukuman Disiplin"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_import_a_sheet_per_nip_dry_run_then_apply(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.session_scope() as s:
        people = s.execute(select(m.Employee.id, m.Employee.nip).where(
            m.Employee.status == "aktif").order_by(m.Employee.id).limit(3)).all()
    path = _sheet(tmp_path / "kinerja.xlsx", [
        [format_nip(people[0].nip), "A", "S2", "Sangat Baik", "-"],
        [people[1].nip, "B", "", "Butuh Perbaikan", "Sedang"],
        [people[2].nip, "C", "D3", "", ""],
    ])
    with demo_db.session_scope() as s:
        dry = ipasn.import_inputs(s, path, YEAR, dry_run=True)
        assert dry.saved == 3 and not dry.applied
        assert s.scalar(select(func.count()).select_from(m.IpAsnInput)) == 0
    with demo_db.session_scope() as s:
        assert ipasn.import_inputs(s, path, YEAR).applied
    with demo_db.session_scope() as s:
        rows = {r.employee_id: (r.education, r.kinerja, r.disiplin, r.source) for r in
                s.scalars(select(m.IpAsnInput).where(m.IpAsnInput.year == YEAR))}
        report = ipasn.compute(s, YEAR, AS_OF)
    assert rows[people[0].id] == ("S2", "sangat baik", "tidak pernah", "impor")
    assert rows[people[1].id] == (None, "butuh perbaikan", "sedang", "impor")
    first = report.by_employee()[people[0].id]
    assert (first.kualifikasi, first.kinerja, first.disiplin) == (20, 30, 5)
    assert first.index == 20 + first.total + 30 + 5


def test_import_with_a_bad_row_names_the_sheet_row_and_writes_nothing(
        demo_db: Database, tmp_path: Path) -> None:
    with demo_db.session_scope() as s:
        nips = list(s.scalars(select(m.Employee.nip).order_by(m.Employee.id).limit(2)))
    path = _sheet(tmp_path / "salah.xlsx", [[nips[0], "A", "S1", "Baik", ""],
                                             [nips[1], "B", "S1", "Istimewa", ""]])
    with pytest.raises(ValidationError) as caught, demo_db.session_scope() as s:
        ipasn.import_inputs(s, path, YEAR)
    assert caught.value.messages == [
        "Baris 4: predikat SKP tidak dikenal (isi salah satu: Sangat Baik, Baik, "
        "Butuh Perbaikan, Kurang, Sangat Kurang)."]
    with demo_db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.IpAsnInput)) == 0

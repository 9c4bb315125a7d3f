"""Importing assessment results in the long and the wide form."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import NIP_ANDI, NIP_SITI, TODAY
from sqlalchemy import func, select

from karier_desktop.services.importing import ValidationError, build_preview, import_file
from karier_desktop.store import models as m


@pytest.fixture
def people(db, csv_file):
    path = csv_file([["NIP", "NAMA"], [NIP_ANDI, "Andi"], [NIP_SITI, "Siti"]], name="p.csv")
    with db.session_scope() as s:
        import_file(s, "pegawai", path, today=TODAY)
    return db


def levels(db, nip):
    with db.session_scope() as s:
        rows = s.execute(
            select(m.Competency.code, m.AssessmentResult.level, m.Assessment.assessed_on)
            .join(m.Assessment, m.Assessment.id == m.AssessmentResult.assessment_id)
            .join(m.Employee, m.Employee.id == m.Assessment.employee_id)
            .join(m.Competency, m.Competency.id == m.AssessmentResult.competency_id)
            .where(m.Employee.nip == nip)).all()
    return {(code, on): lv for code, lv, on in rows}


def test_long_form_groups_rows_into_one_assessment(people, xlsx):
    path = xlsx([["NIP", "KODE KOMPETENSI", "LEVEL", "TANGGAL", "METODE", "ASESOR"],
                 [NIP_ANDI, "M.1", 3, dt.date(2025, 5, 2), "Assessment Center", "BKN"],
                 [NIP_ANDI, "Kerjasama", "4", "02-05-2025", "Assessment Center", "BKN"],
                 [NIP_SITI, "m.1", 2.0, "2025-05-02", "", ""]])
    with people.session_scope() as s:
        _, result = import_file(s, "asesmen", path, today=TODAY)
    assert result.new == 3
    assert levels(people, NIP_ANDI) == {("M.1", dt.date(2025, 5, 2)): 3,
                                        ("M.2", dt.date(2025, 5, 2)): 4}
    with people.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.Assessment)) == 2
    with people.session_scope() as s:
        _, again = import_file(s, "asesmen", path, today=TODAY)
        assert s.scalar(select(func.count()).select_from(m.AssessmentResult)) == 3
    assert (again.new, again.changed, again.unchanged) == (0, 0, 3)


def test_wide_form_as_assessment_centres_deliver_it(people, csv_file):
    path = csv_file([["HASIL ASESMEN 2025"], [],
                     ["No", "NIP", "Nama", "Tanggal", "INTEGRITAS", "KERJASAMA", "M.3",
                      "Perekat Bangsa"],
                     [1, NIP_ANDI, "Andi", "12 Maret 2025", 3, 3, 2, 4],
                     [2, NIP_SITI, "Siti", "12-03-2025", 4, "", 3, 3]])
    with people.session_scope() as s:
        preview, result = import_file(s, "asesmen", path, today=TODAY)
    assert preview.form == "lebar" and result.new == 2
    assert levels(people, NIP_SITI) == {("M.1", dt.date(2025, 3, 12)): 4,
                                        ("M.3", dt.date(2025, 3, 12)): 3,
                                        ("SK.1", dt.date(2025, 3, 12)): 3}


def test_bad_assessment_rows_are_reported_and_nothing_written(people, xlsx):
    path = xlsx([["NIP", "KOMPETENSI", "LEVEL", "TANGGAL"],
                 [NIP_ANDI, "M.1", 6, "01-02-2025"],
                 [NIP_ANDI, "Berenang", 3, "01-02-2025"],
                 ["199912312020121001", "M.1", 3, "01-02-2025"],
                 [NIP_SITI, "M.1", 3, "01-02-2025"],
                 [NIP_SITI, "Integritas", 2, "01-02-2025"],
                 [NIP_SITI, "M.2", "", "01-02-2025"],
                 [NIP_SITI, "M.3", 3, "31-02-2025"]])
    with people.session_scope() as s:
        preview = build_preview(s, "asesmen", path, today=TODAY)
    text = "\n".join(str(e) for e in preview.errors)
    assert "Baris 2: Level 6 di luar rentang 1 sampai 5" in text
    assert "Baris 3: Kompetensi 'Berenang' tidak dikenal" in text
    assert "Baris 4: Pegawai dengan NIP 19991231 202012 1 001 belum ada" in text
    assert "Baris 6: Kompetensi M.1 untuk NIP 19900115 201503 2 002 tanggal 01-02-2025 sama " \
           "dengan baris 5" in text
    assert "Baris 7: Level wajib diisi" in text
    assert "Baris 8: Tanggal asesmen: Tanggal tidak valid: '31-02-2025'" in text
    with people.session_scope() as s, pytest.raises(ValidationError):
        from karier_desktop.services.importing import apply

        apply(s, preview)
    assert levels(people, NIP_SITI) == {}


def test_sheet_without_level_or_competency_columns_is_a_file_problem(people, csv_file):
    path = csv_file([["NIP", "TANGGAL", "NILAI AKHIR"], [NIP_ANDI, "01-01-2025", 80]])
    with people.session_scope() as s:
        preview = build_preview(s, "asesmen", path, today=TODAY)
    assert preview.problems and "kolom per kompetensi" in preview.problems[0]


def test_older_sheets_with_zero_padded_codes_still_import(people, xlsx):
    """Sheets made before the dictionary took the regulation's codes write "M.01", "SK.01"."""
    long = xlsx([["NIP", "KODE KOMPETENSI", "LEVEL", "TANGGAL"],
                 [NIP_ANDI, "M.01", 3, "02-05-2025"],
                 [NIP_ANDI, "SK.01", 2, "02-05-2025"]], name="panjang.xlsx")
    wide = xlsx([["NIP", "TANGGAL", "M.04 Orientasi pada Hasil", "M.08"],
                 [NIP_SITI, "03-05-2025", 4, 3]], name="lebar.xlsx")
    with people.session_scope() as s:
        import_file(s, "asesmen", long, today=TODAY)
        import_file(s, "asesmen", wide, today=TODAY)
    assert levels(people, NIP_ANDI) == {("M.1", dt.date(2025, 5, 2)): 3,
                                        ("SK.1", dt.date(2025, 5, 2)): 2}
    assert levels(people, NIP_SITI) == {("M.4", dt.date(2025, 5, 3)): 4,
                                        ("M.8", dt.date(2025, 5, 3)): 3}

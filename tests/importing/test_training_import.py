"""Importing training records (riwayat pelatihan/diklat)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import NIP_ANDI, NIP_SITI, TODAY
from sqlalchemy import select

from karier_desktop.services.importing import build_preview, import_file
from karier_desktop.store import models as m

HEADER = ["NIP", "NAMA DIKLAT", "JALUR", "PENYELENGGARA", "TGL MULAI", "TGL SELESAI",
          "JUMLAH JAM", "BIAYA", "NO. SERTIFIKAT"]


@pytest.fixture
def people(db, csv_file):
    path = csv_file([["NIP", "NAMA"], [NIP_ANDI, "Andi"], [NIP_SITI, "Siti"]], name="p.csv")
    with db.session_scope() as s:
        import_file(s, "pegawai", path, today=TODAY)
    return db


def test_training_records_are_imported_and_reimport_is_idempotent(people, xlsx):
    path = xlsx([HEADER,
                 [NIP_ANDI, "Bimtek SIASN", "Bimbingan Teknis", "BKN", "03-03-2025", "05-03-2025",
                  24, "Rp 1.500.000", "001/BKN/2025"],
                 [NIP_SITI, "Coaching Kepemimpinan", "NKL01", "BKPP", dt.date(2025, 6, 1), None,
                  "4,5", 0, ""]])
    with people.session_scope() as s:
        _, result = import_file(s, "pelatihan", path, today=TODAY)
    assert result.new == 2
    with people.session_scope() as s:
        rec = s.scalar(select(m.TrainingRecord).where(m.TrainingRecord.title == "Bimtek SIASN"))
        assert (rec.form_code, rec.jp, rec.cost, rec.end_date, rec.certificate_no) == (
            "KL10", 24.0, 1_500_000, dt.date(2025, 3, 5), "001/BKN/2025")
        coach = s.scalar(select(m.TrainingRecord).where(m.TrainingRecord.form_code == "NKL01"))
        assert (coach.jp, coach.end_date) == (4.5, dt.date(2025, 6, 1))
    with people.session_scope() as s:
        _, again = import_file(s, "pelatihan", path, today=TODAY)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 2)


def test_bad_training_rows(people, csv_file):
    path = csv_file([HEADER,
                     [NIP_ANDI, "Diklat A", "KL03", "", "10-03-2025", "09-03-2025", 10, "", ""],
                     [NIP_ANDI, "Diklat B", "Menyelam", "", "10-03-2025", "", 10, "", ""],
                     [NIP_ANDI, "", "KL03", "", "10-03-2025", "", 10, "", ""],
                     [NIP_SITI, "Diklat C", "KL03", "", "", "", "", "gratis", ""]])
    with people.session_scope() as s:
        preview = build_preview(s, "pelatihan", path, today=TODAY)
    text = "\n".join(str(e) for e in preview.errors)
    assert "Baris 2: Tanggal selesai 09-03-2025 sebelum tanggal mulai 10-03-2025" in text
    assert "Baris 3: Jenis/jalur pengembangan 'Menyelam' tidak dikenal" in text
    assert "Baris 4: Nama pelatihan wajib diisi" in text
    assert "Baris 5: Tanggal mulai wajib diisi" in text
    assert "Baris 5: JP wajib diisi" in text
    assert "Baris 5: Biaya 'gratis' bukan angka rupiah" in text


def test_missing_required_column_is_named(people, csv_file):
    path = csv_file([["NIP", "NAMA PELATIHAN", "TANGGAL MULAI"], [NIP_ANDI, "X", "01-01-2025"]])
    with people.session_scope() as s:
        preview = build_preview(s, "pelatihan", path, today=TODAY)
    assert preview.problems == ("Kolom JP (JP) tidak ditemukan.",)

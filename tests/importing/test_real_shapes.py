"""The clerks' real files import whole and read right (issue 15): SIASN export, DUK, daftar
nominatif, PPPK with and without a status column, SIASN riwayat kursus/diklat."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TODAY
from shapes import (
    Expect,
    write_duk,
    write_nominatif,
    write_pppk_without_status,
    write_siasn_diklat,
    write_siasn_export,
    write_siasn_export_csv,
    write_siasn_kursus,
)
from sqlalchemy import select

from karier_desktop.services.importing import build_preview, import_file
from karier_desktop.services.importing.units import UnitResolver
from karier_desktop.store import models as m


def stored(db) -> dict[str, Expect]:
    """What the database holds per NIP, in the shape of the fixtures' expectations."""
    e, p = m.Employee, m.Position
    with db.session_scope() as s:
        units = UnitResolver(s)
        rows = s.execute(select(e.nip, e.employee_type, e.rank_code, p.kind_code, e.unit_id,
                                e.education, e.front_title, e.name, e.back_title)
                         .outerjoin(p, p.id == e.position_id)).all()
        return {r[0]: Expect(r[1], r[2], r[3], units.path_of(r[4]) if r[4] else "", r[5],
                             r[6], r[7], r[8]) for r in rows}


def import_whole(db, path, kind="pegawai"):
    with db.session_scope() as s:
        preview, result = import_file(s, kind, path, today=TODAY)
    assert not preview.invalid_rows, [str(e) for e in preview.errors]
    return preview, result


@pytest.mark.parametrize(("writer", "profile", "skipped"), [
    (write_siasn_export, "Ekspor Data ASN SIASN", 0),
    (lambda path: write_siasn_export_csv(path.with_suffix(".csv")), "Ekspor Data ASN SIASN", 0),
    (write_duk, "Daftar Urut Kepangkatan (DUK)", 1 + 3 + 5),  # numbers, page header, signature
    (lambda path: write_duk(path, with_units=False), "Daftar Urut Kepangkatan (DUK)", 9),
    (write_nominatif, "Daftar nominatif / lembar bebas", 1 + 4),
    (write_pppk_without_status, "Daftar nominatif / lembar bebas", 2),
])
def test_real_shapes_import_whole_and_read_right(db, tmp_path, writer, profile, skipped):
    path, expected = writer(tmp_path / "file.xlsx")
    preview, result = import_whole(db, path)
    assert preview.profile_label == profile
    assert len(preview.skipped_rows) == skipped
    assert (result.new, result.skipped) == (len(expected), 0)
    assert stored(db) == expected


def test_siasn_units_are_keyed_by_their_path_under_the_opd(db, tmp_path):
    path, _ = write_siasn_export(tmp_path / "siasn.xlsx")
    import_whole(db, path)
    with db.session_scope() as s:
        units = UnitResolver(s)
        paths = sorted(units.path_of(u) for u in units.names)
        tops = sorted(units.names[u] for u in units.names if units.parent[u] is None)
    assert paths.count("Badan Pengelola Keuangan dan Aset Daerah / Sekretariat") == 1
    assert "Badan Pendapatan Daerah / Sekretariat" in paths
    assert "Badan Pendapatan Daerah / Bidang Anggaran" in paths
    assert tops == ["Badan Pendapatan Daerah", "Badan Pengelola Keuangan dan Aset Daerah",
                    "Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan"]


def test_siasn_dates_nulls_and_old_nip(db, tmp_path):
    path, expected = write_siasn_export(tmp_path / "siasn.xlsx")
    import_whole(db, path)
    with db.session_scope() as s:
        emp = s.scalar(select(m.Employee).where(m.Employee.name == "Syamsul Bahri"))
        assert (emp.front_title, emp.back_title, emp.birth_place) == (None, None, "Mamuju")
        assert (emp.birth_date, emp.rank_tmt, emp.sex) == (
            dt.date(1988, 7, 21), dt.date(2024, 4, 1), "L")
        assert s.scalar(select(m.Employee.nip).where(m.Employee.nip.like("64001%"))) is None


def test_reimporting_the_same_siasn_export_changes_nothing(db, tmp_path):
    path, expected = write_siasn_export(tmp_path / "siasn.xlsx")
    import_whole(db, path)
    _, again = import_whole(db, path)
    assert (again.new, again.changed, again.unchanged) == (0, 0, len(expected))


def test_export_then_import_round_trip_keeps_every_field(db, tmp_path):
    from karier_desktop.services.exporting import export_table

    path, expected = write_siasn_export(tmp_path / "siasn.xlsx")
    import_whole(db, path)
    out = tmp_path / "ekspor.xlsx"
    with db.session_scope() as s:
        export_table(s, "pegawai", out)
    with db.session_scope() as s:
        preview = build_preview(s, "pegawai", out, today=TODAY)
    assert not preview.errors and preview.unchanged == len(expected)


def test_siasn_training_history_imports_with_siasn_forms(db, tmp_path):
    path, expected = write_siasn_export(tmp_path / "siasn.xlsx")
    import_whole(db, path)
    nips = list(expected)
    preview, result = import_whole(db, write_siasn_kursus(tmp_path / "kursus.xlsx", nips),
                                   "pelatihan")
    assert preview.profile_label == "Riwayat kursus/diklat SIASN" and result.new == 5
    preview, result = import_whole(db, write_siasn_diklat(tmp_path / "diklat.xlsx", nips),
                                   "pelatihan")
    assert preview.profile_label == "Riwayat diklat struktural SIASN" and result.new == 2
    with db.session_scope() as s:
        forms = dict(s.execute(select(m.TrainingRecord.title, m.TrainingRecord.form_code)).all())
        latsar = s.scalar(select(m.TrainingRecord).where(
            m.TrainingRecord.title == "Pelatihan Dasar CPNS"))
        assert (latsar.jp, latsar.certificate_no, latsar.end_date) == (
            382, "LATSAR/2025/101", dt.date(2025, 6, 30))
    assert forms == {
        "Pelatihan Manajemen Puskesmas": "KL03", "Bimtek Penyusunan Anggaran": "KL10",
        "Outbound Kepemimpinan": "NKL06", "Komunitas Belajar Kurikulum": "NKL10",
        "Pertukaran Pegawai": "NKL08", "Pelatihan Kepemimpinan Pengawas (PKP)": "KL01",
        "Pelatihan Dasar CPNS": "KL01"}


def test_command_line_import_names_the_shape_and_imports_whole(tmp_path, capsys):
    from karier_desktop.cli import main

    path, expected = write_duk(tmp_path / "duk.xlsx")
    code = main(["import", "pegawai", str(path), "--db", str(tmp_path / "k.db")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Bentuk file dikenali: Daftar Urut Kepangkatan (DUK)." in out
    assert f"{len(expected)} baru, 0 berubah" in out

"""SIASN training export: SIASN's field names and formats, the certificate list, sent rows."""

from __future__ import annotations

import openpyxl
from exchange_world import NIP_ANDI, NIP_SITI, build_office, record

from karier_desktop.services import exchange

KURSUS_FIELDS = ["nipBaru", "namaKursus", "jenisDiklatId", "jenisKursusId", "jenisKursus",
                 "jumlahJam", "tahunKursus", "tanggalKursus", "tanggalSelesaiKursus",
                 "institusiPenyelenggara", "nomorSertipikat", "path"]


def _read(path):  # type: ignore[no-untyped-def]
    ws = openpyxl.load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    return ws, list(rows[0]), [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_kursus_sheet_speaks_siasn(db, tmp_path):  # type: ignore[no-untyped-def]
    with db.session_scope() as s:
        ids = build_office(s)
        result = exchange.export_siasn(s, "kursus", 2026, tmp_path / "kursus.xlsx")
    ws, headers, rows = _read(result.path)
    assert headers == KURSUS_FIELDS
    assert result.rows == 3  # the PKP goes to riwayat diklat, the 2025 seminar stays out
    first = next(r for r in rows if r["namaKursus"].startswith("Bimbingan Teknis"))
    assert first["nipBaru"] == NIP_SITI and ws["A2"].data_type == "s"
    assert first["tanggalKursus"] == "02-03-2026" and first["tanggalSelesaiKursus"] == "05-03-2026"
    assert first["jumlahJam"] == 32 and first["jenisDiklatId"] == 8  # Bimbingan Teknis
    assert first["nomorSertipikat"] == "BT-001" and first["tahunKursus"] == 2026
    assert first["institusiPenyelenggara"] == "BPSDM Sulbar"
    assert first["path"] == f"{NIP_SITI}_kursus_{ids['keuangan']}.pdf"
    formula = next(r for r in rows if "HYPERLINK" in r["namaKursus"])
    assert formula["namaKursus"].startswith("'=")  # never a live formula in SIASN's sheet


def test_diklat_sheet_has_the_structural_fields(db, tmp_path):  # type: ignore[no-untyped-def]
    with db.session_scope() as s:
        build_office(s)
        result = exchange.export_siasn(s, "diklat", 2026, tmp_path / "diklat.xlsx")
    _ws, headers, rows = _read(result.path)
    assert headers == ["nipBaru", "latihanStrukturalId", "latihanStrukturalNama", "nomor",
                       "tanggal", "tanggalSelesai", "tahun", "jumlahJam",
                       "institusiPenyelenggara", "path"]
    assert len(rows) == 1
    assert rows[0]["nipBaru"] == NIP_ANDI
    assert rows[0]["latihanStrukturalNama"] == "Pelatihan Kepemimpinan Pengawas (PKP)"
    assert rows[0]["latihanStrukturalId"] == "2"  # SEPALA/ADUM/DIKLAT PIM TK.IV (eselon IV)
    assert rows[0]["nomor"] == "PKP-9" and rows[0]["tanggal"] == "01-02-2026"
    assert rows[0]["jumlahJam"] == 830


def test_certificate_list_beside_the_sheet(db, tmp_path):  # type: ignore[no-untyped-def]
    with db.session_scope() as s:
        build_office(s)
        result = exchange.export_siasn(s, "kursus", 2026, tmp_path / "kursus.xlsx")
    assert result.certificates == tmp_path / "kursus - berkas sertifikat.xlsx"
    _ws, headers, rows = _read(result.certificates)
    assert "berkas" in headers and len(rows) == 3
    missing = [r for r in rows if "kosong" in (r["keterangan"] or "")]
    assert len(missing) == 1 and result.without_certificate == 1


def test_only_rows_not_yet_sent_unless_asked(db, tmp_path):  # type: ignore[no-untyped-def]
    with db.session_scope() as s:
        ids = build_office(s)
        exchange.export_siasn(s, "kursus", 2026, tmp_path / "a.xlsx")
    with db.session_scope() as s:
        again = exchange.export_siasn(s, "kursus", 2026, tmp_path / "b.xlsx")
    assert again.rows == 0 and again.already_sent == 3
    with db.session_scope() as s:
        record(s, ids["arsip"]).jp = 45  # corrected after sending
    with db.session_scope() as s:
        corrected = exchange.export_siasn(s, "kursus", 2026, tmp_path / "c.xlsx")
        everything = exchange.export_siasn(s, "kursus", 2026, tmp_path / "d.xlsx",
                                           include_sent=True)
    assert corrected.rows == 1
    _ws, _h, rows = _read(corrected.certificates)
    assert "koreksi" in rows[0]["keterangan"]
    assert everything.rows == 3


def test_exported_sheet_imports_back_through_the_siasn_profile(db, tmp_path):  # type: ignore[no-untyped-def]
    from karier_desktop.services import importing

    with db.session_scope() as s:
        build_office(s)
        result = exchange.export_siasn(s, "kursus", 2026, tmp_path / "kursus.xlsx")
        preview = importing.build_preview(s, "pelatihan", result.path)
    assert preview.profile == "siasn_riwayat_kursus"
    assert not preview.problems and not preview.invalid_rows
    assert preview.unchanged == 3  # the same records, recognised


def test_structural_levels_map_to_the_siasn_reference() -> None:
    from karier_desktop.services.exchange.siasn_export import structural_level, structural_levels

    levels = structural_levels()
    expected = {"Pelatihan Kepemimpinan Nasional Tingkat I Angkatan 50": "5",
                "PKN Tingkat II Angkatan III": "4", "Diklatpim Tk. III": "3",
                "Pelatihan Kepemimpinan Administrator Angkatan 2": "3",
                "PIM IV Angkatan 7": "2", "Latsar CPNS Golongan III": None}
    got = {title: (lvl.siasn_id if (lvl := structural_level(title, levels)) else None)
           for title in expected}
    assert got == expected

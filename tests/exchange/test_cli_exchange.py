"""The command line of issue 14: export siasn-*, rekonsiliasi, mutu-data."""

from __future__ import annotations

import json

import openpyxl
from exchange_world import NIP_SITI, build_office, siasn_sheet

from karier_desktop.cli import main
from karier_desktop.store.lifecycle import open_database


def run(capsys, *argv):  # type: ignore[no-untyped-def]
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _office(path):  # type: ignore[no-untyped-def]
    db = open_database(path)
    with db.session_scope() as s:
        build_office(s)
    db.dispose()


def test_export_siasn_kursus_then_again_sends_nothing(capsys, tmp_path):  # type: ignore[no-untyped-def]
    db = tmp_path / "k.db"
    _office(db)
    code, out, _ = run(capsys, "export", "siasn-kursus", "--db", db, "--tahun", "2026",
                       "-o", tmp_path / "kursus.xlsx")
    assert code == 0 and "3 baris riwayat kursus 2026" in out and "berkas sertifikat" in out
    ws = openpyxl.load_workbook(tmp_path / "kursus.xlsx").active
    assert ws["A1"].value == "nipBaru" and ws["B1"].value == "namaKursus"
    code, out, _ = run(capsys, "export", "siasn-kursus", "--db", db, "--tahun", "2026",
                       "-o", tmp_path / "lagi.xlsx")
    assert code == 0 and "0 baris" in out and "sudah pernah dikirim" in out
    code, out, _ = run(capsys, "export", "siasn-diklat", "--db", db, "--tahun", "2026",
                       "-o", tmp_path / "diklat.xlsx", "--semua")
    assert code == 0 and "1 baris riwayat diklat" in out


def test_rekonsiliasi_json_and_exit_code(capsys, tmp_path):  # type: ignore[no-untyped-def]
    db = tmp_path / "k.db"
    _office(db)
    siasn = siasn_sheet(tmp_path / "siasn.xlsx", [
        {"nipBaru": NIP_SITI, "namaKursus": "Pelatihan Teknis Kearsipan", "jumlahJam": 40,
         "tanggalKursus": "04-05-2026", "tanggalSelesaiKursus": "08-05-2026"}])
    code, out, _ = run(capsys, "rekonsiliasi", "--db", db, "--siasn", siasn, "--json")
    data = json.loads(out)
    assert code == 1  # trainings left to upload
    assert data["jumlah"]["sama"] == 1 and data["jumlah"]["hanya_aplikasi"] == 4
    code, out, _ = run(capsys, "rekonsiliasi", "--db", db, "--siasn", siasn)
    assert "Hanya di aplikasi (unggah ke SIASN)" in out
    code, _out, err = run(capsys, "rekonsiliasi", "--db", db, "--siasn", tmp_path / "x.xlsx")
    assert code == 2 and "tidak ditemukan" in err


def test_mutu_data(capsys, tmp_path):  # type: ignore[no-untyped-def]
    db = tmp_path / "k.db"
    _office(db)
    code, out, _ = run(capsys, "mutu-data", "--db", db, "--json")
    data = json.loads(out)
    assert code == 0 and data["pegawai"] == 2 and data["opd"][0]["kode"] == "DINKES"
    assert data["perbaikan"][0]["aturan"] == "asesmen_baru"
    code, out, _ = run(capsys, "mutu-data", "--db", db, "--opd", "DINKES")
    assert code == 0 and "Dinas Kesehatan" in out and "Belum ada asesmen" in out
    code, _out, err = run(capsys, "mutu-data", "--db", db, "--opd", "NOPE")
    assert code == 2 and "tidak ditemukan" in err


def test_paket_buat_terapkan_and_refusals(capsys, tmp_path):  # type: ignore[no-untyped-def]
    opd, bkpp = tmp_path / "opd.db", tmp_path / "bkpp.db"
    _office(opd)
    _office(bkpp)
    sandi = tmp_path / "sandi.txt"
    sandi.write_text("sandi rahasia kantor\n", encoding="utf-8")
    package = tmp_path / "dinkes-1.kasn"
    code, out, _ = run(capsys, "paket", "buat", "--db", opd, "--sebagai", "DINKES", "-o",
                       package, "--sandi-file", sandi)
    assert code == 0 and "Paket nomor 1 untuk BKPP: 5 catatan" in out
    code, out, _ = run(capsys, "paket", "terapkan", package, "--db", bkpp, "--sandi-file", sandi,
                       "--dry-run")
    assert code == 0 and "5 tidak berubah" in out and "Uji coba" in out
    code, out, _ = run(capsys, "paket", "terapkan", package, "--db", bkpp, "--sandi-file", sandi)
    assert code == 0 and "Paket diterapkan" in out
    receipt = tmp_path / "dinkes-1 - tanda terima.kasn"
    assert receipt.exists()
    code, out, err = run(capsys, "paket", "terapkan", package, "--db", bkpp, "--sandi-file",
                         sandi)
    assert code == 1 and "sudah pernah diterapkan" in err
    wrong = tmp_path / "salah.txt"
    wrong.write_text("bukan sandinya\n", encoding="utf-8")
    code, _out, err = run(capsys, "paket", "terapkan", receipt, "--db", opd, "--sandi-file", wrong)
    assert code == 1 and "sandi salah" in err
    junk = tmp_path / "junk.kasn"
    junk.write_bytes(b"not a package at all")
    code, _out, err = run(capsys, "paket", "terapkan", junk, "--db", opd, "--sandi-file", sandi)
    assert code == 2 and "bukan paket" in err
    code, out, _ = run(capsys, "paket", "terapkan", receipt, "--db", opd, "--sandi-file", sandi)
    assert code == 0 and "5 diterima" in out


def test_paket_kunci_then_an_opd_package_is_refused_for_that_record(capsys, tmp_path):  # type: ignore[no-untyped-def]
    from exchange_world import record
    from sqlalchemy import select

    from karier_desktop.store import models as m

    opd, bkpp = tmp_path / "opd.db", tmp_path / "bkpp.db"
    _office(opd)
    _office(bkpp)
    sandi = tmp_path / "sandi.txt"
    sandi.write_text("sandi rahasia kantor\n", encoding="utf-8")
    first = tmp_path / "dinkes-1.kasn"
    assert run(capsys, "paket", "buat", "--db", opd, "--sebagai", "DINKES", "-o", first,
               "--sandi-file", sandi)[0] == 0
    code, out, err = run(capsys, "paket", "kunci", "--db", opd)
    assert code == 1 and "Hanya BKPP" in err
    code, out, _ = run(capsys, "paket", "kunci", "--db", bkpp, "--opd", "DINKES", "--tahun",
                       "2026")
    assert code == 0 and "4 catatan pelatihan OPD DINKES tahun 2026 disetujui dan dikunci" in out
    assert "4 dari 5 terkunci" in out
    db = open_database(opd)
    with db.session_scope() as s:
        rid = s.scalar(select(m.TrainingRecord.id).where(
            m.TrainingRecord.title == "Pelatihan Teknis Kearsipan"))
        record(s, rid).jp = 99
    db.dispose()
    second = tmp_path / "dinkes-2.kasn"
    assert run(capsys, "paket", "buat", "--db", opd, "-o", second, "--sandi-file", sandi)[0] == 0
    code, out, _ = run(capsys, "paket", "terapkan", second, "--db", bkpp, "--sandi-file", sandi)
    assert code == 1 and "[ditolak]" in out and "dikunci" in out
    db = open_database(bkpp)
    with db.read_scope() as s:
        assert s.scalar(select(m.TrainingRecord.jp).where(
            m.TrainingRecord.title == "Pelatihan Teknis Kearsipan")) == 40
    db.dispose()

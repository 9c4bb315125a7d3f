"""CLI end to end: import kinerja|potensi, talenta, suksesi, pensiun (exit codes and output)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from karier_desktop.cli import main

from .conftest import World


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def sheet(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _nip(world: World, name: str) -> str:
    with world.db.session_scope() as s:
        from karier_desktop.store import models as m

        return s.get(m.Employee, world.ids[name]).nip  # type: ignore[union-attr]


def _count(db_path: Path, table: str) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_import_kinerja_all_or_nothing_with_row_numbers(world: World, db_path: Path,
                                                        tmp_path: Path, capsys) -> None:
    gita, budi = _nip(world, "Gita"), _nip(world, "Budi")
    world.db.dispose()
    bad = sheet(tmp_path / "skp.xlsx", [
        ["Rekap SKP 2025"], [],
        ["NIP BARU", "TAHUN", "HASIL KINERJA", "PERILAKU KERJA", "KUADRAN KINERJA"],
        [gita, 2025, "DIATAS EKSPEKTASI", "SESUAI EKSPEKTASI", ""],
        [budi, 2025, "", "", "LUAR BIASA"],
        ["199901012020011001", 2025, "", "", "BAIK"]])
    before = _count(db_path, "skp_results")
    code, out, _err = run(capsys, "import", "kinerja", bad, "--db", db_path)
    assert code == 1
    assert "Baris 5: predikat kinerja 'LUAR BIASA' tidak dikenal" in out
    assert "Baris 6: pegawai dengan NIP 199901012020011001 belum terdaftar" in out
    assert _count(db_path, "skp_results") == before  # nothing written
    code, out, _err = run(capsys, "import", "kinerja", bad, "--db", db_path, "--skip-invalid")
    assert code == 0 and "1 baru" in out and "Cadangan sebelum impor" in out
    conn = sqlite3.connect(db_path)
    predikat = conn.execute("SELECT predikat FROM skp_results WHERE year = 2025").fetchall()
    conn.close()
    assert predikat == [("Baik",)]  # derived from di atas × sesuai


def test_import_potensi_dry_run_then_apply(world: World, db_path: Path, tmp_path: Path,
                                           capsys) -> None:
    gita = _nip(world, "Gita")
    world.db.dispose()
    path = sheet(tmp_path / "potensi.xlsx", [
        ["NIP", "TANGGAL", "BERPIKIR KRITIS", "INTELEKTUAL", "INTERPERSONAL", "KESADARAN DIRI",
         "MOTIVASI & KOMITMEN", "TOTAL"],
        [gita, "15-06-2026", 70, 80, 75, 85, 90, None]])
    code, out, _ = run(capsys, "import", "potensi", path, "--db", db_path, "--dry-run")
    assert code == 0 and "tidak ada yang disimpan" in out and "1 baru" in out
    before = _count(db_path, "potential_results")
    code, out, _ = run(capsys, "import", "potensi", path, "--db", db_path)
    assert code == 0 and _count(db_path, "potential_results") == before + 1
    code, out, _ = run(capsys, "import", "potensi", path, "--db", db_path)
    assert code == 0 and "sudah pernah diimpor" in out and "1 tidak berubah" in out
    assert _count(db_path, "potential_results") == before + 1  # not doubled


def test_import_unreadable_file_exit_2(world: World, db_path: Path, tmp_path: Path,
                                       capsys) -> None:
    world.db.dispose()
    junk = tmp_path / "x.xlsx"
    junk.write_text("bukan excel")
    code, _out, err = run(capsys, "import", "kinerja", junk, "--db", db_path)
    assert code == 2 and "Kesalahan" in err


def test_talenta_json_and_text(world: World, db_path: Path, capsys) -> None:
    world.db.dispose()
    code, out, _ = run(capsys, "talenta", "--db", db_path, "--periode", 2026, "--json")
    assert code == 0
    data = json.loads(out)
    ani = next(p for p in data["pegawai"] if p["nama"] == "Ani")
    assert (ani["sumbu_x"], ani["sumbu_y"], ani["box"]) == (92.0, 100.0, 9)
    assert data["jumlah_per_kotak"]["9"] == 5 and data["belum_dipetakan"] == 1
    code, out, _ = run(capsys, "talenta", "--db", db_path, "--periode", 2026, "--opd", "DINKES")
    assert code == 0 and "3 pegawai dipetakan" in out and "[9]     2" in out
    code, _out, err = run(capsys, "talenta", "--db", db_path, "--periode", 2026, "--opd", "XX")
    assert code == 2 and "OPD dengan kode 'XX' tidak ditemukan" in err


def test_suksesi_ranked_candidates(world: World, db_path: Path, capsys) -> None:
    world.db.dispose()
    code, out, _ = run(capsys, "suksesi", "--db", db_path, "--jabatan",
                       "kepala bidang pelayanan", "--periode", 2026, "--json")
    assert code == 0
    data = json.loads(out)
    assert [(c["nama"], c["box"], c["jpm"]) for c in data["calon"]] == [
        ("Ani", 9, 100.0), ("Budi", 8, 80.0)]
    assert data["calon"][1]["kesenjangan"][0]["kompetensi"] == "Integritas"
    code, out, _ = run(capsys, "suksesi", "--db", db_path, "--jabatan", "Kepala Bidang Pelayanan",
                       "--periode", 2026)
    assert code == 0 and "2 calon" in out and "Siap sekarang" in out
    code, _out, err = run(capsys, "suksesi", "--db", db_path, "--jabatan", "Bupati")
    assert code == 1 and "tidak ditemukan" in err


def test_pensiun_years(world: World, db_path: Path, capsys) -> None:
    world.db.dispose()
    code, out, _ = run(capsys, "pensiun", "--db", db_path, "--tahun", 2027, "--json")
    assert code == 0
    assert [(r["nama"], r["tanggal_pensiun"]) for r in json.loads(out)] == [
        ("Hasan", "2027-01-01"), ("Dedi", "2027-04-01")]
    code, out, _ = run(capsys, "pensiun", "--db", db_path, "--tahun", 2026, "--sampai", 2030)
    assert code == 0 and "2 orang" in out
    code, _out, err = run(capsys, "pensiun", "--db", db_path, "--tahun", 2027, "--sampai", 2026)
    assert code == 2


def test_other_import_kinds_still_work(world: World, db_path: Path, tmp_path: Path,
                                       capsys) -> None:
    world.db.dispose()
    path = sheet(tmp_path / "p.xlsx", [["NIP", "NAMA"], ["abc", "X"]])
    code, out, _ = run(capsys, "import", "pegawai", path, "--db", db_path, "--dry-run")
    assert code == 1 and "Baris 2" in out

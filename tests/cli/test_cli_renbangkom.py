"""`karier-desktop renbangkom | ipasn | profil-opd` as a clerk or a script uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from karier_desktop.cli import main
from karier_desktop.store.db import Database
from tests.renbang_regency import YEAR, approve_idps


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_renbangkom_builds_prints_and_summarises(capsys: pytest.CaptureFixture[str],
                                                 demo_db: Database, tmp_path: Path) -> None:
    approve_idps(demo_db, every=2)
    path = str(demo_db.path)
    demo_db.dispose()
    pdf, xlsx = tmp_path / "rencana.pdf", tmp_path / "lampiran.xlsx"
    code, _out, err = run(capsys, "renbangkom", "--db", path, "--tahun", str(YEAR),
                          "-o", str(pdf))
    assert code == 1 and "Belum ada rencana pengembangan kompetensi tahun 2027" in err
    code, out, err = run(capsys, "renbangkom", "--db", path, "--tahun", str(YEAR), "-o",
                         str(pdf), "--lampiran", str(xlsx), "--susun", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["versi"] == 1 and data["status"] == "draf" and data["kegiatan"] > 0
    assert sum(b["direncanakan"] for b in data["anggaran"]) == data["biaya"]
    assert sum(o["biaya"] for o in data["opd"]) == data["biaya"]
    assert len(PdfReader(str(pdf)).pages) >= 4
    assert load_workbook(xlsx).active.max_row - 1 == data["peserta"]


def test_ipasn_per_employee_opd_and_regency(capsys: pytest.CaptureFixture[str],
                                            demo_template: Path) -> None:
    code, out, err = run(capsys, "ipasn", "--db", str(demo_template), "--tahun", "2026",
                         "--json")
    assert code == 0, err
    data = json.loads(out)
    people = data["pegawai"]
    assert people and all(p["skor"] == sum(p["bagian"].values()) for p in people)
    assert set(people[0]["bagian"]) == {"kepemimpinan", "fungsional", "teknis", "seminar"}
    assert data["kabupaten"]["rata_rata"] == round(
        sum(p["skor"] for p in people) / len(people), 2)
    code, out, _err = run(capsys, "ipasn", "--db", str(demo_template), "--tahun", "2026",
                          "--opd", "SETDA")
    assert code == 0 and "Rata-rata OPD" in out
    code, _out, err = run(capsys, "ipasn", "--db", str(demo_template), "--tahun", "2026",
                          "--opd", "TIDAKADA")
    assert code == 1 and "TIDAKADA tidak ditemukan" in err


def test_profil_opd_writes_one_page(capsys: pytest.CaptureFixture[str], demo_template: Path,
                                    tmp_path: Path) -> None:
    target = tmp_path / "profil.pdf"
    code, out, err = run(capsys, "profil-opd", "--db", str(demo_template), "--opd", "SETDA",
                         "--tahun", "2027", "-o", str(target))
    assert code == 0, err
    assert "Profil:" in out and len(PdfReader(str(target)).pages) == 1


def test_annex_columns_from_the_command_line(capsys: pytest.CaptureFixture[str],
                                             demo_db: Database, tmp_path: Path) -> None:
    approve_idps(demo_db, every=3)
    path = str(demo_db.path)
    demo_db.dispose()
    xlsx = tmp_path / "lampiran.xlsx"
    code, _out, err = run(capsys, "renbangkom", "--db", path, "--tahun", str(YEAR), "-o",
                          str(tmp_path / "r.pdf"), "--lampiran", str(xlsx), "--susun",
                          "--kolom", "nip,nama,kegiatan,biaya")
    assert code == 0, err
    first = next(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert first == ("NIP", "Nama", "Kegiatan", "Biaya")
    code, _out, err = run(capsys, "renbangkom", "--db", path, "--tahun", str(YEAR), "-o",
                          str(tmp_path / "r.pdf"), "--lampiran", str(xlsx), "--kolom", "salah")
    assert code == 1 and "Pilih paling sedikit satu kolom lampiran" in err


def test_ipasn_imports_the_other_dimensions_and_reports_the_whole_index(
        capsys: pytest.CaptureFixture[str], demo_db: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook
    from sqlalchemy import select

    from karier_desktop.store import models as m

    with demo_db.session_scope() as s:
        nip = s.scalar(select(m.Employee.nip).where(m.Employee.status == "aktif")
                       .order_by(m.Employee.id))
    path = str(demo_db.path)
    demo_db.dispose()
    sheet = tmp_path / "dimensi.xlsx"
    wb = Workbook()
    wb.active.append(["NIP", "Pendidikan", "Predikat SKP", "Hukuman Disiplin"])
    wb.active.append([nip, "S3", "Sangat Baik", "Tidak pernah"])
    wb.save(sheet)
    code, out, err = run(capsys, "ipasn", "--db", path, "--tahun", "2026", "--impor",
                         str(sheet), "--dry-run")
    assert code == 0, err
    assert "1 baris dapat diimpor" in out
    code, out, err = run(capsys, "ipasn", "--db", path, "--tahun", "2026", "--impor",
                         str(sheet), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["bobot"] == {"kualifikasi": 25, "kompetensi": 40, "kinerja": 30, "disiplin": 5}
    me = next(p for p in data["pegawai"] if p["nip"] == nip)["indeks"]
    assert (me["kualifikasi"], me["kinerja"], me["disiplin"]) == (25, 30, 5)
    assert me["total"] == 25 + me["kompetensi"] + 30 + 5 and me["belum_ada_data"] == []
    people = data["pegawai"]
    assert data["kabupaten"]["indeks_rata_rata"] == round(
        sum(p["indeks"]["total"] for p in people) / len(people), 2)
    wb.active.append(["123", "S1", "Baik", ""])
    wb.save(sheet)
    code, _out, err = run(capsys, "ipasn", "--db", path, "--tahun", "2026", "--impor",
                          str(sheet))
    assert code == 1 and "Baris 3: NIP tidak terdaftar" in err and "123" not in err

"""`karier-desktop idp`: one employee or a whole unit to PDF, Indonesian messages, exit codes."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from karier_desktop.cli import main
from karier_desktop.domain.nip import format_nip
from karier_desktop.store import models as m
from karier_desktop.store.db import Database


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def _employee(db: Database, eid: int = 25) -> tuple[str, str]:
    with db.session_scope() as s:
        emp = s.get(m.Employee, eid)
        return emp.nip, emp.name


def test_one_employee_drafts_then_reuses_the_saved_plan(
        capsys: pytest.CaptureFixture[str], demo_db: Database, tmp_path: Path) -> None:
    nip, name = _employee(demo_db)
    db_file = str(demo_db.path)
    demo_db.dispose()
    out_pdf = tmp_path / "idp.pdf"
    code, out, err = run(capsys, "idp", "--db", db_file, "--nip", format_nip(nip),
                         "--tahun", "2027", "-o", str(out_pdf), "--tanggal", "29-11-2026")
    assert code == 0, err
    assert "draf disusun otomatis dan disimpan" in out
    assert f"Disimpan di {out_pdf}" in out
    text = _text(out_pdf)
    assert format_nip(nip) in text and name in text and "PEGAWAI ASN TAHUN 2027" in text
    code, out, _err = run(capsys, "idp", "--db", db_file, "--nip", nip, "--tahun", "2027",
                          "-o", str(tmp_path / "lagi"), "--tanggal", "29-11-2026")
    assert code == 0 and "draf disusun" not in out
    assert (tmp_path / "lagi.pdf").exists()
    with closing(sqlite3.connect(db_file)) as con:
        plans = con.execute("select count(*) from development_plans").fetchone()[0]
    assert plans == 1


def test_unit_to_folder_and_combined_file(capsys: pytest.CaptureFixture[str],
                                          demo_db: Database, tmp_path: Path) -> None:
    with demo_db.session_scope() as s:
        unit = s.execute(select(m.Unit.id, m.Unit.name).where(m.Unit.code == "BKPP")).one()
        members = s.scalar(select(func.count()).select_from(m.Employee).join(
            m.Unit, m.Unit.id == m.Employee.unit_id).where(
            (m.Unit.id == unit.id) | (m.Unit.parent_id == unit.id)))
    db_file = str(demo_db.path)
    demo_db.dispose()
    folder, combined = tmp_path / "idp", tmp_path / "gabung.pdf"
    code, out, err = run(capsys, "idp", "--db", db_file, "--unit", "BKPP", "--tahun", "2027",
                         "--out-dir", str(folder), "--gabung", str(combined),
                         "--tanggal", "29-11-2026")
    assert code == 0, err
    assert f"{unit.name}: {members} IDP tahun 2027 dicetak ({members} draf baru" in out
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) == members
    assert all(p.name.startswith("IDP 2027 - ") for p in pdfs)
    assert "Halaman 1 dari" in _text(combined)
    assert not list(folder.glob("*.~tmp"))


def test_errors_have_indonesian_messages_and_codes(capsys: pytest.CaptureFixture[str],
                                                   demo_template: Path, tmp_path: Path) -> None:
    db_file = str(demo_template)
    code, _out, err = run(capsys, "idp", "--db", db_file, "--nip", "123", "--tahun", "2027",
                          "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and "NIP harus 18 digit" in err
    code, _out, err = run(capsys, "idp", "--db", db_file, "--nip", "19850312 201001 1 999",
                          "--tahun", "2027", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "tidak ditemukan" in err
    code, _out, err = run(capsys, "idp", "--db", db_file, "--unit", "TIDAKADA", "--tahun",
                          "2027", "--out-dir", str(tmp_path))
    assert code == 1 and "Unit dengan kode 'TIDAKADA' tidak ditemukan" in err
    code, _out, err = run(capsys, "idp", "--db", db_file, "--unit", "BKPP", "--tahun", "2027")
    assert code == 2 and "--out-dir" in err
    code, _out, err = run(capsys, "idp", "--db", db_file, "--nip", "19850312 201001 1 999",
                          "--tahun", "2027")
    assert code == 2 and "-o FILE.pdf" in err
    with pytest.raises(SystemExit) as exc:
        main(["idp", "--db", db_file, "--unit", "BKPP", "--tahun", "27", "--out-dir", "x"])
    assert exc.value.code == 2
    assert "tahun 27 tidak wajar" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())

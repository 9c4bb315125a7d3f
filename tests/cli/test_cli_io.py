"""CLI import/export/backup/restore: exit codes 0, 1, 2 and the messages a clerk reads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest

from karier_desktop.cli import main

NIP_ANDI = "198503122010011005"
NIP_SITI = "199001152015032002"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def sheet(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def employees(db_path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT nip, name FROM employees ORDER BY nip").fetchall()
    finally:
        conn.close()


def test_import_valid_file_exit_0_with_counts(capsys, tmp_path):
    db = tmp_path / "k.db"
    src = sheet(tmp_path / "p.xlsx", [["NIP", "NAMA"], [NIP_ANDI, "Andi"], [NIP_SITI, "Siti"]])
    code, out, err = run(capsys, "import", "pegawai", src, "--db", db)
    assert code == 0, err
    assert "2 baru, 0 berubah, 0 tidak berubah" in out
    assert len(employees(db)) == 2
    from karier_desktop.services.start import view as start_view

    kept = start_view.load(db)  # the window's next start shows the imported rows at once
    assert kept is not None and sorted(r.name for r in kept.rows) == ["Andi", "Siti"]
    code, out, _ = run(capsys, "import", "pegawai", src, "--db", db)
    assert code == 0 and "sudah pernah diimpor" in out and "0 baru, 0 berubah, 2 tidak" in out


def test_import_invalid_rows_exit_1_lists_rows_and_writes_nothing(capsys, tmp_path):
    db = tmp_path / "k.db"
    src = sheet(tmp_path / "p.xlsx", [["NIP", "NAMA"], [NIP_ANDI, "Andi"],
                                      ["198503122010011006", "Beda"], [198503122010011000, "X"],
                                      [NIP_ANDI, "Ganda"]])
    code, out, _ = run(capsys, "import", "pegawai", src, "--db", db)
    assert code == 1
    assert "Baris 4: NIP tampaknya dibulatkan oleh Excel" in out
    assert "Baris 5: NIP 19850312 201001 1 005 sama dengan baris 2" in out
    assert "tidak ada data yang disimpan" in out
    assert employees(db) == []
    code, out, _ = run(capsys, "import", "pegawai", src, "--db", db, "--dry-run")
    assert code == 1 and "Uji coba" in out and employees(db) == []
    code, out, _ = run(capsys, "import", "pegawai", src, "--db", db, "--skip-invalid")
    assert code == 0 and "2 baris salah dilewati" in out
    assert [n for n, _ in employees(db)] == [NIP_ANDI, "198503122010011006"]


def test_import_unreadable_file_or_bad_arguments_exit_2(capsys, tmp_path):
    db = tmp_path / "k.db"
    fake = tmp_path / "p.xlsx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    code, _out, err = run(capsys, "import", "pegawai", fake, "--db", db)
    assert code == 2 and "bukan file .xlsx yang sebenarnya" in err and "Traceback" not in err
    assert not db.exists()
    code, _out, err = run(capsys, "import", "pegawai", tmp_path / "hilang.csv", "--db", db)
    assert code == 2 and "tidak ditemukan" in err
    with pytest.raises(SystemExit) as exc:
        main(["import", "gaji", str(fake), "--db", str(db)])
    assert exc.value.code == 2
    assert "pilihan tidak dikenal" in capsys.readouterr().err


def test_export_then_backup_then_restore(capsys, tmp_path):
    db = tmp_path / "k.db"
    src = sheet(tmp_path / "p.xlsx", [["NIP", "NAMA"], [NIP_ANDI, "Andi"]])
    assert run(capsys, "import", "pegawai", src, "--db", db)[0] == 0
    code, out, _ = run(capsys, "export", "pegawai", "--db", db, "-o", tmp_path / "out.csv")
    assert code == 0 and "1 baris pegawai diekspor" in out
    assert "19850312 201001 1 005;Andi" in (tmp_path / "out.csv").read_text("utf-8-sig")
    code, _out, err = run(capsys, "export", "pegawai", "--db", db, "-o", tmp_path / "out.pdf")
    assert code == 2 and ".xlsx atau .csv" in err
    usb = tmp_path / "usb" / "cadangan.db"
    code, out, _ = run(capsys, "backup", "--db", db, "-o", usb)
    assert code == 0 and "sudah diperiksa" in out and usb.exists()
    src2 = sheet(tmp_path / "q.xlsx", [["NIP", "NAMA"], [NIP_SITI, "Siti"]])
    assert run(capsys, "import", "pegawai", src2, "--db", db)[0] == 0
    assert len(employees(db)) == 2
    code, out, _ = run(capsys, "restore", "--db", db, "--dari", usb)
    assert code == 0 and "dipulihkan" in out
    assert employees(db) == [(NIP_ANDI, "Andi")]
    code, _out, err = run(capsys, "restore", "--db", db, "--dari", tmp_path / "tidak.db")
    assert code == 2 and "tidak ditemukan" in err

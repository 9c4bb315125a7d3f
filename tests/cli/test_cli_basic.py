"""The command line as a clerk or a script uses it: messages, exit codes, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from karier_desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_bad_arguments_give_indonesian_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["gap", "--db", "x.db"])
    assert exc.value.code == 2
    assert "argumen berikut wajib diisi" in capsys.readouterr().err


def test_check_on_missing_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run(capsys, "check", "--db", str(tmp_path / "tidak-ada.db"))
    assert code == 2
    assert "Database tidak ditemukan" in err


def test_gap_with_bad_nip(capsys: pytest.CaptureFixture[str], demo_template: Path) -> None:
    code, _out, err = run(capsys, "gap", "--db", str(demo_template), "--nip", "123")
    assert code == 2
    assert "NIP harus 18 digit" in err
    assert "Traceback" not in err


def test_gap_unknown_employee(capsys: pytest.CaptureFixture[str], demo_db: object,
                              tmp_path: Path) -> None:
    code, _out, err = run(capsys, "gap", "--db", str(tmp_path / "demo.db"),
                          "--nip", "19850312 201001 1 999")
    assert code == 1
    assert "tidak ditemukan" in err


def test_demo_then_check_then_gap_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "d.db")
    code, out, _ = run(capsys, "demo", "--db", db, "--employees", "150", "--seed", "3")
    assert code == 0 and "150 pegawai" in out
    from karier_desktop.services.start import view as start_view

    kept = start_view.load(Path(db))  # the window's first start shows the regency at once
    assert kept is not None and kept.summary.employees == len(kept.rows) == 150
    code, out, _ = run(capsys, "check", "--db", db)
    assert code == 0 and "Database sehat" in out
    from karier_desktop.store import models as m
    from karier_desktop.store.lifecycle import open_database

    database = open_database(db)
    with database.session_scope() as s:
        from sqlalchemy import select

        nips = list(s.scalars(select(m.Employee.nip).order_by(m.Employee.id)))
    database.dispose()
    found_assessed = False
    for nip in nips[:40]:
        code, out, _ = run(capsys, "gap", "--db", db, "--nip", nip, "--json")
        assert code == 0
        data = json.loads(out)
        assert set(data) == {"nip", "nama", "jabatan", "jpm", "kategori", "kompetensi"}
        assert data["nip"] == nip
        rows = data["kompetensi"]
        assessed = [r for r in rows if r["aktual"] is not None]
        if not assessed:
            # never assessed, or every level expired (then "Kedaluwarsa", as on every page)
            assert data["jpm"] is None and data["kategori"] in ("Belum diases", "Kedaluwarsa")
            continue
        found_assessed = True
        expected = min(100.0, round(sum(r["aktual"] for r in assessed) * 100
                                    / sum(r["standar"] for r in assessed), 2))  # capped by default
        assert data["jpm"] == pytest.approx(expected, abs=0.01)
        cat = ("Optimal" if expected >= 90 else "Cukup Optimal" if expected >= 78
               else "Kurang Optimal")
        assert data["kategori"] == cat
        for r in rows:
            assert r["selisih"] == (None if r["aktual"] is None else r["aktual"] - r["standar"])
    assert found_assessed


def test_demo_refuses_a_database_with_employees(capsys: pytest.CaptureFixture[str],
                                                demo_db: object, tmp_path: Path) -> None:
    code, _out, err = run(capsys, "demo", "--db", str(tmp_path / "demo.db"), "--employees", "5")
    assert code == 1
    assert "sudah berisi pegawai" in err


def test_check_reports_a_bad_nip(capsys: pytest.CaptureFixture[str], demo_db: object,
                                 tmp_path: Path) -> None:
    from karier_desktop.store.db import Database

    assert isinstance(demo_db, Database)
    with demo_db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE employees SET nip='198503122010013005' WHERE id=1")
    demo_db.dispose()
    code, out, _ = run(capsys, "check", "--db", str(tmp_path / "demo.db"))
    assert code == 1
    assert "Digit ke-15" in out

"""`karier-desktop pindah`: an office's SQLite file onto a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from karier_desktop.cli import main as cli
from karier_desktop.services import check as check_service
from karier_desktop.services import demo
from karier_desktop.store import models as m
from karier_desktop.store.lifecycle import open_database

TODAY = dt.date(2026, 11, 29)


def _office_file(tmp_path: Path, n: int = 150) -> Path:
    path = tmp_path / "kantor.db"
    db = open_database(path)
    try:
        with db.session_scope() as s:
            demo.generate(s, n, seed=5, today=TODAY)
            first, last = s.execute(select(func.min(m.Employee.id), func.max(m.Employee.id))).one()
            # a supervisor stored after the employee: the copy must not trip over the order
            s.execute(text("UPDATE employees SET supervisor_id = :b WHERE id = :a"),
                      {"a": first, "b": last})
    finally:
        db.dispose()
    return path


def _counts(url: str) -> dict[str, int]:
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in m.Base.metadata.sorted_tables
                    if t.name not in ("startup_snapshot", "start_changes")}
    finally:
        db.dispose()


def test_everything_moves_counts_match_and_the_server_works_on(
        pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    office = _office_file(tmp_path)
    before = _counts(str(office))
    assert cli(["pindah", "--dari", str(office), "--ke", pg_url, "--uji"]) == 0
    assert "tidak ada yang ditulis" in capsys.readouterr().out
    assert _counts(pg_url)["employees"] == 0
    assert cli(["pindah", "--dari", str(office), "--ke", pg_url]) == 0
    assert "Pindah selesai" in capsys.readouterr().out
    after = _counts(pg_url)
    assert after["employees"] == 150
    assert {k: v for k, v in after.items() if k != "audit_log"} == \
        {k: v for k, v in before.items() if k != "audit_log"}
    assert after["audit_log"] == before["audit_log"] + 1  # the move itself is audited
    src = sqlite3.connect(office)
    expected = src.execute("SELECT nip, name, birth_date, supervisor_id FROM employees "
                           "ORDER BY id").fetchall()
    src.close()
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            got = s.execute(select(m.Employee.nip, m.Employee.name, m.Employee.birth_date,
                                   m.Employee.supervisor_id).order_by(m.Employee.id)).all()
            assert [(n, nm, d.isoformat(), sup) for n, nm, d, sup in got] == expected
            s.add(m.Unit(code="BARU", name="Unit Baru"))  # the counters moved past the copy
        with db.session_scope() as s:
            assert check_service.run_check(s).healthy
            assert s.scalar(select(m.AuditLog.action).order_by(m.AuditLog.id.desc())
                            .limit(1)) == "pindah"
    finally:
        db.dispose()


def test_rows_the_server_would_refuse_are_listed_and_nothing_moves(
        pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    office = _office_file(tmp_path, 60)
    src = sqlite3.connect(office)
    src.execute("UPDATE employees SET name = ? WHERE id = (SELECT min(id) FROM employees)",
                ("Rahasia " + "x" * 143,))
    src.execute("UPDATE employees SET birth_date = '1985-02-30' "
                "WHERE id = (SELECT max(id) FROM employees)")
    ids = src.execute("SELECT min(id), max(id) FROM employees").fetchone()
    src.commit()
    src.close()
    assert cli(["pindah", "--dari", str(office), "--ke", pg_url]) == 1
    out = capsys.readouterr()
    assert (f"Ditolak: Tabel employees, baris {ids[0]}, kolom name: 151 karakter, paling "
            "banyak 150.") in out.out
    assert f"Ditolak: Tabel employees, baris {ids[1]}, kolom birth_date: bukan tanggal yang " \
           "sah." in out.out
    assert "2 nilai akan ditolak server; tidak ada yang dipindahkan" in out.err
    assert "Rahasia" not in out.out + out.err
    assert _counts(pg_url)["employees"] == 0


def test_a_server_already_in_use_is_refused(pg_url: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["demo", "--db", pg_url, "--employees", "50"]) == 0
    office = _office_file(tmp_path, 60)
    assert cli(["pindah", "--dari", str(office), "--ke", pg_url]) == 1
    assert "sudah berisi data" in capsys.readouterr().err
    assert _counts(pg_url)["employees"] == 50


def test_a_password_on_the_command_line_or_a_missing_file_is_refused(
        pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    office = _office_file(tmp_path, 50)
    with_password = pg_url.replace("karier@", "karier:rahasia123@")
    assert cli(["pindah", "--dari", str(office), "--ke", with_password]) == 2
    assert cli(["pindah", "--dari", str(tmp_path / "tidak-ada.db"), "--ke", pg_url]) == 1
    err = capsys.readouterr().err
    assert "PGPASSWORD" in err and "rahasia123" not in err
    assert "File database tidak ditemukan: tidak-ada.db" in err

"""The shared-office database on a real PostgreSQL server (started by tests/run.sh)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from karier_desktop.cli import main as cli
from karier_desktop.services import check as check_service
from karier_desktop.services import demo, employees
from karier_desktop.store import models as m
from karier_desktop.store.lifecycle import DatabaseUnavailable, open_database, safe_url

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 29)


def _demo(url: str, n: int = 120) -> None:
    db = open_database(url)
    try:
        with db.session_scope() as s:
            demo.generate(s, n, seed=3, today=TODAY)
    finally:
        db.dispose()


def test_a_new_server_database_is_migrated_seeded_and_healthy(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            assert s.scalar(select(func.count()).select_from(m.Rank)) > 0
            assert s.scalar(text("SELECT version_num FROM alembic_version")) is not None
            report = check_service.run_check(s)
        assert report.healthy, report.problems
    finally:
        db.dispose()
    open_database(pg_url).dispose()  # a second open finds it current


def test_after_the_demo_new_rows_get_new_ids(pg_url: str) -> None:
    _demo(pg_url)
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            s.add(m.Unit(code="BARU", name="Unit Baru"))
        with db.session_scope() as s:
            assert s.scalar(select(func.count()).select_from(m.Unit).where(m.Unit.code == "BARU"))
            assert check_service.run_check(s).healthy
            assert s.scalar(select(func.count()).select_from(m.Employee)) == 120
    finally:
        db.dispose()


def test_check_finds_and_mends_a_counter_left_behind(pg_url: str) -> None:
    _demo(pg_url)
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            s.execute(text("SELECT setval(pg_get_serial_sequence('employees', 'id'), 1)"))
        with db.session_scope() as s:
            report = check_service.run_check(s)
        assert report.repairable and "employees" in report.problems[0]
        assert cli(["check", "--db", pg_url, "--perbaiki"]) == 0
        with db.session_scope() as s:
            assert check_service.run_check(s).healthy
    finally:
        db.dispose()


def test_the_audit_trail_refuses_changes_on_the_server(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            s.add(m.AuditLog(action="uji", entity="x", detail=""))
        for statement in ("UPDATE audit_log SET action = 'lain'", "DELETE FROM audit_log",
                          "TRUNCATE audit_log"):
            with pytest.raises(Exception, match="tidak boleh diubah"), db.session_scope() as s:
                s.execute(text(statement))
        with db.session_scope() as s:
            assert s.scalar(select(func.count()).select_from(m.AuditLog)
                            .where(m.AuditLog.action == "uji")) == 1
    finally:
        db.dispose()


START = textwrap.dedent("""
    import sys
    from karier_desktop.store.lifecycle import open_database
    print("siap", flush=True)
    sys.stdin.readline()
    open_database(sys.argv[1]).dispose()
    print("ok", flush=True)
""")


def test_two_clerks_starting_a_new_database_at_once_both_succeed(pg_url: str) -> None:
    clerks = [subprocess.Popen([sys.executable, "-c", START, pg_url], cwd=REPO, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE) for _ in range(2)]
    for clerk in clerks:  # both have imported everything: the opens start together
        assert clerk.stdout is not None and clerk.stdout.readline().strip() == "siap"
    for clerk in clerks:
        assert clerk.stdin is not None
        clerk.stdin.write("\n")
        clerk.stdin.flush()
    for clerk in clerks:
        out, err = clerk.communicate(timeout=120)
        assert clerk.returncode == 0 and out.strip() == "ok", err
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            assert s.scalar(select(func.count()).select_from(m.Rank)) == 17 + 17
    finally:
        db.dispose()


def test_a_read_sees_one_moment_even_when_another_clerk_commits_meanwhile(pg_url: str) -> None:
    _demo(pg_url)
    db = open_database(pg_url)
    other = open_database(pg_url)
    try:
        with db.read_scope() as r:
            first = r.execute(select(m.Employee.id, m.Employee.name)
                              .order_by(m.Employee.id).limit(1)).one()
            with other.session_scope() as s:  # another clerk renames, and commits
                s.execute(text("UPDATE employees SET name = 'Nama Baru' WHERE id = :i"),
                          {"i": first.id})
            again = r.scalar(select(m.Employee.name).where(m.Employee.id == first.id))
            assert again == first.name  # the same moment throughout the unit of work
            with pytest.raises(Exception, match="read-only"):
                r.execute(text("DELETE FROM ranks"))
        with db.read_scope() as r:
            assert r.scalar(select(m.Employee.name).where(m.Employee.id == first.id)) == \
                "Nama Baru"
    finally:
        db.dispose()
        other.dispose()


def test_the_command_line_works_on_the_server_and_never_shows_the_password(
        pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with_password = pg_url.replace("karier@", "karier:rahasia123@")  # trust: any password works
    assert cli(["demo", "--db", with_password, "--employees", "80"]) == 0
    assert cli(["check", "--db", with_password]) == 0
    assert cli(["export", "pegawai", "--db", with_password, "-o", str(tmp_path / "p.xlsx")]) == 0
    db = open_database(pg_url)
    try:
        with db.read_scope() as s:
            nip = s.scalar(select(m.Employee.nip).order_by(m.Employee.id).limit(1))
    finally:
        db.dispose()
    assert cli(["gap", "--db", with_password, "--nip", nip, "--json"]) == 0
    assert cli(["idp", "--db", with_password, "--nip", nip, "--tahun", "2027",
                "-o", str(tmp_path / "idp.pdf")]) == 0
    assert cli(["efektivitas", "--db", with_password]) == 0
    out = capsys.readouterr()
    assert "rahasia123" not in out.out + out.err
    assert (tmp_path / "idp.pdf").read_bytes().startswith(b"%PDF")


def test_an_unreachable_server_or_missing_database_is_told_plainly(
        pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    host, _, _name = pg_url.rpartition("/")
    with pytest.raises(DatabaseUnavailable, match="Database tidak ada di server"):
        open_database(f"{host}/tidak_ada")
    closed = "postgresql+psycopg://karier:rahasia123@127.0.0.1:1/kantor"
    with pytest.raises(DatabaseUnavailable, match="tidak dapat dihubungi") as caught:
        open_database(closed)
    assert "rahasia123" not in str(caught.value)
    assert cli(["check", "--db", closed]) == 2
    err = capsys.readouterr().err
    assert "tidak dapat dihubungi" in err and "rahasia123" not in err and "Traceback" not in err
    assert safe_url(closed) == "postgresql+psycopg://karier:***@127.0.0.1:1/kantor"


def test_employee_edits_and_listing_work_on_the_server(pg_url: str) -> None:
    _demo(pg_url)
    db = open_database(pg_url)
    try:
        with db.read_scope() as s:
            rows = employees.list_rows(s) if hasattr(employees, "list_rows") else None
            count = s.scalar(select(func.count()).select_from(m.Employee)
                             .where(m.Employee.status == "aktif"))
        assert count and count > 0
        assert rows is None or len(rows) == count
    finally:
        db.dispose()


def test_a_server_database_is_backed_up_with_pg_dump_and_restored(
        pg_url: str, tmp_path: Path) -> None:
    _demo(pg_url, 60)
    stick = tmp_path / "Cadangan #1"
    assert cli(["backup", "--db", pg_url, "-o", str(stick / "kantor")]) == 0
    dump = stick / "kantor.dump"
    assert dump.is_file() and not list(stick.glob("*.tmp"))
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            s.execute(text("UPDATE employees SET name = 'Salah Ketik'"))
        assert cli(["restore", "--db", pg_url, "--dari", str(dump)]) == 0
        with db.session_scope() as s:
            assert s.scalar(select(func.count()).select_from(m.Employee)
                            .where(m.Employee.name == "Salah Ketik")) == 0
            assert s.scalar(select(func.count()).select_from(m.Employee)) == 60
            assert check_service.run_check(s).healthy
            s.add(m.Unit(code="SESUDAH", name="Unit sesudah pemulihan"))  # counters came back
    finally:
        db.dispose()
    foreign = tmp_path / "lain.dump"
    foreign.write_bytes(b"PGDMP bukan cadangan kami")
    assert cli(["restore", "--db", pg_url, "--dari", str(foreign)]) == 1

"""Backups of a server database on a computer without pg_dump: the app's own export
(`.karier-server`), restored all or nothing; foreign, newer and damaged files refused."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from karier_desktop.cli import main as cli
from karier_desktop.services import check as check_service
from karier_desktop.services import database_server, demo, safety
from karier_desktop.store import models as m
from karier_desktop.store import server_backup
from karier_desktop.store.lifecycle import open_database
from karier_desktop.store.revision import HEAD_REVISION

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def no_pg_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This computer has no pg_dump/pg_restore: the app's tool folder is empty."""
    empty = tmp_path / "tanpa-alat-pg"
    empty.mkdir()
    monkeypatch.setenv("KARIER_PG_TOOLS", str(empty))
    monkeypatch.setenv("KARIER_DATA_DIR", str(tmp_path / "data"))
    return empty


def _demo(url: str, n: int) -> None:
    db = open_database(url)
    try:
        with db.session_scope() as s:
            demo.generate(s, n, seed=3, today=TODAY)
    finally:
        db.dispose()


def _picture(url: str) -> dict[str, object]:
    """What a clerk would compare: the employees with their supervisors and row versions, the
    unit tree, and how many rows each kind of record has."""
    db = open_database(url)
    try:
        with db.session_scope() as s:
            return {
                "employees": s.execute(select(
                    m.Employee.id, m.Employee.nip, m.Employee.name, m.Employee.supervisor_id,
                    m.Employee.birth_date, m.Employee.row_version).order_by(m.Employee.id)).all(),
                "units": s.execute(select(m.Unit.id, m.Unit.code, m.Unit.parent_id)
                                   .order_by(m.Unit.id)).all(),
                "assessments": s.scalar(select(func.count()).select_from(m.Assessment)),
                "training": s.scalar(select(func.count()).select_from(m.TrainingRecord)),
            }
    finally:
        db.dispose()


def _audit(url: str, action: str) -> list[str]:
    db = open_database(url)
    try:
        with db.session_scope() as s:
            return list(s.scalars(select(m.AuditLog.detail).where(m.AuditLog.action == action)
                                  .order_by(m.AuditLog.id)))
    finally:
        db.dispose()


def test_without_pg_dump_a_server_is_backed_up_and_restored_with_the_app_export(
        pg_url: str, tmp_path: Path, no_pg_tools: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert server_backup.find_tool("pg_dump") is None
    _demo(pg_url, 80)
    before = _picture(pg_url)
    assert any(row.supervisor_id for row in before["employees"])  # type: ignore[attr-defined]
    assert any(row.parent_id for row in before["units"])  # type: ignore[attr-defined]

    assert cli(["backup", "--db", pg_url, "-o", str(tmp_path / "stik" / "kantor.dump")]) == 0
    made = tmp_path / "stik" / "kantor.karier-server"
    assert made.is_file() and str(made) in capsys.readouterr().out
    assert not list(made.parent.glob("*.tmp")) and not (tmp_path / "stik" / "kantor.dump").exists()
    with zipfile.ZipFile(made) as zf:
        header = json.loads(zf.read("karier.json"))
    assert header["revision"] == HEAD_REVISION
    assert header["tables"]["employees"]["rows"] == 80

    db = open_database(pg_url)
    try:
        with db.session_scope() as s:  # a day's mistakes: names overwritten, people deleted
            s.execute(text("UPDATE employees SET name = 'Salah Ketik'"))
            s.execute(text("DELETE FROM training_records"))
            s.add(m.AuditLog(action="catatan", entity="uji", actor="petugas", detail="sesudah"))
    finally:
        db.dispose()

    assert cli(["restore", "--db", pg_url, "--dari", str(made)]) == 0
    out = capsys.readouterr().out
    assert "Database server dipulihkan dari kantor.karier-server" in out
    assert _picture(pg_url) == before
    # the audit log is append-only: what was written after the backup stays, the restore adds
    # its own row naming the file
    assert _audit(pg_url, "catatan") == ["sesudah"]
    restored = json.loads(_audit(pg_url, "pulihkan")[-1])
    assert restored["cadangan"] == "kantor.karier-server" and restored["jenis"] == "ekspor logis"
    # the content before the restore was kept (as an export: there is no pg_dump)
    kept = database_server.server_backups(pg_url)
    assert [r.reason for r in kept] == [safety.RESTORE_REASON] and kept[0].kind == "ekspor logis"
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            assert check_service.run_check(s).healthy
            s.add(m.Unit(code="SESUDAH", name="Unit sesudah pemulihan"))  # counters moved on
            s.add(m.AuditLog(action="catatan", entity="uji", detail="lagi"))
    finally:
        db.dispose()


def _export(pg_url: str, tmp_path: Path) -> Path:
    return database_server.make_backup(pg_url, tmp_path / "asli.karier-server")


def _rewrite(source: Path, target: Path, change_header=None, change_member=None,  # type: ignore[no-untyped-def]
             sign: bool = False) -> Path:
    """A copy of an export with its header and/or employees changed; `sign`: the header's
    checksum made to fit the changed rows (a crafted file, not a damaged one)."""
    import hashlib

    digest = None
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():  # the header is the archive's last member
            data = zin.read(info.filename)
            if info.filename == "karier.json":
                header = json.loads(data)
                if change_header:
                    change_header(header)
                if sign and digest:
                    header["tables"]["employees"]["sha256"] = digest
                data = json.dumps(header).encode()
            elif info.filename == "tabel/employees.jsonl" and change_member:
                data = change_member(data)
                digest = hashlib.sha256(data).hexdigest()
            zout.writestr(info.filename, data)
    return target


def _long_name(data: bytes) -> bytes:
    first, rest = data.split(b"\n", 1)
    row = json.loads(first)
    row[row.index(next(v for v in row if isinstance(v, str) and " " in v))] = "A" * 200
    return json.dumps(row).encode() + b"\n" + rest


def test_a_foreign_newer_or_damaged_file_is_refused_and_nothing_changes(
        pg_url: str, tmp_path: Path, no_pg_tools: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _demo(pg_url, 30)
    good = _export(pg_url, tmp_path)
    before = _picture(pg_url)
    raw = good.read_bytes()
    (tmp_path / "foto.karier-server").write_bytes(b"\x89PNG bukan cadangan")
    with zipfile.ZipFile(tmp_path / "lain.karier-server", "w") as zf:
        zf.writestr("isi.txt", "arsip zip orang lain")
    (tmp_path / "potong.karier-server").write_bytes(raw[:len(raw) // 2])

    def newer(h: dict) -> None:  # type: ignore[type-arg]
        h["revision"] = "0099"

    def older(h: dict) -> None:  # type: ignore[type-arg]
        h["revision"] = "0010"

    def swap_a_name(data: bytes) -> bytes:
        return data.replace(b'"', b"'", 1)

    cases = {
        "foto.karier-server": "bukan cadangan database Karier ASN",
        "lain.karier-server": "bukan cadangan database Karier ASN",
        "potong.karier-server": "rusak atau terpotong",
        _rewrite(good, tmp_path / "baru.karier-server", newer).name:
            "dibuat oleh versi aplikasi yang lebih baru",
        _rewrite(good, tmp_path / "lama.karier-server", older).name:
            "berasal dari versi skema 0010",
        _rewrite(good, tmp_path / "ubah.karier-server", change_member=swap_a_name).name:
            "isi tabel employees tidak cocok",
        _rewrite(good, tmp_path / "panjang.karier-server", change_member=_long_name,
                 sign=True).name: "rusak: tabel employees, kolom name: 200 karakter",
    }
    for name, reason in cases.items():
        assert cli(["restore", "--db", pg_url, "--dari", str(tmp_path / name)]) == 1, name
        err = capsys.readouterr().err
        assert reason in err and "tidak diubah" in err, (name, err)
    assert _picture(pg_url) == before
    assert _audit(pg_url, "pulihkan") == []
    # all but the crafted file were refused before the safety copy was made; that one's values
    # are checked during the restore's transaction, which rolled back
    assert [r.reason for r in database_server.server_backups(pg_url)] == [safety.RESTORE_REASON]


def test_the_automatic_and_import_backups_use_the_export_without_pg_dump(
        pg_url: str, no_pg_tools: Path) -> None:
    _demo(pg_url, 20)
    db = open_database(pg_url)
    try:
        from karier_desktop.services import database

        now = dt.datetime(2026, 11, 29, 9, 0)
        made, why = database.maybe_backup_server(db, now, True)
        assert why == "" and made is not None and made.name == (
            "karier-20261129-090000-otomatis.karier-server")
        assert database.maybe_backup_server(db, now + dt.timedelta(minutes=10), True) == (None, "")
        before_import, why = database.backup_server_before(pg_url, "impor",
                                                           now + dt.timedelta(minutes=12))
        assert why == "" and before_import is not None
        rows = database.server_dumps(db)
        assert [r.path.name for r in rows] == ["karier-20261129-091200-impor.karier-server",
                                               made.name]
        assert rows[0].label.startswith("29 November 2026 09:12 — sebelum impor — ekspor logis (")
    finally:
        db.dispose()


def test_on_a_server_with_logins_only_an_admin_restores_and_is_named_in_the_audit(
        pg_url: str, tmp_path: Path, no_pg_tools: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _demo(pg_url, 15)
    (tmp_path / "a.txt").write_text("sandi-admin-1\n", encoding="utf-8")
    (tmp_path / "o.txt").write_text("sandi-bkpp-12\n", encoding="utf-8")
    assert cli(["pengguna", "tambah", "admin", "--nama-lengkap", "Admin", "--peran", "admin",
                "--sandi-file", str(tmp_path / "a.txt"), "--db", pg_url]) == 0
    monkeypatch.setenv("KARIER_SANDI", "sandi-admin-1")
    assert cli(["pengguna", "tambah", "budi", "--nama-lengkap", "Budi", "--peran",
                "operator-bkpp", "--sandi-file", str(tmp_path / "o.txt"), "--db", pg_url,
                "--pengguna", "admin"]) == 0
    made = tmp_path / "kantor.karier-server"
    assert cli(["backup", "--db", pg_url, "-o", str(made), "--pengguna", "admin"]) == 0
    capsys.readouterr()
    assert cli(["restore", "--db", pg_url, "--dari", str(made)]) == 2  # no login given
    assert "mewajibkan masuk" in capsys.readouterr().err
    monkeypatch.setenv("KARIER_SANDI", "sandi-bkpp-12")
    assert cli(["restore", "--db", pg_url, "--dari", str(made), "--pengguna", "budi"]) == 1
    assert "Hanya admin yang dapat memulihkan" in capsys.readouterr().err
    assert _audit(pg_url, "pulihkan") == []
    monkeypatch.setenv("KARIER_SANDI", "sandi-admin-1")
    assert cli(["restore", "--db", pg_url, "--dari", str(made), "--pengguna", "admin"]) == 0
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            assert s.scalar(select(m.AuditLog.actor).where(m.AuditLog.action == "pulihkan")) \
                == "admin"
    finally:
        db.dispose()

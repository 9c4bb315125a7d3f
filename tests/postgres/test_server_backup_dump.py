"""pg_dump backups of a server database: a foreign, newer or truncated dump is refused with
nothing changed, a good one is restored and audited; where the tools are looked for."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from karier_desktop.cli import main as cli
from karier_desktop.services import database_server, demo
from karier_desktop.store import models as m
from karier_desktop.store import server_backup
from karier_desktop.store.lifecycle import open_database
from karier_desktop.store.revision import HEAD_REVISION


def _count_and_restores(url: str) -> tuple[int, int]:
    db = open_database(url)
    try:
        with db.session_scope() as s:
            return (s.scalar(select(func.count()).select_from(m.Employee)) or 0,
                    s.scalar(select(func.count()).select_from(m.AuditLog)
                             .where(m.AuditLog.action == "pulihkan")) or 0)
    finally:
        db.dispose()


def test_a_foreign_newer_or_truncated_dump_is_refused_and_a_good_one_restored(
        pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KARIER_DATA_DIR", str(tmp_path / "data"))
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            demo.generate(s, 40, seed=2, today=dt.date(2026, 11, 29))
        good = database_server.make_backup(pg_url, tmp_path / "kantor.dump")
        assert good.read_bytes().startswith(b"PGDMP")
        # a dump made by a newer version: its alembic_version says a revision we do not know
        with db.session_scope() as s:
            s.execute(text("UPDATE alembic_version SET version_num = '0099'"))
        server_backup.dump_database(pg_url, tmp_path / "baru.dump")
        with db.session_scope() as s:
            s.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": HEAD_REVISION})
            s.execute(text("DELETE FROM training_records"))
            s.add(m.AuditLog(action="catatan", entity="uji", actor="petugas", detail="sesudah"))
            s.execute(m.Employee.__table__.delete().where(m.Employee.id.in_(
                select(m.Employee.id).where(m.Employee.supervisor_id.is_(None))
                .order_by(m.Employee.id.desc()).limit(3).scalar_subquery())))
    finally:
        db.dispose()
    (tmp_path / "lain.dump").write_bytes(b"PGDMP bukan cadangan kami")
    (tmp_path / "teks.dump").write_text("SELECT 1;\n", encoding="utf-8")
    raw = good.read_bytes()
    (tmp_path / "potong.dump").write_bytes(raw[:int(len(raw) * 0.6)])
    cases = {"lain.dump": "bukan cadangan database Karier ASN",
             "teks.dump": "bukan cadangan database Karier ASN",
             "potong.dump": "rusak atau terpotong",
             "baru.dump": "dibuat oleh versi aplikasi yang lebih baru"}
    for name, reason in cases.items():
        assert cli(["restore", "--db", pg_url, "--dari", str(tmp_path / name)]) == 1, name
        err = capsys.readouterr().err
        assert reason in err and "tidak diubah" in err, (name, err)
    assert _count_and_restores(pg_url) == (37, 0)

    assert cli(["restore", "--db", pg_url, "--dari", str(good)]) == 0
    assert _count_and_restores(pg_url) == (40, 1)
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            detail = json.loads(s.scalar(select(m.AuditLog.detail)
                                         .where(m.AuditLog.action == "pulihkan")) or "{}")
    finally:
        db.dispose()
    assert detail["cadangan"] == "kantor.dump" and detail["jenis"] == "pg_dump"
    # the audit log is append-only: the row written after the backup stays, nothing doubled
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            assert list(s.scalars(select(m.AuditLog.detail)
                                  .where(m.AuditLog.action == "catatan"))) == ["sesudah"]
            ids = list(s.scalars(select(m.AuditLog.id)))
            assert len(ids) == len(set(ids))
            s.add(m.AuditLog(action="catatan", entity="uji", detail="lagi"))  # counter ahead
            s.add(m.Unit(code="SESUDAH", name="Unit sesudah pemulihan"))
    finally:
        db.dispose()
    assert detail["sebelum"].endswith("-sebelum_pulih.dump")

    # the same pg_dump file on a computer without pg_restore: said, nothing changed
    empty = tmp_path / "kosong"
    empty.mkdir()
    monkeypatch.setenv("KARIER_PG_TOOLS", str(empty))
    assert cli(["restore", "--db", pg_url, "--dari", str(good)]) == 1
    assert "pg_restore tidak ada di komputer ini" in capsys.readouterr().err
    assert _count_and_restores(pg_url) == (40, 1)


def _fake_tool(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / (f"{name}.exe" if os.name == "nt" else name)
    program.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    program.chmod(0o755)
    return program


def test_the_tools_are_looked_for_bundled_first_then_on_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    on_path = _fake_tool(tmp_path / "path-bin", "pg_dump")
    in_bundle = _fake_tool(tmp_path / "bundle" / "pgtools", "pg_dump")
    beside = _fake_tool(tmp_path / "KarierASN" / "pgtools", "pg_dump")
    chosen = _fake_tool(tmp_path / "pilihan", "pg_dump")
    monkeypatch.delenv("KARIER_PG_TOOLS", raising=False)
    monkeypatch.setenv("PATH", str(on_path.parent))
    assert server_backup.find_tool("pg_dump") == str(on_path)
    # a frozen build: its bundle (sys._MEIPASS), then the folder beside the program
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    assert server_backup.find_tool("pg_dump") == str(in_bundle)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "KarierASN" / "KarierASN.exe"))
    assert server_backup.find_tool("pg_dump") == str(beside)
    beside.unlink()
    assert server_backup.find_tool("pg_dump") == str(in_bundle)
    # the folder KARIER_PG_TOOLS names comes first, and then is the only place looked in
    monkeypatch.setenv("KARIER_PG_TOOLS", str(chosen.parent))
    assert server_backup.find_tool("pg_dump") == str(chosen)
    monkeypatch.setenv("KARIER_PG_TOOLS", str(tmp_path / "kosong"))
    assert server_backup.find_tool("pg_dump") is None
    assert database_server.backup_suffix() == ".karier-server"


def _spec_pg_tools():  # type: ignore[no-untyped-def]
    """build.spec's `pg_tools` and its destination, read from the spec without PyInstaller."""
    import ast

    spec = Path(__file__).resolve().parents[2] / "build.spec"
    tree = ast.parse(spec.read_text(encoding="utf-8"))
    wanted = [node for node in tree.body
              if (isinstance(node, ast.FunctionDef) and node.name == "pg_tools")
              or (isinstance(node, ast.Assign) and any(
                  isinstance(t, ast.Name) and t.id == "PG_TOOLS_DEST" for t in node.targets))]
    scope: dict[str, object] = {"Path": Path}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), str(spec), "exec"), scope)
    return scope["pg_tools"], scope["PG_TOOLS_DEST"]


def test_the_windows_build_bundles_pg_dump_where_the_app_looks(tmp_path: Path) -> None:
    pg_tools, dest = _spec_pg_tools()
    assert dest == server_backup.BUNDLED
    pg_bin = tmp_path / "PostgreSQL" / "16" / "bin"
    pg_bin.mkdir(parents=True)
    for name in ("pg_dump.exe", "pg_restore.exe", "libpq.dll", "libssl-3-x64.dll", "psql.exe"):
        (pg_bin / name).write_bytes(b"MZ")
    bundled = {Path(src).name: to for src, to in pg_tools(pg_bin, True)}
    assert bundled == {"pg_dump.exe": "pgtools", "pg_restore.exe": "pgtools",
                       "libpq.dll": "pgtools", "libssl-3-x64.dll": "pgtools"}
    (pg_bin / "pg_restore.exe").unlink()
    with pytest.raises(SystemExit, match="pg_restore.exe not found"):
        pg_tools(pg_bin, True)

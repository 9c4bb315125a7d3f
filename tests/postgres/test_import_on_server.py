"""An employee import on the server writes with COPY: every row, audited with its own ids."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from karier_desktop.cli import main as cli
from karier_desktop.store import models as m
from karier_desktop.store.lifecycle import open_database

HEADER = ["NIP", "NAMA", "TGL LAHIR", "JK", "STATUS PEGAWAI", "GOL. RUANG", "NAMA JABATAN", "OPD"]
ROWS = [
    ["198503122010011005", "Andi Wijaya", dt.date(1985, 3, 12), "L", "PNS", "III/b",
     "Analis Kepegawaian Ahli Muda", "Dinas Kesehatan"],
    ["199001152015032002", "Siti Rahmawati", dt.date(1990, 1, 15), "P", "PNS", "III/a",
     "Pengadministrasi Umum", "Dinas Kesehatan"],
]


def _sheet(path: Path) -> Path:
    wb = openpyxl.Workbook()
    for row in [HEADER, *ROWS]:
        wb.active.append(row)
    wb.save(path)
    return path


def test_an_import_on_the_server_saves_rows_and_audits_exactly_its_own(
        pg_url: str, tmp_path: Path) -> None:
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:  # another clerk's employee, added before the import
            s.add(m.Employee(nip="197806232003121003", name="Budi Santoso", sex="L",
                             birth_date=dt.date(1978, 6, 23)))
        assert cli(["import", "pegawai", str(_sheet(tmp_path / "p.xlsx")), "--db", pg_url]) == 0
        with db.session_scope() as s:
            names = dict(s.execute(select(m.Employee.nip, m.Employee.name)).all())
            assert names["199001152015032002"] == "Siti Rahmawati"
            assert s.scalar(select(func.count()).select_from(m.Employee)) == 3
            audited = {int(a) for a in s.scalars(select(m.AuditLog.entity_id).where(
                m.AuditLog.action == "impor-tambah", m.AuditLog.entity == "pegawai"))}
            imported = set(s.scalars(select(m.Employee.id).where(
                m.Employee.nip.in_([r[0] for r in ROWS]))))
            assert audited == imported
            summary = s.scalar(select(m.AuditLog.detail).where(m.AuditLog.action == "impor"))
            assert json.loads(summary)["baru"] == 2
            s.add(m.Employee(nip="198001012005011001", name="Sesudah Impor", sex="L",
                             birth_date=dt.date(1980, 1, 1)))  # the sequence is still ahead
    finally:
        db.dispose()


def test_the_import_on_a_server_backs_up_first_with_pg_dump_or_the_app_export(
        pg_url: str, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from karier_desktop.store import server_backup

    sheet = _sheet(tmp_path / "p.xlsx")
    assert cli(["import", "pegawai", str(sheet), "--db", pg_url]) == 0
    out = capsys.readouterr().out
    assert "Cadangan sebelum impor:" in out
    dump = Path(out.split("Cadangan sebelum impor:")[1].strip())
    assert dump.suffix == ".dump" and server_backup.dump_revision(dump)
    (tmp_path / "tanpa-alat").mkdir()  # a computer without pg_dump: the app's export instead
    monkeypatch.setenv("KARIER_PG_TOOLS", str(tmp_path / "tanpa-alat"))
    ROWS[0][1] = "Andi Wijaya Putra"
    try:
        assert cli(["import", "pegawai", str(_sheet(tmp_path / "q.xlsx")), "--db", pg_url]) == 0
    finally:
        ROWS[0][1] = "Andi Wijaya"
    out = capsys.readouterr().out
    export = Path(out.split("Cadangan sebelum impor:")[1].strip())
    assert export.name.endswith("-impor.karier-server") and export.is_file()


def test_assessments_imported_on_the_server_land_with_their_results(
        pg_url: str, tmp_path: Path) -> None:
    assert cli(["import", "pegawai", str(_sheet(tmp_path / "p.xlsx")), "--db", pg_url]) == 0
    wb = openpyxl.Workbook()
    for row in [["NIP", "KODE KOMPETENSI", "LEVEL", "TANGGAL", "METODE", "ASESOR"],
                [ROWS[0][0], "M.1", 3, dt.date(2025, 5, 2), "Assessment Center", "BKN"],
                [ROWS[0][0], "M.2", 4, dt.date(2025, 5, 2), "Assessment Center", "BKN"],
                [ROWS[1][0], "M.1", 2, dt.date(2025, 5, 3), "Uji Kompetensi", ""]]:
        wb.active.append(row)
    wb.save(tmp_path / "a.xlsx")
    assert cli(["import", "asesmen", str(tmp_path / "a.xlsx"), "--db", pg_url]) == 0
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            levels = sorted(s.execute(
                select(m.Employee.nip, m.Competency.code, m.AssessmentResult.level)
                .join(m.Assessment, m.Assessment.id == m.AssessmentResult.assessment_id)
                .join(m.Employee, m.Employee.id == m.Assessment.employee_id)
                .join(m.Competency, m.Competency.id == m.AssessmentResult.competency_id)).all())
            assert levels == [(ROWS[0][0], "M.1", 3), (ROWS[0][0], "M.2", 4),
                              (ROWS[1][0], "M.1", 2)]
            audited = {int(a) for a in s.scalars(select(m.AuditLog.entity_id).where(
                m.AuditLog.action == "impor-tambah", m.AuditLog.entity == "asesmen"))}
            assert audited == set(s.scalars(select(m.Assessment.id)))
    finally:
        db.dispose()

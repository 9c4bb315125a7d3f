"""Exports: NIP as 18-digit text, formulas neutralised, numbers kept, files written atomically."""

from __future__ import annotations

import csv
import datetime as dt
import os

import openpyxl
import pytest
from sqlalchemy import update

from karier_desktop.services.exporting import ExportError, export_rows, export_table, neutralize
from karier_desktop.store import models as m


@pytest.mark.parametrize("text", ["=1+1", "+62 812", "-5", "@SUM(A1)", "\tx", "\rx", "  =cmd",
                                  " \t+1", "'kutip", "N/A"])
def test_formula_like_text_gets_a_leading_apostrophe(text):
    assert neutralize(text) == "'" + text


@pytest.mark.parametrize("text", ["Andi", "Rp 1.500.000", "a=b", "S.Kom.", ""])
def test_ordinary_text_is_unchanged(text):
    assert neutralize(text) == text


def test_employee_export_to_xlsx(demo_db, tmp_path):
    with demo_db.session_scope() as s:
        victim = s.execute(m.Employee.__table__.select().limit(1)).first()
        s.execute(update(m.Employee).where(m.Employee.id == victim.id).values(name="=1+1"))
        result = export_table(s, "pegawai", tmp_path / "pegawai.xlsx")
    assert result.rows == 400 and result.path == tmp_path / "pegawai.xlsx"
    wb = openpyxl.load_workbook(result.path)
    ws = wb.active
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]][:3] == ["NIP", "NAMA", "GELAR DEPAN"]
    assert ws["A1"].font.b
    nips = [row[0] for row in ws.iter_rows(min_row=2)]
    assert all(c.data_type == "s" and len(c.value) == 18 and c.value.isdigit() for c in nips)
    names = [row[1].value for row in ws.iter_rows(min_row=2)]
    assert "'=1+1" in names and "=1+1" not in names
    assert ws.column_dimensions["B"].width > len("NAMA") + 2
    birth = ws.cell(row=2, column=6)
    assert isinstance(birth.value, dt.datetime)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_numbers_stay_numbers_and_csv_uses_semicolon_with_bom(tmp_path):
    rows = [("198503122010011005", "=HYPERLINK(\"x\")", 24, 1500000, 4.5, -3, dt.date(2025, 1, 2))]
    headers = ["NIP", "NAMA", "JP", "BIAYA", "NILAI", "SELISIH", "TANGGAL"]
    export_rows(tmp_path / "r.xlsx", headers, rows)
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    values = [c.value for c in ws[2]]
    assert values[:6] == ["198503122010011005", "'=HYPERLINK(\"x\")", 24, 1500000, 4.5, -3]
    assert ws["F2"].data_type == "n"
    export_rows(tmp_path / "r.csv", headers, rows)
    raw = (tmp_path / "r.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    read = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert read[1] == ["19850312 201001 1 005", "'=HYPERLINK(\"x\")", "24", "1500000", "4,5", "-3",
                       "02-01-2025"]


def test_locked_target_is_retried_then_saved_under_another_name(tmp_path, monkeypatch):
    target = tmp_path / "laporan.xlsx"
    target.write_bytes(b"old")
    real_replace = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) <= 2:
            raise PermissionError(13, "file dipakai")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    assert export_rows(target, ["A"], [[1]]).path == target  # third try succeeds
    calls.clear()

    def locked(src, dst):
        calls.append(dst)
        if dst == target:
            raise PermissionError(13, "file dipakai")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    result = export_rows(target, ["A"], [[2]])
    assert result.path == tmp_path / "laporan (2).xlsx"
    assert openpyxl.load_workbook(result.path).active["A2"].value == 2
    assert openpyxl.load_workbook(target).active["A2"].value == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_write_failure_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.csv"
    target.write_text("lama")

    def no_space(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(ExportError, match="file lama tidak diubah"):
        export_rows(target, ["A"], [[1]])
    assert target.read_text() == "lama"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_unknown_suffix_is_refused(tmp_path):
    with pytest.raises(ExportError, match=".xlsx atau .csv"):
        export_rows(tmp_path / "a.pdf", ["A"], [[1]])

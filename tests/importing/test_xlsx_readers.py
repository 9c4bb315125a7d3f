"""The two .xlsx readers (issues 21/24): python-calamine reads a sheet whole once the pre-scan
has bounded it; a sheet too sparse to hold whole is streamed by openpyxl. Both give the clerk
the same rows, row numbers and values."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import NIP_ANDI, NIP_SITI, write_xlsx
from sqlalchemy import select

from karier_desktop.services.importing import limits
from karier_desktop.services.importing.reader import read_sheets
from karier_desktop.services.importing.xlsx import check_zip, read_dense, read_streaming
from karier_desktop.store import models as m

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _mixed(path: Path) -> Path:
    """Three sheets, a title above the header, data from column B, every kind of
    value a clerk's sheet holds."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Pegawai"
    ws["A1"] = "DAFTAR PEGAWAI"
    for col, value in zip("BCDEFGHI", ("NIP", "NAMA", "TGL LAHIR", "TMT", "JP", "AKTIF", "NO",
                                       "CATATAN"), strict=True):
        ws[f"{col}4"] = value
    ws.append([None, NIP_ANDI, "  Andi Wijaya ", dt.date(1985, 3, 12),
               dt.datetime(2010, 1, 1, 7, 30), 12.5, True, 1, None])
    ws.append([])
    ws.append([None, NIP_SITI, "Siti", 31118, None, 3, False, 2.0, "'0812"])
    ws["C9"] = '=UPPER("x")'
    wb.create_sheet("Kosong")
    other = wb.create_sheet("Lain")
    other.append(["Kode", "Nilai"])
    other.append(["A", 1.25])
    wb.save(path)
    return path


def test_both_readers_give_the_same_rows(tmp_path):
    data = _mixed(tmp_path / "campur.xlsx").read_bytes()
    fast = read_dense(data, "campur.xlsx")
    slow = list(read_streaming(data, "campur.xlsx"))
    assert fast is not None
    assert fast == slow
    sheet = fast[0]
    assert [n for n, _ in sheet.rows] == [1, 4, 5, 7]
    assert sheet.rows[1][1] == (None, "NIP", "NAMA", "TGL LAHIR", "TMT", "JP", "AKTIF", "NO",
                                "CATATAN")
    assert sheet.rows[2][1] == (None, NIP_ANDI, "  Andi Wijaya ", dt.datetime(1985, 3, 12),
                                dt.datetime(2010, 1, 1, 7, 30), 12.5, True, 1)
    assert sheet.rows[3][1] == (None, NIP_SITI, "Siti", 31118, None, 3, False, 2, "'0812")
    assert [s.name for s in fast] == ["Pegawai", "Kosong", "Lain"]
    assert fast[2].rows == [(1, ("Kode", "Nilai")), (2, ("A", 1.25))]


def test_cells_without_references_and_shared_strings_read_alike(tmp_path):
    good = write_xlsx(tmp_path / "g.xlsx", [["NIP", "NAMA"]])
    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v>'
             f'</c></row><row r="3"><c t="s"><v>2</v></c><c><v>7</v></c></row></sheetData>'
             "</worksheet>")
    sst = (f'<sst xmlns="{MAIN}"><si><t>NIP</t></si><si><r><t>NA</t></r><r><t>MA</t></r></si>'
           f"<si><t>{NIP_ANDI}</t></si></sst>")
    path = tmp_path / "sst.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            raw = src.read(info)
            if info.filename == "[Content_Types].xml":
                raw = raw.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                  b'ContentType="application/vnd.openxmlformats-officedocument.'
                                  b'spreadsheetml.sharedStrings+xml"/></Types>')
            if info.filename == "xl/_rels/workbook.xml.rels":
                raw = raw.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://'
                                  b"schemas.openxmlformats.org/officeDocument/2006/relationships/"
                                  b'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
            dst.writestr(info.filename, sheet if info.filename == "xl/worksheets/sheet1.xml"
                         else raw)
        dst.writestr("xl/sharedStrings.xml", sst)
    data = path.read_bytes()
    expected = [(1, ("NIP", "NAMA")), (3, (NIP_ANDI, 7))]
    assert read_dense(data, "sst.xlsx")[0].rows == expected
    assert next(read_streaming(data, "sst.xlsx")).rows == expected


def test_a_sparse_sheet_is_streamed_and_reads_the_same(tmp_path, monkeypatch):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NIP", "NAMA"])
    ws.append([NIP_ANDI, "Andi"])
    ws["GR40"] = "catatan di pojok"  # column 200, row 40
    path = tmp_path / "jarang.xlsx"
    wb.save(path)
    assert check_zip(path.read_bytes(), path.name) == 40 * 200
    monkeypatch.setattr(limits, "MAX_DENSE_CELLS", 40 * 200 - 1)  # too large to hold whole
    sheet = next(read_sheets(path))
    assert [n for n, _ in sheet.rows] == [1, 2, 40]
    assert sheet.rows[2][1][199] == "catatan di pojok" and len(sheet.rows[2][1]) == 200
    monkeypatch.setattr(limits, "MAX_DENSE_CELLS", 40 * 200)
    assert next(read_sheets(path)) == sheet


def test_a_cell_over_the_size_cap_is_refused_alike_in_both_readers(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "panjang.xlsx", [["NIP", "NAMA"], [NIP_ANDI, "Andi Wijaya"]])
    monkeypatch.setattr(limits, "MAX_CELL_CHARS", 10)
    messages = []
    for dense in (10**9, 0):
        monkeypatch.setattr(limits, "MAX_DENSE_CELLS", dense)
        try:
            list(read_sheets(path))
        except limits.ImportFileError as exc:
            messages.append(str(exc))
    assert messages == ["Lembar Data baris 2 berisi sel lebih dari 10 karakter."] * 2


def test_the_collector_runs_again_after_an_import_done_or_refused(db, tmp_path):
    import gc

    from karier_desktop.services.importing import ImportFileError, import_file

    good = write_xlsx(tmp_path / "baik.xlsx", [["NIP", "NAMA", "TGL LAHIR", "JK"],
                                                [NIP_ANDI, "Andi Wijaya", "12-03-1985", "L"]])
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(good.read_bytes()[:200])
    assert gc.isenabled()
    with db.session_scope() as s:
        import_file(s, "pegawai", good, today=dt.date(2026, 11, 29))
    assert gc.isenabled()
    with pytest.raises(ImportFileError), db.session_scope() as s:
        import_file(s, "pegawai", broken, today=dt.date(2026, 11, 29))
    assert gc.isenabled()
    with db.session_scope() as s:
        assert s.scalars(select(m.Employee.name)).all() == ["Andi Wijaya"]

"""Reading files safely: formats, encodings, header rows, and refusing bad or hostile files."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import NIP_ANDI, NIP_SITI, write_xlsx

from karier_desktop.services.importing import headers, limits
from karier_desktop.services.importing.reader import ImportFileError, read_sheets

DATA = Path(__file__).parent / "data"


def test_xlsx_rows_keep_sheet_row_numbers_and_header_is_found_below_title(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", [
        ["Nip / Ni Pppk", "nama_lengkap", "Gol. Ruang", "tgl. lahir"],
        [NIP_ANDI, "Andi", "III/b", dt.date(1985, 3, 12)],
        [],
        [NIP_SITI, "Siti", "III/a", None],
    ], title_rows=[["DAFTAR PEGAWAI"], ["Per 1 November 2026"], []])
    sheet = next(read_sheets(path))
    assert [n for n, _ in sheet.rows] == [1, 2, 4, 5, 7]
    match = headers.find_header([c for _, c in sheet.rows], "pegawai")
    assert match is not None and sheet.rows[match.row][0] == 4
    assert match.columns == {0: "nip", 1: "name", 2: "rank", 3: "birth_date"}


def test_csv_semicolon_with_bom_and_comma_without_bom(tmp_path):
    a = tmp_path / "a.csv"
    a.write_bytes("\ufeffNIP;NAMA\n198503122010011005;Andi Wijaya\n".encode())
    b = tmp_path / "b.csv"
    b.write_bytes(b'NIP,NAMA\n"198503122010011005","Wijaya, Andi"\n')
    assert next(read_sheets(a)).rows[1] == (2, ("198503122010011005", "Andi Wijaya"))
    assert next(read_sheets(b)).rows[1] == (2, ("198503122010011005", "Wijaya, Andi"))


def test_csv_in_windows_1252_is_decoded(tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes("NIP;NAMA\n198503122010011005;Andi Désiré\n".encode("cp1252"))
    assert next(read_sheets(path)).rows[1][1][1] == "Andi Désiré"


def test_xls_file_is_read_with_dates():
    sheet = next(read_sheets(DATA / "pegawai.xls"))
    number, cells = sheet.rows[2]
    assert number == 5
    assert cells[1] == NIP_ANDI and cells[3].date() == dt.date(1985, 3, 12)


def test_header_matching_ignores_case_spaces_dots_underscores_slashes():
    for text in ("GOL. RUANG", "gol_ruang", "Gol / Ruang", " golruang "):
        assert headers.alias_table("pegawai")[headers.normalize_header(text)] == "rank"
    assert headers.normalize_header("NIP/NI PPPK") == headers.normalize_header("nip ni_pppk")


def test_xls_renamed_to_xlsx_is_refused_clearly(tmp_path):
    fake = tmp_path / "pegawai.xlsx"
    fake.write_bytes((DATA / "pegawai.xls").read_bytes())
    with pytest.raises(ImportFileError, match=r"bukan file \.xlsx yang sebenarnya.*\.xls"):
        list(read_sheets(fake))


def test_text_file_named_xlsx_is_refused(tmp_path):
    fake = tmp_path / "x.xlsx"
    fake.write_text("NIP;NAMA\n")
    with pytest.raises(ImportFileError, match="bukan file .xlsx"):
        list(read_sheets(fake))


def test_truncated_xlsx_is_refused(tmp_path):
    good = write_xlsx(tmp_path / "g.xlsx", [["NIP", "NAMA"], [NIP_ANDI, "Andi"]])
    bad = tmp_path / "t.xlsx"
    bad.write_bytes(good.read_bytes()[:1500])
    with pytest.raises(ImportFileError, match="rusak atau terpotong"):
        list(read_sheets(bad))


def test_xlsx_without_content_types_is_refused(tmp_path):
    good = write_xlsx(tmp_path / "g.xlsx", [["NIP", "NAMA"], [NIP_ANDI, "Andi"]])
    bad = tmp_path / "b.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            if info.filename != "[Content_Types].xml":
                dst.writestr(info, src.read(info))
    with pytest.raises(ImportFileError, match="bukan file Excel .xlsx yang utuh"):
        list(read_sheets(bad))


def _replace_member(src_path: Path, dst_path: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(src_path) as src, zipfile.ZipFile(dst_path, "w",
                                                           zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == name else src.read(info),
                         compress_type=zipfile.ZIP_DEFLATED)
    return dst_path


def test_zip_bomb_is_refused_before_parsing(tmp_path):
    good = write_xlsx(tmp_path / "g.xlsx", [["NIP", "NAMA"], [NIP_ANDI, "Andi"]])
    sheet = zipfile.ZipFile(good).read("xl/worksheets/sheet1.xml")
    bomb = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * (30 * 1024 * 1024))
    path = _replace_member(good, tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", bomb)
    assert path.stat().st_size < 200_000
    with pytest.raises(ImportFileError, match="zip bomb"):
        list(read_sheets(path))


def test_billion_laughs_xml_is_refused(tmp_path):
    good = write_xlsx(tmp_path / "g.xlsx", [["NIP", "NAMA"], [NIP_ANDI, "Andi"]])
    evil = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + b"".join(b'<!ENTITY lol%d "&lol%s;&lol%s;">' % (i, b"" if i == 1 else b"%d" % (i - 1),
                                                             b"" if i == 1 else b"%d" % (i - 1))
                       for i in range(1, 30))
            + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<si><t>&lol29;</t></si></sst>")
    names = zipfile.ZipFile(good).namelist()
    member = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else "xl/workbook.xml"
    path = _replace_member(good, tmp_path / "lol.xlsx", member, evil)
    with pytest.raises(ImportFileError, match="tidak aman"):
        list(read_sheets(path))


def test_defusedxml_protects_openpyxl():
    import pyexpat

    assert openpyxl.DEFUSEDXML is True
    assert tuple(int(p) for p in pyexpat.EXPAT_VERSION.split("_")[1].split(".")) >= (2, 4, 1)


def test_row_cap_gives_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    path = write_xlsx(tmp_path / "big.xlsx", [["NIP", "NAMA"]] + [[NIP_ANDI, "A"]] * 80)
    with pytest.raises(ImportFileError, match="lebih dari 5 baris"):
        list(read_sheets(path))


def test_unsupported_extension_and_missing_file(tmp_path):
    other = tmp_path / "data.ods"
    other.write_bytes(b"PK\x03\x04")
    with pytest.raises(ImportFileError, match="tidak didukung"):
        list(read_sheets(other))
    with pytest.raises(ImportFileError, match="tidak ditemukan"):
        list(read_sheets(tmp_path / "hilang.xlsx"))


def test_formula_cells_are_read_as_cached_values_not_formulas(tmp_path):
    plain = write_xlsx(tmp_path / "f.xlsx", [["NIP", "NAMA"], [NIP_ANDI, '=UPPER("andi")']])
    sheet_xml = zipfile.ZipFile(plain).read("xl/worksheets/sheet1.xml")
    assert b'<f>UPPER("andi")</f><v /></c>' in sheet_xml
    cached = sheet_xml.replace(b'<c r="B2"><f>UPPER("andi")</f><v /></c>',
                               b'<c r="B2" t="str"><f>UPPER("andi")</f><v>ANDI</v></c>')
    path = _replace_member(plain, tmp_path / "cached.xlsx", "xl/worksheets/sheet1.xml", cached)
    assert next(read_sheets(path)).rows[1][1] == (NIP_ANDI, "ANDI")
    # Without a cached value there is nothing to import, and never the formula text.
    assert next(read_sheets(plain)).rows[1][1] == (NIP_ANDI,)


@pytest.mark.parametrize(("raw", "expected"), [
    (dt.datetime(1985, 3, 12), dt.date(1985, 3, 12)), (31118, dt.date(1985, 3, 12)),
    ("12-03-1985", dt.date(1985, 3, 12)), ("12/03/1985", dt.date(1985, 3, 12)),
    ("1985-03-12", dt.date(1985, 3, 12)), ("12 Maret 1985", dt.date(1985, 3, 12)),
    ("1985-03-12 00:00:00", dt.date(1985, 3, 12)), ("'12-03-1985", dt.date(1985, 3, 12)),
    (19850312, dt.date(1985, 3, 12)), ("", None), ("-", None),
])
def test_dates_as_clerks_write_them(raw, expected):
    from karier_desktop.services.importing import values

    assert values.date(raw) == expected


def test_other_values_as_clerks_write_them():
    from karier_desktop.services.importing import values
    from karier_desktop.services.importing.profiles import load
    from karier_desktop.services.importing.values import CellError
    from karier_desktop.services.importing.vocab import UnknownValue, Vocabulary

    vocab = Vocabulary(load("nominatif"))
    assert [vocab.find("sex", v) for v in ("L", "p", "Laki-laki", "Perempuan", "Pria",
                                             "WANITA")] == ["L", "P", "L", "P", "L", "P"]
    assert [vocab.find("education", v) for v in ("S-1", "D III", "SLTA", "Sarjana (S1)",
                                                   "s2 hukum", "DIV")] == [
        "S1", "D3", "SMA", "S1", "S2", "D4"]
    assert [values.money(v) for v in ("Rp 1.500.000", "1.500.000,00", 2500000.0, "750000")] == [
        1_500_000, 1_500_000, 2_500_000, 750_000]
    assert [vocab.find("employee_type", v) for v in ("pns", "CPNS", "pppk paruh waktu",
                                                       "P3K")] == [
        "PNS", "CPNS", "PPPK Paruh Waktu", "PPPK"]
    assert values.level("3") == 3 and values.level(4.0) == 4
    for bad, message in ((2.5, "bilangan bulat"), (0, "di luar rentang"), ("tinggi", "bukan angka")):
        with pytest.raises(CellError, match=message):
            values.level(bad)
    with pytest.raises(UnknownValue, match="Jenis kelamin 'X' tidak dikenal; petakan nilai ini"):
        vocab.require("sex", "X")
    with pytest.raises(CellError, match="dibulatkan oleh Excel"):
        values.nip("1.98503E+17", "PNS", dt.date(2026, 11, 29))

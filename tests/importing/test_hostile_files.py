"""Hostile and odd files (issues 17 and 23): caps checked while streaming, one encoding per CSV
file, NULs and unbalanced quotes with their row, Excel's "Teks Unicode", invisible characters,
password-protected workbooks, DTDs in any encoding, and no file kept open after a failure."""

from __future__ import annotations

import codecs
import datetime as dt
import os
import random
import zipfile
from pathlib import Path

import pytest
from conftest import NIP_ANDI, NIP_SITI, TODAY, write_xlsx
from sqlalchemy import select

from karier_desktop.services.importing import build_preview, import_file, limits
from karier_desktop.services.importing.reader import ImportFileError, read_sheets
from karier_desktop.store import models as m

HEADER = ["NIP", "NAMA", "TGL LAHIR", "JK"]
ANDI = [NIP_ANDI, "Andi Wijaya", "12-03-1985", "L"]
SITI = [NIP_SITI, "Siti Rahmawati", "15-01-1990", "P"]


def _member(src: Path, dst: Path, name: str, data: bytes,
            edit: dict[str, tuple[bytes, bytes]] | None = None) -> Path:
    """Copy a workbook with member `name` replaced or added; `edit` replaces text in others."""
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
        for info in a.infolist():
            if info.filename != name:
                raw = a.read(info)
                if edit and info.filename in edit:
                    raw = raw.replace(*edit[info.filename])
                b.writestr(info.filename, raw)
        b.writestr(name, data)
    return dst


def _with_shared_strings(tmp_path: Path, texts: list[str]) -> Path:
    """A workbook whose cells point into a shared-string table, as Excel saves them."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}">'
           + "".join(f"<si><t>{t}</t></si>" for t in texts) + "</sst>").encode()
    rows = "".join(f'<row r="{i + 1}"><c r="A{i + 1}" t="s"><v>{i}</v></c></row>'
                   for i in range(len(texts)))
    typ = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    rel = ('<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           'relationships/sharedStrings" Target="sharedStrings.xml"/>')
    sheet = _member(_good(tmp_path), tmp_path / "s1.xlsx", "xl/worksheets/sheet1.xml",
                    _sheet_xml(rows))
    return _member(sheet, tmp_path / "sst.xlsx", "xl/sharedStrings.xml", sst, edit={
        "[Content_Types].xml": (b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" '
                                             f'ContentType="{typ}"/></Types>'.encode()),
        "xl/_rels/workbook.xml.rels": (b"</Relationships>",
                                       f"{rel}</Relationships>".encode())})


def _sheet_xml(rows_xml: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxml'
            'formats.org/spreadsheetml/2006/main"><sheetData>' + rows_xml
            + "</sheetData></worksheet>").encode()


def _good(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "g.xlsx", [HEADER, ANDI])


def _preview(db, path):
    with db.session_scope() as s:
        return build_preview(s, "pegawai", path, today=TODAY)


# --- caps while streaming -----------------------------------------------------------------

def test_a_row_of_empty_cells_past_the_cap_is_refused_while_streaming(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROW_CELLS", 100)
    cells = "".join('<c s="0"/>' for _ in range(150))
    path = _member(_good(tmp_path), tmp_path / "wide.xlsx", "xl/worksheets/sheet1.xml",
                   _sheet_xml(f'<row r="1"><c t="inlineStr"><is><t>NIP</t></is></c>{cells}</row>'))
    with pytest.raises(ImportFileError, match="baris 1 memiliki lebih dari"):
        list(read_sheets(path))


def test_too_many_shared_strings_are_refused_while_streaming(tmp_path, monkeypatch):
    path = _with_shared_strings(tmp_path, [f"Nama {i}" for i in range(1_100)])
    assert next(read_sheets(path)).rows[1_099] == (1_100, ("Nama 1099",))
    monkeypatch.setattr(limits, "MAX_SHARED_STRINGS", 1_000)
    with pytest.raises(ImportFileError, match="lebih dari 1.000 teks berbeda"):
        list(read_sheets(path))


def test_a_file_with_more_cells_than_the_budget_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 50)
    path = tmp_path / "banyak.csv"
    path.write_text("\n".join(";".join(f"v{r}{c}" for c in range(5)) for r in range(20)))
    with pytest.raises(ImportFileError, match="terlalu banyak data"):
        list(read_sheets(path))


def test_a_csv_record_with_too_many_fields_is_refused_before_it_is_built(tmp_path):
    path = tmp_path / "lebar.csv"
    path.write_text("NIP;NAMA\n" + ";" * 2_000_000 + "\n")
    with pytest.raises(ImportFileError, match="baris 2 memiliki lebih dari 250 kolom"):
        list(read_sheets(path))


# --- CSV encodings, NULs, quotes, whitespace ------------------------------------------------

def test_mostly_utf8_with_one_cp1252_line_is_refused_with_the_line(tmp_path):
    path = tmp_path / "campur.csv"
    path.write_bytes("NIP;NAMA\n1;Désiré\n".encode() + "2;Zoë\n".encode("cp1252")
                     + "3;Ñina\n".encode())
    with pytest.raises(ImportFileError, match="bercampur.*baris 3"):
        list(read_sheets(path))


def test_a_whole_cp1252_file_is_still_read(tmp_path):
    path = tmp_path / "ansi.csv"
    path.write_bytes("NIP;NAMA\n1;Désiré\n".encode("cp1252"))
    assert next(read_sheets(path)).rows[1][1] == ("1", "Désiré")


def test_a_nul_byte_anywhere_is_refused_with_its_row(tmp_path):
    path = tmp_path / "nul.csv"
    lines = ["NIP;NAMA"] + [f"{i};Nama {i}" for i in range(5_000)]
    lines[4_000] = "4000;An\x00di"
    path.write_text("\n".join(lines))
    assert path.stat().st_size > 65536
    with pytest.raises(ImportFileError, match="baris 4001 berisi karakter NUL"):
        list(read_sheets(path))


def test_an_unterminated_quote_is_refused_with_its_row(tmp_path):
    path = tmp_path / "petik.csv"
    path.write_text(f'NIP;NAMA\n{NIP_ANDI};"Andi Wijaya\n{NIP_SITI};Siti\n')
    with pytest.raises(ImportFileError, match='baris 2: tanda petik'):
        list(read_sheets(path))


def test_a_quote_that_swallows_the_next_row_is_refused(tmp_path):
    path = tmp_path / "telan.csv"
    path.write_text(f'NIP;NAMA\n{NIP_ANDI};"Andi Wijaya\n{NIP_SITI};Siti"\n')
    with pytest.raises(ImportFileError, match='baris 2: tanda petik'):
        list(read_sheets(path))


def test_line_breaks_and_odd_spaces_in_names_become_single_spaces(db, tmp_path):
    path = tmp_path / "enter.csv"
    path.write_bytes(("NIP;NAMA;TGL LAHIR;JK\r\n"
                      f'{NIP_ANDI};"Andi\r\nWijaya";12-03-1985;L\r\n'
                      f"{NIP_SITI};Siti\u00a0\u00a0 Rahmawati\t;15-01-1990;P\r\n").encode())
    with db.session_scope() as s:
        import_file(s, "pegawai", path, today=TODAY)
    with db.session_scope() as s:
        names = set(s.scalars(select(m.Employee.name)))
    assert names == {"Andi Wijaya", "Siti Rahmawati"}


def test_excel_unicode_text_utf16_tab_file_is_read(tmp_path):
    path = tmp_path / "unicode.txt"
    text = "\r\n".join("\t".join(r) for r in [HEADER, [NIP_ANDI, "Ṣiti Ā", "12-03-1985", "P"]])
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert next(read_sheets(path)).rows[1][1] == (NIP_ANDI, "Ṣiti Ā", "12-03-1985", "P")


def test_semicolon_file_with_titled_names_is_split_on_semicolons(tmp_path):
    path = tmp_path / "gelar.csv"
    path.write_text("NIP;NAMA;JABATAN\n"
                    f"{NIP_ANDI};Andi Wijaya, S.Kom., M.Si.;Analis\n"
                    f"{NIP_SITI};Dr. Siti Rahmawati, S.E., M.M., Ak.;Kepala\n")
    assert next(read_sheets(path)).rows[1][1] == (NIP_ANDI, "Andi Wijaya, S.Kom., M.Si.",
                                                  "Analis")


# --- invisible characters -----------------------------------------------------------------

@pytest.mark.parametrize(("nip", "name", "shown"), [
    (NIP_ANDI, "Andi\u200bWijaya", "U+200B"),
    (NIP_ANDI, "\u200b\u200d", "U+200B"),
    (NIP_ANDI, "\u202eaydnA", "U+202E"),
    (NIP_ANDI[:8] + "\u200b" + NIP_ANDI[8:], "Andi Wijaya", "U+200B"),
])
def test_invisible_characters_are_refused_naming_the_code_point(db, tmp_path, nip, name, shown):
    path = write_xlsx(tmp_path / "zw.xlsx", [HEADER, [nip, name, "12-03-1985", "L"], SITI])
    preview = _preview(db, path)
    messages = [str(e) for e in preview.errors]
    assert len(messages) == 1 and shown in messages[0] and messages[0].startswith("Baris 2")
    assert "NIP" in messages[0] if nip != NIP_ANDI else "Nama" in messages[0]


def test_employee_edit_refuses_invisible_characters(db):
    from karier_desktop.services.employees import edit
    from karier_desktop.services.errors import ValidationError

    data = edit.EmployeeInput(nip=NIP_ANDI, name="Andi\u2060 Wijaya", sex="L",
                              birth_date=dt.date(1985, 3, 12))
    with db.session_scope() as s, pytest.raises(ValidationError) as caught:
        edit.save(s, data)
    assert "U+2060" in str(caught.value)
    with db.session_scope() as s:
        assert s.scalar(select(m.Employee.id).where(m.Employee.nip == NIP_ANDI)) is None
        emp_id = edit.save(s, edit.EmployeeInput(nip=NIP_ANDI, name=" Andi \n Wijaya ", sex="L",
                                                 birth_date=dt.date(1985, 3, 12)))
    with db.session_scope() as s:
        assert s.get(m.Employee, emp_id).name == "Andi Wijaya"


# --- protected workbooks, DTDs, held files --------------------------------------------------

def _ole_with(stream_names: list[str]) -> bytes:
    """A compound file as Excel writes one for a password-protected workbook (header and the
    directory sector naming its streams, UTF-16LE)."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    directory = bytearray()
    for name in ["Root Entry", *stream_names]:
        entry = bytearray(128)
        raw = name.encode("utf-16-le")
        entry[:len(raw)] = raw
        entry[64:66] = (len(raw) + 2).to_bytes(2, "little")
        directory += entry
    return bytes(header) + bytes(directory.ljust(512, b"\0"))


def test_password_protected_xlsx_is_called_protected_not_old_xls(tmp_path):
    path = tmp_path / "rahasia.xlsx"
    path.write_bytes(_ole_with(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]))
    with pytest.raises(ImportFileError, match="dilindungi kata sandi") as caught:
        list(read_sheets(path))
    assert ".xls)" not in str(caught.value)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])
def test_a_dtd_anywhere_in_the_prolog_is_refused_in_any_encoding(tmp_path, encoding):
    comment = "<!-- " + "x" * 8000 + " -->" if encoding == "utf-8" else ""
    xml = (f'<?xml version="1.0" encoding="{encoding.upper()}"?>{comment}'
           '<!DOCTYPE sst [<!ENTITY a "aaaaaaaa">]><sst xmlns="http://schemas.openxmlformats.org/'
           'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&a;</t></si></sst>')
    raw = xml.encode(encoding)  # utf-16 writes its BOM
    path = _member(_good(tmp_path), tmp_path / "dtd.xlsx", "xl/sharedStrings.xml", raw)
    with pytest.raises(ImportFileError, match="tidak aman"):
        list(read_sheets(path))


def test_a_failed_xlsx_import_does_not_keep_the_file_open(db, tmp_path, windows_semantics):
    assert windows_semantics is not None
    good = _good(tmp_path)
    workbook = zipfile.ZipFile(good).read("xl/workbook.xml")
    assert b'r:id="rId1"' in workbook  # a sheet pointing nowhere: openpyxl fails while loading
    broken = _member(good, tmp_path / "pegawai.xlsx", "xl/workbook.xml",
                     workbook.replace(b'r:id="rId1"', b'r:id="rId99"'))
    with pytest.raises(ImportFileError) as caught:
        _preview(db, broken)
    fixed = write_xlsx(tmp_path / "perbaikan.xlsx", [HEADER, ANDI])
    os.replace(fixed, broken)  # Excel saves the corrected file under the same name
    assert caught.value is not None  # the failure is still referenced, as a dialog would keep it
    assert [r.number for r in _preview(db, broken).rows] == [2]


def test_hostile_rows_of_random_numbers_stay_bounded(tmp_path):
    rng = random.Random(7)
    cells = "".join(f"<c><v>{rng.randrange(10**9)}</v></c>" for _ in range(20_000))
    path = _member(_good(tmp_path), tmp_path / "baris.xlsx", "xl/worksheets/sheet1.xml",
                   _sheet_xml(f'<row r="1">{cells}</row>'))
    with pytest.raises(ImportFileError, match="baris 1 memiliki lebih dari 250 kolom"):
        list(read_sheets(path))


def test_training_rows_with_a_zero_width_nip_or_title_name_the_code_point(db, tmp_path):
    people = tmp_path / "p.csv"
    people.write_text(f"NIP;NAMA\n{NIP_ANDI};Andi\n")
    with db.session_scope() as s:
        import_file(s, "pegawai", people, today=TODAY)
    path = tmp_path / "pelatihan.csv"
    path.write_text("NIP;NAMA DIKLAT;JALUR;TGL MULAI;JUMLAH JAM\n"
                    f"{NIP_ANDI[:4]}\ufeff{NIP_ANDI[4:]};Bimtek SIASN;KL10;03-03-2025;24\n"
                    f"{NIP_ANDI};Bimtek\u202e SIASN;KL10;04-03-2025;24\n")
    with db.session_scope() as s:
        preview = build_preview(s, "pelatihan", path, today=TODAY)
    text = "\n".join(str(e) for e in preview.errors)
    assert "Baris 2: NIP berisi karakter tak terlihat U+FEFF" in text
    assert "Baris 3:" in text and "U+202E (pembalik arah teks)" in text

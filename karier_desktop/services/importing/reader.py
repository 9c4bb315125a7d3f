"""Reading .xlsx, .xls and .csv files safely into rows of cell values.

Every row keeps the sheet's own row number (1-based, as the spreadsheet shows it) so messages can
say "Baris 7". Files are checked before a parser sees them: the size, what the first bytes say
the file really is, and for .xlsx the zip directory (member names, sizes, compression ratio, no
XML DTDs). openpyxl parses through defusedxml and reads formula cells as their cached values.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 250
MAX_CELL_CHARS = 32_767
MAX_MEMBER_BYTES = 300 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_RATIO = 100  # uncompressed/compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 5_000
MAX_SHEETS = 20
DTD_SCAN_BYTES = 4096

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")

Cell = Any  # str | int | float | bool | date | datetime | None


class ImportFileError(Exception):
    """The file cannot be read; str() is an Indonesian message saying what to do."""


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[tuple[int, tuple[Cell, ...]]]  # (row number, cells); empty rows left out


def _kind_of(head: bytes) -> str:
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    return "text"


def _what(kind: str) -> str:
    return {"zip": "file Excel baru (.xlsx) atau file zip", "ole": "file Excel lama (.xls)",
            "text": "file teks/CSV atau file lain"}[kind]


def check_file(path: Path) -> str:
    """Return the format ("xlsx", "xls", "csv") or raise ImportFileError."""
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise ImportFileError(
            f"Jenis file {suffix or '(tanpa ekstensi)'} tidak didukung; pilih file .xlsx, .xls "
            "atau .csv.")
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise ImportFileError(f"File tidak ditemukan: {path}") from None
    except OSError as exc:
        raise ImportFileError(f"File {path.name} tidak dapat dibuka: {exc.strerror or exc}") from exc
    if size == 0:
        raise ImportFileError(f"File {path.name} kosong.")
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"File {path.name} terlalu besar ({size // (1024 * 1024)} MB; batas "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB). Pecah menjadi beberapa file.")
    actual = _kind_of(head)
    expected = {".xlsx": "zip", ".xlsm": "zip", ".xls": "ole"}.get(suffix, "text")
    if actual != expected:
        raise ImportFileError(
            f"File {path.name} bukan file {suffix} yang sebenarnya (isinya {_what(actual)}). "
            "Buka file itu di Excel lalu simpan ulang sebagai .xlsx.")
    return {"zip": "xlsx", "ole": "xls", "text": "csv"}[expected]


def read_sheets(path: str | Path) -> Iterator[Sheet]:
    """Yield the sheets of a file one by one (a CSV file is one sheet)."""
    path = Path(path)
    fmt = check_file(path)
    if fmt == "xlsx":
        yield from _read_xlsx(path)
    elif fmt == "xls":
        yield from _read_xls(path)
    else:
        yield _read_csv(path)


# --- shared row handling -------------------------------------------------------------------

def _clean_row(values: tuple[Cell, ...] | list[Cell], number: int, sheet: str) -> tuple[Cell, ...]:
    """Trim trailing empty cells and enforce the column and cell-size caps."""
    cells = list(values)
    while cells and (cells[-1] is None or cells[-1] == ""):
        cells.pop()
    if len(cells) > MAX_COLUMNS:
        raise ImportFileError(
            f"Lembar {sheet} baris {number} memiliki lebih dari {MAX_COLUMNS} kolom; "
            "hapus kolom yang tidak dipakai.")
    for value in cells:
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            raise ImportFileError(
                f"Lembar {sheet} baris {number} berisi sel lebih dari {MAX_CELL_CHARS} karakter.")
    return tuple(cells)


def _too_many_rows(sheet: str) -> ImportFileError:
    return ImportFileError(
        f"Lembar {sheet} berisi lebih dari {MAX_ROWS:,} baris; pecah menjadi beberapa file."
        .replace(",", "."))


# --- .xlsx ---------------------------------------------------------------------------------

def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise ImportFileError(f"File {path.name} berisi terlalu banyak bagian; bukan "
                                      "file Excel biasa.")
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise ImportFileError(
                    f"File {path.name} bukan file Excel .xlsx yang utuh (bagian isi buku kerja "
                    "tidak ada). Buka di Excel lalu simpan ulang sebagai .xlsx.")
            total = 0
            for info in infos:
                name = info.filename
                if name.startswith(("/", "\\")) or ".." in name.split("/") or ":" in name:
                    raise ImportFileError(f"File {path.name} berisi nama bagian yang tidak aman.")
                total += info.file_size
                if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
                    raise ImportFileError(
                        f"Isi file {path.name} terlalu besar setelah dibuka; file ditolak.")
                if (info.file_size > RATIO_FLOOR
                        and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
                    raise ImportFileError(
                        f"File {path.name} mencurigakan (isinya mengembang lebih dari "
                        f"{MAX_RATIO} kali, seperti 'zip bomb'); file ditolak.")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as member:
                        head = member.read(DTD_SCAN_BYTES).upper()
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise ImportFileError(
                            f"File {path.name} berisi deklarasi XML yang tidak aman (DTD); "
                            "file ditolak.")
    except zipfile.BadZipFile as exc:
        raise ImportFileError(
            f"File {path.name} rusak atau terpotong (bukan zip yang utuh): {exc}") from exc
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - zlib.error, EOFError, NotImplementedError …
        raise ImportFileError(
            f"File {path.name} rusak atau terpotong, tidak dapat dibaca ({type(exc).__name__})."
        ) from exc


def _require_defused() -> None:
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise ImportFileError(
            "Komponen keamanan 'defusedxml' tidak terpasang; impor .xlsx dimatikan. "
            "Pasang ulang aplikasi.")


def _read_xlsx(path: Path) -> Iterator[Sheet]:
    _check_zip(path)
    _require_defused()
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is a bad file for the user
        raise ImportFileError(
            f"File {path.name} tidak dapat dibaca sebagai .xlsx ({type(exc).__name__}). "
            "Buka di Excel lalu simpan ulang sebagai .xlsx.") from exc
    try:
        for ws in wb.worksheets[:MAX_SHEETS]:
            if not hasattr(ws, "reset_dimensions"):
                continue  # a chart sheet
            ws.reset_dimensions()  # declared dimensions may be wrong; read what is there
            rows: list[tuple[int, tuple[Cell, ...]]] = []
            try:
                for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                    if number > MAX_ROWS + 50:
                        raise _too_many_rows(ws.title)
                    if not any(v is not None and v != "" for v in values):
                        continue
                    rows.append((number, _clean_row(values, number, ws.title)))
            except ImportFileError:
                raise
            except Exception as exc:  # noqa: BLE001
                raise ImportFileError(
                    f"Lembar {ws.title} pada file {path.name} rusak atau tidak aman "
                    f"({type(exc).__name__}); file ditolak.") from exc
            yield Sheet(ws.title, rows)
    finally:
        wb.close()


# --- .xls ----------------------------------------------------------------------------------

def _read_xls(path: Path) -> Iterator[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # noqa: BLE001
        raise ImportFileError(
            f"File {path.name} tidak dapat dibaca sebagai .xls ({exc}). "
            "Buka di Excel lalu simpan ulang sebagai .xlsx.") from exc
    try:
        for index in range(min(book.nsheets, MAX_SHEETS)):
            try:
                sh = book.sheet_by_index(index)
                if sh.nrows > MAX_ROWS + 50:
                    raise _too_many_rows(sh.name)
                rows = []
                for r in range(sh.nrows):
                    values = [_xls_value(book, sh.cell(r, c)) for c in range(sh.ncols)]
                    if any(v is not None and v != "" for v in values):
                        rows.append((r + 1, _clean_row(values, r + 1, sh.name)))
            except ImportFileError:
                raise
            except Exception as exc:  # noqa: BLE001
                raise ImportFileError(
                    f"Lembar ke-{index + 1} file {path.name} rusak ({exc}).") from exc
            yield Sheet(sh.name, rows)
    finally:
        book.release_resources()


def _xls_value(book: Any, cell: Any) -> Cell:
    import xlrd

    ctype = cell.ctype
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, book.datemode)
        except Exception:  # noqa: BLE001 - a broken date stays a number for the validator
            return cell.value
    if ctype == xlrd.XL_CELL_NUMBER:
        value = float(cell.value)
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


# --- .csv ----------------------------------------------------------------------------------

def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; refuse binary data."""
    if b"\x00" in data[:65536]:
        raise ImportFileError(
            f"File {name} bukan file teks CSV (berisi data biner). Pilih file .csv, .xlsx "
            "atau .xls.")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """The delimiter that appears most in the first lines: ';' (Indonesian Excel), ',' or tab."""
    lines = [ln for ln in text.splitlines()[:20] if ln.strip()]
    sample = "\n".join(lines)
    counts = {d: sample.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ","


def _read_csv(path: Path) -> Sheet:
    data = path.read_bytes()
    text = decode_text(data, path.name)
    delimiter = sniff_delimiter(text)
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, values in enumerate(reader, start=1):
            if number > MAX_ROWS + 50:
                raise _too_many_rows(path.name)
            cells = [v.strip() for v in values]
            if any(cells):
                rows.append((number, _clean_row([v or None for v in cells], number, path.name)))
    except csv.Error as exc:
        raise ImportFileError(f"File {path.name} bukan CSV yang dapat dibaca: {exc}") from exc
    return Sheet(path.stem, rows)

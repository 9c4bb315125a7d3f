"""Reading .xlsx, .xls and .csv files safely into rows of cell values.

Every row keeps the sheet's own row number (1-based, as the spreadsheet shows it) so messages can
say "Baris 7". Files are checked before a parser sees them: the size and what the first bytes say
the file really is (a password-protected .xlsx is an encrypted compound file, not an old .xls).
Spreadsheets are read once into memory and parsed from there, so a failed import never keeps
the clerk's file open. The formats live in `xlsx.py` and `csvfile.py`; the caps in `limits.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from karier_desktop.services.importing import limits
from karier_desktop.services.importing.csvfile import read_csv, sniff_delimiter
from karier_desktop.services.importing.limits import Cell, ImportFileError, Sheet
from karier_desktop.services.importing.xlsx import is_encrypted, read_xlsx

__all__ = ["EXTENSIONS", "Cell", "ImportFileError", "Sheet", "check_file", "read_sheets",
           "sniff_delimiter"]

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")


def _kind_of(head: bytes) -> str:
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    return "text"


def _what(kind: str) -> str:
    return {"zip": "file Excel baru (.xlsx) atau file zip", "ole": "file Excel lama (.xls)",
            "text": "file teks/CSV atau file lain"}[kind]


def _protected(name: str) -> ImportFileError:
    return ImportFileError(
        f"File {name} dilindungi kata sandi, sehingga isinya tidak dapat dibaca. Buka di Excel, "
        "hapus kata sandinya (File > Info > Lindungi Buku Kerja > Enkripsi dengan Kata Sandi, "
        "kosongkan), simpan, lalu impor lagi.")


def _open_failed(path: Path, exc: OSError) -> ImportFileError:
    if isinstance(exc, FileNotFoundError):
        return ImportFileError(f"File tidak ditemukan: {path}")
    if isinstance(exc, PermissionError):
        return ImportFileError(
            f"File {path.name} tidak dapat dibuka: sedang dipakai program lain atau tidak ada "
            "izin membaca. Tutup file itu di Excel lalu coba lagi.")
    return ImportFileError(f"File {path.name} tidak dapat dibuka (kesalahan baca).")


def check_file(path: Path, head_bytes: int = 8) -> str:
    """Return the format ("xlsx", "xls", "csv") or raise ImportFileError."""
    return _check(path, head_bytes)[0]


def _check(path: Path, head_bytes: int) -> tuple[str, bytes]:
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise ImportFileError(
            f"Jenis file {suffix or '(tanpa ekstensi)'} tidak didukung; pilih file .xlsx, .xls "
            "atau .csv.")
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(min(head_bytes, limits.MAX_FILE_BYTES + 1))
    except OSError as exc:
        raise _open_failed(path, exc) from None
    if size == 0:
        raise ImportFileError(f"File {path.name} kosong.")
    if size > limits.MAX_FILE_BYTES:
        raise ImportFileError(
            f"File {path.name} terlalu besar ({size // (1024 * 1024)} MB; batas "
            f"{limits.MAX_FILE_BYTES // (1024 * 1024)} MB). Pecah menjadi beberapa file.")
    actual = _kind_of(head)
    expected = {".xlsx": "zip", ".xlsm": "zip", ".xls": "ole"}.get(suffix, "text")
    if actual == "ole" and suffix in (".xlsx", ".xlsm", ".xls"):
        whole = head if len(head) >= size else _read_all(path)
        if is_encrypted(whole):
            raise _protected(path.name)
        head = whole
    if actual != expected:
        raise ImportFileError(
            f"File {path.name} bukan file {suffix} yang sebenarnya (isinya {_what(actual)}). "
            "Buka file itu di Excel lalu simpan ulang sebagai .xlsx.")
    return {"zip": "xlsx", "ole": "xls", "text": "csv"}[expected], head


def _read_all(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(limits.MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _open_failed(path, exc) from None


def read_sheets(path: str | Path) -> Iterator[Sheet]:
    """Yield the sheets of a file one by one (a CSV file is one sheet)."""
    path = Path(path)
    fmt, head = _check(path, 8)
    if fmt == "csv":
        yield read_csv(path)
        return
    # once: the file is closed before any parser runs (an .xls was read whole by the check)
    data = head if fmt == "xls" and len(head) > 8 else _read_all(path)
    if fmt == "xlsx":
        yield from read_xlsx(data, path.name)
    else:
        yield from _read_xls(data, path.name)


# --- .xls ----------------------------------------------------------------------------------

def _read_xls(data: bytes, name: str) -> Iterator[Sheet]:
    import xlrd

    if is_encrypted(data):
        raise _protected(name)
    failed = ""
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:  # noqa: BLE001
        failed = "encrypted" if "encrypted" in str(exc).lower() else "bad"
    if failed == "encrypted":
        raise _protected(name)
    if failed:
        raise ImportFileError(
            f"File {name} tidak dapat dibaca sebagai .xls. Buka di Excel lalu simpan ulang "
            "sebagai .xlsx.")
    budget = limits.Budget(f"File {name}")
    try:
        for index in range(min(book.nsheets, limits.MAX_SHEETS)):
            broken = False
            try:
                sh = book.sheet_by_index(index)
                if sh.nrows > limits.MAX_ROWS + 50:
                    raise limits.too_many_rows(sh.name)
                rows = []
                for r in range(sh.nrows):
                    values = [_xls_value(book, sh.cell(r, c)) for c in range(sh.ncols)]
                    if any(v is not None and v != "" for v in values):
                        rows.append((r + 1, limits.clean_row(values, r + 1, sh.name, budget)))
            except ImportFileError:
                raise
            except Exception:  # noqa: BLE001
                broken = True
            if broken:
                raise ImportFileError(f"Lembar ke-{index + 1} file {name} rusak.")
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

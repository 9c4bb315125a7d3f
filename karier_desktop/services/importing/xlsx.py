""".xlsx files: checked whole before a parser sees them, then read from memory.

The file is read once into bytes (so a failed import never keeps the clerk's file open, which on
Windows would stop Excel from saving it again). Before parsing, the zip directory is checked
(member names, sizes, compression ratio) and every XML member is streamed through expat once:
a DTD anywhere in the prolog (in whatever encoding the file declares, UTF-16 too) is refused,
and the worksheets and the shared-string table are counted while streaming (cells per row,
shared strings, characters, and how far the filled cells reach), so a hostile file is refused
in bounded memory before a reader would build it. Then python-calamine reads the sheets whole
(`xlsx_dense.py`) when they are small enough to hold; a larger, sparse sheet, or one calamine
cannot read, is streamed by openpyxl through defusedxml. Both read formula cells as their
cached values.
"""

from __future__ import annotations

import codecs
import io
import pyexpat
import zipfile
from collections.abc import Iterator
from typing import Any

from karier_desktop.services.importing import limits
from karier_desktop.services.importing.limits import Cell, ImportFileError, Sheet
from karier_desktop.services.importing.xlsx_dense import read_dense

CHUNK = 64 * 1024
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


def is_encrypted(data: bytes) -> bool:
    """An OLE compound file holding an encrypted OOXML package (a password-protected .xlsx)."""
    return ENCRYPTED_MARK in data[:8 * 1024 * 1024]


def _unsafe(name: str) -> ImportFileError:
    return ImportFileError(f"File {name} berisi deklarasi XML yang tidak aman (DTD); file ditolak.")


SHEET_NAMESPACES = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                    "http://purl.oclc.org/ooxml/spreadsheetml/main")


_TAGS = {f"{space} {local}": local for space in SHEET_NAMESPACES
         for local in ("si", "c", "v", "is", "row")}
_DIGITS = "0123456789"
_FAR = 1 << 30  # a reference past Excel's grid (or not one): the sheet is streamed instead


def _column(letters: str, cache: dict[str, int] = {}) -> int:  # noqa: B006 - a shared cache
    """1-based column of a cell reference's letters ("A" 1, "AB" 28); _FAR when not letters."""
    number = cache.get(letters)
    if number is None:
        number = 0
        for ch in letters:
            if not "A" <= ch <= "Z" or number > MAX_EXCEL_COLUMN:
                number = _FAR
                break
            number = number * 26 + ord(ch) - 64
        if len(cache) < 20_000:
            cache[letters] = number
    return number


MAX_EXCEL_COLUMN = 16_384


class _Counter:
    """expat handlers counting, while a member streams, what a reader would build from it:
    rows and cells of a worksheet, entries of a shared-string table, and their characters;
    and how far its filled cells reach (`dense_cells`: the rectangle from A1 to the last filled
    row and column, which the fast reader holds whole). Every member is counted whatever its
    name (the package manifest may point anywhere)."""

    def __init__(self, name: str, budget: limits.Budget) -> None:
        self.name = name
        self.budget = budget
        self.rows = 0
        self.row_attr: str | None = None
        self.row_cells = 0
        self.row_filled = 0
        self.in_cell = False
        self.in_string = False
        self.filled = False
        self.strings = 0
        self.row_at = 0  # the current row's number (its r, or the one after the last)
        self.column = 0  # the current cell's column (its r, or the one after the last)
        self.cell_row = 0
        self.last_row = 0  # of a filled cell
        self.last_column = 0

    @property
    def dense_cells(self) -> int:
        return self.last_row * self.last_column

    def start(self, tag: str, attrs: Any) -> None:
        local = _TAGS.get(tag)
        if local is None:
            return
        if local == "c":
            self.in_cell = True
            self.filled = False
            self.row_cells += 1
            if self.row_cells > limits.MAX_ROW_CELLS:
                raise limits.too_many_columns(f"File {self.name}", self._row_number())
            self._place(attrs.get("r"))
        elif local == "v" or local == "is":
            if self.in_cell:
                self.filled = True
        elif local == "si":
            self.in_string = True
            self.strings += 1
            if self.strings > limits.MAX_SHARED_STRINGS:
                raise ImportFileError(
                    f"File {self.name} berisi lebih dari "
                    f"{limits.thousands(limits.MAX_SHARED_STRINGS)} teks berbeda; pecah "
                    "menjadi beberapa file.")
        elif local == "row":
            self.rows += 1
            self.row_cells = self.row_filled = 0
            self.row_attr = attr = attrs.get("r")
            self.row_at = int(attr) if attr and attr.isdigit() and len(attr) < 10 \
                else self.row_at + 1
            self.column = 0
            if self.rows > limits.MAX_ROWS + 50:
                raise limits.too_many_rows(f"pada file {self.name}")

    def _place(self, ref: str | None) -> None:
        """Where a cell lies: by its reference, or right after the cell before it."""
        if not ref:
            self.column += 1
            self.cell_row = self.row_at
            return
        letters = ref.rstrip(_DIGITS)
        digits = ref[len(letters):]
        self.column = _column(letters) if letters else self.column + 1
        self.cell_row = (int(digits) if len(digits) < 10 else _FAR) if digits else self.row_at

    def end(self, tag: str) -> None:
        local = _TAGS.get(tag)
        if local is None:
            return
        if local == "c":
            if not self.in_cell:
                return
            self.in_cell = False
            if self.filled:
                self.row_filled += 1
                if self.row_filled > limits.MAX_COLUMNS:
                    raise limits.too_many_columns(f"File {self.name}", self._row_number())
                self.budget.add(1, 0)
                if self.cell_row > self.last_row:
                    self.last_row = self.cell_row
                if self.column > self.last_column:
                    self.last_column = self.column
        elif local == "si":
            self.in_string = False

    def text(self, data: str) -> None:
        if self.in_string or self.in_cell:
            self.budget.add(0, len(data))

    def _row_number(self) -> int:
        attr = self.row_attr
        return int(attr) if attr and attr.isdigit() else self.rows


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, counter: _Counter) -> None:
    parser = pyexpat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True  # one call per text run, not per line or entity
    parser.buffer_size = CHUNK
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(*_args: Any) -> None:
        raise _unsafe(counter.name)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = counter.start
    parser.EndElementHandler = counter.end
    parser.CharacterDataHandler = counter.text
    try:
        with zf.open(info) as member:
            while chunk := member.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except pyexpat.ExpatError as exc:
        raise ImportFileError(
            f"File {counter.name} rusak: bagian {info.filename} bukan XML yang utuh "
            f"(baris {exc.lineno}). Buka di Excel lalu simpan ulang sebagai .xlsx.") from None


def _looks_like_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """XML by name or by its first bytes (the manifest may give a part any name)."""
    if info.filename.lower().endswith((".xml", ".rels", ".vml")):
        return True
    if info.is_dir() or info.file_size == 0:
        return False
    with zf.open(info) as member:
        head = member.read(4).lstrip()
    return head.startswith((b"<", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def check_zip(data: bytes, name: str) -> int:
    """Refuse a zip that is not a plain, safe, bounded .xlsx; stream-count its XML. Returns the
    largest rectangle of cells (from A1 to the last filled cell) of any of its sheets."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > limits.MAX_MEMBERS:
                raise ImportFileError(f"File {name} berisi terlalu banyak bagian; bukan "
                                      "file Excel biasa.")
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise ImportFileError(
                    f"File {name} bukan file Excel .xlsx yang utuh (bagian isi buku kerja "
                    "tidak ada). Buka di Excel lalu simpan ulang sebagai .xlsx.")
            total = 0
            for info in infos:
                member = info.filename
                if member.startswith(("/", "\\")) or ".." in member.split("/") or ":" in member:
                    raise ImportFileError(f"File {name} berisi nama bagian yang tidak aman.")
                total += info.file_size
                if info.file_size > limits.MAX_MEMBER_BYTES or total > limits.MAX_TOTAL_BYTES:
                    raise ImportFileError(
                        f"Isi file {name} terlalu besar setelah dibuka; file ditolak.")
                if (info.file_size > limits.RATIO_FLOOR
                        and info.file_size > limits.MAX_RATIO * max(info.compress_size, 1)):
                    raise ImportFileError(
                        f"File {name} mencurigakan (isinya mengembang lebih dari "
                        f"{limits.MAX_RATIO} kali, seperti 'zip bomb'); file ditolak.")
            budget = limits.Budget(f"File {name}")
            dense = 0
            for info in infos:
                if _looks_like_xml(zf, info):
                    counter = _Counter(name, budget)
                    _stream(zf, info, counter)
                    dense = max(dense, counter.dense_cells)
            return dense
    except zipfile.BadZipFile:
        raise ImportFileError(
            f"File {name} rusak atau terpotong (bukan zip yang utuh). Buka di Excel lalu "
            "simpan ulang sebagai .xlsx.") from None
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 - zlib.error, EOFError, NotImplementedError …
        raise ImportFileError(
            f"File {name} rusak atau terpotong, tidak dapat dibaca. Buka di Excel lalu simpan "
            "ulang sebagai .xlsx.") from None


def _require_defused() -> None:
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise ImportFileError(
            "Komponen keamanan 'defusedxml' tidak terpasang; impor .xlsx dimatikan. "
            "Pasang ulang aplikasi.")


def read_xlsx(data: bytes, name: str) -> Iterator[Sheet]:
    dense = check_zip(data, name)
    if dense <= limits.MAX_DENSE_CELLS:
        sheets = read_dense(data, name)
        if sheets is not None:
            yield from sheets
            return
    yield from read_streaming(data, name)


def read_streaming(data: bytes, name: str) -> Iterator[Sheet]:
    """openpyxl, row by row: for sheets too sparse to hold whole, and whatever calamine
    cannot read (its failure message is then openpyxl's)."""
    _require_defused()
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                    keep_links=False)
    except Exception:  # noqa: BLE001 - any parser failure is a bad file for the user
        raise ImportFileError(
            f"File {name} tidak dapat dibaca sebagai .xlsx. Buka di Excel lalu simpan ulang "
            "sebagai .xlsx.") from None
    budget = limits.Budget(f"File {name}")
    try:
        for ws in wb.worksheets[:limits.MAX_SHEETS]:
            if not hasattr(ws, "reset_dimensions"):
                continue  # a chart sheet
            ws.reset_dimensions()  # declared dimensions may be wrong; read what is there
            rows: list[tuple[int, tuple[Cell, ...]]] = []
            failed = False
            try:
                for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                    if number > limits.MAX_ROWS + 50:
                        raise limits.too_many_rows(ws.title)
                    if not any(v is not None and v != "" for v in values):
                        continue
                    rows.append((number, limits.clean_row(values, number, ws.title, budget)))
            except ImportFileError:
                raise
            except Exception:  # noqa: BLE001
                failed = True  # raised below, outside the parser's frames
            if failed:
                raise ImportFileError(
                    f"Lembar {ws.title} pada file {name} rusak atau tidak aman; file ditolak.")
            yield Sheet(ws.title, rows)
    finally:
        wb.close()

"""CSV and text files as clerks save them from Excel: one encoding per file, checked while streamed.

Excel writes "CSV UTF-8" (with a BOM), plain "CSV" in the Windows code page (cp1252), or
"Teks Unicode" (UTF-16 with a BOM, tab separated). The encoding is decided once per file: a
file that is mostly UTF-8 with a line in another encoding is refused (decoding it whole as
cp1252 would store mojibake). The file is streamed twice from disk, never held whole: first the
bytes (encoding, NUL bytes), then the records, with the fields and characters of each record
counted before the csv module builds it. An opened quote that is never closed, or that swallows
a line break and the next record, is refused with its row number.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from pathlib import Path

from karier_desktop.services.importing import limits
from karier_desktop.services.importing.limits import Cell, ImportFileError, Sheet

CHUNK = 1024 * 1024
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                             rb"|[\xf0-\xf4][\x80-\xbf]{3}")
_CP1252_HOLES = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
SAVE_AS = "Simpan ulang dari Excel sebagai \"CSV UTF-8 (Dibatasi koma)\"."


def _nul(name: str, line: int) -> ImportFileError:
    return ImportFileError(
        f"File {name} baris {line} berisi karakter NUL (data biner), bukan teks CSV biasa. "
        f"{SAVE_AS}")


def detect_encoding(path: Path) -> str:
    """The one encoding of the whole file, or ImportFileError saying why there is none."""
    name = path.name
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8_ok = True
    bad_line = 0
    multibyte = False
    holes = False
    lines = 0
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head.startswith(UTF16_BOMS):
            return "utf-16"
        bom = head.startswith(codecs.BOM_UTF8)
        fh.seek(3 if bom else 0)
        while chunk := fh.read(CHUNK):
            nul = chunk.find(b"\x00")
            if nul >= 0:
                raise _nul(name, lines + chunk.count(b"\n", 0, nul) + 1)
            if utf8_ok:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    utf8_ok = False
                    bad_line = lines + chunk.count(b"\n", 0, max(0, exc.start)) + 1
            multibyte = multibyte or _UTF8_MULTIBYTE.search(chunk) is not None
            holes = holes or _CP1252_HOLES.search(chunk) is not None
            lines += chunk.count(b"\n")
        if utf8_ok:
            try:
                decoder.decode(b"", True)
            except UnicodeDecodeError:
                utf8_ok, bad_line = False, lines + 1
    if utf8_ok:
        return "utf-8"
    if bom or multibyte:
        raise ImportFileError(
            f"File {name} bercampur: sebagian besar UTF-8, tetapi baris {bad_line} memakai "
            f"pengodean lain (huruf seperti é atau ñ akan rusak). {SAVE_AS}")
    return "latin-1" if holes else "cp1252"


def sniff_delimiter(lines: list[str]) -> str:
    """The separator that splits the first lines into the same number of columns.

    ';' (Indonesian Excel), ',' or tab. Counting characters is not enough: a ';' file with titled
    names ("Andi Wijaya, S.Kom., M.Si.") has more commas than semicolons.
    """
    sample = [ln[:65536] for ln in lines if ln.strip()][:20]
    best, best_score = ",", (0, 0, False)
    for d in (";", ",", "\t"):
        widths = [len(r) for r in csv.reader(sample, delimiter=d)]
        if not widths or max(widths) < 2:
            continue
        common = max(set(widths), key=widths.count)
        score = (sum(w == common for w in widths) if common > 1 else 0, common, d == ";")
        if score > best_score:
            best, best_score = d, score
    return best


class _Lines:
    """Feeds the csv module one physical line at a time, counting each record before it is built."""

    def __init__(self, stream: Iterator[str], name: str, delimiter: str) -> None:
        self.stream = stream
        self.name = name
        self.delimiter = delimiter
        self.record = 1  # number of the record being read
        self.separators = 0
        self.chars = 0

    def next_record(self) -> None:
        self.record += 1
        self.separators = self.chars = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.stream)
        if "\x00" in line:
            raise _nul(self.name, self.record)
        self.chars += len(line)
        self.separators += line.count(self.delimiter)
        if self.separators > limits.MAX_SEPARATORS:
            raise limits.too_many_columns(f"File {self.name}", self.record)
        if self.chars > limits.MAX_LINE_CHARS:
            raise ImportFileError(
                f"File {self.name} baris {self.record} terlalu panjang (lebih dari "
                f"{limits.thousands(limits.MAX_LINE_CHARS)} huruf); file ditolak.")
        return line


def _physical_lines(fh: object, first: list[str]) -> Iterator[str]:
    yield from first
    while line := fh.readline(limits.MAX_LINE_CHARS + 1):  # type: ignore[attr-defined]
        yield line


def _unbalanced(name: str, number: int) -> ImportFileError:
    return ImportFileError(
        f"File {name} baris {number}: tanda petik (\") tidak berpasangan, sehingga baris "
        "berikutnya ikut tertelan. Perbaiki tanda petik di baris itu lalu simpan ulang.")


def read_csv(path: Path) -> Sheet:
    name = path.name
    encoding = detect_encoding(path)
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    budget = limits.Budget(f"File {name}")
    try:
        with open(path, encoding="utf-8-sig" if encoding == "utf-8" else encoding,
                  newline="") as fh:
            first = []
            for _ in range(20):
                line = fh.readline(limits.MAX_LINE_CHARS + 1)
                if not line:
                    break
                first.append(line)
            delimiter = sniff_delimiter(first)
            lines = _Lines(_physical_lines(fh, first), name, delimiter)
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            while True:
                number = lines.record
                try:
                    values = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    if "field larger" in str(exc):
                        raise ImportFileError(
                            f"File {name} baris {number} berisi sel lebih dari "
                            f"{limits.MAX_CELL_CHARS} karakter.") from None
                    raise _unbalanced(name, number) from None
                if number > limits.MAX_ROWS + 50:
                    raise limits.too_many_rows(name)
                if any(("\n" in v or "\r" in v) and delimiter in v for v in values):
                    raise _unbalanced(name, number)
                cells = [v.strip() or None for v in values]
                if any(cells):
                    rows.append((number, limits.clean_row(cells, number, name, budget)))
                lines.next_record()
    except UnicodeDecodeError:
        raise ImportFileError(
            f"File {name} berubah atau rusak saat dibaca (pengodean tidak konsisten). "
            f"{SAVE_AS}") from None
    except OSError as exc:
        raise ImportFileError(
            f"File {name} tidak dapat dibaca: {exc.strerror or 'kesalahan baca'}.") from None
    return Sheet(path.stem, rows)

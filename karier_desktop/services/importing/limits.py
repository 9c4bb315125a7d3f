"""The caps every import file reader enforces, the rows it returns, and its one exception.

The caps bound the work and memory of any input (issue 17: one row of 3 million cells, a table
of 8 million shared strings, a CSV line of 24 million fields): each is checked while the file is
streamed, so a hostile file is refused before it is held in memory. Readers use the caps through
this module (`limits.MAX_ROWS`), so tests can lower them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 250
MAX_CELL_CHARS = 32_767
MAX_CELLS = 1_500_000  # filled cells kept from one file (e.g. 50,000 rows x 30 columns)
MAX_TEXT_CHARS = 30_000_000  # characters of text kept from one file
MAX_ROW_CELLS = 16_384  # cell entries in one .xlsx row, empty ones too (Excel's last column)
MAX_SHARED_STRINGS = 500_000  # distinct texts of one .xlsx file (openpyxl keeps ~200 bytes each)
MAX_LINE_CHARS = MAX_COLUMNS * (MAX_CELL_CHARS + 3)  # one CSV record, quotes and separators
MAX_SEPARATORS = 4 * MAX_COLUMNS  # separators in one CSV record, quoted ones counted too
MAX_MEMBER_BYTES = 300 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_RATIO = 100  # uncompressed/compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 5_000
MAX_SHEETS = 20
# The cells of one sheet's rectangle from A1 to its last filled row and column: up to this many
# (e.g. 12,500 rows x 40 columns) the sheet is read at once by the fast reader (python-calamine
# holds the whole rectangle, ~150 MB at this size); a larger one is streamed row by row
# (openpyxl, slower but within the same memory at MAX_CELLS).
MAX_DENSE_CELLS = 500_000

Cell = Any  # str | int | float | bool | date | datetime | None


class ImportFileError(Exception):
    """The file cannot be read; str() is an Indonesian message saying what to do."""


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[tuple[int, tuple[Cell, ...]]]  # (row number, cells); empty rows left out


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def too_many_rows(sheet: str) -> ImportFileError:
    """`sheet` is a sheet's name, or "pada file X" where the name is not known yet."""
    return ImportFileError(
        f"Lembar {sheet} berisi lebih dari {thousands(MAX_ROWS)} baris; pecah menjadi beberapa "
        "file.")


def too_many_columns(where: str, number: int) -> ImportFileError:
    return ImportFileError(
        f"{where} baris {number} memiliki lebih dari {MAX_COLUMNS} kolom; hapus kolom yang "
        "tidak dipakai.")


def too_much(where: str) -> ImportFileError:
    return ImportFileError(
        f"{where} berisi terlalu banyak data untuk satu kali impor (lebih dari "
        f"{thousands(MAX_CELLS)} sel atau {thousands(MAX_TEXT_CHARS)} huruf); pecah menjadi "
        "beberapa file.")


class Budget:
    """Cells and characters kept from one file so far."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.cells = 0
        self.chars = 0

    def add(self, cells: int, chars: int) -> None:
        self.cells += cells
        self.chars += chars
        if self.cells > MAX_CELLS or self.chars > MAX_TEXT_CHARS:
            raise too_much(self.where)


def clean_row(values: tuple[Cell, ...] | list[Cell], number: int, sheet: str,
              budget: Budget | None = None) -> tuple[Cell, ...]:
    """Trim trailing empty cells and enforce the column, cell-size and file caps."""
    cells = list(values)
    while cells and (cells[-1] is None or cells[-1] == ""):
        cells.pop()
    if len(cells) > MAX_COLUMNS:
        raise too_many_columns(f"Lembar {sheet}", number)
    chars = 0
    for value in cells:
        if isinstance(value, str):
            if len(value) > MAX_CELL_CHARS:
                raise ImportFileError(
                    f"Lembar {sheet} baris {number} berisi sel lebih dari {MAX_CELL_CHARS} "
                    "karakter.")
            chars += len(value)
    if budget is not None:
        budget.add(len(cells), chars)
    return tuple(cells)

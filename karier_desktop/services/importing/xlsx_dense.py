"""The fast .xlsx reader: python-calamine reads each sheet whole, in Rust.

It runs only after `xlsx.check_zip` has refused whatever is unsafe (DTDs, zip bombs) and counted
every cap while streaming, and only when every sheet's rectangle from A1 to its last filled cell
is small enough to hold at once (`limits.MAX_DENSE_CELLS`); otherwise, and whenever calamine
cannot read a file, `xlsx` streams it with openpyxl. The values come out as openpyxl gives them
(whole numbers as int, dates as datetime, empty cells as None), and each row goes through the
same `limits.clean_row` caps.

python-calamine (a binding of the Rust `calamine` crate, kept up by the same maintainers) was
chosen over a hand-written reader: it reads the shared strings, styles (for dates) and cached
formula values as Excel means them, about seven times faster than openpyxl here, and it is a
plain compiled module that PyInstaller bundles like any other.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from karier_desktop.services.importing import limits
from karier_desktop.services.importing.limits import Cell, Sheet

EXACT = float(2**53)  # floats below this that are whole are what Excel shows as integers


def _unreadable(exc: BaseException) -> bool:
    """An error of calamine (a Rust panic arrives as a BaseException), not an interrupt."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def read_dense(data: bytes, name: str) -> list[Sheet] | None:
    """Every worksheet of an .xlsx already checked by `check_zip`, or None when calamine
    cannot read it (the caller streams it with openpyxl instead). Raises ImportFileError for a
    cap (as the streaming reader would)."""
    try:
        from python_calamine import CalamineWorkbook, SheetTypeEnum
    except ImportError:  # a build without it still imports, row by row
        return None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except BaseException as exc:
        if not _unreadable(exc):
            raise
        return None
    budget = limits.Budget(f"File {name}")
    strings: dict[str, str] = {}  # one object per distinct text, as a shared-string table
    sheets = []
    try:
        for meta in book.sheets_metadata[:limits.MAX_SHEETS]:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue  # chart and macro sheets hold no rows
            try:
                grid = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            except BaseException as exc:
                if not _unreadable(exc):
                    raise
                return None
            sheets.append(Sheet(meta.name, _rows(grid, meta.name, budget, strings)))
    finally:
        book.close()
    return sheets


def _rows(grid: list[Any], sheet: str, budget: limits.Budget,
          strings: dict[str, str]) -> list[tuple[int, tuple[Cell, ...]]]:
    """(sheet row number, cells) of the rows with a value, through the caps."""
    rows = []
    date, datetime, intern = dt.date, dt.datetime, strings.setdefault
    for index, values in enumerate(grid):
        grid[index] = ()  # each row's cells are freed once converted (the peak stays lower)
        number = index + 1
        if number > limits.MAX_ROWS + 50:
            raise limits.too_many_rows(sheet)
        cells: list[Cell] = []
        filled = False
        for value in values:
            kind = type(value)
            if kind is str:
                if not value:
                    cells.append(None)
                    continue
                value = intern(value, value)
            elif kind is float:
                if value.is_integer() and -EXACT < value < EXACT:
                    value = int(value)
            elif kind is date:
                value = datetime(value.year, value.month, value.day)
            cells.append(value)
            filled = True
        if filled:
            rows.append((number, limits.clean_row(cells, number, sheet, budget)))
    return rows

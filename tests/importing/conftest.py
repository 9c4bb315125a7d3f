"""Helpers for import tests: write small .xlsx/.csv files the way clerks make them."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

TODAY = dt.date(2026, 11, 29)
NIP_ANDI = "198503122010011005"  # born 12-03-1985, TMT CPNS 01-2010, L, serial 005
NIP_SITI = "199001152015032002"  # born 15-01-1990, TMT CPNS 03-2015, P, serial 002
NIP_BUDI = "197806232003121003"  # born 23-06-1978, TMT CPNS 12-2003, L, serial 003

Rows = Sequence[Sequence[Any]]


def write_xlsx(path: Path, rows: Rows, title_rows: Rows = ()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in [*title_rows, *rows]:
        ws.append(list(row))
    wb.save(path)
    return path


def write_csv(path: Path, rows: Rows, delimiter: str = ";", encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", newline="", encoding=encoding) as fh:
        csv.writer(fh, delimiter=delimiter).writerows(
            [["" if v is None else v for v in row] for row in rows])
    return path


@pytest.fixture
def xlsx(tmp_path: Path) -> Callable[..., Path]:
    def make(rows: Rows, name: str = "data.xlsx", title_rows: Rows = ()) -> Path:
        return write_xlsx(tmp_path / name, rows, title_rows)
    return make


@pytest.fixture
def csv_file(tmp_path: Path) -> Callable[..., Path]:
    def make(rows: Rows, name: str = "data.csv", delimiter: str = ";",
             encoding: str = "utf-8-sig") -> Path:
        return write_csv(tmp_path / name, rows, delimiter, encoding)
    return make

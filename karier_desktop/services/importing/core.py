"""What an import produces: the preview (rows, errors, counts) and the result of applying it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

Progress = Callable[[str, float], None]



class RowStatus(StrEnum):
    """A preview row's status, in the words the preview table shows."""

    NEW = "baru"
    CHANGED = "berubah"
    SAME = "tidak berubah"
    INVALID = "salah"


def display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y") if value.time() == dt.time() else str(value)
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def no_progress(_message: str, _fraction: float) -> None:
    return None


def norm(text: str) -> str:
    """Key for matching names: spaces collapsed, case folded."""
    return " ".join(text.split()).casefold()


@dataclass
class PreviewRow:
    """One data row of the sheet: what it said, what it means, and what is wrong with it."""

    number: int  # the sheet's own row number
    cells: dict[str, Any]  # field key -> the cell as read (see `text` for display)
    values: dict[str, Any] = field(default_factory=dict)  # clean values when valid
    errors: list[str] = field(default_factory=list)
    status: str = RowStatus.NEW

    @property
    def valid(self) -> bool:
        return not self.errors

    def text(self, key: str) -> str:
        """The cell of a field as the preview table shows it."""
        return display(self.cells.get(key))


@dataclass(frozen=True)
class RowError:
    number: int
    message: str

    def __str__(self) -> str:
        return f"Baris {self.number}: {self.message}"


@dataclass(frozen=True)
class ImportPreview:
    kind: str
    path: Path
    file_hash: str
    sheet: str
    header_row: int | None  # sheet row number of the header
    columns: tuple[str, ...]  # field keys found, in sheet order (preview table columns)
    column_labels: tuple[str, ...]
    headers: tuple[str, ...]  # every header cell as written
    unknown_headers: tuple[str, ...]  # headers mapped to no field (candidates for mapping)
    rows: list[PreviewRow]
    problems: tuple[str, ...] = ()  # file-level problems: no header, required column missing
    previous_import: str | None = None  # when the same file was imported before
    form: str = ""  # assessments: "panjang" or "lebar"
    profile: str = ""  # id of the recognised file shape (resources/import_profiles)
    profile_label: str = ""  # its name for the clerk: "Ekspor Data ASN SIASN"
    unknown_values: tuple[Any, ...] = ()  # vocab.UnknownFound: values the clerk may map
    skipped_rows: tuple[int, ...] = ()  # sheet rows that are not records (numbers, footers)

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def errors(self) -> list[RowError]:
        return [RowError(r.number, msg) for r in self.rows for msg in r.errors]

    @property
    def invalid_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.errors]

    @property
    def valid_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if not r.errors]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def new(self) -> int:
        return self.count(RowStatus.NEW)

    @property
    def changed(self) -> int:
        return self.count(RowStatus.CHANGED)

    @property
    def unchanged(self) -> int:
        return self.count(RowStatus.SAME)

    @property
    def can_import_all(self) -> bool:
        return not self.problems and bool(self.rows) and not self.invalid_rows

    @property
    def can_import_valid(self) -> bool:
        return not self.problems and bool(self.valid_rows)

    def summary(self) -> str:
        parts = [f"{len(self.rows)} baris data", f"{self.new} baru", f"{self.changed} berubah",
                 f"{self.unchanged} tidak berubah"]
        if self.invalid_rows:
            parts.append(f"{len(self.invalid_rows)} salah")
        if self.skipped_rows:
            parts.append(f"{len(self.skipped_rows)} baris bukan data dilewati")
        return ", ".join(parts)


@dataclass(frozen=True)
class ImportResult:
    kind: str
    file_name: str
    new: int
    changed: int
    unchanged: int
    skipped: int
    batch_id: int
    backup: Path | None
    repeated: bool  # the same file had been imported before
    at: dt.datetime
    standards_applied: int = 0  # new positions given the default standard of their kind
    backup_note: str = ""  # why no backup was made before the import (a server without pg_dump)

    def summary(self) -> str:
        text = (f"{self.new} baru, {self.changed} berubah, {self.unchanged} tidak berubah")
        if self.skipped:
            text += f", {self.skipped} baris salah dilewati"
        if self.standards_applied:
            text += (f"; {self.standards_applied} jabatan baru diberi standar kompetensi bawaan "
                     "menurut jenisnya (dapat diubah di Jabatan & Standar)")
        if self.backup_note:
            text += f"; {self.backup_note}"
        return text

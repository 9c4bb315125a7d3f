"""Exporting tables to .xlsx and .csv: safe against formula injection, written atomically.

Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return, also after leading spaces) gets a leading apostrophe; numbers stay numbers. A leading
apostrophe of the text itself is doubled so the importer (which drops one) gives it back.
The NIP is an 18-digit text cell in .xlsx and grouped "8 6 1 3" in .csv (so Excel keeps it as
text). Files are written to a temporary name in the target folder, fsynced, then replaced.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import format_nip
from karier_desktop.services import audit
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.importing.values import EMPTY_MARKS
from karier_desktop.store import models as m

FORMULA_START = ("=", "+", "-", "@")
CONTROL_START = ("\t", "\r", "\n", "\0", "'")
MAX_WIDTH = 60
WIDTH_SAMPLE = 300


class ExportError(Exception):
    """An export failed; str() is an Indonesian message."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    text_columns: frozenset[int] = frozenset()  # columns always written as text (NIP)
    nip_columns: frozenset[int] = frozenset()
    sheet: str = "Data"


def neutralize(value: str) -> str:
    """Make text safe for a spreadsheet: a formula-like start gets a leading apostrophe."""
    if not value:
        return value
    if value[0] in CONTROL_START or value.lstrip()[:1] in FORMULA_START:
        return "'" + value
    if value.strip().lower() in EMPTY_MARKS:  # "N/A" would read back as an empty cell
        return "'" + value
    return value


# --- the tables ----------------------------------------------------------------------------

EMPLOYEE_HEADERS = ("NIP", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "TEMPAT LAHIR",
                    "TANGGAL LAHIR", "JENIS KELAMIN", "JENIS PEGAWAI", "GOLONGAN", "TMT GOLONGAN",
                    "JABATAN", "JENIS JABATAN", "UNIT KERJA", "PENDIDIKAN", "STATUS",
                    "TMT PENSIUN", "BUP (TAHUN)")


def _unit_paths(session: Session) -> dict[int, str]:
    from karier_desktop.services.importing.units import PATH_SEPARATOR

    names: dict[int, str] = {}
    parent: dict[int, int | None] = {}
    for uid, name, pid in session.execute(select(m.Unit.id, m.Unit.name, m.Unit.parent_id)):
        names[uid] = name
        parent[uid] = pid
    paths = {}
    for uid in names:
        parts, cur, guard = [], uid, 0
        while cur is not None and guard < 20:
            parts.append(names[cur])
            cur = parent.get(cur)
            guard += 1
        paths[uid] = PATH_SEPARATOR.join(reversed(parts))
    return paths


def employees_table(session: Session, include_inactive: bool = True) -> Table:
    """One row per employee; the last two columns are the pension date (TMT PENSIUN) and the BUP
    used for it (services.retirement: position exception, family, or PP 11/2017 Pasal 239)."""
    from karier_desktop.services.retirement import retirement_by_employee

    e, p, k = m.Employee, m.Position, m.PositionKind
    units = _unit_paths(session)
    pension = retirement_by_employee(session)
    stmt = (select(e.id, e.nip, e.name, e.front_title, e.back_title, e.birth_place, e.birth_date,
                   e.sex, e.employee_type, e.rank_code, e.rank_tmt, p.name, k.name, e.unit_id,
                   e.education, e.status)
            .outerjoin(p, p.id == e.position_id).outerjoin(k, k.code == p.kind_code)
            .order_by(e.name, e.nip))
    if not include_inactive:
        stmt = stmt.where(e.status == "aktif")
    stmt = restrict(session, stmt, e.unit_id)  # an operator OPD exports their OPD only
    rows = []
    for eid, *row in session.execute(stmt):
        values = list(row)
        values[12] = units.get(row[12], "") if row[12] else None
        info = pension.get(eid)
        values += [info.on, info.age] if info else [None, None]
        rows.append(tuple(values))
    return Table(EMPLOYEE_HEADERS, rows, frozenset({0}), frozenset({0}), "Pegawai")


ASSESSMENT_HEADERS = ("NIP", "NAMA", "KODE KOMPETENSI", "KOMPETENSI", "LEVEL", "TANGGAL",
                      "METODE", "PENYELENGGARA")


def assessments_table(session: Session) -> Table:
    a, r, c, e = m.Assessment, m.AssessmentResult, m.Competency, m.Employee
    stmt = (select(e.nip, e.name, c.code, c.name, r.level, a.assessed_on, a.method, a.assessor)
            .join(a, a.id == r.assessment_id).join(e, e.id == a.employee_id)
            .join(c, c.id == r.competency_id).order_by(e.name, e.nip, a.assessed_on, c.code))
    stmt = restrict(session, stmt, e.unit_id)
    return Table(ASSESSMENT_HEADERS, [tuple(row) for row in session.execute(stmt)],
                 frozenset({0}), frozenset({0}), "Asesmen")


TRAINING_HEADERS = ("NIP", "NAMA", "NAMA PELATIHAN", "JENIS", "PENYELENGGARA", "TANGGAL MULAI",
                    "TANGGAL SELESAI", "JP", "BIAYA", "NOMOR SERTIFIKAT")


def training_table(session: Session) -> Table:
    t, e = m.TrainingRecord, m.Employee
    stmt = (select(e.nip, e.name, t.title, t.form_code, t.provider, t.start_date, t.end_date,
                   t.jp, t.cost, t.certificate_no)
            .join(e, e.id == t.employee_id).order_by(e.name, e.nip, t.start_date))
    stmt = restrict(session, stmt, e.unit_id)
    rows = []
    for row in session.execute(stmt):
        values = list(row)
        jp = values[7]
        values[7] = int(jp) if isinstance(jp, float) and jp.is_integer() else jp
        rows.append(tuple(values))
    return Table(TRAINING_HEADERS, rows, frozenset({0}), frozenset({0}), "Pelatihan")


TABLES: dict[str, Callable[[Session], Table]] = {
    "pegawai": employees_table, "asesmen": assessments_table, "pelatihan": training_table,
}


def export_table(session: Session, kind: str, path: str | Path) -> ExportResult:
    """Export one of TABLES to .xlsx or .csv (by extension) and record it in the audit log."""
    from karier_desktop.services.export_tables import EXTRA

    tables = {**TABLES, **{key: build for key, (_label, build) in EXTRA.items()}}
    if kind not in tables:
        raise ExportError(f"Tabel '{kind}' tidak dikenal (pilih {', '.join(tables)}).")
    table = tables[kind](session)
    result = write_table(path, table)
    audit.record(session, "ekspor", kind, None, file=result.path.name, rows=result.rows)
    return result


def export_rows(path: str | Path, headers: Sequence[str], rows: Sequence[Sequence[Any]],
                sheet: str = "Data", nip_columns: Sequence[int] = ()) -> ExportResult:
    """Export any prepared rows (from other services) with the same safety rules."""
    nips = frozenset(nip_columns) | frozenset(
        i for i, h in enumerate(headers) if h.strip().upper() in ("NIP", "NIP BARU"))
    return write_table(path, Table(tuple(headers), [tuple(r) for r in rows], nips, nips, sheet))


# --- writing -------------------------------------------------------------------------------

def write_table(path: str | Path, table: Table) -> ExportResult:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ExportError("Simpan sebagai .xlsx atau .csv.")
    data = _xlsx_bytes(table) if suffix == ".xlsx" else _csv_bytes(table)
    final = write_atomic(path, data)
    return ExportResult(final, len(table.rows))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _widths(table: Table) -> list[int]:
    widths = [len(h) for h in table.headers]
    for row in table.rows[:WIDTH_SAMPLE]:
        for i, value in enumerate(row):
            if i < len(widths):
                widths[i] = max(widths[i], len(_cell_text(value)))
    return [min(w + 2, MAX_WIDTH) for w in widths]


def _xlsx_value(value: Any, text_column: bool) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, int | float) and not text_column:
        return value
    if isinstance(value, dt.datetime | dt.date) and not text_column:
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", neutralize(_cell_text(value)))


def _xlsx_bytes(table: Table) -> bytes:
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = table.sheet[:31] or "Data"
    ws.append([_xlsx_value(h, True) for h in table.headers])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    date_cols = set()
    for row in table.rows:
        ws.append([_xlsx_value(v, i in table.text_columns) for i, v in enumerate(row)])
        for i, v in enumerate(row):
            if isinstance(v, dt.date):
                date_cols.add(i)
    for i, width in enumerate(_widths(table), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for i in table.text_columns:
        for (cell,) in ws.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
            cell.number_format = "@"
    for i in date_cols:
        for (cell,) in ws.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
            cell.number_format = "DD-MM-YYYY"
    ws.freeze_panes = "A2"
    if table.rows:
        ws.auto_filter.ref = ws.dimensions
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _csv_value(value: Any, index: int, table: Table) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if index in table.nip_columns and isinstance(value, str):
        return format_nip(value)  # "19850312 201001 1 005": Excel keeps it as text
    if isinstance(value, float):
        text = f"{value:.10g}"
        return text.replace(".", ",")  # Indonesian Excel reads a decimal comma
    if isinstance(value, int):
        return str(value)
    return neutralize(_cell_text(value))


def _csv_bytes(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralize(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([_csv_value(v, i, table) for i, v in enumerate(row)])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def write_atomic(path: Path, data: bytes) -> Path:
    """Write through a temporary file in the target folder; return the path actually written.

    Delegates to services.files.write_atomic (retries, then "name (2).ext" when the target stays
    locked); an OS failure becomes an ExportError with an Indonesian message, old file untouched.
    """
    from karier_desktop.services import files

    try:
        return files.write_atomic(path, data)
    except OSError as exc:
        raise ExportError(f"File {path.name} gagal disimpan ({exc.strerror or exc}); file lama "
                          "tidak diubah.") from exc



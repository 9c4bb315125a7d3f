"""Importing SKP results (`kinerja`) and potential results (`potensi`) from .xlsx/.xls/.csv.

Same rules as the employee import (services.importing): preview first (nothing written), then
apply in the caller's transaction after a verified backup; all or nothing unless invalid rows
are skipped on purpose; each error names the sheet's row number in Indonesian. A row is keyed by
NIP and year (kinerja) or NIP and date (potensi): importing the same file again updates, never
duplicates. The file reader and cell parsers are the employee import's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import NipError, normalize_nip
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.importing import (
    ImportFileError,
    ImportPreview,
    ImportResult,
    PreviewRow,
    RowStatus,
    normalize_header,
)
from karier_desktop.services.importing import reader as _reader
from karier_desktop.services.importing import values as _values
from karier_desktop.services.importing.pipeline import backup_before_import, file_hash
from karier_desktop.services.talent._records import (
    ASPECTS,
    PotentialInput,
    SkpInput,
    clean_potential,
    clean_skp,
)
from karier_desktop.store import models as m
from karier_desktop.store.db import sqlite_path

KINDS = ("kinerja", "potensi")
KIND_LABELS = {"kinerja": "Hasil SKP (kinerja)", "potensi": "Hasil uji potensi"}

_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "kinerja": {
        "nip": ("NIP", "NIP BARU", "nipBaru", "NIP/NI PPPK", "NI PPPK"),
        "year": ("TAHUN", "TAHUN SKP", "PERIODE", "tahun"),
        "hasil_kinerja": ("HASIL KINERJA", "hasilKinerja", "RATING HASIL KERJA", "HASIL KERJA"),
        "perilaku_kerja": ("PERILAKU KERJA", "perilakuKerja", "RATING PERILAKU KERJA",
                           "PERILAKU"),
        "predikat": ("PREDIKAT", "PREDIKAT KINERJA", "KUADRAN", "KUADRAN KINERJA",
                     "kuadranKinerja", "PREDIKAT SKP"),
    },
    "potensi": {
        "nip": ("NIP", "NIP BARU", "nipBaru", "NIP/NI PPPK", "NI PPPK"),
        "date": ("TANGGAL", "TANGGAL TES", "TANGGAL UJI", "TGL", "TANGGAL ASESMEN",
                 "TANGGAL PENILAIAN"),
        "berpikir_kritis": ("BERPIKIR KRITIS", "BERPIKIR KRITIS DAN STRATEGIS",
                            "BERPIKIR KRITIS & STRATEGIS"),
        "intelektual": ("INTELEKTUAL", "KEMAMPUAN INTELEKTUAL"),
        "interpersonal": ("INTERPERSONAL", "KEMAMPUAN INTERPERSONAL"),
        "kesadaran_diri": ("KESADARAN DIRI",),
        "motivasi_komitmen": ("MOTIVASI DAN KOMITMEN", "MOTIVASI & KOMITMEN",
                              "MOTIVASI KOMITMEN", "MOTIVASI"),
        "total": ("TOTAL", "NILAI TOTAL", "NILAI POTENSI", "SKOR POTENSI", "TOTAL POTENSI"),
        "method": ("METODE", "ALAT UKUR", "PENYELENGGARA"),
    },
}
_REQUIRED = {"kinerja": ("nip", "year"), "potensi": ("nip", "date")}
_LABELS = {"nip": "NIP", "year": "Tahun", "hasil_kinerja": "Hasil kinerja",
           "perilaku_kerja": "Perilaku kerja", "predikat": "Predikat", "date": "Tanggal",
           "total": "Total", "method": "Metode", **ASPECTS}


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ImportFileError(f"Jenis impor '{kind}' tidak dikenal (pilih {', '.join(KINDS)}).")


def _header(cells: Sequence[object], kind: str) -> dict[int, str] | None:
    table = {normalize_header(a): key for key, aliases in _ALIASES[kind].items()
             for a in aliases}
    found: dict[int, str] = {}
    for i, cell in enumerate(cells):
        key = table.get(normalize_header(cell))
        if key and key not in found.values():
            found[i] = key
    return found if "nip" in found.values() else None


def _find(path: Path, kind: str) -> tuple[str, int | None, dict[int, str], list[Any]]:
    first = ""
    with closing(_reader.read_sheets(path)) as sheets:
        for sheet in sheets:
            first = first or sheet.name
            for idx, (number, cells) in enumerate(sheet.rows[:30]):
                columns = _header(cells, kind)
                if columns:
                    return sheet.name, number, columns, sheet.rows[idx + 1:]
    return first, None, {}, []


def _number(value: object, label: str) -> float | None:
    if _values.is_empty(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        raise _values.CellError(f"{label} '{value}' bukan angka") from None


def _check_row(session_nips: dict[str, int], kind: str, number: int, cells: dict[str, Any],
               today: dt.date) -> PreviewRow:
    row = PreviewRow(number, cells)
    try:
        nip = normalize_nip(_values.text(cells.get("nip"), label="NIP") or "")
    except (NipError, _values.CellError) as exc:
        row.errors.append(f"NIP: {exc}")
        return row
    eid = session_nips.get(nip)
    if eid is None:
        row.errors.append(f"pegawai dengan NIP {nip} belum terdaftar; impor data pegawai dulu")
        return row
    try:
        if kind == "kinerja":
            year = _number(cells.get("year"), "Tahun")
            if year is None or not year.is_integer():
                raise _values.CellError("Tahun wajib diisi dengan angka tahun, mis. 2025")
            values, errors = clean_skp(SkpInput(
                int(year), _values.text(cells.get("predikat"), label="Predikat"),
                _values.text(cells.get("hasil_kinerja"), label="Hasil kinerja"),
                _values.text(cells.get("perilaku_kerja"), label="Perilaku kerja")))
        else:
            on = _values.date(cells.get("date"), "Tanggal")
            if on is None:
                raise _values.CellError("Tanggal uji potensi wajib diisi")
            aspects = tuple((key, _number(cells.get(key), label)) for key, label
                            in ASPECTS.items())
            values, errors = clean_potential(PotentialInput(
                on, aspects, _number(cells.get("total"), "Total"),
                _values.text(cells.get("method"), 60, "Metode") or ""), today)
    except _values.CellError as exc:
        row.errors.append(str(exc))
        return row
    row.errors.extend(errors)
    row.values = {"employee_id": eid, **values}
    return row


def build_preview(session: Session, kind: str, path: str | Path,
                  today: dt.date | None = None) -> ImportPreview:
    """Read and check a file without changing anything. Raises ImportFileError for bad files."""
    _check_kind(kind)
    path, today = Path(path), today or dt.date.today()
    digest = file_hash(path)
    sheet, header_row, columns, data = _find(path, kind)
    previous = _previous(session, kind, digest)
    keys = tuple(columns[i] for i in sorted(columns))
    labels = tuple(_LABELS.get(k, k) for k in keys)
    missing = [k for k in _REQUIRED[kind] if k not in columns.values()]
    if header_row is None or missing:
        what = ", ".join(_LABELS[k] for k in (missing or ["nip"]))
        return ImportPreview(kind, path, digest, sheet, header_row, keys, labels, (), (), [],
                             problems=(f"Kolom {what} tidak ditemukan. Pastikan ada baris judul "
                                       "kolom seperti NIP, TAHUN, PREDIKAT (kinerja) atau NIP, "
                                       "TANGGAL, TOTAL (potensi).",), previous_import=previous)
    nips = dict(session.execute(select(m.Employee.nip, m.Employee.id)).all())
    existing = _existing(session, kind)
    rows: list[PreviewRow] = []
    seen: dict[tuple[int, object], int] = {}
    for number, cells in data:
        named = {key: cells[i] if i < len(cells) else None for i, key in columns.items()}
        row = _check_row(nips, kind, number, named, today)
        if row.valid:
            key = (row.values["employee_id"],
                   row.values["year"] if kind == "kinerja" else row.values["assessed_on"])
            if key in seen:
                row.errors.append(f"data yang sama sudah ada di baris {seen[key]} file ini")
            else:
                seen[key] = number
                old = existing.get(key)
                row.status = (RowStatus.NEW if old is None else RowStatus.SAME
                              if all(old.get(k) == v for k, v in row.values.items()
                                     if k in old) else RowStatus.CHANGED)
        else:
            row.status = RowStatus.INVALID
        rows.append(row)
    return ImportPreview(kind, path, digest, sheet, header_row, keys, labels, (), (), rows,
                         previous_import=previous)


def _existing(session: Session, kind: str) -> dict[tuple[int, object], dict[str, object]]:
    if kind == "kinerja":
        s = m.SkpResult
        return {(eid, y): {"predikat": p, "hasil_kinerja": h, "perilaku_kerja": b}
                for eid, y, p, h, b in session.execute(
                    select(s.employee_id, s.year, s.predikat, s.hasil_kinerja, s.perilaku_kerja))}
    p = m.PotentialResult
    cols = [getattr(p, k) for k in ASPECTS]
    return {(r[0], r[1]): {"total": r[2], **dict(zip(ASPECTS, r[3:], strict=True))}
            for r in session.execute(select(p.employee_id, p.assessed_on, p.total, *cols))}


def _previous(session: Session, kind: str, digest: str) -> str | None:
    row = session.execute(select(m.ImportBatch.at, m.ImportBatch.filename)
                          .where(m.ImportBatch.kind == kind, m.ImportBatch.file_hash == digest)
                          .order_by(m.ImportBatch.id.desc()).limit(1)).first()
    if row is None:
        return None
    when = row[0].strftime("%d-%m-%Y %H:%M") if row[0] else "sebelumnya"
    return f"File yang sama ({row[1]}) sudah pernah diimpor pada {when}."


def apply(session: Session, preview: ImportPreview, skip_invalid: bool = False,
          db_path: Path | None = None, backup: bool = True) -> ImportResult:
    """Write a checked preview in the caller's transaction; all or nothing by default."""
    if preview.problems:
        raise ValidationError(list(preview.problems))
    if preview.invalid_rows and not skip_invalid:
        raise ValidationError([str(e) for e in preview.errors])
    rows = [r for r in preview.valid_rows if r.status != RowStatus.SAME]
    if not preview.valid_rows:
        raise ValidationError(["Tidak ada baris data yang valid untuk diimpor."])
    backup_path = None
    if backup:
        db_path = db_path or sqlite_path(session.get_bind())  # type: ignore[arg-type]
        if db_path is not None and Path(db_path).exists():
            backup_path = backup_before_import(Path(db_path))
    model = m.SkpResult if preview.kind == "kinerja" else m.PotentialResult
    key_col = "year" if preview.kind == "kinerja" else "assessed_on"
    for r in rows:
        values = dict(r.values)
        found = session.scalar(select(model).where(
            model.employee_id == values["employee_id"],
            getattr(model, key_col) == values[key_col]))
        if found is None:
            session.add(model(source="impor", **values))
        else:
            for k, v in values.items():
                setattr(found, k, v)
            found.source = "impor"
    new, changed = preview.new, preview.changed
    batch_id = session.execute(insert(m.ImportBatch).values(
        kind=preview.kind, filename=preview.file_name[:300], file_hash=preview.file_hash,
        rows=new + changed)).inserted_primary_key[0]
    session.add(m.AuditLog(action="impor", entity=preview.kind, entity_id=str(batch_id),
                           detail=json.dumps({"file": preview.file_name, "baru": new,
                                              "berubah": changed,
                                              "tidak_berubah": preview.unchanged,
                                              "dilewati": len(preview.invalid_rows)})))
    session.flush()
    return ImportResult(preview.kind, preview.file_name, new, changed, preview.unchanged,
                        len(preview.invalid_rows), batch_id, backup_path,
                        preview.previous_import is not None, dt.datetime.now())

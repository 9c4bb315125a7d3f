"""The other IP ASN dimensions (kualifikasi, kinerja, disiplin): inputs per employee and year,
their points, and the entry and import that fill them.

Inputs live in `ip_asn_inputs` (one row per employee and year). Kualifikasi comes from that
row's education when set, else from the employee's education; kinerja from the SKP predikat;
disiplin from the heaviest punishment of the year ("tidak pernah" when nothing is recorded, as
SIASN counts an employee without a punishment record). The points per value are reference data
(`ip_asn_<year>.json`, correctable through the "ip_asn_weights" setting).

Entry and import are all-or-nothing: every bad value is reported in Indonesian (row number and
column, never the NIP) and nothing is written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import normalize_nip
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.ipasn._reference import IpAsnReference
from karier_desktop.store import models as m

NO_PUNISHMENT = "tidak pernah"
KINERJA_CHOICES = ("Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")
DISIPLIN_CHOICES = ("Tidak pernah", "Ringan", "Sedang", "Berat")
EDUCATION_CHOICES = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
_EDU_ALIASES = {"SLTP": "SMP", "SLTA": "SMA", "SMU": "SMA", "SMK": "SMA", "DI": "D1",
                "DII": "D2", "DIII": "D3", "DIV": "D4", "SARJANA": "S1", "MAGISTER": "S2",
                "DOKTOR": "S3"}
_DISIPLIN_ALIASES = {"": NO_PUNISHMENT, "-": NO_PUNISHMENT, "tidak ada": NO_PUNISHMENT,
                     "tidak": NO_PUNISHMENT, "nihil": NO_PUNISHMENT, "tidak pernah": NO_PUNISHMENT,
                     "hukuman disiplin ringan": "ringan", "hukuman disiplin sedang": "sedang",
                     "hukuman disiplin berat": "berat"}
HEADERS = {"nip": ("NIP", "NIP BARU"),
           "education": ("PENDIDIKAN", "TINGKAT PENDIDIKAN", "JENJANG PENDIDIKAN"),
           "kinerja": ("PREDIKAT SKP", "PREDIKAT KINERJA", "KINERJA", "NILAI SKP"),
           "disiplin": ("HUKUMAN DISIPLIN", "DISIPLIN", "TINGKAT HUKUMAN DISIPLIN")}


@dataclass(frozen=True)
class Inputs:
    """One employee's inputs for a year (normalised; None: not known)."""

    education: str | None = None
    kinerja: str | None = None
    disiplin: str | None = None


@dataclass(frozen=True)
class DimensionPoints:
    kualifikasi: float
    kinerja: float
    disiplin: float
    missing: tuple[str, ...]  # dimensions without data ("kualifikasi", "kinerja")


@dataclass(frozen=True)
class InputRow:
    """For the entry table: one employee's stored inputs of the year."""

    nip: str
    name: str
    education: str | None
    kinerja: str | None
    disiplin: str | None
    source: str


@dataclass(frozen=True)
class SaveResult:
    saved: int
    applied: bool


def norm_education(value: object) -> str | None:
    text = re.sub(r"[\s.\-/]", "", str(value or "")).upper()
    if not text:
        return None
    text = _EDU_ALIASES.get(text, text)
    return text if text in EDUCATION_CHOICES else ""


def norm_kinerja(value: object) -> str | None:
    text = " ".join(str(value or "").lower().split())
    if not text:
        return None
    return text


def norm_disiplin(value: object) -> str | None:
    text = " ".join(str(value or "").lower().split())
    return _DISIPLIN_ALIASES.get(text, text)


def points(ref: IpAsnReference, inputs: Inputs) -> DimensionPoints:
    """Points of the three dimensions; unknown kinerja or education scores 0 and is listed."""
    missing = []
    edu = ref.kualifikasi_points.get(inputs.education or "")
    if edu is None:
        missing.append("kualifikasi")
    kin = ref.kinerja_points.get(inputs.kinerja or "")
    if kin is None:
        missing.append("kinerja")
    dis = ref.disiplin_points.get(inputs.disiplin or NO_PUNISHMENT, 0.0)
    return DimensionPoints(edu or 0.0, kin or 0.0, dis, tuple(missing))


def stored_inputs(session: Session, year: int) -> dict[int, tuple[str | None, ...]]:
    """(education, kinerja, disiplin) entered or imported for `year`, by employee id."""
    i = m.IpAsnInput
    return {eid: (edu, kin, dis) for eid, edu, kin, dis in session.connection().execute(
        select(i.employee_id, i.education, i.kinerja, i.disiplin).where(i.year == year))}


def load_inputs(session: Session, year: int) -> dict[int, Inputs]:
    """Every active employee's inputs of `year` (education falls back to the employee record)."""
    stored = stored_inputs(session, year)
    e = m.Employee
    education = {eid: edu for eid, edu in session.connection().execute(
        select(e.id, e.education).where(e.status == "aktif"))}
    return {eid: merged(stored.get(eid), edu) for eid, edu in education.items()}


@functools.lru_cache(maxsize=256)
def _norm_record_education(value: str | None) -> str | None:
    return norm_education(value) or None


def merged(stored: tuple[str | None, ...] | None, record_education: str | None) -> Inputs:
    """The inputs of one employee: what was entered for the year, the record's education
    where none was entered."""
    edu, kin, dis = stored or (None, None, None)
    return Inputs(edu or _norm_record_education(record_education), kin, dis)


def input_rows(session: Session, year: int) -> list[InputRow]:
    """Stored inputs of the year, for the entry dialog (by name)."""
    from karier_desktop.domain.nip import format_nip
    from karier_desktop.domain.textfmt import full_name

    e, i = m.Employee, m.IpAsnInput
    rows = session.execute(select(e.nip, e.name, e.front_title, e.back_title, i.education,
                                  i.kinerja, i.disiplin, i.source)
                           .join(e, e.id == i.employee_id).where(i.year == year)
                           .order_by(e.name)).all()
    return [InputRow(format_nip(r.nip), full_name(r.name, r.front_title, r.back_title),
                     r.education, r.kinerja, r.disiplin, r.source) for r in rows]


def _check(ref: IpAsnReference, where: str, raw_edu: object, raw_kin: object,
           raw_dis: object, errors: list[str]) -> Inputs:
    edu, kin, dis = norm_education(raw_edu), norm_kinerja(raw_kin), norm_disiplin(raw_dis)
    if edu == "":
        errors.append(f"{where}: pendidikan tidak dikenal (isi salah satu: "
                      f"{', '.join(EDUCATION_CHOICES)}).")
    if kin is not None and kin not in ref.kinerja_points:
        errors.append(f"{where}: predikat SKP tidak dikenal (isi salah satu: "
                      f"{', '.join(KINERJA_CHOICES)}).")
    if dis is not None and dis not in ref.disiplin_points:
        errors.append(f"{where}: hukuman disiplin tidak dikenal (isi salah satu: "
                      f"{', '.join(DISIPLIN_CHOICES)}).")
    return Inputs(edu or None, kin, dis)


def _write(session: Session, year: int, rows: dict[int, Inputs], source: str) -> None:
    if not rows:
        return
    i = m.IpAsnInput
    session.execute(delete(i).where(i.year == year, i.employee_id.in_(list(rows))))
    session.execute(insert(i), [{"employee_id": eid, "year": year, "education": v.education,
                                 "kinerja": v.kinerja, "disiplin": v.disiplin,
                                 "source": source} for eid, v in rows.items()])


def save_inputs(session: Session, year: int, entries: Iterable[tuple[str, object, object, object]],
                source: str = "entri", dry_run: bool = False) -> SaveResult:
    """Store (nip, education, kinerja, disiplin) rows for `year`, all or nothing.

    Raises ValidationError listing every bad row; the caller's transaction writes nothing then.
    """
    from karier_desktop.services.ipasn._reference import reference_for

    if not 2000 <= year <= 2100:
        raise ValidationError(["Tahun harus antara 2000 dan 2100."])
    ref = reference_for(session, year)
    ids = dict(session.execute(select(m.Employee.nip, m.Employee.id)).all())
    errors: list[str] = []
    rows: dict[int, Inputs] = {}
    for number, (nip, edu, kin, dis) in enumerate(entries, 1):
        where = f"Baris {number}"
        try:
            key = normalize_nip(nip if isinstance(nip, int | float) else str(nip or ""))
        except ValueError:
            key = ""
        eid = ids.get(key)
        if eid is None:
            errors.append(f"{where}: NIP tidak terdaftar di basis data ini.")
            continue
        if eid in rows:
            errors.append(f"{where}: pegawai yang sama muncul lebih dari sekali.")
            continue
        rows[eid] = _check(ref, where, edu, kin, dis, errors)
    if errors:
        raise ValidationError(errors[:50] + ([f"… dan {len(errors) - 50} kesalahan lain."]
                                             if len(errors) > 50 else []))
    if not rows:
        raise ValidationError(["Tidak ada baris data yang dapat disimpan."])
    if not dry_run:
        _write(session, year, rows, source)
    return SaveResult(len(rows), not dry_run)


def _header_map(cells: tuple[object, ...]) -> dict[str, int]:
    names = [" ".join(str(c or "").upper().replace("_", " ").split()) for c in cells]
    found = {}
    for field, aliases in HEADERS.items():
        for idx, name in enumerate(names):
            if name in aliases:
                found[field] = idx
                break
    return found


def import_inputs(session: Session, path: str | Path, year: int,
                  dry_run: bool = False) -> SaveResult:
    """Import a sheet with a row per NIP (columns NIP, Pendidikan, Predikat SKP, Hukuman
    Disiplin; only NIP and one other are required). All or nothing."""
    from karier_desktop.services.importing.reader import ImportFileError, read_sheets

    try:
        sheet = next(iter(read_sheets(path)), None)
    except ImportFileError as exc:
        raise ValidationError([str(exc)]) from exc
    if sheet is None or not sheet.rows:
        raise ValidationError(["File tidak berisi baris data."])
    header_at = None
    cols: dict[str, int] = {}
    for pos, (_number, cells) in enumerate(sheet.rows[:10]):
        cols = _header_map(cells)
        if "nip" in cols and len(cols) >= 2:
            header_at = pos
            break
    if header_at is None:
        raise ValidationError(["Kolom NIP dan salah satu dari Pendidikan, Predikat SKP atau "
                               "Hukuman Disiplin tidak ditemukan di baris judul."])

    def cell(cells: tuple[object, ...], field: str) -> object:
        idx = cols.get(field)
        return cells[idx] if idx is not None and idx < len(cells) else None

    entries = []
    numbers = []
    for number, cells in sheet.rows[header_at + 1:]:
        entries.append((str(cell(cells, "nip") or "").strip(), cell(cells, "education"),
                        cell(cells, "kinerja"), cell(cells, "disiplin")))
        numbers.append(number)
    try:
        return save_inputs(session, year, entries, "impor", dry_run)
    except ValidationError as exc:  # say the sheet's own row numbers
        fixed = []
        for msg in exc.messages:
            match = re.match(r"Baris (\d+):", msg)
            if match and int(match.group(1)) <= len(numbers):
                msg = f"Baris {numbers[int(match.group(1)) - 1]}:" + msg[match.end():]
            fixed.append(msg)
        raise ValidationError(fixed) from exc

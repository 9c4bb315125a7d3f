"""Yearly SKP results and potential results: checking, entering by hand, history.

SKP follows SIASN's `rw-skp22` shape: hasil kinerja and perilaku kerja (each di atas / sesuai /
di bawah ekspektasi) and the kuadran, whose text is the predikat kinerja (Sangat Baik … Sangat
Kurang). A missing predikat is derived from the two ratings with the PermenPANRB 6/2022 matrix.
Potential results hold five aspects and a total, each 0..100; a missing total is the mean.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.services import audit
from karier_desktop.services.errors import ValidationError
from karier_desktop.store import models as m

PREDIKATS = ("Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")
RATINGS = ("Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi")
ASPECTS: dict[str, str] = {
    "berpikir_kritis": "Berpikir kritis dan strategis",
    "intelektual": "Kemampuan intelektual",
    "interpersonal": "Kemampuan interpersonal",
    "kesadaran_diri": "Kesadaran diri",
    "motivasi_komitmen": "Motivasi dan komitmen",
}

# (hasil kinerja, perilaku kerja) -> predikat (PermenPANRB 6/2022 lampiran; [practice])
_MATRIX: dict[tuple[str, str], str] = {
    ("atas", "atas"): "Sangat Baik", ("atas", "sesuai"): "Baik",
    ("atas", "bawah"): "Butuh Perbaikan", ("sesuai", "atas"): "Baik",
    ("sesuai", "sesuai"): "Baik", ("sesuai", "bawah"): "Butuh Perbaikan",
    ("bawah", "atas"): "Kurang", ("bawah", "sesuai"): "Kurang",
    ("bawah", "bawah"): "Sangat Kurang",
}


def _words(text: object) -> str:
    return " ".join(str(text or "").replace("_", " ").lower().split())


def parse_predikat(text: object) -> str | None:
    """'SANGAT BAIK' / 'sangat_baik' -> 'Sangat Baik'; '' -> None; unknown -> ValueError."""
    key = _words(text)
    if not key:
        return None
    for p in PREDIKATS:
        if key == p.lower():
            return p
    raise ValueError(f"predikat kinerja '{text}' tidak dikenal (pilih {', '.join(PREDIKATS)})")


def parse_rating(text: object) -> str | None:
    """'DIATAS EKSPEKTASI' / 'di atas' -> 'Di Atas Ekspektasi'; '' -> None."""
    key = _words(text).replace("diatas", "di atas").replace("dibawah", "di bawah")
    key = key.removesuffix(" ekspektasi")
    if not key:
        return None
    for r in RATINGS:
        if key == r.lower().removesuffix(" ekspektasi"):
            return r
    raise ValueError(f"penilaian '{text}' tidak dikenal (pilih {', '.join(RATINGS)})")


def _band(rating: str) -> str:
    words = rating.lower().split()  # "Di Atas Ekspektasi" -> "atas"; "Sesuai …" -> "sesuai"
    return words[0] if words[0] == "sesuai" else words[1]


def predikat_from_ratings(hasil: str, perilaku: str) -> str:
    return _MATRIX[(_band(hasil), _band(perilaku))]


@dataclass(frozen=True)
class SkpInput:
    year: int
    predikat: str | None = None
    hasil_kinerja: str | None = None
    perilaku_kerja: str | None = None


@dataclass(frozen=True)
class PotentialInput:
    assessed_on: dt.date
    aspects: tuple[tuple[str, float | None], ...] = ()
    total: float | None = None
    method: str = ""


@dataclass(frozen=True)
class SkpRow:
    id: int
    year: int
    hasil_kinerja: str
    perilaku_kerja: str
    predikat: str
    source: str


@dataclass(frozen=True)
class PotentialRow:
    id: int
    assessed_on: dt.date
    aspects: tuple[tuple[str, float | None], ...]
    total: float
    method: str
    source: str


def clean_skp(data: SkpInput) -> tuple[dict[str, object], list[str]]:
    """The values to store for an SKP input, and Indonesian messages for what is wrong."""
    errors: list[str] = []
    if not 2000 <= data.year <= 2100:
        errors.append(f"tahun SKP {data.year} tidak wajar (2000-2100)")
    values: dict[str, object] = {"year": data.year}
    parsed: dict[str, str | None] = {}
    for key, raw, parse in (("predikat", data.predikat, parse_predikat),
                            ("hasil_kinerja", data.hasil_kinerja, parse_rating),
                            ("perilaku_kerja", data.perilaku_kerja, parse_rating)):
        try:
            parsed[key] = parse(raw)
        except ValueError as exc:
            errors.append(str(exc))
            parsed[key] = None
    predikat = parsed["predikat"]
    if predikat is None and parsed["hasil_kinerja"] and parsed["perilaku_kerja"]:
        predikat = predikat_from_ratings(parsed["hasil_kinerja"], parsed["perilaku_kerja"])
    if predikat is None and not errors:
        errors.append("predikat kinerja wajib diisi (atau hasil kinerja dan perilaku kerja)")
    values.update(predikat=predikat, hasil_kinerja=parsed["hasil_kinerja"],
                  perilaku_kerja=parsed["perilaku_kerja"])
    return values, errors


def clean_potential(data: PotentialInput, today: dt.date) -> tuple[dict[str, object], list[str]]:
    errors: list[str] = []
    values: dict[str, object] = {"assessed_on": data.assessed_on,
                                 "method": data.method.strip()[:60] or None}
    if data.assessed_on > today:
        errors.append("tanggal uji potensi tidak boleh di masa depan")
    given: list[float] = []
    for key, value in data.aspects:
        if key not in ASPECTS:
            errors.append(f"aspek potensi '{key}' tidak dikenal")
            continue
        if value is not None and not 0 <= value <= 100:
            errors.append(f"nilai {ASPECTS[key].lower()} harus 0-100 (terisi {value:g})")
        elif value is not None:
            given.append(value)
        values[key] = value
    total = data.total
    if total is None and given:
        total = round(sum(given) / len(given), 2)
    if total is None:
        errors.append("nilai total potensi wajib diisi (atau nilai aspek-aspeknya)")
    elif not 0 <= total <= 100:
        errors.append(f"nilai total potensi harus 0-100 (terisi {total:g})")
    values["total"] = total
    return values, errors


def _employee(session: Session, employee_id: int) -> m.Employee:
    emp = session.get(m.Employee, employee_id)
    if emp is None:
        raise LookupError(f"Pegawai dengan id {employee_id} tidak ditemukan.")
    return emp


def _save_by_hand(session: Session, model: Any, employee_id: int, values: dict[str, object],
                  errors: list[str], same: Any, now_manual: bool = False) -> Any:
    """Refuse `errors` (as sentences); else update the employee's row matching `same` or add a
    manual one; `now_manual`: an updated row counts as entered by hand from now on."""
    if errors:
        raise ValidationError([e[0].upper() + e[1:] + "." for e in errors])
    row = session.scalar(select(model).where(model.employee_id == employee_id, same))
    if row is None:
        row = model(employee_id=employee_id, source="manual", **values)
        session.add(row)
    else:
        for key, value in values.items():
            setattr(row, key, value)
        if now_manual:
            row.source = "manual"
    session.flush()
    return row


def save_skp(session: Session, employee_id: int, data: SkpInput) -> int:
    """Enter (or replace) the SKP result of a year by hand; the row id."""
    _employee(session, employee_id)
    values, errors = clean_skp(data)
    row = _save_by_hand(session, m.SkpResult, employee_id, values, errors,
                        m.SkpResult.year == data.year, now_manual=True)
    audit.record(session, "simpan_skp", "skp", row.id, employee_id=employee_id, **values)
    return int(row.id)


def save_potential(session: Session, employee_id: int, data: PotentialInput,
                   today: dt.date | None = None) -> int:
    _employee(session, employee_id)
    values, errors = clean_potential(data, today or dt.date.today())
    row = _save_by_hand(session, m.PotentialResult, employee_id, values, errors,
                        m.PotentialResult.assessed_on == data.assessed_on)
    audit.record(session, "simpan_potensi", "potensi", row.id, employee_id=employee_id,
                 **{k: v for k, v in values.items() if k != "assessed_on"},
                 tanggal=data.assessed_on.isoformat())
    return int(row.id)


def skp_history(session: Session, employee_id: int) -> list[SkpRow]:
    s = m.SkpResult
    return [SkpRow(i, y, h or "", p or "", pr, src) for i, y, h, p, pr, src in session.execute(
        select(s.id, s.year, s.hasil_kinerja, s.perilaku_kerja, s.predikat, s.source)
        .where(s.employee_id == employee_id).order_by(s.year.desc()))]


def potential_history(session: Session, employee_id: int) -> list[PotentialRow]:
    p = m.PotentialResult
    cols = [getattr(p, key) for key in ASPECTS]
    out = []
    for row in session.execute(select(p.id, p.assessed_on, p.total, p.method, p.source, *cols)
                               .where(p.employee_id == employee_id)
                               .order_by(p.assessed_on.desc())):
        aspects = tuple(zip(ASPECTS, row[5:], strict=True))
        out.append(PotentialRow(row[0], row[1], aspects, float(row[2]), row[3] or "", row[4]))
    return out

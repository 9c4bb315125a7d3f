"""Talent settings the office can change, kept as JSON in `talent_settings`.

- the axis formula per period (`formula:<year>`): components and weights of sumbu X (potensial)
  and sumbu Y (kinerja), the cut-offs of each axis on its 0..100 score, and the score tables;
- the succession rules (`succession_rules`);
- the development actions per box (`box_actions`).

A period without its own formula uses the newest earlier one, else the default below.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.services import audit
from karier_desktop.services.errors import ValidationError
from karier_desktop.store import models as m

X_COMPONENTS: dict[str, str] = {
    "jpm": "Kompetensi (JPM jabatan sekarang)",
    "potensi": "Hasil uji potensi (nilai total)",
    "kualifikasi": "Kualifikasi (pendidikan)",
    "rekam_jejak": "Rekam jejak pengembangan (JP 3 tahun)",
}
Y_COMPONENTS: dict[str, str] = {
    "predikat": "Predikat kinerja SKP",
    "hasil_kinerja": "Hasil kinerja SKP",
    "perilaku_kerja": "Perilaku kerja SKP",
}
# An axis is only computed when one of these has a value (education alone is no potential).
X_MEASURED = ("jpm", "potensi")
Y_MEASURED = ("predikat", "hasil_kinerja", "perilaku_kerja")

DEFAULT_PREDIKAT_SCORES: dict[str, float] = {
    "sangat baik": 100, "baik": 80, "butuh perbaikan": 60, "kurang": 40, "sangat kurang": 20}
DEFAULT_RATING_SCORES: dict[str, float] = {"di atas ekspektasi": 100, "sesuai ekspektasi": 80,
                                           "di bawah ekspektasi": 50}
DEFAULT_EDUCATION_SCORES: dict[str, float] = {
    "S3": 100, "S2": 90, "S1": 80, "D4": 80, "D3": 65, "D2": 55, "D1": 50, "SMA": 45,
    "SMP": 30, "SD": 20}


@dataclass(frozen=True)
class Axis:
    weights: tuple[tuple[str, float], ...]  # (component, weight); weights need not add to 100
    low: float  # score below low -> lowest band; below high -> middle; else highest
    high: float

    def weight(self, component: str) -> float:
        return dict(self.weights).get(component, 0.0)


@dataclass(frozen=True)
class TalentFormula:
    x: Axis = Axis((("jpm", 40.0), ("potensi", 40.0), ("kualifikasi", 20.0),
                    ("rekam_jejak", 0.0)), 60.0, 80.0)
    y: Axis = Axis((("predikat", 100.0), ("hasil_kinerja", 0.0), ("perilaku_kerja", 0.0)),
                   70.0, 90.0)
    predikat_scores: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_PREDIKAT_SCORES))
    rating_scores: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_RATING_SCORES))
    education_scores: dict[str, float] = field(
        default_factory=lambda: dict(DEFAULT_EDUCATION_SCORES))
    yearly_jp: float = 20.0  # rekam jejak: 3 years at this many JP score 100

    def with_weight(self, axis: str, component: str, weight: float) -> TalentFormula:
        """A copy with one weight changed (axis "x" or "y")."""
        old = self.x if axis == "x" else self.y
        weights = tuple((c, weight if c == component else w) for c, w in old.weights)
        if component not in dict(old.weights):
            weights += ((component, weight),)
        new = replace(old, weights=weights)
        return replace(self, x=new) if axis == "x" else replace(self, y=new)


@dataclass(frozen=True)
class SuccessionRules:
    boxes: tuple[int, ...] = (7, 8, 9)
    # per kind of the target position; None = no requirement for that kind
    min_rank: dict[str, str | None] = field(default_factory=lambda: {
        "pengawas": "III/b", "administrator": "III/d", "jpt_pratama": "IV/c",
        "jpt_madya": "IV/d", "jpt_utama": "IV/d"})
    min_education: dict[str, str | None] = field(default_factory=lambda: {
        "pengawas": "D3", "administrator": "S1", "jpt_pratama": "S1", "jpt_madya": "S1",
        "jpt_utama": "S1"})
    # words of a finished training title that count as the leadership training of the level
    leadership: dict[str, tuple[str, ...]] = field(default_factory=lambda: {
        "pengawas": ("PKP", "KEPEMIMPINAN PENGAWAS", "DIKLATPIM IV", "PIM IV"),
        "administrator": ("PKA", "KEPEMIMPINAN ADMINISTRATOR", "DIKLATPIM III", "PIM III"),
        "jpt_pratama": ("PKN II", "PKN TINGKAT II", "DIKLATPIM II", "PIM II"),
        "jpt_madya": ("PKN I", "PKN TINGKAT I", "DIKLATPIM I"),
        "jpt_utama": ("PKN I", "PKN TINGKAT I", "DIKLATPIM I")})
    leadership_required: bool = False  # False: missing training lowers readiness only
    retiring_within_months: int = 12
    ready_now_jpm: float = 80.0  # with the leadership training of the level
    ready_soon_jpm: float = 68.0  # siap 1-2 tahun


DEFAULT_BOX_ACTIONS: dict[int, tuple[tuple[str, str, float], ...]] = {
    # box -> (activity, development form code, JP)
    1: (("Konseling kinerja dan pembinaan oleh atasan langsung", "NKL01", 4.0),),
    2: (("Coaching kinerja oleh atasan langsung", "NKL01", 4.0),),
    3: (("Coaching kinerja oleh atasan langsung", "NKL01", 4.0),),
    4: (("Bimbingan di tempat kerja sesuai kesenjangan kompetensi", "NKL11", 4.0),),
    5: (("Bimbingan di tempat kerja sesuai kesenjangan kompetensi", "NKL11", 4.0),),
    6: (("Konseling kinerja dan penempatan yang sesuai", "NKL01", 4.0),),
    7: (("Mentoring oleh pejabat senior (kelompok rencana suksesi)", "NKL02", 4.0),),
    8: (("Mentoring oleh pejabat senior (kelompok rencana suksesi)", "NKL02", 4.0),),
    9: (("Mentoring dan penugasan khusus (kelompok rencana suksesi)", "NKL02", 4.0),),
}


def _get(session: Session, key: str) -> Any:
    raw = session.scalar(select(m.TalentSetting.value).where(m.TalentSetting.key == key))
    return None if raw is None else json.loads(raw)


def _set(session: Session, key: str, value: Any) -> None:
    row = session.get(m.TalentSetting, key)
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if row is None:
        session.add(m.TalentSetting(key=key, value=encoded))
    else:
        row.value = encoded


def _axis(data: dict[str, Any], default: Axis) -> Axis:
    weights = data.get("weights")
    pairs = (tuple((str(k), float(v)) for k, v in weights.items())
             if isinstance(weights, dict) else default.weights)
    return Axis(pairs, float(data.get("low", default.low)), float(data.get("high", default.high)))


def formula_from_dict(data: dict[str, Any]) -> TalentFormula:
    base = TalentFormula()
    return TalentFormula(
        x=_axis(data.get("x", {}), base.x), y=_axis(data.get("y", {}), base.y),
        predikat_scores={str(k).lower(): float(v) for k, v in
                         (data.get("predikat_scores") or base.predikat_scores).items()},
        rating_scores={str(k).lower(): float(v) for k, v in
                       (data.get("rating_scores") or base.rating_scores).items()},
        education_scores={str(k).upper(): float(v) for k, v in
                          (data.get("education_scores") or base.education_scores).items()},
        yearly_jp=float(data.get("yearly_jp", base.yearly_jp)))


def formula_to_dict(f: TalentFormula) -> dict[str, Any]:
    return {"x": {"weights": dict(f.x.weights), "low": f.x.low, "high": f.x.high},
            "y": {"weights": dict(f.y.weights), "low": f.y.low, "high": f.y.high},
            "predikat_scores": f.predikat_scores, "rating_scores": f.rating_scores,
            "education_scores": f.education_scores, "yearly_jp": f.yearly_jp}


def load_formula(session: Session, period: int) -> TalentFormula:
    """The period's formula, else the newest earlier period's, else the default."""
    keys = session.scalars(select(m.TalentSetting.key)
                           .where(m.TalentSetting.key.like("formula:%"))).all()
    periods = sorted(int(k.split(":", 1)[1]) for k in keys if k.split(":", 1)[1].isdigit())
    earlier = [p for p in periods if p <= period]
    if not earlier:
        return TalentFormula()
    return formula_from_dict(_get(session, f"formula:{earlier[-1]}") or {})


def validate_formula(f: TalentFormula) -> list[str]:
    errors = []
    for name, axis, known in (("X (potensial)", f.x, X_COMPONENTS), ("Y (kinerja)", f.y,
                                                                      Y_COMPONENTS)):
        for comp, weight in axis.weights:
            if comp not in known:
                errors.append(f"Komponen sumbu {name} '{comp}' tidak dikenal.")
            if not 0 <= weight <= 100:
                errors.append(f"Bobot {known.get(comp, comp)} harus antara 0 dan 100.")
        measured = X_MEASURED if axis is f.x else Y_MEASURED
        if sum(axis.weight(c) for c in measured) <= 0:
            errors.append(f"Sumbu {name} memerlukan bobot lebih dari 0 pada salah satu komponen "
                          f"{', '.join(known[c] for c in measured)}.")
        if not 0 <= axis.low < axis.high <= 100:
            errors.append(f"Batas sumbu {name}: batas bawah harus lebih kecil dari batas atas "
                          "(keduanya 0-100).")
    return errors


def save_formula(session: Session, period: int, f: TalentFormula) -> None:
    if not 2000 <= period <= 2100:
        raise ValidationError([f"Periode {period} tidak wajar; isi tahun antara 2000 dan 2100."])
    errors = validate_formula(f)
    if errors:
        raise ValidationError(errors)
    _set(session, f"formula:{period}", formula_to_dict(f))
    audit.record(session, "ubah_rumus", "talenta", str(period),
                 x=dict(f.x.weights), y=dict(f.y.weights), x_cut=[f.x.low, f.x.high],
                 y_cut=[f.y.low, f.y.high])


def load_rules(session: Session) -> SuccessionRules:
    data = _get(session, "succession_rules") or {}
    base = SuccessionRules()
    return SuccessionRules(
        boxes=tuple(int(b) for b in data.get("boxes", base.boxes)),
        min_rank={**base.min_rank, **data.get("min_rank", {})},
        min_education={**base.min_education, **data.get("min_education", {})},
        leadership={**base.leadership,
                    **{k: tuple(v) for k, v in data.get("leadership", {}).items()}},
        leadership_required=bool(data.get("leadership_required", base.leadership_required)),
        retiring_within_months=int(data.get("retiring_within_months",
                                            base.retiring_within_months)),
        ready_now_jpm=float(data.get("ready_now_jpm", base.ready_now_jpm)),
        ready_soon_jpm=float(data.get("ready_soon_jpm", base.ready_soon_jpm)))


def save_rules(session: Session, rules: SuccessionRules) -> None:
    errors = []
    if not rules.boxes or any(not 1 <= b <= 9 for b in rules.boxes):
        errors.append("Kotak talenta calon harus dipilih dari 1 sampai 9.")
    if not 0 <= rules.retiring_within_months <= 120:
        errors.append("Batas masa pensiun calon harus 0 sampai 120 bulan.")
    if not 0 < rules.ready_soon_jpm <= rules.ready_now_jpm <= 100:
        errors.append("Ambang JPM 'siap 1-2 tahun' harus di bawah ambang 'siap sekarang'.")
    if errors:
        raise ValidationError(errors)
    _set(session, "succession_rules", {
        "boxes": list(rules.boxes), "min_rank": rules.min_rank,
        "min_education": rules.min_education,
        "leadership": {k: list(v) for k, v in rules.leadership.items()},
        "leadership_required": rules.leadership_required,
        "retiring_within_months": rules.retiring_within_months,
        "ready_now_jpm": rules.ready_now_jpm, "ready_soon_jpm": rules.ready_soon_jpm})
    audit.record(session, "ubah_aturan", "suksesi", None)


def box_actions(session: Session) -> dict[int, tuple[tuple[str, str, float], ...]]:
    data = _get(session, "box_actions") or {}
    out = dict(DEFAULT_BOX_ACTIONS)
    for key, items in data.items():
        out[int(key)] = tuple((str(a), str(f), float(jp)) for a, f, jp in items)
    return out


def save_box_actions(session: Session,
                     actions: dict[int, tuple[tuple[str, str, float], ...]]) -> None:
    """The office's development actions per box: (activity, development form code, JP)."""
    forms = set(session.scalars(select(m.DevelopmentForm.code)))
    errors = []
    for box, items in sorted(actions.items()):
        if not 1 <= box <= 9:
            errors.append(f"Kotak {box} tidak ada (1-9).")
        for activity, form, jp in items:
            if not activity.strip():
                errors.append(f"Kotak {box}: nama kegiatan wajib diisi.")
            if form not in forms:
                errors.append(f"Kotak {box}: bentuk pengembangan '{form}' tidak dikenal.")
            if not 0 <= jp <= 200:
                errors.append(f"Kotak {box}: JP harus 0 sampai 200.")
    if errors:
        raise ValidationError(errors)
    _set(session, "box_actions", {str(b): [[a.strip(), f, float(jp)] for a, f, jp in items]
                                  for b, items in actions.items()})
    audit.record(session, "ubah_tindakan_kotak", "talenta", None)

"""Office settings (letterhead, paper, thresholds, signers), stored as JSON values."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain.competency import JpmThresholds
from karier_desktop.reports.documents import LetterheadData
from karier_desktop.store import models as m
from karier_desktop.store.seed import load_reference

PAPER_SIZES = ("A4", "F4")

# One letterhead type, from the office settings to the printed page (logo: services/logo.py).
Letterhead = LetterheadData


@dataclass(frozen=True)
class OfficeSettings:
    letterhead: Letterhead = field(default_factory=Letterhead)
    city: str = ""
    paper_size: str = "A4"
    thresholds: JpmThresholds = field(default_factory=JpmThresholds)
    jpm_cap_at_100: bool = True  # a "match" above 100 % reads as an error on a signed form
    # a required competency never assessed (or expired) counts as level 0 in JPM, not left out
    jpm_unassessed_as_zero: bool = False
    yearly_minimum_jp: float = 20.0
    assessment_validity_years: int = 3
    potensial_low: float = 60.0
    potensial_high: float = 80.0
    office_configured: bool = False


def get_value(session: Session, key: str, default: Any = None) -> Any:
    raw = session.scalar(select(m.Setting.value).where(m.Setting.key == key))
    if raw is None:
        defaults = load_reference("settings_defaults.json")
        return defaults.get(key, default)
    return json.loads(raw)


def set_value(session: Session, key: str, value: Any) -> None:
    row = session.get(m.Setting, key)
    encoded = json.dumps(value, ensure_ascii=False)
    if row is None:
        session.add(m.Setting(key=key, value=encoded))
    else:
        row.value = encoded


def _logo(session: Session, letterhead: dict[str, Any]) -> bytes:
    from karier_desktop.services import logo

    data = logo.stored(session)
    if data is not None:
        return data
    path = str(letterhead.get("logo_path") or "")
    return logo.adopt_file(session, path) if path else b""


def load(session: Session) -> OfficeSettings:
    lh = get_value(session, "letterhead", {}) or {}
    logo = _logo(session, lh)
    th = get_value(session, "jpm_thresholds", {}) or {}
    pc = get_value(session, "potensial_cutoffs", {}) or {}
    return OfficeSettings(
        letterhead=Letterhead(**{k: str(v or "") for k, v in lh.items()
                                 if k in Letterhead.__dataclass_fields__ and k != "logo"},
                              logo=logo),
        city=str(get_value(session, "city", "") or ""),
        paper_size=str(get_value(session, "paper_size", "A4") or "A4"),
        thresholds=JpmThresholds(**{k: float(v) for k, v in th.items()
                                    if k in JpmThresholds.__dataclass_fields__}),
        jpm_cap_at_100=bool(get_value(session, "jpm_cap_at_100", True)),
        jpm_unassessed_as_zero=bool(get_value(session, "jpm_unassessed_as_zero", False)),
        yearly_minimum_jp=float(get_value(session, "yearly_minimum_jp", 20)),
        assessment_validity_years=int(get_value(session, "assessment_validity_years", 3)),
        potensial_low=float(pc.get("low", 60)),
        potensial_high=float(pc.get("high", 80)),
        office_configured=bool(get_value(session, "office_configured", False)),
    )


def validate(s: OfficeSettings) -> list[str]:
    """Indonesian messages for settings that cannot be saved."""
    errors = []
    if s.paper_size not in PAPER_SIZES:
        errors.append("Ukuran kertas harus A4 atau F4.")
    t = s.thresholds
    if not 0 < t.cukup_optimal < t.optimal <= 200:
        errors.append("Ambang JPM: 'Cukup Optimal' harus lebih kecil dari 'Optimal' dan di atas 0.")
    if not 0 < t.mms < t.ms <= 200:
        errors.append("Ambang JPM seleksi: 'MMS' harus lebih kecil dari 'MS' dan di atas 0.")
    if not 0 <= s.yearly_minimum_jp <= 1000:
        errors.append("Minimal JP per tahun harus antara 0 dan 1000.")
    if not 1 <= s.assessment_validity_years <= 10:
        errors.append("Masa berlaku asesmen harus 1 sampai 10 tahun.")
    if not s.letterhead.government.strip() or not s.letterhead.agency.strip():
        errors.append("Nama pemerintah daerah dan nama instansi pada kop surat wajib diisi.")
    return errors


def save(session: Session, s: OfficeSettings) -> None:
    errors = validate(s)
    if errors:
        raise ValueError("\n".join(errors))
    from karier_desktop.services import logo

    logo.store(session, s.letterhead.logo)  # refuses a bad image before anything is written
    set_value(session, "letterhead", {k: v for k, v in s.letterhead.__dict__.items()
                                      if k != "logo"})
    set_value(session, "city", s.city)
    set_value(session, "paper_size", s.paper_size)
    set_value(session, "jpm_thresholds", s.thresholds.__dict__)
    set_value(session, "jpm_cap_at_100", s.jpm_cap_at_100)
    set_value(session, "jpm_unassessed_as_zero", s.jpm_unassessed_as_zero)
    set_value(session, "yearly_minimum_jp", s.yearly_minimum_jp)
    set_value(session, "assessment_validity_years", s.assessment_validity_years)
    set_value(session, "potensial_cutoffs", {"low": s.potensial_low, "high": s.potensial_high})
    set_value(session, "office_configured", True)

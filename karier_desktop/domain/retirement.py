"""Batas Usia Pensiun (BUP, PP 11/2017 Pasal 239, with the office's exceptions per position and
per family of positions, e.g. guru 60 by UU 14/2005) and the pension date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

POSITION_KINDS: tuple[str, ...] = (
    "jpt_utama",
    "jpt_madya",
    "jpt_pratama",
    "administrator",
    "pengawas",
    "pelaksana",
    "fungsional_keahlian",
    "fungsional_keterampilan",
)
KEAHLIAN_LEVELS: tuple[str, ...] = ("ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama")
KETERAMPILAN_LEVELS: tuple[str, ...] = ("pemula", "terampil", "mahir", "penyelia")

_FIXED_AGE: dict[str, int] = {
    "jpt_utama": 60,
    "jpt_madya": 60,
    "jpt_pratama": 60,
    "administrator": 58,
    "pengawas": 58,
    "pelaksana": 58,
    "fungsional_keterampilan": 58,
}
_KEAHLIAN_AGE: dict[str, int] = {
    "ahli_pertama": 58,
    "ahli_muda": 58,
    "ahli_madya": 60,
    "ahli_utama": 65,
}


def _key(text: str) -> str:
    return "_".join(text.replace("-", " ").replace("_", " ").lower().split())


def retirement_age(position_kind: str, jenjang: str | None = None) -> int:
    """BUP: 58 (administrasi, JF ahli pertama/muda, JF keterampilan), 60 (JPT, JF ahli madya),
    65 (JF ahli utama). ``jenjang`` is required for ``fungsional_keahlian``; for a plain
    ``fungsional`` kind the jenjang decides keahlian or keterampilan.
    """
    kind = _key(position_kind)
    level = _key(jenjang) if jenjang else None
    if kind == "fungsional" and level is not None:
        kind = "fungsional_keahlian" if level in _KEAHLIAN_AGE else "fungsional_keterampilan"
    if kind == "fungsional_keahlian":
        if level is None or level not in _KEAHLIAN_AGE:
            raise ValueError(
                f"Jenjang jabatan fungsional keahlian tidak dikenal: '{jenjang or ''}' "
                "(pilih ahli pertama, ahli muda, ahli madya, atau ahli utama)"
            )
        return _KEAHLIAN_AGE[level]
    if kind == "fungsional_keterampilan" and level is not None and level not in KETERAMPILAN_LEVELS:
        raise ValueError(
            f"Jenjang jabatan fungsional keterampilan tidak dikenal: '{jenjang}' "
            "(pilih pemula, terampil, mahir, atau penyelia)"
        )
    age = _FIXED_AGE.get(kind)
    if age is None:
        raise ValueError(
            f"Jenis jabatan tidak dikenal: '{position_kind}' (pilih JPT utama/madya/pratama, "
            "administrator, pengawas, pelaksana, fungsional keahlian, atau fungsional keterampilan)"
        )
    return age


def retirement_date(birth_date: date, age: int) -> date:
    """First day of the month after the month in which the employee turns ``age``."""
    if age < 1:
        raise ValueError(f"Usia pensiun harus lebih dari 0 (terisi {age})")
    year = birth_date.year + age
    if birth_date.month == 12:
        return date(year + 1, 1, 1)
    return date(year, birth_date.month + 1, 1)


def retirement_date_for(birth_date: date, position_kind: str, jenjang: str | None = None) -> date:
    """Pension date for a position kind (and jenjang), combining the two functions above."""
    return retirement_date(birth_date, retirement_age(position_kind, jenjang))


@dataclass(frozen=True)
class Family:
    """A family of positions with its own BUP (``age`` None: follows the position kind)."""

    code: str
    name: str
    keywords: tuple[str, ...]  # name prefixes, e.g. ("Guru", "Kepala Sekolah")
    age: int | None


@dataclass(frozen=True)
class RetirementRule:
    """The BUP that applies to one position and what decided it (Indonesian text)."""

    age: int
    basis: str


def split_keywords(text: str) -> tuple[str, ...]:
    """``"Guru; Kepala Sekolah"`` -> ``("Guru", "Kepala Sekolah")``."""
    return tuple(k.strip() for k in text.split(";") if k.strip())


def family_of(position_name: str, families: Sequence[Family]) -> Family | None:
    """The first family one of whose keywords starts the position name (case-insensitive)."""
    name = " ".join(position_name.split()).casefold()
    for fam in families:
        if any(name.startswith(k.casefold()) for k in fam.keywords):
            return fam
    return None


def resolve_retirement_age(kind_age: int, position_name: str, position_age: int | None,
                           families: Sequence[Family]) -> RetirementRule:
    """The position's own exception first, then its family's BUP, then the kind's BUP
    (PP 11/2017 Pasal 239)."""
    if position_age:
        return RetirementRule(position_age, "pengecualian untuk jabatan ini")
    fam = family_of(position_name, families)
    if fam is not None and fam.age:
        return RetirementRule(fam.age, f"rumpun jabatan {fam.name}")
    return RetirementRule(kind_age, "PP 11/2017 Pasal 239")

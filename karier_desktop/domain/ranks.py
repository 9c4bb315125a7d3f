"""Pangkat/golongan ruang of PNS (I/a ... IV/e) and golongan PPPK (I ... XVII)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rank:
    """One rank: PNS ``III/a`` "Penata Muda" (order 9) or PPPK ``IX`` (order 9)."""

    code: str
    pangkat: str | None
    system: str  # "PNS" or "PPPK"
    order: int

    @property
    def label(self) -> str:
        """``"Penata Muda (III/a)"`` for PNS, ``"Golongan IX"`` for PPPK."""
        if self.pangkat is None:
            return f"Golongan {self.code}"
        return f"{self.pangkat} ({self.code})"


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
          "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII")  # fmt: skip

_PNS_TABLE: tuple[tuple[str, str], ...] = (
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
)

PNS_RANKS: tuple[Rank, ...] = tuple(
    Rank(code=code, pangkat=name, system="PNS", order=i)
    for i, (code, name) in enumerate(_PNS_TABLE, start=1)
)
PPPK_GRADES: tuple[Rank, ...] = tuple(
    Rank(code=roman, pangkat=None, system="PPPK", order=i)
    for i, roman in enumerate(_ROMAN, start=1)
)

_BY_CODE: dict[str, Rank] = {r.code: r for r in PNS_RANKS + PPPK_GRADES}
_BY_PANGKAT: dict[str, Rank] = {r.pangkat.lower(): r for r in PNS_RANKS if r.pangkat}
# Longest names first so "Penata Muda Tingkat I" wins over "Penata Muda" and "Penata".
_PANGKAT_PATTERNS: tuple[tuple[re.Pattern[str], Rank], ...] = tuple(
    (re.compile(r"\b" + re.escape(name) + r"\b"), rank)
    for name, rank in sorted(_BY_PANGKAT.items(), key=lambda item: -len(item[0]))
)

_TINGKAT = re.compile(r"\b(?:tingkat|tkt|tk)\s*\.?\s*(?:i|1)\b(?!\s*/)")
_PREFIX = re.compile(r"^(?:golongan|gol)\s*\.?\s*(?:ruang\s*)?", re.IGNORECASE)
_PNS_CODE = re.compile(r"^(IV|III|II|I|[1-4])\s*[/.\-]?\s*([A-E])$", re.IGNORECASE)
_ROMAN_ONLY = re.compile(r"^[IVX]+$", re.IGNORECASE)
_NUMBER_ONLY = re.compile(r"^\d{1,2}$")
_EDGE = " \t,;:()[]-–—/."

_EXAMPLES = "contoh: III/a, III.a, 3a, Penata Muda, IX"
_GOLONGAN_NUMBER = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MAX_RUANG = {1: "d", 2: "d", 3: "d", 4: "e"}


class RankError(ValueError):
    """Unknown or contradictory rank text; the message is Indonesian."""


def _unknown(text: object) -> RankError:
    return RankError(f"Golongan tidak dikenal: '{text}' ({_EXAMPLES})")


def _normalize_system(system: str | None) -> str | None:
    if system is None:
        return None
    key = " ".join(system.split()).upper()
    if key in ("PNS", "CPNS"):
        return "PNS"
    if key in ("PPPK", "PPPK PARUH WAKTU"):
        return "PPPK"
    raise ValueError(f"Sistem golongan tidak dikenal: '{system}' (pilih PNS atau PPPK)")


def rank_by_code(code: str) -> Rank:
    """Look up a canonical code (``"III/a"``, ``"IX"``)."""
    rank = _BY_CODE.get(code.strip())
    if rank is None:
        raise _unknown(code)
    return rank


def _parse_code(code: str, system: str | None) -> Rank | None:
    """Read a bare code (no pangkat name); None if it is not a code at all."""
    match = _PNS_CODE.match(code)
    if match:
        golongan = _GOLONGAN_NUMBER[match.group(1).upper()]
        ruang = match.group(2).lower()
        if ruang > _MAX_RUANG[golongan]:
            return None
        return _BY_CODE[f"{_ROMAN[golongan - 1]}/{ruang}"]
    if system == "PNS":
        return None
    if _ROMAN_ONLY.match(code):
        upper = code.upper()
        return _BY_CODE[upper] if upper in _ROMAN else None
    if _NUMBER_ONLY.match(code):
        number = int(code)
        return PPPK_GRADES[number - 1] if 1 <= number <= len(PPPK_GRADES) else None
    return None


def parse_rank(text: object, system: str | None = None) -> Rank:
    """Read a rank as clerks write it.

    PNS: ``III/a``, ``III.a``, ``III a``, ``IIIa``, ``3a``, ``3/a``, ``3-a``, a pangkat name
    (``Penata Muda Tk. I``) or both (``Penata Muda, III/a``). PPPK: ``IX``, ``Gol. IX``, ``9``,
    ``09``. A bare number or roman numeral is a PPPK golongan. ``system`` ("PNS"/"PPPK")
    restricts the result.
    """
    wanted = _normalize_system(system)
    rank = text if isinstance(text, Rank) else _parse_text(text, wanted)
    if wanted is not None and rank.system != wanted:
        hint = "III/a atau Penata Muda" if wanted == "PNS" else "IX"
        raise RankError(
            f"Golongan '{text}' adalah golongan {rank.system}, bukan {wanted} (contoh {wanted}: {hint})"
        )
    return rank


def _parse_text(text: object, system: str | None) -> Rank:
    if isinstance(text, bool):
        raise _unknown(text)
    raw = "" if text is None else str(text)
    if isinstance(text, float) and text.is_integer():
        raw = str(int(text))
    cleaned = " ".join(raw.split())
    if not cleaned:
        raise RankError(f"Golongan belum diisi ({_EXAMPLES})")
    lowered = _TINGKAT.sub("tingkat i", cleaned.lower())
    by_name: Rank | None = None
    for pattern, candidate in _PANGKAT_PATTERNS:
        found = pattern.search(lowered)
        if found:
            by_name = candidate
            lowered = lowered[: found.start()] + " " + lowered[found.end() :]
            break
    code_text = _PREFIX.sub("", lowered.strip(_EDGE)).strip(_EDGE)
    if by_name is None:
        if system == "PNS" and code_text.upper() in _GOLONGAN_NUMBER:
            raise RankError(
                f"Golongan '{raw}' belum lengkap: tulis golongan dan ruangnya (contoh: III/a)"
            )
        rank = _parse_code(code_text, None) if code_text else None
        if rank is None:
            raise _unknown(raw)
        return rank
    if not code_text:
        return by_name
    by_code = _parse_code(code_text, "PNS")
    if by_code is None:
        raise _unknown(raw)
    if by_code != by_name:
        raise RankError(
            f"Pangkat dan golongan tidak sesuai: '{raw}' ({by_name.pangkat} adalah "
            f"{by_name.code}, sedangkan {by_code.code} adalah {by_code.pangkat}); perbaiki salah satunya"
        )
    return by_name


_EDUCATION: dict[str, tuple[str, str]] = {
    # education: (starting rank, highest rank reached by seniority alone)
    "SD": ("I/a", "II/d"),
    "SMP": ("I/c", "II/d"),
    "SLTP": ("I/c", "II/d"),
    "SMA": ("II/a", "III/b"),
    "SMK": ("II/a", "III/b"),
    "SLTA": ("II/a", "III/b"),
    "D1": ("II/b", "III/b"),
    "D2": ("II/b", "III/b"),
    "D3": ("II/c", "III/d"),
    "D4": ("III/a", "IV/a"),
    "S1": ("III/a", "IV/a"),
    "S2": ("III/b", "IV/b"),
    "S3": ("III/c", "IV/b"),
}

YEARS_PER_STEP = 4


def typical_rank_for(education: str, years_of_service: int) -> str:
    """A plausible PNS rank code for demo data: start by education, one step per 4 years, capped."""
    key = education.strip().upper().replace("/", " ").split()
    entry = _EDUCATION.get(key[0]) if key else None
    if entry is None:
        raise ValueError(
            f"Pendidikan tidak dikenal: '{education}' (pilih SD, SMP, SMA, D3, D4, S1, S2, atau S3)"
        )
    if years_of_service < 0:
        raise ValueError("Masa kerja tidak boleh negatif")
    start, cap = (_BY_CODE[c].order for c in entry)
    order = min(start + years_of_service // YEARS_PER_STEP, cap)
    return PNS_RANKS[order - 1].code

"""Indonesian text formatting for reports and the CLI (pure Python, no ``locale``)."""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

MONTHS_ID: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

_MONTHS_EN: tuple[str, ...] = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

# Spellings seen in office documents besides the full names and 3-letter abbreviations.
_MONTH_EXTRA: dict[str, int] = {
    "pebruari": 2,
    "peb": 2,
    "agt": 8,
    "ags": 8,
    "sept": 9,
    "nopember": 11,
    "nop": 11,
}


def _build_month_lookup() -> dict[str, int]:
    lookup: dict[str, int] = {}
    for index, name in enumerate(MONTHS_ID, start=1):
        lookup[name.lower()] = index
        lookup[name.lower()[:3]] = index
    for index, name in enumerate(_MONTHS_EN, start=1):
        lookup[name] = index
        lookup[name[:3]] = index
    lookup.update(_MONTH_EXTRA)
    return lookup


_MONTH_LOOKUP = _build_month_lookup()

_DMY = re.compile(r"^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4})$")
_YMD = re.compile(r"^(\d{4})\s*([-/])\s*(\d{1,2})\s*\2\s*(\d{1,2})$")
_D_MONTHNAME_Y = re.compile(r"^(\d{1,2})[\s\-/]+([A-Za-z]+)\.?[\s\-/]+(\d{4})$")

_DATE_EXAMPLE = "contoh: 12-03-1985 atau 12 Maret 1985"


def _round_half_up(value: float | int | Decimal, places: int) -> Decimal:
    exponent = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)


def _group_thousands(digits: str) -> str:
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ".".join(groups)


def format_number(value: float | int, decimals: int = 0) -> str:
    """Format a number the Indonesian way: ``1.234.567,89`` (dot thousands, comma decimals)."""
    if decimals < 0:
        raise ValueError("Jumlah angka desimal tidak boleh negatif")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"Angka tidak valid: {value}")
    rounded = _round_half_up(value, decimals)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    result = _group_thousands(whole)
    if fraction:
        result = f"{result},{fraction}"
    return sign + result


def format_rupiah(amount: float | int) -> str:
    """``1500000`` -> ``"Rp 1.500.000"``; negative amounts -> ``"-Rp 1.500"``; no decimals."""
    text = format_number(amount, 0)
    if text.startswith("-"):
        return f"-Rp {text[1:]}"
    return f"Rp {text}"


def format_percent(v: float | None) -> str:
    """``87.5`` -> ``"87,50%"``; ``None`` (or NaN) -> ``"–"``."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    return f"{format_number(v, 2)}%"


def format_date_id(d: date) -> str:
    """``date(2026, 11, 29)`` -> ``"29 November 2026"``."""
    return f"{d.day} {MONTHS_ID[d.month - 1]} {d.year}"


def format_date_short(d: date) -> str:
    """``date(1985, 3, 12)`` -> ``"12-03-1985"`` (the dd-mm-yyyy form clerks type)."""
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def _make_date(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            f"Tanggal tidak valid: '{original}' (periksa hari dan bulannya; {_DATE_EXAMPLE})"
        ) from None


def parse_date_id(text: str) -> date:
    """Read a date typed by a clerk.

    Accepted: ``dd-mm-yyyy``, ``dd/mm/yyyy``, ``dd.mm.yyyy``, ``d-m-yyyy``, ``yyyy-mm-dd``,
    ``12 Maret 1985``, ``12 Mar 1985``, ``12-Mar-1985`` (Indonesian or English month names).
    """
    original = str(text)
    cleaned = " ".join(original.split())
    match = _DMY.match(cleaned)
    if match:
        return _make_date(int(match.group(4)), int(match.group(3)), int(match.group(1)), original)
    match = _YMD.match(cleaned)
    if match:
        return _make_date(int(match.group(1)), int(match.group(3)), int(match.group(4)), original)
    match = _D_MONTHNAME_Y.match(cleaned)
    if match:
        month = _MONTH_LOOKUP.get(match.group(2).lower())
        if month is not None:
            return _make_date(int(match.group(3)), month, int(match.group(1)), original)
    raise ValueError(f"Tanggal tidak dikenali: '{original}' ({_DATE_EXAMPLE})")


@lru_cache(maxsize=4096)  # a regency has a few hundred distinct titles and 50,000 names
def _clean_title(title: str | None) -> str:
    if title is None:
        return ""
    return " ".join(title.split()).strip(" ,")


def full_name(name: str, front_title: str | None, back_title: str | None) -> str:
    """``("Andi Wijaya", "Dr.", "S.E., M.Si.")`` -> ``"Dr. Andi Wijaya, S.E., M.Si."``.

    Back titles may be given with or without a leading comma; blank titles are ignored.
    """
    result = " ".join(name.split())
    front = _clean_title(front_title)
    back = _clean_title(back_title)
    if front:
        result = f"{front} {result}" if result else front
    if back:
        result = f"{result}, {back}" if result else back
    return result

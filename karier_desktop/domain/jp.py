"""Jam Pelajaran (JP): 1 JP = 45 minutes; at least 20 JP of development per year (PP 11/2017)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

JP_MINUTES = 45
DEFAULT_YEARLY_MINIMUM_JP = 20

JP_UNITS: tuple[str, ...] = ("jam", "hari", "sesi", "kali", "semester")
UNIT_LABELS: dict[str, str] = {
    "jam": "Jam",
    "hari": "Hari",
    "sesi": "Sesi",
    "kali": "Kali",
    "semester": "Semester",
}


def _round2(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def jp_from_minutes(minutes: int) -> float:
    """Minutes of learning -> JP, rounded to 2 decimals (90 minutes = 2 JP)."""
    if minutes < 0:
        raise ValueError(f"Durasi tidak boleh negatif (terisi {minutes} menit)")
    return _round2(minutes / JP_MINUTES)


@dataclass(frozen=True)
class JpRule:
    """How one kind of activity converts to JP, e.g. ``JpRule("hari", 4)`` for a seminar.

    For unit "jam" the quantity is clock hours (60 minutes), converted at 45 minutes per JP;
    ``jp_per_unit`` is not used for "jam". ``max_units`` caps the quantity that counts.
    """

    unit: str
    jp_per_unit: float
    max_units: float | None = None

    def __post_init__(self) -> None:
        if self.unit not in JP_UNITS:
            raise ValueError(
                f"Satuan JP tidak dikenal: '{self.unit}' (pilih jam, hari, sesi, kali, atau semester)"
            )
        if self.jp_per_unit < 0:
            raise ValueError(f"JP per satuan tidak boleh negatif (terisi {self.jp_per_unit})")
        if self.max_units is not None and self.max_units < 0:
            raise ValueError(f"Batas jumlah satuan tidak boleh negatif (terisi {self.max_units})")


def convert_to_jp(rule: JpRule, quantity: float) -> float:
    """JP earned for ``quantity`` units under ``rule`` (2 decimals)."""
    if quantity < 0:
        raise ValueError(f"Jumlah {rule.unit} tidak boleh negatif (terisi {quantity})")
    counted = quantity if rule.max_units is None else min(quantity, rule.max_units)
    if rule.unit == "jam":
        return _round2(counted * 60 / JP_MINUTES)
    return _round2(counted * rule.jp_per_unit)


def jp_shortfall(total_jp: float, minimum: float = DEFAULT_YEARLY_MINIMUM_JP) -> float:
    """JP still missing to reach ``minimum`` (0 when reached)."""
    return max(0.0, _round2(minimum - total_jp))


def meets_minimum(total_jp: float, minimum: float = DEFAULT_YEARLY_MINIMUM_JP) -> bool:
    """True when ``total_jp`` reaches ``minimum`` (compared at 2 decimals)."""
    return jp_shortfall(total_jp, minimum) == 0.0

"""Competency gaps, Job Person Match (JPM) and its categories, assessment validity.

JPM = sum of individual levels / sum of standard levels x 100 (PermenPANRB 38/2017 practice).
Mapping categories: Optimal >= 90, Cukup Optimal >= 78, else Kurang Optimal.
Selection categories: Memenuhi Syarat >= 80, Masih Memenuhi Syarat >= 68, else Kurang MS.
An assessment result is valid for 3 years (Perban BKN 26/2019 Pasal 29(4)).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

COMPETENCY_KINDS: tuple[str, ...] = ("manajerial", "sosial_kultural", "teknis")
KIND_LABELS: dict[str, str] = {
    "manajerial": "Manajerial",
    "sosial_kultural": "Sosial Kultural",
    "teknis": "Teknis",
}

NOT_ASSESSED = "Belum diases"
EXPIRED = "Kedaluwarsa"  # every assessed level is past its validity


def gap(required: int, actual: int | None) -> int | None:
    """Individual level minus standard level (LKI - LKJ); None when not assessed."""
    if actual is None:
        return None
    return actual - required


def gap_label(g: int | None) -> str:
    """Indonesian label for a gap value."""
    if g is None:
        return NOT_ASSESSED
    if g < 0:
        return "Perlu pengembangan"
    if g == 0:
        return "Memenuhi"
    return "Melebihi"


@dataclass(frozen=True)
class JpmThresholds:
    """Lower bounds (percent) of the JPM categories; editable by the office."""

    optimal: float = 90.0
    cukup_optimal: float = 78.0
    ms: float = 80.0
    mms: float = 68.0

    def __post_init__(self) -> None:
        if self.cukup_optimal > self.optimal:
            raise ValueError(
                "Ambang JPM tidak konsisten: batas Cukup Optimal "
                f"({self.cukup_optimal}) harus lebih kecil atau sama dengan batas Optimal ({self.optimal})"
            )
        if self.mms > self.ms:
            raise ValueError(
                "Ambang JPM tidak konsisten: batas Masih Memenuhi Syarat "
                f"({self.mms}) harus lebih kecil atau sama dengan batas Memenuhi Syarat ({self.ms})"
            )


DEFAULT_THRESHOLDS = JpmThresholds()


def _round2(numerator: int, denominator: int) -> float:
    """numerator / denominator rounded half-up to 2 decimals, exactly (no binary float error)."""
    if numerator >= 0 and denominator > 0:
        # floor(n/d * 100 + 1/2) in integers; int / int is correctly rounded, like the Decimal
        # path below, and ~10x faster (JPM of a whole regency calls this once per employee).
        return ((200 * numerator + denominator) // (2 * denominator)) / 100
    exact = Decimal(numerator) / Decimal(denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def jpm(pairs: Iterable[tuple[int, int | None]], cap_at_100: bool = False,
        unassessed_as_zero: bool = False) -> float | None:
    """Job Person Match in percent, rounded half-up to 2 decimals.

    ``pairs`` are ``(required_level, actual_level)``. Pairs without an actual level are left
    out of both sums (the caller reports those competencies as "Belum diases"). Returns None
    when nothing is assessed or the standard levels add up to 0. ``cap_at_100`` caps the total.
    ``unassessed_as_zero`` (an office setting) counts a competency without a level as level 0
    instead, once at least one is assessed.
    """
    total_required = 0
    total_actual = 0
    counted = 0
    missing_required = 0
    for required, actual in pairs:
        if actual is None:
            missing_required += max(required, 0)
            continue
        if required < 0 or actual < 0:
            raise ValueError(
                f"Level kompetensi tidak boleh negatif (standar {required}, capaian {actual})"
            )
        total_required += required
        total_actual += actual
        counted += 1
    if counted == 0:
        return None
    if unassessed_as_zero:
        total_required += missing_required
    return jpm_from_sums(total_required, total_actual, cap_at_100)


def jpm_from_sums(total_required: int, total_actual: int | None, cap_at_100: bool = False
                  ) -> float | None:
    """JPM from sums already restricted to the assessed competencies (bulk queries use this)."""
    if total_actual is None or total_required <= 0:
        return None
    value = _round2(int(total_actual) * 100, int(total_required))
    if cap_at_100 and value > 100.0:
        return 100.0
    return value


def _band(value: float | None, high: float, low: float, names: tuple[str, str, str]) -> str:
    """The first of `names` at or above `high`, the second at or above `low`, else the third."""
    if value is None:
        return NOT_ASSESSED
    if value >= high:
        return names[0]
    return names[1] if value >= low else names[2]


def jpm_category(value: float | None, t: JpmThresholds = DEFAULT_THRESHOLDS) -> str:
    """Mapping category: "Optimal", "Cukup Optimal", "Kurang Optimal" or "Belum diases"."""
    return _band(value, t.optimal, t.cukup_optimal,
                 ("Optimal", "Cukup Optimal", "Kurang Optimal"))


def jpm_selection_category(value: float | None, t: JpmThresholds = DEFAULT_THRESHOLDS) -> str:
    """Selection category: "Memenuhi Syarat", "Masih Memenuhi Syarat", "Kurang Memenuhi Syarat"."""
    return _band(value, t.ms, t.mms,
                 ("Memenuhi Syarat", "Masih Memenuhi Syarat", "Kurang Memenuhi Syarat"))


def add_years(d: date, years: int) -> date:
    """Same day ``years`` later; 29 February becomes 1 March in a non-leap year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February -> non-leap year
        return date(d.year + years, 3, 1)


def validity_cutoff(today: date, years: int) -> date:
    """Assessments on or before this date are stale on ``today``."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _check_years(validity_years: int) -> None:
    if validity_years < 1:
        raise ValueError(
            f"Masa berlaku hasil asesmen harus minimal 1 tahun (terisi {validity_years})"
        )


def valid_until(assessed_on: date, validity_years: int = 3) -> date:
    """Last day (inclusive) on which the assessment result is still valid.

    The result expires on the anniversary ``assessed_on + validity_years`` years, so the last
    valid day is the day before: 12-03-2023 -> 11-03-2026; 29-02-2020 -> 28-02-2023.
    """
    _check_years(validity_years)
    return add_years(assessed_on, validity_years) - timedelta(days=1)


def is_assessment_valid(assessed_on: date, today: date, validity_years: int = 3) -> bool:
    """True while ``today`` is before the ``validity_years`` anniversary of the assessment.

    An assessment dated in the future is not (yet) valid.
    """
    _check_years(validity_years)
    return assessed_on <= today < add_years(assessed_on, validity_years)

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karier_desktop.domain.competency import (
    COMPETENCY_KINDS,
    KIND_LABELS,
    JpmThresholds,
    add_years,
    gap,
    gap_label,
    is_assessment_valid,
    jpm,
    jpm_category,
    jpm_selection_category,
    valid_until,
)


def test_kinds() -> None:
    assert COMPETENCY_KINDS == ("manajerial", "sosial_kultural", "teknis")
    assert [KIND_LABELS[k] for k in COMPETENCY_KINDS] == ["Manajerial", "Sosial Kultural", "Teknis"]


def test_gap_and_label() -> None:
    assert gap(3, 2) == -1
    assert gap(3, 3) == 0
    assert gap(3, 5) == 2
    assert gap(3, None) is None
    assert gap_label(None) == "Belum diases"
    assert gap_label(-2) == "Perlu pengembangan"
    assert gap_label(0) == "Memenuhi"
    assert gap_label(1) == "Melebihi"


def test_jpm_hand_computed() -> None:
    # 25 / 27 * 100 = 92.5925...
    value = jpm(zip([3] * 9, [3, 3, 2, 3, 3, 2, 3, 3, 3], strict=True))
    assert value == 92.59
    assert jpm_category(value) == "Optimal"
    assert jpm_selection_category(value) == "Memenuhi Syarat"


def test_jpm_other_examples() -> None:
    assert jpm([(3, 3), (3, 3)]) == 100.0
    assert jpm([(3, 2), (3, 2), (3, 3)]) == 77.78  # 7/9
    assert jpm([(4, 3), (4, 3), (4, 3)]) == 75.0
    assert jpm([(3, 4), (3, 4), (3, 3)]) == 122.22  # 11/9
    assert jpm([(3, 4), (3, 4), (3, 3)], cap_at_100=True) == 100.0
    assert jpm([(3, 2), (3, 3)], cap_at_100=True) == 83.33


def test_jpm_rounds_half_up() -> None:
    # 697 / 800 * 100 = 87.125 exactly
    pairs = [(800, 697)]
    assert jpm(pairs) == 87.13


def test_jpm_skips_unassessed() -> None:
    assert jpm([(3, 3), (3, None), (4, 2)]) == round(5 / 7 * 100, 2)
    assert jpm([(3, None), (3, None)]) is None
    assert jpm([]) is None
    assert jpm([(0, 2)]) is None


def test_jpm_rejects_negative() -> None:
    with pytest.raises(ValueError, match="tidak boleh negatif"):
        jpm([(3, -1)])


def test_categories_at_thresholds() -> None:
    assert jpm_category(90.0) == "Optimal"
    assert jpm_category(89.99) == "Cukup Optimal"
    assert jpm_category(78.0) == "Cukup Optimal"
    assert jpm_category(77.99) == "Kurang Optimal"
    assert jpm_category(None) == "Belum diases"
    assert jpm_selection_category(80.0) == "Memenuhi Syarat"
    assert jpm_selection_category(79.99) == "Masih Memenuhi Syarat"
    assert jpm_selection_category(68.0) == "Masih Memenuhi Syarat"
    assert jpm_selection_category(67.99) == "Kurang Memenuhi Syarat"
    assert jpm_selection_category(None) == "Belum diases"


def test_custom_thresholds() -> None:
    kkp = JpmThresholds(optimal=85.0, cukup_optimal=75.0)
    assert jpm_category(86.0, kkp) == "Optimal"
    assert jpm_category(80.0, kkp) == "Cukup Optimal"
    with pytest.raises(ValueError, match="Ambang JPM tidak konsisten"):
        JpmThresholds(optimal=70.0, cukup_optimal=78.0)
    with pytest.raises(ValueError, match="Ambang JPM tidak konsisten"):
        JpmThresholds(ms=60.0, mms=68.0)


levels = st.integers(min_value=1, max_value=5)
pair_lists = st.lists(st.tuples(levels, st.one_of(st.none(), levels)), max_size=30)


@given(pair_lists)
def test_jpm_cap_never_above_100(pairs: list[tuple[int, int | None]]) -> None:
    value = jpm(pairs, cap_at_100=True)
    assert value is None or 0 <= value <= 100


@given(pair_lists)
def test_jpm_matches_formula(pairs: list[tuple[int, int | None]]) -> None:
    assessed = [(r, a) for r, a in pairs if a is not None]
    value = jpm(pairs)
    if not assessed:
        assert value is None
    else:
        exact = sum(a for _, a in assessed) / sum(r for r, _ in assessed) * 100
        assert value is not None
        assert abs(value - exact) <= 0.005 + 1e-9


@given(st.lists(levels, min_size=1, max_size=20))
def test_jpm_meeting_every_standard_is_100(required: list[int]) -> None:
    assert jpm([(r, r) for r in required]) == 100.0


def test_validity_examples() -> None:
    assessed = date(2023, 3, 12)
    assert valid_until(assessed) == date(2026, 3, 11)
    assert is_assessment_valid(assessed, date(2026, 3, 11))
    assert not is_assessment_valid(assessed, date(2026, 3, 12))
    assert is_assessment_valid(assessed, assessed)
    assert not is_assessment_valid(assessed, date(2023, 3, 11))
    assert valid_until(assessed, 1) == date(2024, 3, 11)


def test_validity_leap_day() -> None:
    leap = date(2020, 2, 29)
    assert add_years(leap, 3) == date(2023, 3, 1)
    assert add_years(leap, 4) == date(2024, 2, 29)
    assert valid_until(leap) == date(2023, 2, 28)
    assert is_assessment_valid(leap, date(2023, 2, 28))
    assert not is_assessment_valid(leap, date(2023, 3, 1))
    assert valid_until(leap, 4) == date(2024, 2, 28)


def test_validity_years_must_be_positive() -> None:
    with pytest.raises(ValueError, match="minimal 1 tahun"):
        valid_until(date(2020, 1, 1), 0)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 5))
def test_valid_until_consistent_with_is_valid(assessed: date, years: int) -> None:
    last = valid_until(assessed, years)
    assert is_assessment_valid(assessed, last, years)
    assert not is_assessment_valid(assessed, date.fromordinal(last.toordinal() + 1), years)


def test_jpm_from_sums_agrees_with_pairs() -> None:
    from karier_desktop.domain.competency import jpm_from_sums

    pairs = [(3, 3), (3, 2), (2, None), (3, 4)]
    assert jpm_from_sums(9, 9) == jpm(pairs) == 100.0
    assert jpm_from_sums(9, 8) == 88.89
    assert jpm_from_sums(0, 0) is None
    assert jpm_from_sums(9, None) is None
    assert jpm_from_sums(9, 12, cap_at_100=True) == 100.0


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=10**5))
def test_jpm_rounding_matches_decimal_half_up(actual_sum: int, required_sum: int) -> None:
    from decimal import ROUND_HALF_UP, Decimal

    from karier_desktop.domain.competency import jpm_from_sums

    exact = Decimal(actual_sum * 100) / Decimal(required_sum)
    expected = float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    assert jpm_from_sums(required_sum, actual_sum) == expected


def test_jpm_rounds_half_up_at_the_second_decimal() -> None:
    from karier_desktop.domain.competency import jpm_from_sums

    assert jpm_from_sums(8, 7) == 87.5
    assert jpm_from_sums(3, 2) == 66.67  # 66.666…
    assert jpm_from_sums(800, 333) == 41.63  # 41.625 exactly: half up, not half to even

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karier_desktop.domain.jp import (
    DEFAULT_YEARLY_MINIMUM_JP,
    JP_MINUTES,
    JpRule,
    convert_to_jp,
    jp_from_minutes,
    jp_shortfall,
    meets_minimum,
)


def test_constants() -> None:
    assert JP_MINUTES == 45
    assert DEFAULT_YEARLY_MINIMUM_JP == 20


def test_jp_from_minutes() -> None:
    assert jp_from_minutes(45) == 1.0
    assert jp_from_minutes(90) == 2.0
    assert jp_from_minutes(60) == 1.33
    assert jp_from_minutes(0) == 0.0
    assert jp_from_minutes(900) == 20.0
    with pytest.raises(ValueError, match="tidak boleh negatif"):
        jp_from_minutes(-1)


def test_convert_hours() -> None:
    assert convert_to_jp(JpRule("jam", 1.0), 3) == 4.0
    assert convert_to_jp(JpRule("jam", 1.0), 1) == 1.33
    assert convert_to_jp(JpRule("jam", 1.0, max_units=3), 6) == 4.0


def test_convert_units() -> None:
    assert convert_to_jp(JpRule("hari", 4), 2) == 8.0  # seminar
    assert convert_to_jp(JpRule("hari", 5), 3) == 15.0  # workshop
    assert convert_to_jp(JpRule("sesi", 2, max_units=2), 5) == 4.0  # coaching, max 2 per month
    assert convert_to_jp(JpRule("kali", 20), 1) == 20.0  # magang
    assert convert_to_jp(JpRule("semester", 20), 2) == 40.0  # tugas belajar
    assert convert_to_jp(JpRule("hari", 2.5), 3) == 7.5


def test_rule_validation() -> None:
    with pytest.raises(ValueError, match="Satuan JP tidak dikenal: 'minggu'"):
        JpRule("minggu", 1)
    with pytest.raises(ValueError, match="tidak boleh negatif"):
        JpRule("hari", -1)
    with pytest.raises(ValueError, match="tidak boleh negatif"):
        JpRule("hari", 1, max_units=-2)
    with pytest.raises(ValueError, match="tidak boleh negatif"):
        convert_to_jp(JpRule("hari", 4), -1)


def test_shortfall() -> None:
    assert jp_shortfall(12) == 8.0
    assert jp_shortfall(20) == 0.0
    assert jp_shortfall(35.5) == 0.0
    assert jp_shortfall(19.99) == 0.01
    assert jp_shortfall(10, minimum=40) == 30.0
    assert meets_minimum(20)
    assert meets_minimum(20.0000001)
    assert not meets_minimum(19.99)
    assert meets_minimum(0, minimum=0)


@given(st.floats(0, 1000, allow_nan=False), st.floats(0, 200, allow_nan=False))
def test_shortfall_properties(total: float, minimum: float) -> None:
    short = jp_shortfall(total, minimum)
    assert short >= 0
    assert meets_minimum(total, minimum) == (short == 0)


@given(
    st.sampled_from(["hari", "sesi", "kali", "semester"]), st.integers(0, 10), st.integers(0, 50)
)
def test_max_units_caps(unit: str, per_unit: int, quantity: int) -> None:
    capped = convert_to_jp(JpRule(unit, per_unit, max_units=2), quantity)
    assert capped == per_unit * min(quantity, 2)

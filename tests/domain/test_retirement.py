from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karier_desktop.domain.retirement import (
    POSITION_KINDS,
    retirement_age,
    retirement_date,
    retirement_date_for,
)


@pytest.mark.parametrize(
    ("kind", "jenjang", "age"),
    [
        ("jpt_utama", None, 60),
        ("jpt_madya", None, 60),
        ("jpt_pratama", None, 60),
        ("administrator", None, 58),
        ("pengawas", None, 58),
        ("pelaksana", None, 58),
        ("fungsional_keahlian", "ahli_pertama", 58),
        ("fungsional_keahlian", "ahli_muda", 58),
        ("fungsional_keahlian", "ahli_madya", 60),
        ("fungsional_keahlian", "ahli_utama", 65),
        ("fungsional_keterampilan", None, 58),
        ("fungsional_keterampilan", "penyelia", 58),
        ("fungsional_keterampilan", "pemula", 58),
        ("Fungsional Keahlian", "Ahli Utama", 65),
        ("JPT Pratama", None, 60),
        ("fungsional", "ahli madya", 60),
        ("fungsional", "mahir", 58),
    ],
)
def test_retirement_age(kind: str, jenjang: str | None, age: int) -> None:
    assert retirement_age(kind, jenjang) == age


def test_all_kinds_known() -> None:
    for kind in POSITION_KINDS:
        jenjang = "ahli_muda" if kind == "fungsional_keahlian" else None
        assert retirement_age(kind, jenjang) in (58, 60, 65)


def test_retirement_age_errors() -> None:
    with pytest.raises(ValueError, match="Jenis jabatan tidak dikenal: 'menteri'"):
        retirement_age("menteri")
    with pytest.raises(ValueError, match="Jenjang jabatan fungsional keahlian tidak dikenal"):
        retirement_age("fungsional_keahlian")
    with pytest.raises(ValueError, match="Jenjang jabatan fungsional keahlian tidak dikenal"):
        retirement_age("fungsional_keahlian", "penyelia")
    with pytest.raises(ValueError, match="Jenjang jabatan fungsional keterampilan tidak dikenal"):
        retirement_age("fungsional_keterampilan", "ahli_utama")
    with pytest.raises(ValueError, match="Jenis jabatan tidak dikenal"):
        retirement_age("fungsional")


@pytest.mark.parametrize(
    ("birth", "age", "expected"),
    [
        (date(1968, 5, 17), 58, date(2026, 6, 1)),
        (date(1968, 5, 1), 58, date(2026, 6, 1)),
        (date(1968, 5, 31), 58, date(2026, 6, 1)),
        (date(1966, 12, 3), 60, date(2027, 1, 1)),
        (date(1964, 2, 29), 60, date(2024, 3, 1)),
        (date(1963, 2, 28), 65, date(2028, 3, 1)),
    ],
)
def test_retirement_date(birth: date, age: int, expected: date) -> None:
    assert retirement_date(birth, age) == expected


def test_retirement_date_for() -> None:
    assert retirement_date_for(date(1970, 1, 15), "fungsional_keahlian", "ahli_utama") == date(
        2035, 2, 1
    )
    with pytest.raises(ValueError, match="Usia pensiun"):
        retirement_date(date(1970, 1, 1), 0)


@given(
    st.dates(min_value=date(1940, 1, 1), max_value=date(2010, 12, 31)),
    st.sampled_from([58, 60, 65]),
)
def test_retirement_date_properties(birth: date, age: int) -> None:
    result = retirement_date(birth, age)
    assert result.day == 1
    birthday = date(birth.year + age, birth.month, 1)
    assert result > birthday
    months = (result.year - birth.year) * 12 + result.month - birth.month
    assert months == age * 12 + 1

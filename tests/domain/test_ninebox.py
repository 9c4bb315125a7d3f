from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karier_desktop.domain.ninebox import (
    BOX_NAMES,
    BOX_RECOMMENDATIONS,
    KINERJA_LEVELS,
    POTENSIAL_LEVELS,
    TALENT_POOL_BOXES,
    box,
    box_position,
    kinerja_from_predikat,
    potensial_from_score,
)


def test_kemenpanrb_grid() -> None:
    grid = [[box(k, p) for p in POTENSIAL_LEVELS] for k in ("atas", "sesuai", "bawah")]
    assert grid == [[4, 7, 9], [2, 5, 8], [1, 3, 6]]


def test_box_accepts_labels() -> None:
    assert box("Di atas ekspektasi", "Tinggi") == 9
    assert box("Kinerja di bawah ekspektasi", "potensial rendah") == 1
    assert box("SESUAI", "menengah") == 5
    with pytest.raises(ValueError, match="Kinerja tidak dikenal"):
        box("luar biasa", "tinggi")
    with pytest.raises(ValueError, match="Potensial tidak dikenal"):
        box("atas", "sedang sekali")


def test_names_and_recommendations() -> None:
    assert set(BOX_NAMES) == set(range(1, 10))
    assert set(BOX_RECOMMENDATIONS) == set(range(1, 10))
    assert BOX_NAMES[9] == "Kinerja di atas ekspektasi dan potensial tinggi"
    assert BOX_NAMES[6] == "Kinerja di bawah ekspektasi dan potensial tinggi"
    assert "suksesi" in BOX_RECOMMENDATIONS[9]
    assert all(text.strip() for text in BOX_RECOMMENDATIONS.values())


def test_talent_pool() -> None:
    assert frozenset({7, 8, 9}) == TALENT_POOL_BOXES


@given(st.sampled_from(KINERJA_LEVELS), st.sampled_from(POTENSIAL_LEVELS))
def test_position_round_trip(kinerja: str, potensial: str) -> None:
    assert box_position(box(kinerja, potensial)) == (kinerja, potensial)


def test_box_position_error() -> None:
    with pytest.raises(ValueError, match="harus 1-9"):
        box_position(10)


@pytest.mark.parametrize(
    ("predikat", "level"),
    [
        ("Sangat Baik", "atas"),
        ("sangat baik", "atas"),
        ("Baik", "sesuai"),
        ("BAIK", "sesuai"),
        ("Butuh Perbaikan", "bawah"),
        ("Kurang", "bawah"),
        ("  Sangat  Kurang ", "bawah"),
    ],
)
def test_kinerja_from_predikat(predikat: str, level: str) -> None:
    assert kinerja_from_predikat(predikat) == level


def test_kinerja_from_predikat_unknown() -> None:
    with pytest.raises(ValueError, match="Predikat kinerja tidak dikenal: 'Istimewa'"):
        kinerja_from_predikat("Istimewa")


def test_potensial_from_score() -> None:
    assert potensial_from_score(59.99) == "rendah"
    assert potensial_from_score(60) == "menengah"
    assert potensial_from_score(79.99) == "menengah"
    assert potensial_from_score(80) == "tinggi"
    assert potensial_from_score(95, low=70, high=90) == "tinggi"
    assert potensial_from_score(85, low=70, high=90) == "menengah"
    with pytest.raises(ValueError, match="Batas potensial tidak konsisten"):
        potensial_from_score(50, low=90, high=70)


@given(st.floats(0, 100), st.floats(0, 100))
def test_potensial_monotonic(a: float, b: float) -> None:
    low, high = sorted((a, b))
    order = {level: i for i, level in enumerate(POTENSIAL_LEVELS)}
    assert order[potensial_from_score(low)] <= order[potensial_from_score(high)]

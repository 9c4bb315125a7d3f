from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karier_desktop.domain.textfmt import (
    MONTHS_ID,
    format_date_id,
    format_date_short,
    format_number,
    format_percent,
    format_rupiah,
    full_name,
    parse_date_id,
)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1500000, "Rp 1.500.000"),
        (0, "Rp 0"),
        (999, "Rp 999"),
        (1000, "Rp 1.000"),
        (-1500, "-Rp 1.500"),
        (1500000.4, "Rp 1.500.000"),
        (1500000.5, "Rp 1.500.001"),
        (-0.4, "Rp 0"),
        (1234567890, "Rp 1.234.567.890"),
    ],
)
def test_format_rupiah(amount: float, text: str) -> None:
    assert format_rupiah(amount) == text


@given(st.integers(-(10**12), 10**12))
def test_rupiah_round_trip(amount: int) -> None:
    text = format_rupiah(amount)
    sign = -1 if text.startswith("-") else 1
    assert sign * int(text.removeprefix("-").removeprefix("Rp ").replace(".", "")) == amount


def test_format_number() -> None:
    assert format_number(1234567.891, 2) == "1.234.567,89"
    assert format_number(-0.5) == "-1"
    assert format_number(12.5, 1) == "12,5"
    with pytest.raises(ValueError):
        format_number(float("inf"))


def test_format_percent() -> None:
    assert format_percent(87.5) == "87,50%"
    assert format_percent(92.59) == "92,59%"
    assert format_percent(100) == "100,00%"
    assert format_percent(1234.5) == "1.234,50%"
    assert format_percent(None) == "–"
    assert format_percent(float("nan")) == "–"


def test_months() -> None:
    assert len(MONTHS_ID) == 12
    assert MONTHS_ID[0] == "Januari"
    assert MONTHS_ID[-1] == "Desember"


def test_format_date_id() -> None:
    assert format_date_id(date(2026, 11, 29)) == "29 November 2026"
    assert format_date_id(date(2026, 1, 1)) == "1 Januari 2026"
    assert format_date_short(date(1985, 3, 12)) == "12-03-1985"


@pytest.mark.parametrize(
    "text",
    [
        "12-03-1985",
        "12/03/1985",
        "12.03.1985",
        "1985-03-12",
        "1985/03/12",
        "12 Maret 1985",
        "12 maret 1985",
        "12 Mar 1985",
        "12 Mar. 1985",
        "12 March 1985",
        "12-Mar-1985",
        " 12  Maret  1985 ",
    ],
)
def test_parse_date_id(text: str) -> None:
    assert parse_date_id(text) == date(1985, 3, 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1-2-2020", date(2020, 2, 1)),
        ("5 Agustus 1990", date(1990, 8, 5)),
        ("5 Agt 1990", date(1990, 8, 5)),
        ("5 Aug 1990", date(1990, 8, 5)),
        ("17 Mei 2001", date(2001, 5, 17)),
        ("17 May 2001", date(2001, 5, 17)),
        ("3 Okt 2010", date(2010, 10, 3)),
        ("3 Oct 2010", date(2010, 10, 3)),
        ("25 Des 2024", date(2024, 12, 25)),
        ("10 Nopember 1945", date(1945, 11, 10)),
        ("29-02-2024", date(2024, 2, 29)),
    ],
)
def test_parse_date_variants(text: str, expected: date) -> None:
    assert parse_date_id(text) == expected


@pytest.mark.parametrize(
    "text", ["", "kemarin", "12-03-85", "12 Foo 1985", "1985-03", "12-03/1985"]
)
def test_parse_date_unrecognised(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date_id(text)
    assert str(info.value) == (
        f"Tanggal tidak dikenali: '{text}' (contoh: 12-03-1985 atau 12 Maret 1985)"
    )


@pytest.mark.parametrize("text", ["31-02-2020", "29-02-2023", "12-13-1985", "32 Maret 1985"])
def test_parse_date_impossible(text: str) -> None:
    with pytest.raises(ValueError, match=f"Tanggal tidak valid: '{text}'"):
        parse_date_id(text)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_date_round_trips(d: date) -> None:
    assert parse_date_id(format_date_id(d)) == d
    assert parse_date_id(format_date_short(d)) == d
    assert parse_date_id(d.isoformat()) == d
    assert parse_date_id(f"{d.day}-{d.month}-{d.year}") == d


@pytest.mark.parametrize(
    ("name", "front", "back", "expected"),
    [
        ("Andi Wijaya", "Dr.", "S.E., M.Si.", "Dr. Andi Wijaya, S.E., M.Si."),
        ("Andi Wijaya", "Dr.", ", S.E., M.Si.", "Dr. Andi Wijaya, S.E., M.Si."),
        ("Andi Wijaya", None, "S.Kom.", "Andi Wijaya, S.Kom."),
        ("Andi Wijaya", "Ir.", None, "Ir. Andi Wijaya"),
        ("Andi Wijaya", "", "  ", "Andi Wijaya"),
        ("  Andi   Wijaya ", " Dr. ", " ,S.E. ", "Dr. Andi Wijaya, S.E."),
        ("Siti", "Hj.", "S.Pd.", "Hj. Siti, S.Pd."),
    ],
)
def test_full_name(name: str, front: str | None, back: str | None, expected: str) -> None:
    assert full_name(name, front, back) == expected

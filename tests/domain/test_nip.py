from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from karier_desktop.domain.nip import (
    NipError,
    NipInfo,
    check_against,
    format_nip,
    make_nip,
    normalize_nip,
    parse_nip,
)

TODAY = date(2026, 11, 29)
GOOD = "198503122010011005"


def _err(value: object, employee_type: str = "PNS") -> str:
    with pytest.raises(NipError) as info:
        parse_nip(value, employee_type, today=TODAY)
    return str(info.value)


# --- normalize_nip -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        GOOD,
        "19850312 201001 1 005",
        "19850312.201001.1.005",
        "19850312-201001-1-005",
        "'198503122010011005",
        "  '19850312 201001 1 005  ",
        "NIP. 19850312 201001 1 005",
        "NIP: 198503122010011005",
        "19850312\u00a0201001\u00a01\u00a0005",
        198503122010011005,
    ],
)
def test_normalize_accepts_clerk_spellings(value: object) -> None:
    assert normalize_nip(value) == GOOD


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("19850312 201001 1 00", "NIP harus 18 digit angka (terbaca 17 digit)"),
        ("1985031220100110051", "NIP harus 18 digit angka (terbaca 19 digit)"),
        ("19850312 20100A 1 005", "NIP hanya boleh berisi angka (ditemukan 'A'"),
        ("", "NIP kosong"),
        ("   ", "NIP kosong"),
        (12345, "NIP harus 18 digit angka (terbaca 5 digit)"),
        (-198503122010011005, "bukan bilangan negatif"),
        (1.5, "bukan bilangan pecahan"),
        (float("nan"), "bukan bilangan pecahan"),
        (True, "bukan nilai ya/tidak"),
        (None, "NIP harus berupa teks 18 digit angka"),
    ],
)
def test_normalize_rejects(value: object, fragment: str) -> None:
    with pytest.raises(NipError) as info:
        normalize_nip(value)
    assert fragment in str(info.value)


EXCEL = "NIP tampaknya dibulatkan oleh Excel"


@pytest.mark.parametrize(
    "value",
    [
        float(198603122010011005),
        198603122010011005.0,
        198603122010011000,
        "1.98603E+17",
        "1,98603E+17",
        "1.98603122010011E+17",
        "1.98603e17",
        "198603122010011000.0",
    ],
)
def test_excel_rounded_values(value: object) -> None:
    message = _err(value)
    assert EXCEL in message
    assert "; format kolom NIP sebagai teks" in message


def test_excel_message_shows_value() -> None:
    assert "(1.98603E+17)" in _err("1.98603E+17")
    assert "(198603122010011000)" in _err(198603122010011000)


def test_text_serial_000_is_serial_message_not_excel() -> None:
    message = _err("198603122010011000")
    assert message.startswith("Nomor urut NIP tidak boleh 000")


def test_nip_error_is_value_error() -> None:
    assert issubclass(NipError, ValueError)


# --- parse_nip: examples --------------------------------------------------------------------


def test_parse_pns() -> None:
    info = parse_nip("19850312 201001 1 005", today=TODAY)
    assert info == NipInfo(
        nip=GOOD,
        kind="PNS",
        birth_date=date(1985, 3, 12),
        sex="L",
        tmt_year=2010,
        tmt_month=1,
        pppk_code=None,
        serial=5,
    )
    assert info.formatted() == "19850312 201001 1 005"
    assert info.tmt_date == date(2010, 1, 1)


def test_parse_pppk_paruh_waktu_example() -> None:
    info = parse_nip("199009132025242014", "PPPK Paruh Waktu", today=TODAY)
    assert info.kind == "PPPK"
    assert info.birth_date == date(1990, 9, 13)
    assert info.tmt_year == 2025
    assert info.tmt_month is None
    assert info.tmt_date is None
    assert info.pppk_code == "24"
    assert info.sex == "P"
    assert info.serial == 14
    assert info.formatted() == "19900913 202524 2 014"


def test_pppk_code_24_accepted_where_pns_rejects_month_24() -> None:
    assert parse_nip("199009132025242014", "PPPK", today=TODAY).pppk_code == "24"
    assert "Bulan TMT CPNS pada NIP tidak valid (24)" in _err("199009132025242014", "PNS")
    assert "Bulan TMT CPNS pada NIP tidak valid (24)" in _err("199009132025242014", "CPNS")


@pytest.mark.parametrize(
    "employee_type", ["PNS", "pns", "CPNS", " Cpns ", "PPPK", "pppk paruh waktu"]
)
def test_employee_types_case_insensitive(employee_type: str) -> None:
    assert parse_nip(GOOD, employee_type, today=TODAY).birth_date == date(1985, 3, 12)


def test_unknown_employee_type() -> None:
    with pytest.raises(ValueError, match="Jenis pegawai tidak dikenal: 'Honorer'"):
        parse_nip(GOOD, "Honorer")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("198513402010011005", "Tanggal lahir pada NIP tidak valid (19851340)"),
        ("198502292010011005", "Tanggal lahir pada NIP tidak valid (19850229)"),
        ("198500122010011005", "Tanggal lahir pada NIP tidak valid (19850012)"),
        ("193012312010011005", "tahun lahir harus 1940"),
        ("198503122010131005", "Bulan TMT CPNS pada NIP tidak valid (13)"),
        ("198503122010001005", "Bulan TMT CPNS pada NIP tidak valid (00)"),
        ("198503122010013005", "Digit ke-15 NIP (jenis kelamin) harus 1 atau 2"),
        ("198503122010010005", "Digit ke-15 NIP (jenis kelamin) harus 1 atau 2"),
        ("198503122010011000", "Nomor urut NIP tidak boleh 000"),
        ("198503122003021005", "TMT CPNS pada NIP kurang dari 18 tahun setelah tanggal lahir"),
        ("198503122027011005", "belum terjadi"),
        ("198503122026121005", "belum terjadi"),
    ],
)
def test_parse_rejects_each_defect(value: str, fragment: str) -> None:
    assert fragment in _err(value)


def test_leap_day_birth_is_valid() -> None:
    assert parse_nip("198402292010011005", today=TODAY).birth_date == date(1984, 2, 29)


def test_nik_plus_40_rule_never_applied() -> None:
    # Day 52 would be "12 + 40" in a woman's NIK; in a NIP it is simply invalid.
    assert "Tanggal lahir pada NIP tidak valid (19850352)" in _err("198503522010012005")


def test_tmt_exactly_18_years_after_birth_month_is_accepted() -> None:
    assert parse_nip("198503312003031001", today=TODAY).tmt_month == 3
    assert "kurang dari 18 tahun" in _err("198503312003021001")


def test_tmt_current_month_accepted() -> None:
    assert parse_nip("198503122026111005", today=TODAY).tmt_year == 2026


def test_pppk_rules() -> None:
    assert parse_nip("199009132008002001", "PPPK", today=TODAY).pppk_code == "00"
    assert "kurang dari 18 tahun" in _err("199009132007212001", "PPPK")
    assert "belum terjadi" in _err("199009132027212001", "PPPK")
    assert "Digit ke-15" in _err("199009132025213001", "PPPK")
    assert "Nomor urut NIP tidak boleh 000" in _err("199009132025212000", "PPPK")


def test_default_today_is_used() -> None:
    assert parse_nip(GOOD).serial == 5


# --- format / check / make ------------------------------------------------------------------


def test_format_nip() -> None:
    assert format_nip(GOOD) == "19850312 201001 1 005"
    assert format_nip("12345") == "12345"
    assert format_nip("19850312 201001 1 005") == "19850312 201001 1 005"
    assert format_nip("19850312201001100A") == "19850312201001100A"


def test_check_against() -> None:
    info = parse_nip("198503132010012005", today=TODAY)
    assert check_against(info, date(1985, 3, 13), "P") == []
    assert check_against(info, None, None) == []
    assert check_against(info, date(1985, 3, 13), "Perempuan") == []
    assert check_against(info, date(1985, 3, 12), "L") == [
        "Tanggal lahir 12-03-1985 tidak sesuai dengan NIP (13-03-1985)",
        "Jenis kelamin Laki-laki tidak sesuai dengan NIP (Perempuan)",
    ]
    assert check_against(info, None, "X") == ["Jenis kelamin 'X' tidak dikenali (isi L atau P)"]


def test_make_nip() -> None:
    assert make_nip(date(1985, 3, 12), 2010, 1, "L", 5) == GOOD
    assert make_nip(date(1990, 9, 13), 2025, 24, "P", 14) == "199009132025242014"
    with pytest.raises(ValueError):
        make_nip(date(1985, 3, 12), 2010, 1, "X", 5)
    with pytest.raises(ValueError):
        make_nip(date(1985, 3, 12), 2010, 1, "L", 0)
    with pytest.raises(ValueError):
        make_nip(date(1985, 3, 12), 2010, 100, "L", 1)


# --- properties -----------------------------------------------------------------------------

births = st.dates(min_value=date(1940, 1, 1), max_value=date(2007, 12, 31))
sexes = st.sampled_from(["L", "P"])
serials = st.integers(min_value=1, max_value=999)


@st.composite
def pns_parts(draw: st.DrawFn) -> tuple[date, int, int, str, int]:
    birth = draw(births)
    first = (birth.year + 18) * 12 + birth.month - 1
    last = TODAY.year * 12 + TODAY.month - 1
    assume(first <= last)
    index = draw(st.integers(min_value=first, max_value=last))
    return birth, index // 12, index % 12 + 1, draw(sexes), draw(serials)


@given(pns_parts())
def test_pns_round_trip(parts: tuple[date, int, int, str, int]) -> None:
    birth, year, month, sex, serial = parts
    nip = make_nip(birth, year, month, sex, serial)
    info = parse_nip(nip, today=TODAY)
    assert (info.birth_date, info.tmt_year, info.tmt_month, info.sex, info.serial) == parts
    assert info.kind == "PNS"
    assert normalize_nip(info.formatted()) == nip
    assert normalize_nip("'" + info.formatted()) == nip
    assert check_against(info, birth, sex) == []


@given(births, st.integers(0, 99), sexes, serials, st.data())
def test_pppk_round_trip(
    birth: date, code: int, sex: str, serial: int, data: st.DataObject
) -> None:
    assume(birth.year + 18 <= TODAY.year)
    year = data.draw(st.integers(birth.year + 18, TODAY.year))
    nip = make_nip(birth, year, code, sex, serial)
    info = parse_nip(nip, "PPPK", today=TODAY)
    assert info.pppk_code == f"{code:02d}"
    assert (info.birth_date, info.tmt_year, info.sex, info.serial) == (birth, year, sex, serial)
    assert info.formatted() == format_nip(nip)
    assert normalize_nip(info.formatted()) == nip


@given(st.text(alphabet="0123456789", min_size=1, max_size=40).filter(lambda s: len(s) != 18))
def test_any_non_18_digit_string_rejected(text: str) -> None:
    with pytest.raises(NipError, match="NIP harus 18 digit angka"):
        normalize_nip(text)


@given(pns_parts(), st.integers(13, 99))
def test_any_month_13_to_99_rejected_for_pns(
    parts: tuple[date, int, int, str, int], month: int
) -> None:
    birth, year, _, sex, serial = parts
    nip = make_nip(birth, year, month, sex, serial)
    assert f"Bulan TMT CPNS pada NIP tidak valid ({month})" in _err(nip)


@given(pns_parts(), st.sampled_from("03456789"))
def test_sex_digit_not_1_or_2_rejected(parts: tuple[date, int, int, str, int], digit: str) -> None:
    nip = make_nip(*parts)
    bad = nip[:14] + digit + nip[15:]
    assert "Digit ke-15 NIP (jenis kelamin) harus 1 atau 2" in _err(bad)


@given(pns_parts())
def test_serial_000_rejected(parts: tuple[date, int, int, str, int]) -> None:
    nip = make_nip(*parts)[:15] + "000"
    assert _err(nip).startswith("Nomor urut NIP tidak boleh 000")
    assert EXCEL in _err(int(nip))


@given(births, sexes, serials, st.integers(1, 18 * 12))
def test_tmt_less_than_18_years_rejected(birth: date, sex: str, serial: int, short: int) -> None:
    index = (birth.year + 18) * 12 + birth.month - 1 - short
    nip = make_nip(birth, index // 12, index % 12 + 1, sex, serial)
    assert "TMT CPNS pada NIP kurang dari 18 tahun setelah tanggal lahir" in _err(nip)

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karier_desktop.domain.ranks import (
    PNS_RANKS,
    PPPK_GRADES,
    Rank,
    RankError,
    parse_rank,
    rank_by_code,
    typical_rank_for,
)


def test_tables() -> None:
    assert len(PNS_RANKS) == 17
    assert len(PPPK_GRADES) == 17
    assert [r.order for r in PNS_RANKS] == list(range(1, 18))
    assert [r.order for r in PPPK_GRADES] == list(range(1, 18))
    assert PNS_RANKS[0] == Rank("I/a", "Juru Muda", "PNS", 1)
    assert PNS_RANKS[8] == Rank("III/a", "Penata Muda", "PNS", 9)
    assert PNS_RANKS[9].pangkat == "Penata Muda Tingkat I"
    assert PNS_RANKS[-1] == Rank("IV/e", "Pembina Utama", "PNS", 17)
    assert PPPK_GRADES[8] == Rank("IX", None, "PPPK", 9)
    assert PPPK_GRADES[-1].code == "XVII"
    assert all("Tk" not in (r.pangkat or "") for r in PNS_RANKS)


def test_labels() -> None:
    assert rank_by_code("III/a").label == "Penata Muda (III/a)"
    assert rank_by_code("IX").label == "Golongan IX"


@pytest.mark.parametrize(
    "text",
    [
        "III/a",
        "III.a",
        "III a",
        "IIIa",
        "iii/A",
        "3a",
        "3/a",
        "3-a",
        "3.a",
        "Penata Muda",
        "penata muda",
        "Penata Muda, III/a",
        "Penata Muda (III/a)",
        "Penata Muda - III/a",
        "III/a - Penata Muda",
        "Gol. III/a",
        "Golongan III/a",
        "  III / a  ",
    ],
)
def test_penata_muda_spellings(text: str) -> None:
    assert parse_rank(text).code == "III/a"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Penata Muda Tk. I", "III/b"),
        ("Penata Muda Tk I", "III/b"),
        ("Penata Muda Tingkat I", "III/b"),
        ("Penata Muda Tk.I, III/b", "III/b"),
        ("Pembina Utama Muda - IV/c", "IV/c"),
        ("Pembina Utama Madya (IV/d)", "IV/d"),
        ("Pembina Utama", "IV/e"),
        ("Pembina Tk. I", "IV/b"),
        ("Pembina", "IV/a"),
        ("Penata", "III/c"),
        ("Penata Tingkat I", "III/d"),
        ("Juru Muda", "I/a"),
        ("Juru Tk. I (I/d)", "I/d"),
        ("Pengatur Muda Tingkat I", "II/b"),
        ("2d", "II/d"),
        ("4e", "IV/e"),
        ("IV/e", "IV/e"),
    ],
)
def test_pns_examples(text: str, code: str) -> None:
    rank = parse_rank(text)
    assert rank.code == code
    assert rank.system == "PNS"


@pytest.mark.parametrize("text", ["IX", "ix", "Gol. IX", "Golongan IX", "9", "09", 9, 9.0])
def test_pppk_ix(text: object) -> None:
    assert parse_rank(text) == Rank("IX", None, "PPPK", 9)
    assert parse_rank(text, "PPPK").code == "IX"


def test_pppk_bounds() -> None:
    assert parse_rank("1").code == "I"
    assert parse_rank("17").code == "XVII"
    assert parse_rank("XVII").code == "XVII"
    for bad in ["0", "18", "XVIII", "IIII"]:
        with pytest.raises(RankError, match="Golongan tidak dikenal"):
            parse_rank(bad)


@pytest.mark.parametrize(
    "text", ["III/e", "I/e", "V/a", "abc", "3z", "Penata Muda IX", "Pembina Utama Muda Tk. I"]
)
def test_unknown(text: str) -> None:
    with pytest.raises(RankError) as info:
        parse_rank(text)
    assert str(info.value) == (
        f"Golongan tidak dikenal: '{text}' (contoh: III/a, III.a, 3a, Penata Muda, IX)"
    )


def test_empty() -> None:
    for text in ["", "  ", None]:
        with pytest.raises(RankError, match="Golongan belum diisi"):
            parse_rank(text)


def test_name_and_code_disagree() -> None:
    with pytest.raises(RankError, match="tidak sesuai") as info:
        parse_rank("Penata Muda (III/b)")
    assert "Penata Muda adalah III/a" in str(info.value)


def test_system_restriction() -> None:
    assert parse_rank("3a", "PNS").code == "III/a"
    assert parse_rank("III", "PPPK").code == "III"
    assert parse_rank("III").system == "PPPK"
    with pytest.raises(RankError, match="golongan PPPK, bukan PNS"):
        parse_rank("IX", "PNS")
    with pytest.raises(RankError, match="golongan PNS, bukan PPPK"):
        parse_rank("III/a", "PPPK")
    with pytest.raises(RankError, match="belum lengkap"):
        parse_rank("3", "PNS")
    with pytest.raises(ValueError, match="Sistem golongan tidak dikenal"):
        parse_rank("III/a", "TNI")
    assert parse_rank(rank_by_code("IX"), "pppk paruh waktu").code == "IX"


def test_rank_by_code() -> None:
    assert rank_by_code("III/a").pangkat == "Penata Muda"
    assert rank_by_code("XVII").order == 17
    with pytest.raises(RankError):
        rank_by_code("3a")


@given(st.sampled_from(PNS_RANKS))
def test_pns_canonical_forms_round_trip(rank: Rank) -> None:
    assert rank.pangkat is not None
    golongan, ruang = rank.code.split("/")
    number = ["I", "II", "III", "IV"].index(golongan) + 1
    for text in (
        rank.code,
        rank.code.lower(),
        rank.code.replace("/", "."),
        golongan + ruang,
        f"{number}{ruang}",
        rank.pangkat,
        rank.pangkat.replace("Tingkat I", "Tk. I"),
        rank.label,
        f"{rank.pangkat}, {rank.code}",
    ):
        assert parse_rank(text, "PNS") == rank


@given(st.sampled_from(PPPK_GRADES))
def test_pppk_forms_round_trip(rank: Rank) -> None:
    for text in (rank.code, f"Gol. {rank.code}", str(rank.order), f"{rank.order:02d}", rank.label):
        assert parse_rank(text, "PPPK") == rank


@pytest.mark.parametrize(
    ("education", "years", "code"),
    [
        ("SD", 0, "I/a"),
        ("SMP", 0, "I/c"),
        ("SMA", 0, "II/a"),
        ("SMK", 4, "II/b"),
        ("SMA/SMK", 40, "III/b"),
        ("D3", 0, "II/c"),
        ("D3", 40, "III/d"),
        ("S1", 0, "III/a"),
        ("D4", 7, "III/b"),
        ("S1", 40, "IV/a"),
        ("S2", 0, "III/b"),
        ("S2", 40, "IV/b"),
        ("S3", 0, "III/c"),
        ("s3", 40, "IV/b"),
        ("SD", 40, "II/d"),
    ],
)
def test_typical_rank_for(education: str, years: int, code: str) -> None:
    assert typical_rank_for(education, years) == code


def test_typical_rank_for_errors() -> None:
    with pytest.raises(ValueError, match="Pendidikan tidak dikenal"):
        typical_rank_for("TK", 3)
    with pytest.raises(ValueError, match="Masa kerja tidak boleh negatif"):
        typical_rank_for("S1", -1)


@given(st.sampled_from(["SD", "SMP", "SMA", "D3", "S1", "S2", "S3"]), st.integers(0, 60))
def test_typical_rank_monotonic(education: str, years: int) -> None:
    now = rank_by_code(typical_rank_for(education, years)).order
    later = rank_by_code(typical_rank_for(education, years + 1)).order
    assert now <= later <= now + 1

"""Kind and jenjang from a position's name and eselon."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karier_desktop.domain.jabatan import EselonError, jenjang_from_name, parse_eselon


@pytest.mark.parametrize(("name", "fungsional", "jenjang"), [
    ("Guru Ahli Muda", False, "ahli_muda"),
    ("Dokter Ahli Pertama", False, "ahli_pertama"),
    ("Perawat Terampil", False, "terampil"),
    ("Bidan Penyelia", False, "penyelia"),
    ("Pranata Komputer Mahir", False, "mahir"),
    ("Analis Kebijakan Ahli Madya", False, "ahli_madya"),
    ("Guru Madya", False, None),  # "Madya" alone says nothing unless the kind is fungsional
    ("Guru Madya", True, "ahli_madya"),
    ("Penyuluh Pertanian Pelaksana Lanjutan", True, "mahir"),
    ("Kepala Bidang Anggaran", True, None),
])
def test_jenjang_from_name(name, fungsional, jenjang):
    assert jenjang_from_name(name, fungsional) == jenjang


@pytest.mark.parametrize(("text", "eselon"), [
    ("II.a", "II.a"), ("II/b", "II.b"), ("III.a", "III.a"), ("IIIb", "III.b"), ("4a", "IV.a"),
    ("32", "III.b"), (41, "IV.a"), ("Eselon II.b", "II.b"), ("Non Eselon", None), ("-", None),
    (None, None), ("null", None),
])
def test_parse_eselon(text, eselon):
    assert parse_eselon(text) == eselon


def test_unknown_eselon_is_named():
    with pytest.raises(EselonError, match="Eselon 'VI.c' tidak dikenal"):
        parse_eselon("VI.c")


@given(st.sampled_from(["I", "II", "III", "IV"]), st.sampled_from("ab"),
       st.sampled_from([".", "/", "", " ", "-"]))
def test_every_spelling_of_an_eselon_reads_the_same(golongan, ruang, sep):
    assert parse_eselon(f"{golongan}{sep}{ruang.upper()}") == f"{golongan}.{ruang}"

"""Names with their titles in one cell, split into gelar depan, nama and gelar belakang."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karier_desktop.domain.titles import split_titles

FRONTS = ["Dr.", "dr.", "drg.", "Drs.", "Dra.", "Ir.", "H.", "Hj.", "Prof.", "Ns.", "apt."]
BACKS = ["S.E.", "M.M.", "S.Pd.", "M.Kes", "A.Md.Kep.", "S.Kep.", "Sp.A", "SH", "SKM", "M.Si.",
         "S.Pd.I", "S.Tr.Keb.", "Ph.D"]
words = st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True).filter(
    lambda w: w.lower().rstrip(".") not in {"prof", "drs", "dra", "drg", "drh", "hj", "ners"})


@pytest.mark.parametrize(("text", "expected"), [
    ("Dr. Hasnawati, S.E., M.M.", ("Dr.", "Hasnawati", "S.E., M.M.")),
    ("Drs. H. Abdul Muis, M.Si", ("Drs. H.", "Abdul Muis", "M.Si")),
    ("HASNAWATI, SE, MM", (None, "HASNAWATI", "SE, MM")),
    ("Muh. Arif", (None, "Muh. Arif", None)),  # an abbreviated name, not a title
    ("St. Aminah, S.Pd.", (None, "St. Aminah", "S.Pd.")),
    ("H Abdul Rahman", (None, "H Abdul Rahman", None)),  # no dot: an initial
    ("Andi  Baso", (None, "Andi Baso", None)),
    ("Baso, Andi", (None, "Baso, Andi", None)),  # not a degree after the comma
])
def test_examples(text, expected):
    assert split_titles(text) == expected


@given(front=st.lists(st.sampled_from(FRONTS), max_size=2),
       name=st.lists(words, min_size=1, max_size=4),
       back=st.lists(st.sampled_from(BACKS), max_size=3))
def test_split_recovers_what_was_joined(front, name, back):
    text = " ".join([*front, *name])
    if back:
        text += ", " + ", ".join(back)
    assert split_titles(text) == (" ".join(front) or None, " ".join(name),
                                  ", ".join(back) or None)


@given(st.text(max_size=60))
def test_never_loses_the_name(text):
    front, name, back = split_titles(text)
    joined = " ".join(p for p in (front, name) if p) + (f", {back}" if back else "")
    assert joined.replace(" ", "").replace(",", "") == " ".join(text.split()).replace(
        " ", "").replace(",", "")

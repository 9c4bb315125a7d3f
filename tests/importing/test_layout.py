"""Rows under the header that are not records, and two-row merged headers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from karier_desktop.services.importing.headers import find_header, two_row_labels
from karier_desktop.services.importing.layout import is_column_numbers, split_rows

NIP = "198503122010011005"
labels = st.lists(st.from_regex(r"[A-Z]{2,8}( [A-Z]{2,6})?", fullmatch=True), min_size=2,
                  max_size=8)


@given(st.integers(min_value=3, max_value=40), st.sampled_from([int, str, lambda n: f"({n})"]))
def test_a_row_of_column_numbers_is_recognised(n, form):
    assert is_column_numbers(tuple(form(i) for i in range(1, n + 1)))


@given(labels)
def test_a_data_row_is_never_a_sub_header(top):
    assert two_row_labels(tuple(top), (None, NIP, "Andi", "III/a")) is None
    assert not is_column_numbers((1, NIP, "Andi"))


def test_merged_header_reads_parent_and_sub_labels():
    top = ("NO", "NIP", "PANGKAT", None, "JABATAN", None)
    sub = (None, None, "GOL/RUANG", "TMT", "NAMA", "ESELON")
    assert two_row_labels(top, sub) == ("NO", "NIP", "PANGKAT GOL/RUANG", "PANGKAT TMT",
                                        "JABATAN NAMA", "JABATAN ESELON")
    match = find_header([("DUK",), top, sub, tuple(range(1, 7))], "pegawai")
    assert match is not None and (match.row, match.span) == (1, 2)
    assert match.columns == {1: "nip", 2: "rank", 3: "rank_tmt", 4: "position", 5: "eselon"}


def test_footer_numbers_and_repeated_headers_are_left_out():
    top = ("NO", "NAMA", "NIP", "PANGKAT", None)
    sub = (None, None, None, "GOL/RUANG", "TMT")
    match = find_header([top, sub], "pegawai")
    rows = [(3, (1, 2, 3, 4, 5)), (4, (1, "Andi", NIP, "III/a", "01-04-2020")),
            (5, top), (6, sub), (7, (None, None, "Mamuju, 1 Desember 2026")),
            (8, (None, None, "NIP. 19700101 199803 1 005")),
            (9, (2, "Tanpa NIP", None, "III/b", "01-04-2021"))]
    kept, skipped = split_rows(rows, match)
    assert [n for n, _ in kept] == [4, 9] and skipped == (3, 5, 6, 7, 8)

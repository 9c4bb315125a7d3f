"""The shared table model and its sort helper."""

from __future__ import annotations

from karier_desktop.ui.kit.table_model import sort_rows


def test_sort_rows_keeps_missing_values_last_in_both_directions() -> None:
    rows = [3.0, None, 1.0, 2.0, None]
    assert sort_rows(rows, lambda v: v) == [1.0, 2.0, 3.0, None, None]
    assert sort_rows(rows, lambda v: v, descending=True) == [3.0, 2.0, 1.0, None, None]


def test_sort_rows_plain_keys() -> None:
    assert sort_rows(["b", "a", "c"], str.upper, descending=True) == ["c", "b", "a"]

"""The 9-box counts of `talent.map_grid` (one query, numpy) equal the per-employee Python
placement of `talent.talent_map` on the demo regency (SQLite; tests/postgres for the server)."""

from __future__ import annotations

import datetime as dt

import pytest

from karier_desktop.store.db import Database

from .grid_reference import FORMULAS, assert_same_boxes, with_talent_data


@pytest.mark.parametrize("formula", FORMULAS, ids=["bawaan", "rekam-jejak", "potensi-saja"])
def test_grid_boxes_equal_the_python_placement(demo_db: Database, formula) -> None:  # type: ignore[no-untyped-def]
    today = dt.date.today()
    with demo_db.session_scope() as s:
        with_talent_data(s, today.year, today)
    with demo_db.read_scope() as s:
        placed = assert_same_boxes(s, today.year, today, formula)
    assert placed > 100


def test_grid_of_a_period_without_data_places_nobody(demo_db: Database) -> None:
    from karier_desktop.services import talent

    today = dt.date.today()
    with demo_db.read_scope() as s:
        grid = talent.map_grid(s, today.year - 5, today)
    assert grid.counts() == dict.fromkeys(range(1, 10), 0)
    assert grid.unplaced == grid.total > 0

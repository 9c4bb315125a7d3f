"""The 9-box counts of `talent.map_grid` on PostgreSQL equal the Python placement."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from karier_desktop.services import demo
from karier_desktop.store.lifecycle import open_database

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "talent"))
from grid_reference import FORMULAS, assert_same_boxes, with_talent_data  # noqa: E402


def test_the_grid_on_the_server_equals_the_python_placement(pg_url: str) -> None:
    today = dt.date(2026, 11, 29)
    db = open_database(pg_url)
    try:
        with db.session_scope() as s:
            demo.generate(s, 300, seed=5, today=today)
            with_talent_data(s, today.year, today)
        with db.read_scope() as s:
            for formula in FORMULAS:
                assert assert_same_boxes(s, today.year, today, formula) > 100
    finally:
        db.dispose()

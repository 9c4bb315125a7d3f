"""The shared table model and its sort helper."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from karier_desktop.ui.kit.table_model import sort_rows


def test_sort_rows_keeps_missing_values_last_in_both_directions() -> None:
    rows = [3.0, None, 1.0, 2.0, None]
    assert sort_rows(rows, lambda v: v) == [1.0, 2.0, 3.0, None, None]
    assert sort_rows(rows, lambda v: v, descending=True) == [3.0, 2.0, 1.0, None, None]


def test_sort_rows_plain_keys() -> None:
    assert sort_rows(["b", "a", "c"], str.upper, descending=True) == ["c", "b", "a"]


class Person(NamedTuple):
    name: str
    jpm: float | None
    unit: str


@dataclass
class Editable:  # a row that can change in place: its keys are never kept between sorts
    name: str


def _people(n: int = 400) -> list[Person]:
    rng = random.Random(7)
    return [Person(rng.choice(("Sri", "sri", "Budi", "Andi", "Ayu")) + f" {rng.randrange(30)}",
                   rng.choice((None, 55.5, 70.0, 90.25, 101.0)), rng.choice("ABC"))
            for _ in range(n)]


def _plain(rows: list[Any], key: Callable[[Any], Any], descending: bool) -> list[Any]:
    """What a stable sort with missing values last gives (the order a clerk expects)."""
    present = sorted((r for r in rows if key(r) is not None), key=key, reverse=descending)
    return present + [r for r in rows if key(r) is None]


def test_clicking_columns_again_and_again_gives_the_same_order_as_a_fresh_sort() -> None:
    name: Callable[[Person], Any] = lambda p: p.name.lower()  # noqa: E731
    jpm: Callable[[Person], Any] = lambda p: p.jpm  # noqa: E731
    unit: Callable[[Person], Any] = lambda p: p.unit  # noqa: E731
    shown = _people()
    expected = list(shown)
    clicks = [(name, False), (unit, False), (name, True), (jpm, False), (unit, True),
              (name, False), (jpm, True), (unit, False)]
    rng = random.Random(11)
    clicks += [(rng.choice((name, jpm, unit)), rng.random() < 0.5) for _ in range(40)]
    for key, descending in clicks:
        shown = sort_rows(shown, key, descending)
        expected = _plain(expected, key, descending)
        assert [id(r) for r in shown] == [id(r) for r in expected]  # ties keep the last order


def test_a_list_changed_in_place_is_sorted_by_its_rows_of_now() -> None:
    name: Callable[[Person], Any] = lambda p: p.name  # noqa: E731
    shown = sort_rows(_people(50), name)
    shown[0] = Person("Zainal", 80.0, "A")  # a row replaced after an edit
    shown.reverse()
    resorted = sort_rows(shown, name)
    assert "Zainal" in [r.name for r in resorted]
    assert [r.name for r in resorted] == sorted(r.name for r in shown)


def test_rows_that_change_in_place_are_sorted_by_their_current_values() -> None:
    rows = [Editable("b"), Editable("a"), Editable("c")]
    shown = sort_rows(rows, lambda r: r.name)
    assert [r.name for r in shown] == ["a", "b", "c"]
    shown[0].name = "z"
    assert [r.name for r in sort_rows(shown, lambda r: r.name)] == ["b", "c", "z"]

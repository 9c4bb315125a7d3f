"""A table model over positions in a column store (numpy columns of a service's table).

The model's rows are plain ints (positions); the columns read the store at that position, so
only the rows on screen are ever turned into text. `record(row)` makes the service's row object
for the one a clerk acts on. Sorting and filtering stay those of RowTableModel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import numpy as np

from karier_desktop.ui.kit.table_model import Column, RowTableModel

R = TypeVar("R")


class StoreModel(RowTableModel[int], Generic[R]):
    def __init__(self, columns: Sequence[Column[int]], make: Callable[[int], R],
                 parent: Any = None) -> None:
        super().__init__(columns, parent)
        self.make = make

    def set_positions(self, positions: np.ndarray) -> None:
        self.set_rows(positions.tolist())

    def record(self, row: int) -> R | None:
        pos = self.row_at(row)
        return None if pos is None else self.make(pos)

    def records(self) -> list[R]:
        """Every row as the service's row object (tests and small lists only)."""
        return [self.make(pos) for pos in self.rows()]

"""What the row check of every sheet shares: the cells of a row by field, the employee who must
already be in the database, and trying one cell so that its error joins the row's list."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from karier_desktop.domain.nip import format_nip
from karier_desktop.services.importing import values
from karier_desktop.services.importing.headers import HeaderMatch
from karier_desktop.services.importing.values import CellError
from karier_desktop.services.importing.vocab import UnknownValue, Vocabulary


def row_cells(header: HeaderMatch, rows: Sequence[tuple[int, tuple[Any, ...]]]
              ) -> Iterator[tuple[int, dict[str, Any]]]:
    """(sheet row number, field key -> cell) for each row; a short row has None for the rest."""
    items = list(header.columns.items())
    for number, cells in rows:
        n = len(cells)
        yield number, {key: (cells[col] if col < n else None) for col, key in items}


def known_employee(employees: Mapping[str, int], raw: object) -> tuple[str, int]:
    """(NIP digits, employee id) of a NIP cell; the employee must have been imported already."""
    nip = values.nip_digits(raw)
    eid = employees.get(nip)
    if eid is None:
        raise CellError(f"Pegawai dengan NIP {format_nip(nip)} belum ada di database; "
                        "impor data pegawai lebih dulu")
    return nip, eid


def attempter(errors: list[str], vocab: Vocabulary | None = None,
              number: int = 0) -> Callable[..., Any]:
    """`attempt(fn, *args)`: fn's value, or None with its CellError added to `errors` (a value
    missing from the vocabulary is also noted there for row `number`, to be mapped)."""
    def attempt(fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return fn(*args)
        except CellError as exc:
            if vocab is not None and isinstance(exc, UnknownValue):
                vocab.note(number, exc)
            errors.append(str(exc))
            return None
    return attempt

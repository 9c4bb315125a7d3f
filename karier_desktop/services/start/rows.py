"""The plain rows the workspace shows first: employees, units and the Beranda counts.

No database imports here: the window can show these rows (read from the start-up snapshot, see
services.start_view) before SQLAlchemy is loaded. Filtering runs on them in Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from karier_desktop.domain import org_tree
from karier_desktop.domain.nip import format_nip


class EmployeeRow(NamedTuple):
    """One employee as the tables show it. A NamedTuple: the 10,000 rows of a start-up snapshot
    are made in about 10 ms, where a frozen dataclass takes four times as long."""

    id: int
    nip: str
    nip_display: str
    name: str
    rank: str
    rank_order: int
    position: str
    position_kind: str
    unit: str
    unit_id: int | None
    opd_id: int | None
    employee_type: str
    jpm: float | None
    category: str
    jp_year: float
    assessed: int  # competencies of the standard with a valid level (JPM counts these) …
    standard_count: int  # … of this many
    search_key: str  # see search_key()

    @property
    def coverage(self) -> str:
        """"7/9" beside the JPM; "–" without a standard."""
        return f"{self.assessed}/{self.standard_count}" if self.standard_count else "–"


def search_key(name: str, nip: str) -> str:
    """What the type-ahead search looks in: the name with titles in lower case, and the NIP."""
    return f"{name.lower()} {nip}"


def person_texts(known: Mapping[int, EmployeeRow] | None, employee_id: int, nip: str,
                 shown: str) -> tuple[str, str, str]:
    """(NIP shown, name shown, search key) of an employee for another page's rows: the very
    strings of the employee table's row when it says the same (so 100,000 names are one copy
    in memory, whichever pages list them), else new ones."""
    row = known.get(employee_id) if known is not None else None
    if row is not None and row.nip == nip and row.name == shown:
        return row.nip_display, row.name, row.search_key
    return format_nip(nip), shown, search_key(shown, nip)


@dataclass(frozen=True)
class UnitNode:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None


@dataclass(frozen=True)
class Summary:
    employees: int
    units: int
    positions: int
    positions_without_standard: int
    never_assessed: int
    stale_assessed: int
    under_minimum_jp: int
    minimum_jp: float
    year: int
    categories: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class EmployeeFilter:
    """What the clerk asked for; every part is optional."""

    text: str = ""
    unit_ids: frozenset[int] | None = None  # a unit and its descendants
    position_kind: str = ""
    rank: str = ""
    category: str = ""
    under_jp: float | None = None  # show only employees below this many JP this year


def unit_with_descendants(units: list[UnitNode], unit_id: int) -> frozenset[int]:
    return org_tree.descendants({u.id: u.parent_id for u in units}, unit_id)


def apply_filter(rows: list[EmployeeRow], f: EmployeeFilter) -> list[EmployeeRow]:
    """Filter prepared rows in Python (fast enough per keystroke at 100k rows)."""
    text = f.text.strip().lower()
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) == len(text.replace(" ", "").replace("'", "")):
        text = digits  # a NIP typed with spaces matches the plain digits
    out = rows
    if text:
        out = [r for r in out if text in r.search_key]
    if f.unit_ids is not None:
        units = f.unit_ids
        out = [r for r in out if r.unit_id in units]
    if f.position_kind:
        out = [r for r in out if r.position_kind == f.position_kind]
    if f.rank:
        out = [r for r in out if r.rank == f.rank]
    if f.category:
        out = [r for r in out if r.category == f.category]
    if f.under_jp is not None:
        limit = f.under_jp
        out = [r for r in out if r.jp_year < limit]
    return out if out is not rows else list(rows)

"""Reading a long list as numpy columns: the driver's rows in slices, each slice turned into
arrays at once, so no Python object per row outlives its slice (and no list of every row is
ever held). Repeated texts become codes into one list of distinct values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import format_nip
from karier_desktop.domain.textclean import found_in
from karier_desktop.domain.textfmt import full_name
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.start.rows import EmployeeRow, search_key
from karier_desktop.store import models as m

SLICE = 10_000


def raw_parts(session: Session, stmt: Select[Any], size: int = SLICE
              ) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of `stmt` as the database driver gives them (sqlite3 or psycopg tuples), read
    on the session's connection (its transaction) in slices of `size`. Dates come as the
    driver has them: ISO text on SQLite, `date` on PostgreSQL."""
    conn = session.connection()
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positiontup is not None:  # sqlite3: qmark, in order
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), params)
        while part := cursor.fetchmany(size):
            yield part
    finally:
        cursor.close()


def raw_rows(session: Session, stmt: Select[Any]) -> Iterator[tuple[Any, ...]]:
    for part in raw_parts(session, stmt):
        yield from part


class Codes:
    """Distinct values (e.g. method and assessor pairs) numbered in order of first sight."""

    def __init__(self) -> None:
        self.index: dict[Any, int] = {}

    def of(self, values: Iterable[Any], count: int) -> np.ndarray:
        index = self.index
        return np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int32,
                           count=count)

    def values(self) -> list[Any]:
        return list(self.index)


def read_columns(session: Session, stmt: Select[Any], dtypes: Sequence[Any],
                 codes: dict[int | tuple[int, ...], Codes]) -> list[np.ndarray]:
    """The query's columns as arrays of `dtypes`, in the query's order. A column (or a tuple
    of columns) named in `codes` becomes one int32 array of codes; its place in `dtypes` holds
    None (for a tuple: the first column's place, the others' are left out of the result)."""
    parts: list[list[np.ndarray]] = [[] for _ in dtypes]
    coded = {(key[0] if isinstance(key, tuple) else key): key for key in codes}
    skipped = {i for key in codes if isinstance(key, tuple) for i in key[1:]}
    for part in raw_parts(session, stmt):
        cols = list(zip(*part, strict=True))
        for i, dtype in enumerate(dtypes):
            if i in skipped:
                continue
            key = coded.get(i)
            if key is None:
                parts[i].append(np.array(cols[i], dtype=dtype))
            elif isinstance(key, tuple):
                parts[i].append(codes[key].of(zip(*(cols[j] for j in key), strict=True),
                                              len(part)))
            else:
                parts[i].append(codes[key].of(cols[i], len(part)))
        del cols, part
    out = []
    for i, dtype in enumerate(dtypes):
        if i in skipped:
            continue
        kind = np.int32 if i in coded else dtype
        out.append(np.concatenate(parts[i]) if parts[i] else np.zeros(0, dtype=kind))
    return out


Person = tuple[str, str, str]  # NIP shown, name shown, search key ("name nip", lower case)


class PeopleTexts:
    """The employees of a long list: each one the employee table's row when it says the same
    (its strings: one copy of 100,000 names in memory, whichever pages list them), else the NIP,
    name and titles as read, prepared only when shown, searched or sorted."""

    def __init__(self) -> None:
        self.shared: dict[int, EmployeeRow] = {}
        self.raw: dict[int, tuple[str, str, str | None, str | None]] = {}
        self._made: dict[int, Person] = {}

    @classmethod
    def of_listed(cls, session: Session, listed: Select[Any],
                  known: Mapping[int, EmployeeRow] | None) -> PeopleTexts:
        """The employees whose ids `listed` selects, as far as the operator may see them."""
        e = m.Employee
        stmt = select(e.id, e.nip, e.name, e.front_title, e.back_title).where(e.id.in_(listed))
        return cls.read(session, restrict(session, stmt, e.unit_id), known)

    @classmethod
    def read(cls, session: Session, stmt: Select[Any],
             known: Mapping[int, EmployeeRow] | None) -> PeopleTexts:
        """`stmt` selects id, nip, name, front title, back title of the employees listed."""
        people = cls()
        for eid, nip, name, front, back in raw_rows(session, stmt):
            row = known.get(eid) if known is not None else None
            if row is not None and row.nip == nip and row.name == full_name(name, front, back):
                people.shared[eid] = row
            else:
                people.raw[eid] = (nip, name, front, back)
        return people

    def __call__(self, eid: int) -> Person:
        row = self.shared.get(eid)
        if row is not None:
            return row.nip_display, row.name, row.search_key
        made = self._made.get(eid)
        if made is None:
            nip, name, front, back = self.raw[eid]
            shown = full_name(name, front, back)
            made = self._made[eid] = (format_nip(nip), shown, search_key(shown, nip))
        return made

    def matching(self, text: str) -> np.ndarray:
        """Ids of the employees whose search key holds `text`."""
        found = [eid for eid, row in self.shared.items() if text in row.search_key]
        found += [eid for eid in self.raw if text in self(eid)[2]]
        return np.array(found, dtype=np.int64)


def date_at(days: np.ndarray, pos: int) -> dt.date:
    """The date at `pos` of a datetime64[D] column."""
    return days[pos].item()  # type: ignore[no-any-return]


Pair = tuple[str, str, str]  # two texts read as a pair and "first second" lower case


def pair_texts(pairs: Iterable[tuple[str, str | None]]) -> list[Pair]:
    """The coded pairs (e.g. method and assessor) as texts, a text named in many pairs one
    string, with the pair's search key."""
    texts: dict[str, str] = {}
    return [(texts.setdefault(first, first), texts.setdefault(second or "", second or ""),
             f"{first} {second or ''}".lower()) for first, second in pairs]


F = TypeVar("F")  # the table's filter
R = TypeVar("R")  # the table's row object


@dataclass(eq=False)
class EmployeesColumns(Generic[F, R]):
    """What a column table of employees' records (assessments, training records) shares: by
    position the record's id, its employee and the employee's unit (-1: none); the employees'
    texts, the units' names and their top-level units (OPD). A table implements `select`
    (the positions a filter keeps) and `row` (one position as its row object)."""

    ids: np.ndarray
    employee_ids: np.ndarray
    unit_ids: np.ndarray  # -1: no unit
    people: PeopleTexts
    unit_names: dict[int, str]
    opd_of: dict[int, int]

    def __len__(self) -> int:
        return len(self.ids)

    def select(self, f: F | None = None) -> np.ndarray:  # pragma: no cover - tables implement it
        raise NotImplementedError

    def row(self, pos: int) -> R:  # pragma: no cover - tables implement it
        raise NotImplementedError

    def rows(self, f: F | None = None) -> list[R]:
        """The records `f` keeps as row objects, in the table's order (tests, small lists)."""
        return [self.row(pos) for pos in self.select(f).tolist()]

    def person(self, pos: int) -> Person:
        return self.people(int(self.employee_ids[pos]))

    def unit(self, pos: int) -> str:
        return self.unit_names.get(int(self.unit_ids[pos]), "")

    def leading(self, pos: int) -> tuple[int, int, str, str, str, int | None]:
        """The fields every row object starts with: the record's id, the employee's id, NIP
        and name, the unit and its OPD."""
        nip, name, _key = self.person(pos)
        uid = int(self.unit_ids[pos])
        return (int(self.ids[pos]), int(self.employee_ids[pos]), nip, name,
                self.unit_names.get(uid, ""), self.opd_of.get(uid))

    def in_opd(self, opd_id: int) -> np.ndarray:
        """Which records are of `opd_id`'s employees (a top-level unit and its sub-units)."""
        units = [uid for uid, root in self.opd_of.items() if root == opd_id]
        return np.isin(self.unit_ids, np.array(units, dtype=np.int64))

    def found(self, text: str, codes: np.ndarray, pairs: list[Pair]) -> np.ndarray:
        """Which records hold `text` (search text) in the employee's name or NIP or in their
        coded pair (`codes` into `pairs`); a text with a space may span the two."""
        matching = [i for i, pair in enumerate(pairs) if text in pair[2]]
        hit = np.isin(self.employee_ids, self.people.matching(text)) \
            | np.isin(codes, np.array(matching, dtype=np.int32))
        if " " in text:
            for pos in np.flatnonzero(~hit).tolist():
                hit[pos] = found_in(text, self.person(pos)[2], pairs[int(codes[pos])][2])
        return hit


"""Reading a long list as numpy columns: the driver's rows in slices, each slice turned into
arrays at once, so no Python object per row outlives its slice (and no list of every row is
ever held). Repeated texts become codes into one list of distinct values."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from sqlalchemy import Select
from sqlalchemy.orm import Session

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

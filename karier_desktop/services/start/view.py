"""What the window shows first (employee rows, unit tree, Beranda counts), and its snapshot.

Computing the rows of a large regency takes most of a second (JPM of everyone); the app keeps
the last result in the database file (store.snapshot) and the next start shows it at once,
before SQLAlchemy is even imported. A snapshot is used only while it is exactly what computing
would give now:
- no row of a source table added, changed or deleted since (the data version, store.snapshot);
- the same app version and payload format;
- the same calendar year (the "JP tahun ini" column).
The date moves the figures in one way only: an assessment passes its validity period, so its
levels stop counting in JPM and its employee may count as "kedaluwarsa" on Beranda. The view
keeps, for that, the levels and latest assessments that expire before the year ends, and
`as_of(day)` takes them out exactly as computing on that day would.
Nothing here imports SQLAlchemy; services.start_snapshot computes and stores the view.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from dataclasses import astuple, dataclass, replace
from pathlib import Path

from karier_desktop import __version__
from karier_desktop.domain.competency import (
    EXPIRED,
    NOT_ASSESSED,
    JpmThresholds,
    jpm_category,
    jpm_from_sums,
    validity_cutoff,
)
from karier_desktop.services.start.rows import EmployeeRow, Summary, UnitNode, search_key
from karier_desktop.store import snapshot as store

FORMAT = 4  # 3: rows carry the assessed / standard counts; 4: rows kept by column


# (row index, required sum, actual sum, levels counted, ((assessment date, required, level), ...))
Expiring = tuple[int, int, int, int, tuple[tuple[dt.date, int, int], ...]]


@dataclass(frozen=True)
class StartView:
    rows: list[EmployeeRow]
    units: list[UnitNode]
    summary: Summary
    minimum_jp: float
    made_on: dt.date
    validity_years: int
    cap_at_100: bool
    thresholds: tuple[float, float, float, float]  # JpmThresholds in field order
    expiring: tuple[Expiring, ...]  # employees with a counted level expiring this year
    stale_soon: tuple[dt.date, ...]  # latest assessments (active employees) expiring this year
    data_version: str = ""  # of the data the rows were read from (see store.snapshot)
    unassessed_as_zero: bool = False  # the JPM setting the rows were computed with

    def as_of(self, today: dt.date) -> StartView | None:
        """The view as computing it on `today` would give; None for another year or the past."""
        if today < self.made_on or today.year != self.made_on.year:
            return None
        cutoff = validity_cutoff(today, self.validity_years)
        if not (any(d <= cutoff for d in self.stale_soon)
                or any(e[4][0][0] <= cutoff for e in self.expiring)):
            return self
        if self.unassessed_as_zero:
            return None  # the sums below leave expired levels out; recompute instead
        thresholds = JpmThresholds(*self.thresholds)
        rows = list(self.rows)
        counts = dict(self.summary.categories)
        for index, required, actual, counted, levels in self.expiring:
            gone = [(req, level) for d, req, level in levels if d <= cutoff]
            if not gone:
                continue
            left = counted - len(gone)
            value = jpm_from_sums(required - sum(g[0] for g in gone),
                                  actual - sum(g[1] for g in gone),
                                  self.cap_at_100) if left else None
            category = jpm_category(value, thresholds) if left else EXPIRED
            old = rows[index]
            counts[old.category] -= 1
            counted_as = NOT_ASSESSED if category == EXPIRED else category
            counts[counted_as] = counts.get(counted_as, 0) + 1
            rows[index] = old._replace(jpm=value, category=category, assessed=left)
        stale = self.summary.stale_assessed + sum(1 for d in self.stale_soon if d <= cutoff)
        summary = replace(self.summary, stale_assessed=stale,
                          categories=tuple((c, counts[c]) for c, _ in self.summary.categories))
        return replace(self, rows=rows, summary=summary)


def encode(view: StartView) -> bytes:
    doc = {
        "format": FORMAT,
        "made_on": view.made_on.isoformat(),
        "validity_years": view.validity_years,
        "cap_at_100": view.cap_at_100,
        "unassessed_as_zero": view.unassessed_as_zero,
        "thresholds": view.thresholds,
        "minimum_jp": view.minimum_jp,
        "summary": astuple(view.summary),
        "units": [astuple(u) for u in view.units],
        "rows": encode_columns(view.rows),
        "expiring": [[i, req, act, n, [[d.toordinal(), r, lv] for d, r, lv in levels]]
                     for i, req, act, n, levels in view.expiring],
        "stale_soon": [d.toordinal() for d in view.stale_soon],
    }
    return zlib.compress(json.dumps(doc, separators=(",", ":")).encode(), 1)


def encode_columns(rows: list[EmployeeRow]) -> list[list]:
    """The rows by column, all fields but search_key (made again on reading). A column with
    few distinct values (ranks, positions, units, categories, …) is kept as those values and one
    index per row: read back, every row shares one object per value."""
    columns: list[list] = []
    if not rows:
        return columns
    for values in zip(*(r[:-1] for r in rows), strict=True):
        distinct: dict = {}  # keyed with the type: 1 and 1.0 stay apart
        index = [distinct.setdefault((type(v), v), len(distinct)) for v in values]
        if len(distinct) * 4 < len(values):
            columns.append(["shared", [v for _t, v in distinct], index])
        else:
            columns.append(["plain", list(values)])
    return columns


def decode_columns(columns: list[list]) -> list[EmployeeRow]:
    """The rows of encode_columns: one tuple per row, repeated values one shared object."""
    if not columns:
        return []
    lists = []
    for column in columns:
        if column[0] == "shared":
            values = column[1]
            lists.append([values[i] for i in column[2]])
        else:
            lists.append(column[1])
    columns.clear()  # the index lists go before the rows are made
    new = EmployeeRow.__new__
    return [new(EmployeeRow, *r, search_key(r[3], r[1])) for r in zip(*lists, strict=True)]


def decode(payload: bytes) -> StartView:
    """The view in `payload`; ValueError (or KeyError/TypeError) when it is not ours."""
    doc = json.loads(zlib.decompress(payload))
    if doc.get("format") != FORMAT:
        raise ValueError("another snapshot format")
    s = doc["summary"]
    day = dt.date.fromordinal
    return StartView(
        rows=decode_columns(doc["rows"]),
        units=[UnitNode(*u) for u in doc["units"]],
        summary=Summary(*s[:-1], categories=tuple((c, n) for c, n in s[-1])),
        minimum_jp=float(doc["minimum_jp"]),
        made_on=dt.date.fromisoformat(doc["made_on"]),
        validity_years=int(doc["validity_years"]),
        cap_at_100=bool(doc["cap_at_100"]),
        unassessed_as_zero=bool(doc.get("unassessed_as_zero", False)),
        thresholds=tuple(float(t) for t in doc["thresholds"]),  # type: ignore[arg-type]
        expiring=tuple((i, req, act, n, tuple((day(d), r, lv) for d, r, lv in levels))
                       for i, req, act, n, levels in doc["expiring"]),
        stale_soon=tuple(day(d) for d in doc["stale_soon"]),
    )


def load(path: Path, today: dt.date | None = None) -> StartView | None:
    """The stored view of the database file at `path`, as of today; None when it is not exact."""
    stored = store.read_current(path)
    if stored is None or stored.app_version != __version__:
        return None
    try:
        view = replace(decode(stored.payload), data_version=stored.version)
    except (ValueError, KeyError, TypeError, IndexError, zlib.error):
        return None
    return view.as_of(today or dt.date.today())

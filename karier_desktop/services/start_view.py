"""What the window shows first (employee rows, unit tree, Beranda counts), and its snapshot.

Computing the rows of a large regency takes most of a second (JPM of everyone); the app keeps
the last result in the database file (store.snapshot) and the next start shows it at once,
before SQLAlchemy is even imported. A snapshot is used only while it is exactly what computing
would give now:
- no row of a source table added, changed or deleted since (the data version, store.snapshot);
- the same app version and payload format;
- the same calendar year (the "JP tahun ini" column);
- no assessment counted in it has since become stale (JPM and the Beranda counts use only
  assessments younger than the validity period).
Nothing here imports SQLAlchemy; services.start_snapshot computes and stores the view.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from dataclasses import astuple, dataclass, replace
from pathlib import Path

from karier_desktop import __version__
from karier_desktop.domain.competency import validity_cutoff
from karier_desktop.services.views import EmployeeRow, Summary, UnitNode, search_key
from karier_desktop.store import snapshot as store

FORMAT = 1


@dataclass(frozen=True)
class StartView:
    rows: list[EmployeeRow]
    units: list[UnitNode]
    summary: Summary
    minimum_jp: float
    made_on: dt.date
    validity_years: int
    oldest_counted: dt.date | None  # the oldest assessment still valid on `made_on`
    data_version: str = ""  # of the data the rows were read from (see store.snapshot)

    def still_valid_on(self, today: dt.date) -> bool:
        """True while the date alone cannot have changed any figure in the view."""
        if today < self.made_on or today.year != self.made_on.year:
            return False
        if self.oldest_counted is None:
            return True
        return validity_cutoff(today, self.validity_years) < self.oldest_counted


def encode(view: StartView) -> bytes:
    doc = {
        "format": FORMAT,
        "made_on": view.made_on.isoformat(),
        "validity_years": view.validity_years,
        "oldest_counted": view.oldest_counted.isoformat() if view.oldest_counted else None,
        "minimum_jp": view.minimum_jp,
        "summary": astuple(view.summary),
        "units": [astuple(u) for u in view.units],
        "rows": [r[:-1] for r in view.rows],  # all but search_key, made again on reading
    }
    return zlib.compress(json.dumps(doc, separators=(",", ":")).encode(), 1)


def decode(payload: bytes) -> StartView:
    """The view in `payload`; ValueError (or KeyError/TypeError) when it is not ours."""
    doc = json.loads(zlib.decompress(payload))
    if doc.get("format") != FORMAT:
        raise ValueError("another snapshot format")
    s = doc["summary"]
    summary = Summary(*s[:-1], categories=tuple((c, n) for c, n in s[-1]))
    oldest = doc["oldest_counted"]
    return StartView(
        rows=[EmployeeRow(*r, search_key(r[3], r[1])) for r in doc["rows"]],
        units=[UnitNode(*u) for u in doc["units"]],
        summary=summary,
        minimum_jp=float(doc["minimum_jp"]),
        made_on=dt.date.fromisoformat(doc["made_on"]),
        validity_years=int(doc["validity_years"]),
        oldest_counted=dt.date.fromisoformat(oldest) if oldest else None,
    )


def load(path: Path, today: dt.date | None = None) -> StartView | None:
    """The stored view of the database file at `path` if it is still exact today; else None."""
    stored = store.read_current(path)
    if stored is None or stored.app_version != __version__:
        return None
    try:
        view = replace(decode(stored.payload), data_version=stored.version)
    except (ValueError, KeyError, TypeError, IndexError, zlib.error):
        return None
    return view if view.still_valid_on(today or dt.date.today()) else None

"""Column sizes read from the models: the one place that knows how long a text may be.

SQLite stores a 151-character name in a String(150) column; PostgreSQL refuses it. Services
and dialogs check lengths against these sizes, and a move to a server checks every row.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import String

from karier_desktop.store.models import Base


@cache
def string_limits(table: str) -> dict[str, int]:
    """Column name -> the most characters it holds, for the sized text columns of `table`."""
    found: dict[str, int] = {}
    for col in Base.metadata.tables[table].columns:
        length = getattr(col.type, "length", None)
        if isinstance(col.type, String) and length:
            found[col.name] = int(length)
    return found

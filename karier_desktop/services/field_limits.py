"""Text lengths against the column sizes (store/limits.py), in words a clerk understands.

One helper for every service and dialog: `max_length` gives a dialog the size to set on its
field, `too_long` the messages for values that do not fit. A message names the field and the
limit, never the value (it may be a name).
"""

from __future__ import annotations

from collections.abc import Mapping

from karier_desktop.store.limits import string_limits


def max_length(table: str, column: str) -> int | None:
    """The most characters `table.column` holds; None for unsized text."""
    return string_limits(table).get(column)


def too_long(table: str, values: Mapping[str, str | None],
             labels: Mapping[str, str] | None = None) -> list[str]:
    """One Indonesian message per value longer than its column allows."""
    limits = string_limits(table)
    messages = []
    for column, value in values.items():
        limit = limits.get(column)
        if value is None or limit is None or len(value) <= limit:
            continue
        label = (labels or {}).get(column, column.replace("_", " "))
        messages.append(f"{label[:1].upper()}{label[1:]} terlalu panjang: {len(value)} karakter, "
                        f"paling banyak {limit}.")
    return messages

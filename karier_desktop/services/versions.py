"""Optimistic concurrency for edit forms: one rule that every edit service uses.

A form keeps the `row_version` of the record it loaded and passes it back on save. The service
reads the row again, locked (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite the write
transaction is the process's only connection and the file's one writer), and refuses with
ConflictError when the version moved, naming every field whose saved value differs from the
clerk's. Otherwise only the fields the clerk changed are written and the version moves by one.
Triggers (migration 0009) move the version on every other UPDATE too (imports, the CLI).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain.textfmt import format_date_id, format_number
from karier_desktop.services.errors import ConflictError, ValidationError
from karier_desktop.store import models as m

T = TypeVar("T")


def shown(value: object) -> str:
    """A value as the conflict message shows it."""
    if value is None or value == "":
        return "(kosong)"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dt.date):
        return format_date_id(value)
    if isinstance(value, float):
        return format_number(value, 0 if value.is_integer() else 1)
    return str(value)


def locked(session: Session, model: type[T], row_id: int, missing: str) -> T:
    """The row as committed now, locked until the end of the transaction."""
    row = session.get(model, row_id, with_for_update=True, populate_existing=True)
    if row is None:
        raise ValidationError([missing])
    return row


def apply(row: Any, what: str, expected_version: int | None, values: Mapping[str, object],
          labels: Mapping[str, str],
          show: Callable[[str, object], str] | None = None) -> list[str]:
    """Write `values` into `row` unless it changed since the form loaded `expected_version`.

    Returns the names of the fields written (only those that differ from the saved row).
    `expected_version` None: no check (a caller that holds no form). `show(field, value)`
    formats a value for the message (e.g. an id as a name).
    """
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    # A moved version with nothing different from the clerk's values overwrites nothing.
    if changed and expected_version is not None and row.row_version != expected_version:
        fmt = show or (lambda _field, value: shown(value))
        raise ConflictError(what, [(labels.get(k, k), fmt(k, v), fmt(k, getattr(row, k)))
                                   for k, v in changed.items()])
    for key, value in changed.items():
        setattr(row, key, value)
    if changed:
        row.row_version = row.row_version + 1  # the trigger then leaves it alone
    return sorted(changed)


def apply_with_competencies(session: Session, row: Any, what: str, expected_version: int | None,
                            values: Mapping[str, object], labels: Mapping[str, str],
                            saved: Mapping[int, object], mine: Mapping[int, object],
                            label: Callable[[str], str],
                            show: Callable[[Any], str] = shown) -> list[int] | None:
    """`apply` for a record whose per-competency rows (an assessment's levels, a programme's
    targets) are part of its version: `saved` and `mine` map a competency id to its value.

    None when neither a field nor a competency differs; otherwise the fields are written, the
    version moves by one, and the ids of the competencies that differ are returned for the
    caller to write. A moved version refuses with ConflictError naming fields and competencies
    (`label(name)`, values as `show` gives them).
    """
    part_diff = sorted(c for c in set(saved) | set(mine) if saved.get(c) != mine.get(c))
    field_diff = [k for k, v in values.items() if getattr(row, k) != v]
    if not part_diff and not field_diff:
        return None
    if expected_version is not None and row.row_version != expected_version:
        names = dict(session.execute(select(m.Competency.id, m.Competency.name)
                                     .where(m.Competency.id.in_(part_diff))).all())
        raise ConflictError(what, [
            *((labels[k], shown(values[k]), shown(getattr(row, k))) for k in field_diff),
            *((label(str(names.get(c, c))), show(mine.get(c)), show(saved.get(c)))
              for c in part_diff)])
    for key in field_diff:
        setattr(row, key, values[key])
    row.row_version = row.row_version + 1
    return part_diff

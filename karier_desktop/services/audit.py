"""The audit trail: one row per change, written in the same transaction as the change."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.store import models as m


def record(session: Session, action: str, entity: str, entity_id: object = None,
           actor: str | None = None, **detail: Any) -> None:
    """Add an audit row in the caller's transaction; the actor is the session's user
    (`session.info["actor"]`, set by store.db.Database) unless named."""
    actor = actor or session.info.get("actor") or "operator"
    session.add(m.AuditLog(
        action=action, entity=entity,
        entity_id=None if entity_id is None else str(entity_id), actor=actor,
        detail=json.dumps(detail, ensure_ascii=False, default=str) if detail else "",
    ))


def delete_employee_record(session: Session, model: type[Any], row_id: int,
                           entity: str) -> None:
    """Delete one of an employee's records (an assessment, a training record) with its audit
    row naming the employee; nothing when it is gone already."""
    row = session.get(model, row_id)
    if row is None:
        return
    employee_id = row.employee_id
    session.delete(row)
    record(session, "hapus", entity, row_id, employee_id=employee_id)


class _Coded(Protocol):
    @property
    def code(self) -> str: ...


R = TypeVar("R", bound=_Coded)


def check_known(session: Session, model: type[Any], label: str, rows: Sequence[R],
                check: Callable[[R], list[str]]) -> list[str]:
    """The messages for edited reference rows: an unknown code is refused ("<label> '<code>'
    tidak dikenal."), a known row gets the messages of `check`."""
    known = set(session.scalars(select(model.code)))
    errors: list[str] = []
    for r in rows:
        errors += check(r) if r.code in known else [f"{label} '{r.code}' tidak dikenal."]
    return errors


def write_changed(session: Session, model: type[Any], entity: str, rows: Sequence[R],
                  fields: tuple[str, ...], new_of: Callable[[R], tuple[Any, ...]],
                  old_of: Callable[[Any], tuple[Any, ...]] | None = None,
                  per_field: bool = False) -> int:
    """Write `fields` of the reference rows (looked up by `code`) whose values differ, with an
    audit row each ("old"/"new" lists, or one [old, new] pair per field); returns how many."""
    changed = 0
    for r in rows:
        obj = session.get(model, r.code)
        assert obj is not None
        new = new_of(r)
        old = old_of(obj) if old_of else tuple(getattr(obj, f) for f in fields)
        if old == new:
            continue
        if per_field:
            pairs: dict[str, Any] = {f: [o, n] for f, o, n in zip(fields, old, new, strict=True)}
            record(session, "ubah", entity, r.code, **pairs)
        else:
            record(session, "ubah", entity, r.code, old=list(old), new=list(new))
        for f, v in zip(fields, new, strict=True):
            setattr(obj, f, v)
        changed += 1
    return changed

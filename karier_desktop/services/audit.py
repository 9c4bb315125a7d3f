"""The audit trail: one row per change, written in the same transaction as the change."""

from __future__ import annotations

import json
from typing import Any

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

"""The audit trail: one row per change, written in the same transaction as the change."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from karier_desktop.store import models as m


def record(session: Session, action: str, entity: str, entity_id: object = None,
           actor: str = "operator", **detail: Any) -> None:
    session.add(m.AuditLog(
        action=action, entity=entity,
        entity_id=None if entity_id is None else str(entity_id), actor=actor,
        detail=json.dumps(detail, ensure_ascii=False, default=str) if detail else "",
    ))

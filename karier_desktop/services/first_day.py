"""What a new office needs first: whether the database holds any employee yet."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.store import models as m


def has_employees(session: Session) -> bool:
    """True once the database holds at least one employee (any status)."""
    return session.scalar(select(m.Employee.id).limit(1)) is not None

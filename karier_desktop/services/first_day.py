"""What a new office needs first: whether the database holds any employee yet."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.store import models as m


def has_employees(session: Session) -> bool:
    """True once the database holds at least one employee (any status)."""
    return session.scalar(select(m.Employee.id).limit(1)) is not None


def positions_without_standard(session: Session) -> list[int]:
    """Ids of positions that have no competency standard yet (e.g. just imported)."""
    with_standard = select(m.PositionStandard.position_id).distinct()
    return list(session.scalars(select(m.Position.id).where(m.Position.id.not_in(with_standard))))


def apply_default_standards(session: Session) -> int:
    """Give every position without a standard the defaults of its kind (one unit of work)."""
    from karier_desktop.services import positions

    return positions.apply_defaults(session, positions_without_standard(session))

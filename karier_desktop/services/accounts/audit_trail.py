"""The admin's view of the audit trail: filter by user, table and date; export as a Table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.accounts.scope import require_permission
from karier_desktop.services.exporting import Table
from karier_desktop.store import models as m

MAX_ROWS = 20_000  # newest first; a narrower filter shows older ones

# what the entity names of audit rows mean to a clerk
ENTITY_LABELS = {
    "pegawai": "Pegawai", "pengguna": "Pengguna", "pengaturan": "Pengaturan",
    "development_plan": "IDP", "renbangkom_plan": "Renbangkom",
}


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    entity: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    detail: str


@dataclass(frozen=True)
class AuditChoices:
    actors: tuple[str, ...]
    entities: tuple[str, ...]


def choices(session: Session) -> AuditChoices:
    require_permission(session, Permission.MANAGE_USERS)
    a = m.AuditLog
    return AuditChoices(
        tuple(session.scalars(select(a.actor).distinct().order_by(a.actor))),
        tuple(session.scalars(select(a.entity).distinct().order_by(a.entity))))


def entries(session: Session, f: AuditFilter = AuditFilter()) -> list[AuditRow]:  # noqa: B008
    """Audit rows matching `f`, newest first (at most MAX_ROWS). Admin only."""
    require_permission(session, Permission.MANAGE_USERS)
    a = m.AuditLog
    stmt = select(a.id, a.at, a.actor, a.action, a.entity, a.entity_id, a.detail)
    if f.actor:
        stmt = stmt.where(a.actor == f.actor)
    if f.entity:
        stmt = stmt.where(a.entity == f.entity)
    if f.since is not None:
        stmt = stmt.where(a.at >= dt.datetime.combine(f.since, dt.time()))
    if f.until is not None:
        stmt = stmt.where(a.at < dt.datetime.combine(f.until + dt.timedelta(days=1), dt.time()))
    stmt = stmt.order_by(a.id.desc()).limit(MAX_ROWS)
    return [AuditRow(i, at, actor, action, entity, entity_id or "", detail or "")
            for i, at, actor, action, entity, entity_id, detail in session.execute(stmt)]


def table(rows: list[AuditRow]) -> Table:
    """The rows shown, for write_table (CSV/xlsx with formula-safe cells)."""
    return Table(("WAKTU", "PENGGUNA", "TINDAKAN", "DATA", "ID", "RINCIAN"),
                 [(r.at, r.actor, r.action, ENTITY_LABELS.get(r.entity, r.entity), r.entity_id,
                   r.detail) for r in rows], frozenset({4}), frozenset(), "Audit")

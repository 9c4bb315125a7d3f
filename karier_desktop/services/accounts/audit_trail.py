"""The admin's view of the audit trail: filter by user, table and date; export as a Table.

The database keeps audit times in UTC (timestamptz on PostgreSQL, ISO text on SQLite); the
clerk sees them in the computer's local time, with the zone named (WIB, WITA, WIT).
`zone` parameters default to the computer's zone; tests pass one.
"""

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


ZONE_NAMES = {7 * 60: "WIB", 8 * 60: "WITA", 9 * 60: "WIT"}  # minutes east of UTC


def zone_name(offset: dt.timedelta | None) -> str:
    """WIB/WITA/WIT for UTC+7/+8/+9, else "UTC+h" (or "UTC+h:mm", "UTC−h")."""
    minutes = round((offset or dt.timedelta()).total_seconds() / 60)
    if minutes in ZONE_NAMES:
        return ZONE_NAMES[minutes]
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def local_zone() -> dt.tzinfo:
    """The computer's time zone now (Indonesia keeps no daylight saving time)."""
    zone = dt.datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def zone_label(zone: dt.tzinfo | None = None) -> str:
    zone = zone or local_zone()
    return zone_name(dt.datetime.now(zone).utcoffset())


def as_local(at: dt.datetime, zone: dt.tzinfo | None = None) -> dt.datetime:
    """A stored audit time (aware, or naive UTC from SQLite) in `zone`, without tzinfo."""
    moment = at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone or local_zone()).replace(tzinfo=None)


def _utc_bound(session: Session, day: dt.date, zone: dt.tzinfo | None) -> dt.datetime:
    """Local midnight of `day` as the stored UTC value to compare with."""
    moment = dt.datetime.combine(day, dt.time(), zone or local_zone()).astimezone(dt.UTC)
    return moment.replace(tzinfo=None) if session.get_bind().dialect.name == "sqlite" \
        else moment


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    entity: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime  # local time (see `zone` of entries), without tzinfo
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


def entries(session: Session, f: AuditFilter = AuditFilter(),  # noqa: B008
            zone: dt.tzinfo | None = None) -> list[AuditRow]:
    """Audit rows matching `f` (its dates are local days in `zone`), newest first (at most
    MAX_ROWS), their times in `zone`. Admin only."""
    require_permission(session, Permission.MANAGE_USERS)
    a = m.AuditLog
    stmt = select(a.id, a.at, a.actor, a.action, a.entity, a.entity_id, a.detail)
    if f.actor:
        stmt = stmt.where(a.actor == f.actor)
    if f.entity:
        stmt = stmt.where(a.entity == f.entity)
    if f.since is not None:
        stmt = stmt.where(a.at >= _utc_bound(session, f.since, zone))
    if f.until is not None:
        stmt = stmt.where(a.at < _utc_bound(session, f.until + dt.timedelta(days=1), zone))
    stmt = stmt.order_by(a.id.desc()).limit(MAX_ROWS)
    return [AuditRow(i, as_local(at, zone), actor, action, entity, entity_id or "", detail or "")
            for i, at, actor, action, entity, entity_id, detail in session.execute(stmt)]


def table(rows: list[AuditRow], zone: dt.tzinfo | None = None) -> Table:
    """The rows shown (times already local to `zone`), for write_table (CSV/xlsx with
    formula-safe cells); the time column names the zone."""
    return Table((f"WAKTU ({zone_label(zone)})", "PENGGUNA", "TINDAKAN", "DATA", "ID", "RINCIAN"),
                 [(f"{r.at:%d-%m-%Y %H:%M:%S}", r.actor, r.action, ENTITY_LABELS.get(r.entity, r.entity), r.entity_id,
                   r.detail) for r in rows], frozenset({0, 4}), frozenset(), "Audit")

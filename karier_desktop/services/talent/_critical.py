"""Critical positions (why, the holder's pension date, the acting holder) and the bench
strength per OPD: how many critical posts have a candidate ready now or within two years."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain.retirement import retirement_date
from karier_desktop.domain.textfmt import full_name
from karier_desktop.services import audit
from karier_desktop.services.employees import root_of
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.talent._placement import TalentMap, talent_map
from karier_desktop.services.talent._settings import load_rules
from karier_desktop.services.talent._succession import READY_NOW, READY_SOON, candidates
from karier_desktop.store import models as m


@dataclass(frozen=True)
class CriticalPost:
    position_id: int
    position: str
    kind_name: str
    unit: str
    opd_id: int | None
    opd: str
    reason: str
    holders: str
    holder_retires_on: dt.date | None
    acting_id: int | None
    acting: str
    marked_on: dt.date



def mark_critical(session: Session, position_id: int, reason: str,
                  acting_employee_id: int | None = None, today: dt.date | None = None) -> None:
    if session.get(m.Position, position_id) is None:
        raise ValidationError(["Jabatan tidak ditemukan."])
    if len(reason.strip()) < 5:
        raise ValidationError(["Alasan jabatan kritis wajib diisi (minimal 5 huruf)."])
    if acting_employee_id is not None and session.get(m.Employee, acting_employee_id) is None:
        raise ValidationError(["Pelaksana tugas (Plt.) tidak ditemukan."])
    row = session.get(m.CriticalPosition, position_id)
    if row is None:
        row = m.CriticalPosition(position_id=position_id, marked_on=today or dt.date.today())
        session.add(row)
    row.reason = reason.strip()
    row.acting_employee_id = acting_employee_id
    audit.record(session, "tandai_kritis", "jabatan", position_id, alasan=reason.strip(),
                 plt=acting_employee_id)


def unmark_critical(session: Session, position_id: int) -> None:
    row = session.get(m.CriticalPosition, position_id)
    if row is not None:
        session.delete(row)
        audit.record(session, "hapus_kritis", "jabatan", position_id)


def critical_posts(session: Session) -> list[CriticalPost]:
    cp, p, k, e = m.CriticalPosition, m.Position, m.PositionKind, m.Employee
    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    names = dict(session.execute(select(m.Unit.id, m.Unit.name)).all())
    roots = root_of(parents)
    rows = session.execute(select(cp.position_id, p.name, k.name, p.unit_id, cp.reason,
                                  cp.acting_employee_id, cp.marked_on, k.retirement_age)
                           .join(p, p.id == cp.position_id).join(k, k.code == p.kind_code)
                           .order_by(p.name)).all()
    ids = [r[0] for r in rows]
    holders: dict[int, list[tuple[str, dt.date]]] = {}
    for pid, name, front, back, birth in session.execute(
            select(e.position_id, e.name, e.front_title, e.back_title, e.birth_date)
            .where(e.position_id.in_(ids), e.status == "aktif")):
        holders.setdefault(pid, []).append((full_name(name, front, back), birth))
    acting_ids = [r[5] for r in rows if r[5]]
    acting = {i: full_name(n, f, b) for i, n, f, b in session.execute(
        select(e.id, e.name, e.front_title, e.back_title).where(e.id.in_(acting_ids)))}
    out = []
    for pid, pname, kind_name, unit_id, reason, acting_id, marked, age in rows:
        people = holders.get(pid, [])
        dates = [retirement_date(b, age) for _n, b in people]
        opd_id = roots.get(unit_id) if unit_id else None
        out.append(CriticalPost(
            pid, pname, kind_name, names.get(unit_id, "") if unit_id else "", opd_id,
            names.get(opd_id, "") if opd_id else "", reason,
            ", ".join(n for n, _b in people) or "Kosong", min(dates) if dates else None,
            acting_id, acting.get(acting_id, "") if acting_id else "", marked))
    return out


@dataclass(frozen=True)
class BenchRow:
    opd_id: int | None
    opd: str
    critical: int
    with_ready_now: int
    with_ready_soon: int  # ready now or within 1-2 years
    candidates: int

    @property
    def strength(self) -> float:
        """Share of critical posts with a candidate ready now (percent)."""
        return round(100 * self.with_ready_now / self.critical, 1) if self.critical else 0.0


def bench_strength(session: Session, period: int, today: dt.date | None = None,
                   tm: TalentMap | None = None) -> list[BenchRow]:
    """Per OPD: critical posts, how many have a candidate ready now / within 1-2 years."""
    today = today or dt.date.today()
    posts = critical_posts(session)
    if not posts:
        return []
    tm = tm or talent_map(session, period, today)
    rules = load_rules(session)
    acc: dict[int | None, list[int]] = {}
    names: dict[int | None, str] = {}
    for post in posts:
        board = candidates(session, post.position_id, period, today, tm=tm, rules=rules)
        row = acc.setdefault(post.opd_id, [0, 0, 0, 0])
        names[post.opd_id] = post.opd or "Tanpa OPD"
        row[0] += 1
        row[1] += any(c.readiness == READY_NOW for c in board.candidates)
        row[2] += any(c.readiness in (READY_NOW, READY_SOON) for c in board.candidates)
        row[3] += len(board.candidates)
    return sorted((BenchRow(k, names[k], *v) for k, v in acc.items()), key=lambda b: b.opd)

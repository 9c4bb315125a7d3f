"""Beranda: summary counts and what needs attention."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.services import settings as settings_service
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.employees import jp_by_employee
from karier_desktop.services.gaps import JpmSummary, jpm_all, validity_cutoff
from karier_desktop.services.start.rows import Summary as Summary  # re-exported
from karier_desktop.store import models as m


def summary(session: Session, today: dt.date | None = None,
            jpms: dict[int, JpmSummary] | None = None) -> Summary:
    """`jpms` may be passed when the caller already has jpm_all for today (it is costly)."""
    today = today or dt.date.today()
    cfg = settings_service.load(session)
    e = m.Employee
    active_ids = set(session.scalars(restrict(session, select(e.id).where(e.status == "aktif"),
                                              e.unit_id)))
    latest = dict(session.execute(
        select(m.Assessment.employee_id, func.max(m.Assessment.assessed_on))
        .group_by(m.Assessment.employee_id)).all())
    cutoff = validity_cutoff(today, cfg.assessment_validity_years)
    never = sum(1 for i in active_ids if i not in latest)
    stale = sum(1 for i in active_ids if i in latest and latest[i] <= cutoff)
    jps = jp_by_employee(session, today.year)
    under = sum(1 for i in active_ids if jps.get(i, 0.0) < cfg.yearly_minimum_jp)
    with_standard = select(m.PositionStandard.position_id).distinct()
    pos = m.Position
    no_std = session.scalar(restrict(session, select(func.count()).select_from(pos)
                                     .where(pos.id.not_in(with_standard)), pos.unit_id)) or 0
    cats = Counter(s.category for s in (jpms if jpms is not None else jpm_all(session, today)).values())
    order = ("Optimal", "Cukup Optimal", "Kurang Optimal", "Belum diases")
    return Summary(
        employees=len(active_ids),
        units=session.scalar(restrict(session, select(func.count()).select_from(m.Unit),
                                      m.Unit.id)) or 0,
        positions=session.scalar(restrict(session, select(func.count()).select_from(pos),
                                          pos.unit_id)) or 0,
        positions_without_standard=no_std, never_assessed=never, stale_assessed=stale,
        under_minimum_jp=under, minimum_jp=cfg.yearly_minimum_jp, year=today.year,
        categories=tuple((c, cats.get(c, 0)) for c in order),
    )

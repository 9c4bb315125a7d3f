"""Computing the start view from the database, and keeping it as the start-up snapshot."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import astuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop import __version__
from karier_desktop.domain.competency import validity_cutoff
from karier_desktop.services import dashboard
from karier_desktop.services import settings as settings_service
from karier_desktop.services.employees import list_rows, unit_tree
from karier_desktop.services.gaps import counted_until, jpm_all
from karier_desktop.services.start.view import StartView, encode
from karier_desktop.store import models as m
from karier_desktop.store import snapshot as store
from karier_desktop.store.db import Database

log = logging.getLogger(__name__)


def build(session: Session, today: dt.date | None = None) -> StartView:
    """The view as of now, with the data version it was read at (one read transaction)."""
    today = today or dt.date.today()
    version = store.data_version(session)
    cfg = settings_service.load(session)
    jpms = jpm_all(session, today)
    rows = list_rows(session, today, False, jpms)
    years = cfg.assessment_validity_years
    # assessments dated up to `until` expire before the year ends (validity_cutoff(31-12) >= d)
    until = validity_cutoff(dt.date(today.year, 12, 31), years)
    index = {r.id: i for i, r in enumerate(rows)}
    levels: dict[int, list[tuple[dt.date, int, int]]] = defaultdict(list)
    for eid, d, required, level in counted_until(session, today, until):
        levels[eid].append((d, required, level))
    expiring = tuple(
        (index[eid], jpms[eid].required_sum, jpms[eid].actual_sum, jpms[eid].assessed,
         tuple(sorted(found)))
        for eid, found in sorted(levels.items()) if eid in index and eid in jpms)
    a, e = m.Assessment, m.Employee
    latest = func.max(a.assessed_on)
    stale_soon = tuple(sorted(session.scalars(
        select(latest).join(e, e.id == a.employee_id).where(e.status == "aktif")
        .group_by(a.employee_id)
        .having(latest > validity_cutoff(today, years), latest <= until))))
    return StartView(
        rows=rows,
        units=unit_tree(session),
        summary=dashboard.summary(session, today, jpms),
        minimum_jp=cfg.yearly_minimum_jp,
        made_on=today,
        validity_years=years,
        cap_at_100=cfg.jpm_cap_at_100,
        unassessed_as_zero=cfg.jpm_unassessed_as_zero,
        thresholds=astuple(cfg.thresholds),  # type: ignore[arg-type]
        expiring=expiring,
        stale_soon=stale_soon,
        data_version=version,
    )


def save(session: Session, view: StartView) -> bool:
    """Keep `view` for the next start unless the data changed since it was read; True if kept."""
    return store.write(session, view.data_version, view.made_on.isoformat(), __version__,
                       encode(view))


def is_current(session: Session, view: StartView) -> bool:
    """True when no source row was added, changed or deleted since `view` was read."""
    return store.data_version(session) == view.data_version


def keep(db: Database, view: StartView) -> bool:
    """Keep `view` in a SQLite file for the next start. Only a cache: a failure is logged and
    ignored (the next start computes the rows). Not kept while someone is signed in: their
    view may be limited to one OPD, and a login-protected file is not shown before login."""
    if db.path is None or db.account is not None:
        return False
    try:
        with db.session_scope() as session:
            return save(session, view)
    except Exception as exc:  # noqa: BLE001
        log.warning("start-up snapshot not kept: %s", exc)
        return False


def keep_for_next_start(db: Database) -> bool:
    """After the command line changed the data: compute the start view now and keep it, so the
    next start of the window is quick."""
    if db.path is None or db.account is not None:
        return False
    try:
        with db.read_scope() as session:
            view = build(session)
    except Exception as exc:  # noqa: BLE001 - only a cache
        log.warning("start-up snapshot not computed: %s", exc)
        return False
    return keep(db, view)

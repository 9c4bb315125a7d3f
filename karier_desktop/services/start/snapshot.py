"""Computing the start view from the database, and keeping it as the start-up snapshot.

`build` computes it in full (the JPM of everyone: most of a second at 10,000 employees).
`current` brings the kept snapshot up to date instead when it can be exact: triggers note the
employees every change touches (start_changes, migration 0013), and only their rows are read
again; the counts and the lists that depend on the date are read in full (cheap aggregates).
"""

from __future__ import annotations

import datetime as dt
import logging
import zlib
from collections import Counter, defaultdict
from dataclasses import astuple, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop import __version__
from karier_desktop.domain.competency import EXPIRED, NOT_ASSESSED, validity_cutoff
from karier_desktop.services import dashboard
from karier_desktop.services import settings as settings_service
from karier_desktop.services.employees import list_rows, unit_tree
from karier_desktop.services.gaps import counted_until, jpm_all
from karier_desktop.services.start.rows import EmployeeRow
from karier_desktop.services.start.view import Expiring, StartView, decode, encode
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
    rows.sort(key=_by_id)  # the order `current` keeps when it replaces some rows
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
        stale_soon=_stale_soon(session, today, years, until),
        data_version=version,
    )


def _by_id(row: EmployeeRow) -> int:
    return row.id


def _stale_soon(session: Session, today: dt.date, years: int, until: dt.date
                ) -> tuple[dt.date, ...]:
    """Latest assessments of active employees still valid today that expire by `until`."""
    a, e = m.Assessment, m.Employee
    latest = func.max(a.assessed_on)
    return tuple(sorted(session.scalars(
        select(latest).join(e, e.id == a.employee_id).where(e.status == "aktif")
        .group_by(a.employee_id)
        .having(latest > validity_cutoff(today, years), latest <= until))))


def current(session: Session, today: dt.date | None = None) -> StartView:
    """The view as of now, as `build` gives it: the kept snapshot with the rows of the
    employees changed since read again when that is exact, else computed in full. Only for a
    view of everyone (no one signed in; the snapshot is not limited to an OPD)."""
    today = today or dt.date.today()
    view = _brought_up_to_date(session, today)
    return view if view is not None else build(session, today)


def _brought_up_to_date(session: Session, today: dt.date) -> StartView | None:
    """None when only computing in full is exact (no snapshot, another app version, another
    year or setting, a change that may touch every row, or most rows changed)."""
    stored = store.read_stored(session)
    if stored is None or stored.app_version != __version__:
        return None
    changed = store.changed_employees(session)
    if changed is None:
        return None
    try:
        old = decode(stored.payload).as_of(today)
    except (ValueError, KeyError, TypeError, IndexError, zlib.error):
        return None
    if old is None or len(changed) * 2 > max(len(old.rows), 1000):
        return None
    version = store.data_version(session)
    cfg = settings_service.load(session)
    if (cfg.assessment_validity_years, cfg.jpm_cap_at_100, cfg.jpm_unassessed_as_zero,
            astuple(cfg.thresholds), cfg.yearly_minimum_jp) != (
            old.validity_years, old.cap_at_100, old.unassessed_as_zero, old.thresholds,
            old.minimum_jp):
        return None  # settings are noted as a change to everyone; this is only a safeguard
    if version == stored.version:
        return replace(old, data_version=version)
    return _with_rows_of(session, today, old, changed, version)


def _with_rows_of(session: Session, today: dt.date, old: StartView, changed: set[int],
                  version: str) -> StartView:
    """`old` (exact as of today for everyone not in `changed`) with the rows of `changed` read
    again, and what depends on the date rebased on today."""
    noted = select(m.StartChange.employee_id)
    jpms = jpm_all(session, today, employee_ids=noted)
    fresh = list_rows(session, today, False, jpms, employee_ids=noted)
    rows = [r for r in old.rows if r.id not in changed] + fresh
    rows.sort(key=_by_id)
    index = {r.id: i for i, r in enumerate(rows)}
    years = old.validity_years
    cutoff = validity_cutoff(today, years)
    until = validity_cutoff(dt.date(today.year, 12, 31), years)
    expiring: list[Expiring] = []
    for i, required, actual, counted, levels in old.expiring:  # unchanged: less what expired
        eid = old.rows[i].id
        left = [lv for lv in levels if lv[0] > cutoff]
        if eid in changed or not left:
            continue
        gone = [lv for lv in levels if lv[0] <= cutoff]
        expiring.append((index[eid], required - sum(g[1] for g in gone),
                         actual - sum(g[2] for g in gone), counted - len(gone), tuple(left)))
    levels_of: dict[int, list[tuple[dt.date, int, int]]] = defaultdict(list)
    for eid, d, required, level in counted_until(session, today, until, noted):
        levels_of[eid].append((d, required, level))
    expiring.extend(
        (index[eid], jpms[eid].required_sum, jpms[eid].actual_sum, jpms[eid].assessed,
         tuple(sorted(found)))
        for eid, found in levels_of.items() if eid in index and eid in jpms)
    expiring.sort(key=lambda entry: rows[entry[0]].id)
    counts = Counter(NOT_ASSESSED if r.category == EXPIRED else r.category
                     for r in rows if r.standard_count)
    summary = dashboard.summary(session, today, {})
    summary = replace(summary, categories=tuple((c, counts.get(c, 0))
                                                for c, _ in summary.categories))
    return replace(old, rows=rows, units=unit_tree(session), summary=summary, made_on=today,
                   expiring=tuple(expiring),
                   stale_soon=_stale_soon(session, today, years, until), data_version=version)


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


def keep_for_next_start(db: Database, in_full: bool = True) -> bool:
    """After the data changed (the command line, or the window closing): bring the kept view
    up to date now, so the next start of the window is quick. With `in_full` False nothing is
    done when only computing in full would be exact (a window should close at once)."""
    if db.path is None or db.account is not None:
        return False
    try:
        with db.read_scope() as session:
            stored = store.read_stored(session)
            if (stored is not None and stored.app_version == __version__
                    and stored.version == store.data_version(session)):
                return True  # already current
            view = current(session) if in_full else _brought_up_to_date(
                session, dt.date.today())
    except Exception as exc:  # noqa: BLE001 - only a cache
        log.warning("start-up snapshot not computed: %s", exc)
        return False
    return view is not None and keep(db, view)

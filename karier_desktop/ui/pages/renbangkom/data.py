"""What the Renbangkom page shows for a year, read in one read-only session (in a worker for a
large regency); no widgets here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from karier_desktop.services import ipasn
from karier_desktop.services import renbangkom as rb
from karier_desktop.services.gaps.unit import opd_choices


@dataclass(frozen=True)
class PageData:
    year: int
    plan: rb.PlanView | None
    versions: tuple[rb.PlanHeader, ...]
    opds: tuple[rb.OpdSummary, ...]
    actual: rb.PlanActual | None
    simulation: rb.Simulation | None
    ip_report: ipasn.IpAsnReport | None  # None: read when the IP ASN tab is first shown
    ip_moves: tuple[rb.OpdMove, ...]
    regain: tuple[ipasn.RegainRow, ...]
    zero_jp: int
    opd_codes: tuple[tuple[str, str], ...]


def fetch_page(session: Any, year: int, today: dt.date, with_ip: bool = True) -> PageData:
    """Everything the page shows for `year` (runs in a worker for a large regency). The IP ASN
    of every employee (the IP tab and the plan's simulation) only `with_ip`."""
    as_of = min(today, dt.date(year, 12, 31))
    plan_id = rb.current_plan_id(session, year)
    plan = actual = sim = report = None
    opds: list[rb.OpdSummary] = []
    if plan_id is not None:
        plan = rb.view(session, plan_id)
        opds = rb.per_opd(session, plan_id)
        actual = rb.plan_actual(session, plan_id, today)
    moves: tuple[rb.OpdMove, ...] = ()
    regain: tuple[ipasn.RegainRow, ...] = ()
    if with_ip:
        report = ipasn.compute(session, year, as_of)
        if plan_id is not None:
            sim = rb.simulate(session, plan_id, year, as_of)
        moves = tuple(sim.opds if sim is not None else rb.opd_moves(report))
        regain = tuple(ipasn.regain_list(session, report, 500))
        # the page shows the regency's figures, not the score of each of 100,000 employees
        report = replace(report, employees=())
    return PageData(year, plan, tuple(rb.versions(session, year)), tuple(opds), actual, sim,
                    report, moves, regain, len(rb.zero_jp_two_years(session, year)),
                    tuple((c.code, c.name) for c in opd_choices(session)))

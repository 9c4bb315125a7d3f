"""Every assessment as columns: the Asesmen list of a province (125,000 assessments at 100,000
employees) read without a Python object per row.

The query returns numbers, a date and the method/assessor pair per assessment; they become numpy
arrays (positions are the service's order, newest first). An employee's NIP and name (with
titles) are the employee table's row when it says the same, else kept as read and prepared
only when shown, searched or sorted; a row of the old kind (`AssessmentRow`) is made for the few
a clerk acts on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.domain.textclean import search_text
from karier_desktop.services import columns
from karier_desktop.services import settings as settings_service
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.employees import opd_of_units
from karier_desktop.services.gaps import validity_cutoff
from karier_desktop.services.start.rows import EmployeeRow
from karier_desktop.store import models as m


class AssessmentRow(NamedTuple):
    """One line of the list as a clerk acts on it (made on demand from the table)."""

    id: int
    employee_id: int
    nip_display: str  # fixed-width groups: sorts as the bare NIP does
    name: str
    unit: str
    opd_id: int | None
    assessed_on: dt.date
    method: str
    assessor: str
    competencies: int
    stale: bool
    person_key: str  # "name nip", lower case
    event_key: str  # "method assessor", lower case


class AttentionRow(NamedTuple):  # tens of thousands on a large regency
    employee_id: int
    nip_display: str
    name: str
    unit: str
    last_assessed_on: dt.date | None
    reason: str  # "Belum pernah diases" or "Kedaluwarsa"


@dataclass(frozen=True)
class AssessmentFilter:
    text: str = ""
    opd_id: int | None = None  # a top-level unit: its assessments and its sub-units'
    stale_only: bool = False


@dataclass(eq=False)
class AssessmentTable(columns.EmployeesColumns[AssessmentFilter, AssessmentRow]):
    """Columns by position (newest first). Texts of employees are prepared on first use."""

    days: np.ndarray  # datetime64[D]
    events: np.ndarray  # index into event_texts
    counts: np.ndarray  # competencies rated
    stale: np.ndarray  # bool
    event_texts: list[columns.Pair]  # method, assessor, "method assessor" lower case

    # --- one position
    def day(self, pos: int) -> dt.date:
        return columns.date_at(self.days, pos)

    def day_number(self, pos: int) -> int:
        return int(self.days[pos].astype(np.int64))

    def event(self, pos: int) -> columns.Pair:
        return self.event_texts[int(self.events[pos])]

    def count(self, pos: int) -> int:
        return int(self.counts[pos])

    def is_stale(self, pos: int) -> bool:
        return bool(self.stale[pos])

    def row(self, pos: int) -> AssessmentRow:
        method, assessor, event_key = self.event(pos)
        return AssessmentRow(*self.leading(pos), self.day(pos), method, assessor,
                             self.count(pos), self.is_stale(pos), self.person(pos)[2], event_key)

    def position_of(self, assessment_id: int) -> int | None:
        found = np.flatnonzero(self.ids == assessment_id)
        return int(found[0]) if len(found) else None

    # --- many positions
    def select(self, f: AssessmentFilter | None = None) -> np.ndarray:
        """Positions of the rows the filter keeps, in the table's order; a NIP typed with
        spaces matches its digits."""
        keep = np.ones(len(self), dtype=bool)
        if f is None:
            return np.flatnonzero(keep)
        text = search_text(f.text)
        if text:
            keep &= self.found(text, self.events, self.event_texts)
        if f.opd_id is not None:
            keep &= self.in_opd(f.opd_id)
        if f.stale_only:
            keep &= self.stale
        return np.flatnonzero(keep)

    def need(self, employees: Iterable[EmployeeRow]) -> list[AttentionRow]:
        """The active employees never assessed or whose latest assessment is stale (the rows
        of the employee table), never assessed first, then the oldest: `stale_or_missing`
        without a second pass over the assessments in SQL."""
        eids, first = np.unique(self.employee_ids, return_index=True)  # newest first: latest
        latest = dict(zip(eids.tolist(), first.tolist(), strict=True))
        need = []
        for e in employees:
            pos = latest.get(e.id)
            if pos is None:
                need.append(AttentionRow(e.id, e.nip_display, e.name, e.unit, None,
                                         "Belum pernah diases"))
            elif self.stale[pos]:
                need.append(AttentionRow(e.id, e.nip_display, e.name, e.unit, self.day(pos),
                                         "Kedaluwarsa"))
        need.sort(key=lambda x: (x.last_assessed_on is not None,
                                 x.last_assessed_on or dt.date.min, x.name))
        return need


def empty_table() -> AssessmentTable:
    """No assessments (a page before its first load, or after it freed its rows)."""
    none = np.zeros(0, dtype=np.int64)
    return AssessmentTable(none, none, none, columns.PeopleTexts(), {}, {},
                           np.zeros(0, dtype="datetime64[D]"), np.zeros(0, dtype=np.int32),
                           np.zeros(0, dtype=np.int32), np.zeros(0, dtype=bool), [])


def read_table(session: Session, today: dt.date | None = None,
               known: Mapping[int, EmployeeRow] | None = None) -> AssessmentTable:
    """Every assessment the operator may see, newest first, with its stale flag. `known` (the
    employee table's rows by id) lends the names (start.rows.person_texts)."""
    today = today or dt.date.today()
    cutoff = validity_cutoff(today, settings_service.load(session).assessment_validity_years)
    a, r, e = m.Assessment, m.AssessmentResult, m.Employee
    # a correlated count reads the assessment's own results (its key prefix), not a GROUP BY
    # over every result in the database
    n_levels = (select(func.count()).select_from(r).where(r.assessment_id == a.id)
                .scalar_subquery())
    stmt = (select(a.id, a.employee_id, func.coalesce(e.unit_id, -1), a.assessed_on, a.method,
                   a.assessor, n_levels)
            .join(e, e.id == a.employee_id)
            .order_by(a.assessed_on.desc(), a.id.desc()))
    events = columns.Codes()
    ids, eids, uids, days, event_index, counts = columns.read_columns(
        session, restrict(session, stmt, e.unit_id),
        (np.int64, np.int64, np.int64, "datetime64[D]", None, None, np.int32), {(4, 5): events})
    people = columns.PeopleTexts.of_listed(session, select(a.employee_id).distinct(), known)
    return AssessmentTable(
        ids=ids, employee_ids=eids, unit_ids=uids, days=days, events=event_index,
        counts=counts, stale=days <= np.datetime64(cutoff, "D"),
        event_texts=columns.pair_texts(events.values()), people=people,
        unit_names={uid: name for uid, name in session.execute(select(m.Unit.id, m.Unit.name))},
        opd_of=opd_of_units(session))

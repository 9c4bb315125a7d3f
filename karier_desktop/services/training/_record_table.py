"""Training records as columns: Pelatihan's history of a province (125,000 records a year at
100,000 employees) read without a Python object per row (see services.columns)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.domain.textclean import search_text
from karier_desktop.services import columns
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.employees import opd_of_units
from karier_desktop.services.start.rows import EmployeeRow
from karier_desktop.store import models as m


class RecordRow(NamedTuple):
    """One line of the history as a clerk acts on it (made on demand from the table)."""

    id: int
    employee_id: int
    nip_display: str
    employee_name: str
    unit: str
    opd_id: int | None
    title: str
    form_code: str
    start_date: dt.date
    end_date: dt.date
    jp: float
    cost: int
    certificate_no: str
    status: str
    person_key: str  # "name nip", lower case
    title_key: str  # "title form", lower case


@dataclass(frozen=True)
class RecordFilter:
    text: str = ""
    year: int | None = None
    opd_id: int | None = None
    status: str = ""


@dataclass(eq=False)
class RecordTable(columns.EmployeesColumns[RecordFilter, RecordRow]):
    """Columns by position (newest first)."""

    activities: np.ndarray  # index into activity_texts
    starts: np.ndarray  # datetime64[D]
    ends: np.ndarray
    jp: np.ndarray  # float64
    costs: np.ndarray  # int64
    certificates: np.ndarray  # object: str or None
    statuses: np.ndarray  # index into status_texts
    activity_texts: list[columns.Pair]  # title, form, "title form" lower case
    status_texts: list[str]

    # --- one position
    def start(self, pos: int) -> dt.date:
        return columns.date_at(self.starts, pos)

    def end(self, pos: int) -> dt.date:
        return columns.date_at(self.ends, pos)

    def activity(self, pos: int) -> columns.Pair:
        return self.activity_texts[int(self.activities[pos])]

    def jp_of(self, pos: int) -> float:
        return float(self.jp[pos])

    def cost(self, pos: int) -> int:
        return int(self.costs[pos])

    def certificate(self, pos: int) -> str:
        return self.certificates[pos] or ""  # type: ignore[no-any-return]

    def status(self, pos: int) -> str:
        return self.status_texts[int(self.statuses[pos])]

    def row(self, pos: int) -> RecordRow:
        title, form, title_key = self.activity(pos)
        return RecordRow(*self.leading(pos), title, form, self.start(pos), self.end(pos),
                         self.jp_of(pos), self.cost(pos), self.certificate(pos), self.status(pos),
                         self.person(pos)[2], title_key)

    # --- many positions
    def select(self, f: RecordFilter | None = None) -> np.ndarray:
        """Positions of the records the filter keeps, in the table's order."""
        keep = np.ones(len(self), dtype=bool)
        if f is None:
            return np.flatnonzero(keep)
        text = search_text(f.text)
        if text:
            keep &= self.found(text, self.activities, self.activity_texts)
        if f.year is not None:
            keep &= self.starts.astype("datetime64[Y]") == np.datetime64(str(f.year), "Y")
        if f.opd_id is not None:
            keep &= self.in_opd(f.opd_id)
        if f.status:
            keep &= self.statuses == (self.status_texts.index(f.status)
                                      if f.status in self.status_texts else -1)
        return np.flatnonzero(keep)

    def done_totals(self, positions: np.ndarray) -> tuple[float, int]:
        """JP and cost of the finished records among `positions`."""
        done = positions[self.statuses[positions] == self._status_code("selesai")]
        return float(self.jp[done].sum()), int(self.costs[done].sum())

    def _status_code(self, status: str) -> int:
        return self.status_texts.index(status) if status in self.status_texts else -1


def empty_records() -> RecordTable:
    """No records (a page before its first load, or after it freed its rows)."""
    ints = np.zeros(0, dtype=np.int64)
    codes = np.zeros(0, dtype=np.int32)
    days = np.zeros(0, dtype="datetime64[D]")
    return RecordTable(ints, ints, ints, columns.PeopleTexts(), {}, {}, codes, days, days,
                       np.zeros(0), ints, np.zeros(0, dtype=object), codes, [], [])


def read_records(session: Session, year: int | None = None,
                 known: Mapping[int, EmployeeRow] | None = None) -> RecordTable:
    """The training records the operator may see (of `year`, or all), newest first. `known`
    (the employee table's rows by id) lends the names (services.columns.PeopleTexts)."""
    t, e = m.TrainingRecord, m.Employee
    stmt = (select(t.id, t.employee_id, func.coalesce(e.unit_id, -1), t.title, t.form_code,
                   t.start_date, t.end_date, t.jp, t.cost, t.certificate_no, t.status)
            .join(e, e.id == t.employee_id).order_by(t.start_date.desc(), t.id.desc()))
    listed = select(t.employee_id).distinct()
    if year is not None:
        within = (t.start_date >= dt.date(year, 1, 1), t.start_date <= dt.date(year, 12, 31))
        stmt = stmt.where(*within)
        listed = listed.where(*within)
    activities, statuses = columns.Codes(), columns.Codes()
    ids, eids, uids, acts, starts, ends, jp, costs, certs, stats = columns.read_columns(
        session, restrict(session, stmt, e.unit_id),
        (np.int64, np.int64, np.int64, None, None, "datetime64[D]", "datetime64[D]",
         np.float64, np.int64, object, None), {(3, 4): activities, 10: statuses})
    people = columns.PeopleTexts.of_listed(session, listed, known)
    return RecordTable(
        ids=ids, employee_ids=eids, unit_ids=uids, activities=acts, starts=starts, ends=ends,
        jp=jp, costs=costs, certificates=certs, statuses=stats,
        activity_texts=columns.pair_texts(activities.values()), status_texts=statuses.values(),
        people=people,
        unit_names={uid: name for uid, name in session.execute(select(m.Unit.id, m.Unit.name))},
        opd_of=opd_of_units(session))

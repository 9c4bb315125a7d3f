"""IP ASN competency dimension from the app's own training records, for the whole regency.

One pass of grouped queries (no ORM objects): the employees with their kind of position and
OPD, the leadership titles, and per employee and indicator the JP and count of completed
records. Works at 50,000 employees in well under a second or two (tests/perf fig_renbangkom).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import and_, case, func, null, select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import format_nip
from karier_desktop.domain.textfmt import full_name
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.employees import root_of
from karier_desktop.services.ipasn._dimensions import Inputs, merged, points, stored_inputs
from karier_desktop.services.ipasn._reference import INDICATORS, IpAsnReference, reference_for
from karier_desktop.services.ipasn._score import Evidence, Score, scaled, score
from karier_desktop.store import models as m


def _all(session: Session, stmt: Any) -> list[Any]:
    """Every row at once through Core (row-by-row fetching is the slow part at 50,000)."""
    return list(session.connection().execute(stmt).all())

@dataclass(frozen=True)
class PlannedActivity:
    """A planned activity of one employee, counted as if done (the simulator)."""

    employee_id: int
    form_code: str | None
    title: str
    jp: float
    cost: int = 0


@dataclass(frozen=True)
class EmployeeScore:
    """One employee's score. `nip` is the bare 18 digits (`nip_text` spaced) and the name is
    composed on request: 50,000 rows should not pay for formatting nobody reads."""

    employee_id: int
    nip: str
    bare_name: str
    titles: tuple[str | None, str | None]
    opd_id: int | None
    opd_name: str
    kind_code: str
    group: str
    parts: tuple[float, ...]  # in INDICATORS order
    total: float
    band: str
    lost: float
    missing: tuple[str, ...]
    # The whole index (issue 13): the other three dimensions and the total of all four.
    kualifikasi: float = 0.0
    kinerja: float = 0.0
    disiplin: float = 0.0
    index: float = 0.0
    index_band: str = ""
    no_data: tuple[str, ...] = ()  # dimensions without data (scored 0)

    @property
    def name(self) -> str:
        return full_name(self.bare_name, *self.titles)

    @property
    def nip_text(self) -> str:
        return format_nip(self.nip)


_SCORE_FIELDS = tuple(f.name for f in fields(EmployeeScore))


def _employee_score(values: tuple[Any, ...]) -> EmployeeScore:
    """An EmployeeScore from its field values in order, without the frozen dataclass's
    __init__ (which sets each of the 19 fields through object.__setattr__, the larger part
    of 50,000 rows). The same object: equality, hash and repr read the same fields."""
    row = object.__new__(EmployeeScore)
    row.__dict__.update(zip(_SCORE_FIELDS, values, strict=True))
    return row


@dataclass(frozen=True)
class OpdScore:
    opd_id: int
    code: str
    name: str
    employees: int
    average: float
    band: str
    index_average: float = 0.0
    index_band: str = ""
    kinerja_missing: int = 0  # employees without an SKP predikat for the year


@dataclass(frozen=True)
class IpAsnReport:
    year: int
    as_of: dt.date
    employees: tuple[EmployeeScore, ...]
    opds: tuple[OpdScore, ...]
    regency_average: float
    regency_band: str
    reference: IpAsnReference
    regency_index: float = 0.0
    regency_index_band: str = ""

    def by_employee(self) -> dict[int, EmployeeScore]:
        return {e.employee_id: e for e in self.employees}


def _window(ref: IpAsnReference, as_of: dt.date) -> dt.date:
    return as_of.replace(year=as_of.year - ref.recent_years) + dt.timedelta(days=1)


_SEP = "\x1f"  # between the leadership titles of one employee (ASCII unit separator)


def evidence(session: Session, ref: IpAsnReference, as_of: dt.date,
             employee_ids: Iterable[int] | None = None) -> dict[int, Evidence]:
    """Evidence per employee from completed training records up to `as_of`.

    One aggregate row per employee: any functional training, recent technical JP, any recent
    seminar (the forms mapped to indicators in SQL) and the titles of the leadership records
    joined by _SEP (the title decides the level; each distinct title is looked up once).
    """
    t = m.TrainingRecord
    since = _window(ref, as_of)
    recent = t.end_date >= since
    forms_of: dict[str, list[str]] = {}
    for form, ind in ref.form_indicator.items():
        forms_of.setdefault(ind, []).append(form)

    def of(ind: str) -> Any:
        return t.form_code.in_(forms_of.get(ind, []))

    done = (t.status == "selesai", t.end_date <= as_of)
    lead_forms = forms_of.get("kepemimpinan", [])
    titles = func.aggregate_strings(case((of("kepemimpinan"), t.title), else_=None), _SEP) \
        if lead_forms else null()
    stmt = (select(t.employee_id, func.max(case((of("fungsional"), 1), else_=0)),
                   func.sum(case((and_(recent, of("teknis")), t.jp), else_=0.0)),
                   func.max(case((and_(recent, of("seminar")), 1), else_=0)), titles)
            .where(*done, t.form_code.in_(forms_of.get("fungsional", [])
                                          + forms_of.get("teknis", [])
                                          + forms_of.get("seminar", []) + lead_forms))
            .group_by(t.employee_id))
    ids = set(employee_ids) if employee_ids is not None else None
    functional: set[int] = set()
    seminar: set[int] = set()
    technical: dict[int, float] = {}
    leaders: dict[int, str] = {}
    rank = ref.leadership_rank
    levels: dict[str, str | None] = {}  # a few hundred distinct titles: each looked up once
    for eid, is_functional, jp_recent, has_seminar, names in _all(session, stmt):
        if ids is not None and eid not in ids:
            continue
        if is_functional:
            functional.add(eid)
        if jp_recent:
            technical[eid] = float(jp_recent)
        if has_seminar:
            seminar.add(eid)
        for title in names.split(_SEP) if names else ():
            if title not in levels:
                levels[title] = ref.leadership_of(title)
            level = levels[title]
            if level and rank.get(level, 0) > rank.get(leaders.get(eid, ""), 0):
                leaders[eid] = level
    out: dict[int, Evidence] = {}
    for eid in functional | seminar | technical.keys() | leaders.keys():
        if ids is None or eid in ids:
            out[eid] = Evidence(leaders.get(eid), eid in functional, technical.get(eid, 0.0),
                                eid in seminar)
    return out


def planned_evidence(ref: IpAsnReference, planned: Iterable[PlannedActivity]
                     ) -> dict[int, Evidence]:
    out: dict[int, Evidence] = {}
    for p in planned:
        ind = ref.form_indicator.get(p.form_code or "")
        ev = Evidence(
            leadership=ref.leadership_of(p.title) if ind == "kepemimpinan" else None,
            functional=ind == "fungsional", technical_jp=p.jp if ind == "teknis" else 0.0,
            seminar=ind == "seminar")
        out[p.employee_id] = out[p.employee_id].plus(ev, ref) if p.employee_id in out else ev
    return out


def _people(session: Session, opd_id: int | None) -> tuple[list[tuple[Any, ...]], dict[int, tuple[str, str]]]:
    units = dict(session.connection().execute(select(m.Unit.id, m.Unit.parent_id)).all())
    roots = root_of(units)
    opd_info = {uid: (code, name) for uid, code, name in _all(session,
        select(m.Unit.id, m.Unit.code, m.Unit.name).where(m.Unit.parent_id.is_(None)))}
    e, p = m.Employee, m.Position
    people = []
    for eid, nip, name, front, back, unit_id, kind, edu in _all(session,
            restrict(session, select(e.id, e.nip, e.name, e.front_title, e.back_title,
                                     e.unit_id, p.kind_code, e.education)
                     .outerjoin(p, p.id == e.position_id).where(e.status == "aktif"), e.unit_id)
            .order_by(e.id)):
        opd = roots.get(unit_id) if unit_id is not None else None
        if opd_id is not None and opd != opd_id:
            continue
        people.append((eid, nip, name, (front, back), opd, kind or "", edu))
    return people, opd_info


def _case(ref: IpAsnReference, kind: str, base: Evidence, key: tuple[Any, ...],
          scored: dict[tuple[Any, ...], tuple[Any, ...]], mine: Inputs) -> tuple[Any, ...]:
    """One distinct case's figures: the competency score (shared by the cases with the same
    `key`) and the other three dimensions with the index and its band."""
    if key not in scored:
        sc: Score = score(ref, kind, base)
        scored[key] = (sc.group, tuple(sc.parts[i] for i in INDICATORS), sc.total,
                       ref.band(scaled(sc.total)), sc.lost, tuple(sc.missing()))
    group, parts, total, band, lost, missing = scored[key]
    d = points(ref, mine)
    index = round(d.kualifikasi + total + d.kinerja + d.disiplin, 2)
    return (group, parts, total, band, lost, missing, d.kualifikasi, d.kinerja, d.disiplin,
            index, ref.band(index), d.missing, "kinerja" in d.missing)


def compute(session: Session, year: int, as_of: dt.date | None = None,
            opd_id: int | None = None,
            planned: Iterable[PlannedActivity] | None = None) -> IpAsnReport:
    """Scores per employee, OPD and regency; with `planned`, as if the plan were done."""
    as_of = as_of or dt.date(year, 12, 31)
    ref = reference_for(session, year)
    people, opd_info = _people(session, opd_id)
    ids = [p[0] for p in people] if opd_id is not None else None
    ev = evidence(session, ref, as_of, ids)
    extra = planned_evidence(ref, planned or ())
    empty = Evidence()
    rows: list[EmployeeScore] = []
    minimum = ref.teknis_min_jp
    stored = stored_inputs(session, year)
    # Few distinct cases (kind of position, evidence, stored inputs, education): each is
    # scored once, and each employee is two dictionary look-ups and one row.
    scored: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    cases: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    names = {oid: name for oid, (_code, name) in opd_info.items()}
    sums: dict[int, list[float]] = {}  # per OPD: competency total, count, index total, no SKP
    index_total = total_sum = 0.0
    make = _employee_score
    for eid, nip, name, titles, opd, kind, education in people:
        base = ev.get(eid, empty)
        if eid in extra:
            base = base.plus(extra[eid], ref)
        key = (kind, base.leadership, base.functional, base.technical_jp >= minimum,
               base.seminar, stored.get(eid), education)
        case_ = cases.get(key)
        if case_ is None:
            case_ = cases[key] = _case(ref, kind, base, key[:5], scored,
                                       merged(key[5], education))
        (group, parts, total, band, lost, missing, kual, kin, dis, index, index_band,
         no_data, no_kinerja) = case_
        index_total += index
        total_sum += total
        rows.append(make((eid, nip, name, titles, opd, names.get(opd, ""), kind, group, parts,
                          total, band, lost, missing, kual, kin, dis, index, index_band,
                          no_data)))
        if opd is not None:
            acc = sums.get(opd)
            if acc is None:
                acc = sums[opd] = [0.0, 0, 0.0, 0]
            acc[0] += total
            acc[1] += 1
            acc[2] += index
            acc[3] += no_kinerja
    opds = tuple(sorted(
        (OpdScore(oid, opd_info[oid][0], opd_info[oid][1], int(n), round(tot / n, 2),
                  ref.band(scaled(tot / n)), round(itot / n, 2), ref.band(round(itot / n, 2)),
                  int(no_kin))
         for oid, (tot, n, itot, no_kin) in sums.items() if oid in opd_info),
        key=lambda o: (-o.average, o.name)))
    avg = round(total_sum / len(rows), 2) if rows else 0.0
    index_avg = round(index_total / len(rows), 2) if rows else 0.0
    return IpAsnReport(year, as_of, tuple(rows), opds, avg, ref.band(scaled(avg)), ref,
                       index_avg, ref.band(index_avg))

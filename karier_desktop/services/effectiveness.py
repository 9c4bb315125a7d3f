"""Did a programme work? Level change of participants against comparable non-participants.

For each programme and each competency it targets:
- participants: completed training records ('selesai', start date in the period); a
  participant's change is the level of the first assessment after the end minus the level of
  the last assessment before the start;
- comparison group: employees whose position standard includes the competency and who never
  completed the programme; their change runs from the last assessment before the participants'
  median start to the first after the participants' median end;
- difference in differences (DiD) = mean change of participants - mean change of comparisons.
A person's change on a programme is the mean over the targeted competencies measured for them.
Cost per level gained = cost of the measured participations / levels they gained (None unless
positive). Kirkpatrick level 1 = mean reaction score, level 2 = mean (post - pre) test score.
All of it is aggregated in SQL (the same statements on SQLite and PostgreSQL): Python receives a
row per programme and competency, so 100,000 employees cost no more memory than 1,000. One
limit on the comparison side: a comparable employee with two or more assessment days inside
the participants' median training days is left out (a window is days long; assessments are
years apart).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    Float,
    Integer,
    and_,
    case,
    cast,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from karier_desktop.services.accounts.scope import restrict_employees, visible_units
from karier_desktop.store import models as m

if TYPE_CHECKING:
    from karier_desktop.reports.effectiveness_pdf import EffectivenessDoc

MIN_N = 5
FEW_DATA = "terlalu sedikit data (n < 5)"


@dataclass(frozen=True)
class ProgrammeEffect:
    programme_id: int
    code: str
    title: str
    competencies: str  # target codes, "M.04, T.07"
    participants: int  # completed participations in the period
    measured: int  # of them with an assessment before and after
    mean_change: float | None
    comparison_n: int
    comparison_change: float | None
    did: float | None
    cost: int  # of the measured participations
    levels_gained: int
    cost_per_level: float | None
    k1_mean: float | None  # reaction 1..5
    k1_n: int
    k2_mean: float | None  # post - pre test points
    k2_n: int
    warning: str


@dataclass(frozen=True)
class CompetencyProgramme:
    programme_id: int
    code: str
    title: str
    measured: int
    mean_change: float | None
    comparison_n: int
    comparison_change: float | None
    did: float | None
    warning: str


@dataclass(frozen=True)
class CompetencyEffect:
    competency_id: int
    code: str
    name: str
    programmes: tuple[CompetencyProgramme, ...]  # largest DiD first


@dataclass(frozen=True)
class EffectivenessReport:
    period_from: dt.date | None
    period_to: dt.date | None
    programmes: tuple[ProgrammeEffect, ...]
    competencies: tuple[CompetencyEffect, ...]


def _warning(*ns: int) -> str:
    return FEW_DATA if any(n < MIN_N for n in ns) else ""


def _did(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


# --- the comparison in SQL -------------------------------------------------------------------
# Everything below is aggregated by the database; Python receives one row per programme and
# competency, never a row per assessment or per person (at 100,000 employees the history alone
# is millions of rows).

def _completed(period_from: dt.date | None, period_to: dt.date | None,
               session: Session | None = None) -> Any:
    """Completed catalogue trainings in the period, one row each (the session user's OPD)."""
    t = m.TrainingRecord
    stmt = (select(t.id.label("rid"), t.programme_id.label("pid"), t.employee_id.label("eid"),
                   t.start_date.label("s"), t.end_date.label("e"), t.cost.label("cost"),
                   t.reaction_score.label("k1"), t.pre_test.label("pre"),
                   t.post_test.label("post"))
            .where(t.status == "selesai", t.programme_id.is_not(None)))
    if period_from is not None:
        stmt = stmt.where(t.start_date >= period_from)
    if period_to is not None:
        stmt = stmt.where(t.start_date <= period_to)
    if session is not None:
        stmt = restrict_employees(session, stmt, t.employee_id)
    return stmt.cte("rec")


def _windows(rec: Any) -> Any:
    """Per programme: participants, the median start and end (statistics.median_low), the
    Kirkpatrick sums."""
    ranked = select(
        rec.c.pid, rec.c.s, rec.c.e, rec.c.k1, rec.c.pre, rec.c.post,
        func.row_number().over(partition_by=rec.c.pid, order_by=rec.c.s).label("rs"),
        func.row_number().over(partition_by=rec.c.pid, order_by=rec.c.e).label("re"),
        func.count().over(partition_by=rec.c.pid).label("n")).subquery("ranked")
    r = ranked.c
    k2 = r.post - r.pre  # NULL unless both tests were taken
    # median_low of n sorted values is the value of rank (n + 1) // 2: rank * 2 is n or n + 1
    return (select(r.pid, func.max(r.n).label("n"),
                   func.max(case((r.rs * 2 == r.n, r.s), (r.rs * 2 == r.n + 1, r.s))).label("ws"),
                   func.max(case((r.re * 2 == r.n, r.e), (r.re * 2 == r.n + 1, r.e))).label("we"),
                   func.count(r.k1).label("k1_n"), func.avg(cast(r.k1, Float)).label("k1"),
                   func.count(k2).label("k2_n"), func.avg(cast(k2, Float)).label("k2"))
            .group_by(r.pid).cte("win"))


def _level_on(eid: Any, cid: Any, day: Any) -> Any:
    """The higher level of the employee's results for the competency on that day."""
    a, res = m.Assessment, m.AssessmentResult
    return (select(func.max(res.level)).select_from(a)
            .join(res, and_(res.assessment_id == a.id, res.competency_id == cid))
            .where(a.employee_id == eid, a.assessed_on == day).scalar_subquery())


def _edge_days(before: Any, after: Any) -> tuple[Any, Any]:
    """The last assessment day before `before` and the first after `after` (aggregates)."""
    day = m.Assessment.assessed_on
    return (func.max(case((day < before, day))).label("day_before"),
            func.min(case((day > after, day))).label("day_after"))


def _changes(edges: Any, *keep: Any) -> Any:
    """Rows of `edges` with both days, and the level change between them."""
    e = edges.c
    change = _level_on(e.eid, e.cid, e.day_after) - _level_on(e.eid, e.cid, e.day_before)
    return (select(*keep, cast(change, Float).label("ch"))
            .where(e.day_before.is_not(None), e.day_after.is_not(None)))


def _targeted(rec: Any) -> Any:
    pt = m.ProgrammeTarget
    return (select(pt.programme_id.label("pid"), pt.competency_id.label("cid"))
            .where(pt.programme_id.in_(select(rec.c.pid))).cte("targeted"))


def comparison_statement(period_from: dt.date | None = None,
                         period_to: dt.date | None = None) -> Any:
    """The comparison-group side as one SQL statement (the benchmark runs it raw)."""
    rec = _completed(period_from, period_to)
    return _comparison_stmt(rec, _targeted(rec))


def _comparison_stmt(rec: Any, targeted: Any, units: frozenset[int] | None = None) -> Any:
    a, res = m.Assessment, m.AssessmentResult
    t, e, ps = m.TrainingRecord, m.Employee, m.PositionStandard
    win = _windows(rec)
    w = select(targeted.c.pid, targeted.c.cid, win.c.ws, win.c.we).join(
        win, win.c.pid == targeted.c.pid).cte("w")
    # Only people assessed on two days or more can show a change. Each of their days is paired
    # with the next day and the one after (a window is a few days of training: one assessment
    # day inside it at most); a window takes the one pair around it, so no grouping is needed.
    twice = (select(a.employee_id).group_by(a.employee_id)
             .having(func.count(func.distinct(a.assessed_on)) >= 2))
    part, on = (a.employee_id, res.competency_id), a.assessed_on
    level = func.max(res.level)
    days = (select(a.employee_id.label("eid"), res.competency_id.label("cid"), on.label("day"),
                   level.label("lvl"),
                   func.lead(on, 1).over(partition_by=part, order_by=on).label("day1"),
                   func.lead(level, 1).over(partition_by=part, order_by=on).label("lvl1"),
                   func.lead(on, 2).over(partition_by=part, order_by=on).label("day2"),
                   func.lead(level, 2).over(partition_by=part, order_by=on).label("lvl2"))
            .join(res, res.assessment_id == a.id)
            .where(a.employee_id.in_(twice), res.competency_id.in_(select(targeted.c.cid)))
            .group_by(a.employee_id, res.competency_id, on).cte("days"))
    d = days.c
    pairs = union_all(
        select(d.eid, d.cid, d.day.label("b_day"), d.day1.label("b_next"),
               d.day.label("a_prev"), d.day1.label("a_day"), (d.lvl1 - d.lvl).label("ch"))
        .where(d.day1.is_not(None)),
        select(d.eid, d.cid, d.day, d.day1, d.day1, d.day2, d.lvl2 - d.lvl)
        .where(d.day2.is_not(None))).cte("pairs")
    p = pairs.c
    edges = (select(w.c.pid, w.c.cid, p.eid, p.ch).select_from(w)
             .join(pairs, and_(p.cid == w.c.cid, p.b_day < w.c.ws, p.b_next >= w.c.ws,
                               p.a_prev <= w.c.we, p.a_day > w.c.we))).subquery("edges")
    holder = (select(literal(1)).select_from(e)
              .join(ps, ps.position_id == e.position_id)
              .where(e.id == edges.c.eid, ps.competency_id == edges.c.cid))
    if units is not None:
        holder = holder.where(e.unit_id.in_(sorted(units)))
    # "+ 0" keeps SQLite on the employee's index (a person has a few records, a programme
    # thousands); PostgreSQL plans it either way.
    took = (select(literal(1)).select_from(t)
            .where(t.employee_id == edges.c.eid, t.programme_id + 0 == edges.c.pid,
                   t.status == "selesai"))
    changes = (select(edges.c.pid, edges.c.cid, edges.c.eid,
                      cast(edges.c.ch, Float).label("ch"))
               .where(holder.exists(), ~took.exists()).cte("changes"))
    c = changes.c
    people = (select(c.pid, func.avg(c.ch).label("pm")).group_by(c.pid, c.eid)
              .subquery("people"))
    return union_all(
        select(literal("c").label("side"), c.pid, c.cid, func.count().label("n"),
               func.avg(c.ch).label("mean")).group_by(c.pid, c.cid),
        select(literal("p"), people.c.pid, literal(None, Integer), func.count(),
               func.avg(people.c.pm)).group_by(people.c.pid))


def _participant_rows(session: Session, rec: Any, targeted: Any) -> list[Any]:
    a, res = m.Assessment, m.AssessmentResult
    day_before, day_after = _edge_days(rec.c.s, rec.c.e)
    edges = (select(rec.c.rid, rec.c.pid, targeted.c.cid, rec.c.eid,
                    func.max(rec.c.cost).label("cost"), day_before, day_after)
             .select_from(rec).join(targeted, targeted.c.pid == rec.c.pid)
             .join(a, a.employee_id == rec.c.eid)
             # "+ 0": from the participant's few assessments, not every result of the competency
             .join(res, and_(res.assessment_id == a.id, res.competency_id + 0 == targeted.c.cid))
             .group_by(rec.c.rid, rec.c.pid, targeted.c.cid, rec.c.eid)).subquery("edges")
    changes = _changes(edges, edges.c.rid, edges.c.pid, edges.c.cid, edges.c.cost).cte("changes")
    c = changes.c
    people = (select(c.pid, func.avg(c.ch).label("pm"), func.sum(c.ch).label("gained"),
                     func.max(c.cost).label("cost"))
              .group_by(c.pid, c.rid).subquery("people"))
    stmt = union_all(
        select(literal("c").label("side"), c.pid, c.cid, func.count().label("n"),
               func.avg(c.ch).label("mean"), literal(None, BigInteger).label("cost"),
               literal(None, Float).label("gained")).group_by(c.pid, c.cid),
        select(literal("p"), people.c.pid, literal(None, Integer), func.count(),
               func.avg(people.c.pm), func.sum(func.coalesce(people.c.cost, 0)),
               func.sum(people.c.gained)).group_by(people.c.pid))
    return list(session.execute(stmt))


def evaluate_programmes(session: Session, period_from: dt.date | None = None,
                        period_to: dt.date | None = None) -> EffectivenessReport:
    """Effect of every programme with completed participations in the period."""
    rec = _completed(period_from, period_to, session)
    targeted = _targeted(rec)
    basics = {row.pid: row for row in session.execute(select(_windows(rec)))}
    if not basics:
        return EffectivenessReport(period_from, period_to, (), ())
    comps = {cid: (code, name) for cid, code, name in session.execute(
        select(m.Competency.id, m.Competency.code, m.Competency.name))}
    programmes = {pid: (code, title) for pid, code, title in session.execute(
        select(m.Programme.id, m.Programme.code, m.Programme.title)
        .where(m.Programme.id.in_(list(basics))))}
    targets: dict[int, list[int]] = defaultdict(list)
    for pid, cid in session.execute(select(targeted.c.pid, targeted.c.cid)):
        targets[pid].append(cid)
    mine_c: dict[tuple[int, int], tuple[int, float | None]] = {}
    mine_p: dict[int, tuple[int, float | None, int, int]] = {}
    for side, pid, cid, n, mean, cost, gained in _participant_rows(session, rec, targeted):
        if side == "c":
            mine_c[(pid, cid)] = (int(n), _float(mean))
        else:
            mine_p[pid] = (int(n), _float(mean), int(cost or 0), round(float(gained or 0)))
    other_c: dict[tuple[int, int], tuple[int, float | None]] = {}
    other_p: dict[int, tuple[int, float | None]] = {}
    for side, pid, cid, n, mean in session.execute(
            _comparison_stmt(rec, targeted, visible_units(session))):
        if side == "c":
            other_c[(pid, cid)] = (int(n), _float(mean))
        else:
            other_p[pid] = (int(n), _float(mean))

    effects: list[ProgrammeEffect] = []
    by_comp: dict[int, list[CompetencyProgramme]] = defaultdict(list)
    for pid, basic in basics.items():
        code, title = programmes[pid]
        cids = sorted(targets.get(pid, []), key=lambda c: comps[c][0])
        for cid in cids:
            n_mine, pm = mine_c.get((pid, cid), (0, None))
            n_other, om = other_c.get((pid, cid), (0, None))
            by_comp[cid].append(CompetencyProgramme(pid, code, title, n_mine, pm, n_other, om,
                                                    _did(pm, om), _warning(n_mine, n_other)))
        measured, pm, cost, gained = mine_p.get(pid, (0, None, 0, 0))
        comparison_n, om = other_p.get(pid, (0, None))
        effects.append(ProgrammeEffect(
            programme_id=pid, code=code, title=title,
            competencies=", ".join(comps[c][0] for c in cids), participants=int(basic.n),
            measured=measured, mean_change=pm, comparison_n=comparison_n,
            comparison_change=om, did=_did(pm, om), cost=cost, levels_gained=gained,
            cost_per_level=cost / gained if gained > 0 else None,
            k1_mean=_float(basic.k1), k1_n=int(basic.k1_n), k2_mean=_float(basic.k2),
            k2_n=int(basic.k2_n), warning=_warning(measured, comparison_n)))
    competencies = tuple(
        CompetencyEffect(cid, comps[cid][0], comps[cid][1], tuple(sorted(
            rows, key=lambda r: (r.did is None, -(r.did or 0.0), r.code))))
        for cid, rows in sorted(by_comp.items(), key=lambda kv: comps[kv[0]][0]))
    effects.sort(key=lambda e: (e.did is None, -(e.did or 0.0), e.code))
    return EffectivenessReport(period_from, period_to, tuple(effects), competencies)


# --- output: PDF document data, Excel workbook, safe file writing

def period_text(report: EffectivenessReport) -> str:
    from karier_desktop.domain.textfmt import format_date_id

    if report.period_from is None and report.period_to is None:
        return "semua periode"
    start = format_date_id(report.period_from) if report.period_from else "awal data"
    end = format_date_id(report.period_to) if report.period_to else "sekarang"
    return f"{start} s.d. {end}"


def pdf_document(session: Session, report: EffectivenessReport,
                 today: dt.date | None = None) -> EffectivenessDoc:
    """The prepared data of the PDF (reports.effectiveness_pdf.EffectivenessDoc)."""
    from karier_desktop.reports.effectiveness_pdf import EffectivenessDoc, EffectivenessRow
    from karier_desktop.services import settings as settings_service

    cfg = settings_service.load(session)
    rows = tuple(EffectivenessRow(
        e.code, e.title, e.competencies, e.participants, e.measured, e.mean_change,
        e.comparison_n, e.comparison_change, e.did, e.cost_per_level, e.k1_mean, e.k2_mean,
        e.warning) for e in report.programmes)
    lh = cfg.letterhead
    return EffectivenessDoc(government=lh.government, agency=lh.agency, address=lh.address,
                            period_text=period_text(report), printed_on=today or dt.date.today(),
                            rows=rows, paper=cfg.paper_size, city=cfg.city)


def _cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value.lstrip()[:1] in ("=", "+", "-", "@", "\t", "\0"):
        return "'" + value
    return value


def excel_bytes(report: EffectivenessReport) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Per program"
    ws.append(["Kode", "Program", "Kompetensi sasaran", "Peserta", "n terukur",
               "Perubahan peserta", "n pembanding", "Perubahan pembanding", "Selisih (DiD)",
               "Biaya terukur (Rp)", "Level naik", "Biaya per level (Rp)", "Reaksi K1", "n K1",
               "Pre-post K2", "n K2", "Catatan"])
    for e in report.programmes:
        ws.append([_cell(v) for v in (
            e.code, e.title, e.competencies, e.participants, e.measured, e.mean_change,
            e.comparison_n, e.comparison_change, e.did, e.cost, e.levels_gained,
            e.cost_per_level, e.k1_mean, e.k1_n, e.k2_mean, e.k2_n, e.warning)])
    ws2 = wb.create_sheet("Per kompetensi")
    ws2.append(["Kode kompetensi", "Kompetensi", "Kode program", "Program", "n terukur",
                "Perubahan peserta", "n pembanding", "Perubahan pembanding", "Selisih (DiD)",
                "Catatan"])
    for c in report.competencies:
        for p in c.programmes:
            ws2.append([_cell(v) for v in (
                c.code, c.name, p.code, p.title, p.measured, p.mean_change, p.comparison_n,
                p.comparison_change, p.did, p.warning)])
    for sheet, widths in ((ws, (8, 44, 22, 9, 9, 12, 12, 12, 12, 16, 10, 16, 10, 7, 11, 7, 26)),
                          (ws2, (10, 34, 10, 44, 9, 12, 12, 12, 12, 26))):
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for i, w in enumerate(widths, start=1):
            sheet.column_dimensions[sheet.cell(1, i).column_letter].width = w
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, float):
                    cell.number_format = "0.00"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def save_file(path: str, data: bytes) -> str:
    """Write atomically (see services.files.write_atomic); returns the path actually used,
    which is "name (2).ext" when a viewer on Windows keeps the target locked."""
    from karier_desktop.services.files import write_atomic

    return str(write_atomic(path, data))


def pdf_bytes(session: Session, report: EffectivenessReport, today: dt.date | None = None
              ) -> bytes:
    from karier_desktop.reports.effectiveness_pdf import render

    return render(pdf_document(session, report, today))

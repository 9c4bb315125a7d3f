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
"""

from __future__ import annotations

import bisect
import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

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


History = dict[tuple[int, int], tuple[list[dt.date], list[int]]]


def _history(session: Session) -> History:
    """(employee, competency) -> dates ascending and the level on each date."""
    a, r = m.Assessment, m.AssessmentResult
    rows = session.execute(select(a.employee_id, r.competency_id, a.assessed_on, r.level)
                           .join(r, r.assessment_id == a.id)
                           .order_by(a.employee_id, r.competency_id, a.assessed_on))
    out: History = {}
    for eid, cid, day, level in rows:
        dates, levels = out.setdefault((eid, cid), ([], []))
        if dates and dates[-1] == day:
            levels[-1] = max(levels[-1], level)  # two results on one day: the higher one
        else:
            dates.append(day)
            levels.append(level)
    return out


def _change(hist: History, eid: int, cid: int, before: dt.date, after: dt.date) -> int | None:
    found = hist.get((eid, cid))
    if not found:
        return None
    dates, levels = found
    i = bisect.bisect_left(dates, before)  # dates[:i] are before `before`
    j = bisect.bisect_right(dates, after)  # dates[j:] are after `after`
    if i == 0 or j >= len(dates):
        return None
    return levels[j] - levels[i - 1]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _median_date(days: list[dt.date]) -> dt.date:
    ordinals = sorted(d.toordinal() for d in days)
    return dt.date.fromordinal(int(statistics.median_low(ordinals)))


def _warning(*ns: int) -> str:
    return FEW_DATA if any(n < MIN_N for n in ns) else ""


def _did(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def evaluate_programmes(session: Session, period_from: dt.date | None = None,
                        period_to: dt.date | None = None) -> EffectivenessReport:
    """Effect of every programme with completed participations in the period."""
    hist = _history(session)
    comps = {cid: (code, name) for cid, code, name in session.execute(
        select(m.Competency.id, m.Competency.code, m.Competency.name))}
    targets: dict[int, list[int]] = defaultdict(list)
    for pid, cid in session.execute(select(m.ProgrammeTarget.programme_id,
                                           m.ProgrammeTarget.competency_id)):
        targets[pid].append(cid)
    holders: dict[int, list[int]] = defaultdict(list)  # competency -> employees whose standard has it
    for eid, cid in session.execute(
            select(m.Employee.id, m.PositionStandard.competency_id)
            .join(m.PositionStandard, m.PositionStandard.position_id == m.Employee.position_id)):
        holders[cid].append(eid)
    t = m.TrainingRecord
    took: dict[int, set[int]] = defaultdict(set)
    for took_pid, eid in session.execute(
            select(t.programme_id, t.employee_id)
            .where(t.status == "selesai", t.programme_id.is_not(None))):
        if took_pid is not None:
            took[took_pid].add(eid)
    stmt = (select(t.programme_id, t.employee_id, t.start_date, t.end_date, t.cost,
                   t.reaction_score, t.pre_test, t.post_test)
            .where(t.status == "selesai", t.programme_id.is_not(None)))
    if period_from is not None:
        stmt = stmt.where(t.start_date >= period_from)
    if period_to is not None:
        stmt = stmt.where(t.start_date <= period_to)
    records: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in session.execute(stmt):
        records[row.programme_id].append(tuple(row))
    programmes = {pid: (code, title) for pid, code, title in session.execute(
        select(m.Programme.id, m.Programme.code, m.Programme.title))}

    effects: list[ProgrammeEffect] = []
    by_comp: dict[int, list[CompetencyProgramme]] = defaultdict(list)
    for pid, recs in records.items():
        code, title = programmes[pid]
        cids = sorted(targets.get(pid, []), key=lambda c: comps[c][0])
        start = _median_date([r[2] for r in recs])
        end = _median_date([r[3] for r in recs])
        person_changes: list[float] = []
        cost, gained = 0, 0
        part_by_comp: dict[int, list[int]] = defaultdict(list)
        for _pid, eid, s, e, rec_cost, *_k in recs:
            changes = []
            for cid in cids:
                ch = _change(hist, eid, cid, s, e)
                if ch is not None:
                    changes.append(ch)
                    part_by_comp[cid].append(ch)
            if changes:
                person_changes.append(sum(changes) / len(changes))
                cost += int(rec_cost or 0)
                gained += sum(changes)
        comp_changes: dict[int, list[float]] = defaultdict(list)  # employee -> changes
        for cid in cids:
            others = []
            for eid in holders.get(cid, ()):
                if eid in took[pid]:
                    continue
                ch = _change(hist, eid, cid, start, end)
                if ch is not None:
                    comp_changes[eid].append(ch)
                    others.append(ch)
            mine = part_by_comp.get(cid, [])
            pm, om = _mean([float(x) for x in mine]), _mean([float(x) for x in others])
            by_comp[cid].append(CompetencyProgramme(pid, code, title, len(mine), pm, len(others),
                                                    om, _did(pm, om),
                                                    _warning(len(mine), len(others))))
        comparison = [sum(v) / len(v) for v in comp_changes.values()]
        reactions = [float(r[5]) for r in recs if r[5] is not None]
        learning = [float(r[7]) - float(r[6]) for r in recs if r[6] is not None and r[7] is not None]
        pm, om = _mean(person_changes), _mean(comparison)
        effects.append(ProgrammeEffect(
            programme_id=pid, code=code, title=title,
            competencies=", ".join(comps[c][0] for c in cids), participants=len(recs),
            measured=len(person_changes), mean_change=pm, comparison_n=len(comparison),
            comparison_change=om, did=_did(pm, om), cost=cost, levels_gained=gained,
            cost_per_level=cost / gained if gained > 0 else None,
            k1_mean=_mean(reactions), k1_n=len(reactions), k2_mean=_mean(learning),
            k2_n=len(learning), warning=_warning(len(person_changes), len(comparison))))
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

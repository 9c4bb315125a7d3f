"""Gap analysis of a unit: an OPD with its sub-units.

- `employee_gaps_bulk` computes the same EmployeeGap as services.gaps.employee_gap for many
  employees with a handful of queries (used here and by the IDP batch).
- `analyse_unit` ranks the unit's active employees by JPM (lowest first; not assessed last) and
  builds the heat map competency × sub-unit: the average gap (actual − required, over the
  employees with a valid level) and the share of those employees below standard.
- `ranking_export_rows` / `heatmap_export_rows` give the same data as plain rows (header first)
  for a spreadsheet export; `recap_document` prepares the unit recap PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain import competency as rules
from karier_desktop.domain import org_tree
from karier_desktop.domain.nip import format_nip
from karier_desktop.domain.textfmt import full_name
from karier_desktop.reports.documents import (
    HeatCellData,
    RankingRowData,
    UnitRecapDocument,
)
from karier_desktop.services import settings as settings_service
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.employees import root_of
from karier_desktop.services.gaps.employee import (
    KIND_ORDER,
    EmployeeGap,
    compose_gap,
    latest_levels,
    validity_cutoff,
)
from karier_desktop.store import models as m

CHUNK = 500
OPD_LEVEL = "Tingkat OPD"
WHOLE_OPD = "Seluruh OPD"


@dataclass(frozen=True)
class UnitChoice:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class UnitColumn:
    key: int  # unit id of the sub-unit; the OPD's own id for "Tingkat OPD"; 0 for the total
    code: str
    name: str


@dataclass(frozen=True)
class HeatCell:
    avg_gap: float | None
    below_share: float | None
    assessed: int
    below: int


@dataclass(frozen=True)
class HeatRow:
    competency_id: int
    code: str
    name: str
    kind: str
    cells: tuple[HeatCell, ...]  # aligned with UnitGapAnalysis.columns (last = whole OPD)


@dataclass(frozen=True)
class RankingRow:
    rank: int | None
    employee_id: int
    name: str
    nip: str
    nip_display: str
    position: str
    unit: str
    jpm: float | None
    category: str
    below: int
    not_assessed: int
    largest_gaps: str  # "Integritas (−2), Kerjasama (−1)"


@dataclass(frozen=True)
class UnitGapAnalysis:
    opd_id: int
    opd_code: str
    opd_name: str
    columns: tuple[UnitColumn, ...]
    ranking: tuple[RankingRow, ...]
    heat: tuple[HeatRow, ...]
    employees: int
    assessed: int
    average_jpm: float | None
    categories: tuple[tuple[str, int], ...]


def _chunks(ids: Sequence[int], size: int = CHUNK) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start:start + size])


def employee_gaps_bulk(session: Session, employee_ids: Sequence[int],
                       today: dt.date | None = None) -> dict[int, EmployeeGap]:
    """EmployeeGap per employee id, like gaps.employee_gap but in a few queries."""
    today = today or dt.date.today()
    cfg = settings_service.load(session)
    cutoff = validity_cutoff(today, cfg.assessment_validity_years)
    e = m.Employee
    people: list[Any] = []
    for chunk in _chunks(list(employee_ids)):
        people.extend(session.execute(
            restrict(session, select(e.id, e.nip, e.name, e.front_title, e.back_title,
                                     e.position_id, e.unit_id).where(e.id.in_(chunk)),
                     e.unit_id)).all())
    position_ids = {row.position_id for row in people if row.position_id}
    positions = dict(session.execute(select(m.Position.id, m.Position.name)
                                     .where(m.Position.id.in_(position_ids))).all()) if position_ids else {}
    units = dict(session.execute(select(m.Unit.id, m.Unit.name)).all())
    standards: dict[int, list[tuple[int, str, str, str, int]]] = {}
    c, ps = m.Competency, m.PositionStandard
    for chunk in _chunks(sorted(position_ids)):
        for pid, cid, code, name, kind, required in session.execute(
                select(ps.position_id, c.id, c.code, c.name, c.kind, ps.required_level)
                .join(c, c.id == ps.competency_id).where(ps.position_id.in_(chunk))):
            standards.setdefault(pid, []).append((cid, code, name, kind, required))
    levels: dict[tuple[int, int], tuple[int, dt.date]] = {}
    for chunk in _chunks([row.id for row in people]):
        levels.update(latest_levels(session, chunk))
    out: dict[int, EmployeeGap] = {}
    for row in people:
        out[row.id] = compose_gap(
            row.id, row.nip, full_name(row.name, row.front_title, row.back_title),
            positions.get(row.position_id, "") if row.position_id else "",
            units.get(row.unit_id, "") if row.unit_id else "",
            standards.get(row.position_id or -1, ()), levels, cutoff, cfg)
    return out


def opd_choices(session: Session) -> list[UnitChoice]:
    """Top-level units (OPD), by name."""
    return [UnitChoice(*row) for row in session.execute(
        select(m.Unit.id, m.Unit.code, m.Unit.name).where(m.Unit.parent_id.is_(None))
        .order_by(m.Unit.name))]


def opd_by_code(session: Session, code: str) -> UnitChoice | None:
    row = session.execute(select(m.Unit.id, m.Unit.code, m.Unit.name, m.Unit.parent_id)
                          .where(m.Unit.code == code.strip())).first()
    return UnitChoice(row[0], row[1], row[2]) if row else None


def unit_members(session: Session, unit_id: int) -> tuple[list[int], dict[int, int]]:
    """Active employees of a unit and its descendants, and each employee's column key.

    The column key is the direct child of `unit_id` the employee belongs under, or `unit_id`
    itself for employees attached to the unit directly.
    """
    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    column = org_tree.branch_under(parents, unit_id)
    e = m.Employee
    members: list[int] = []
    key_of: dict[int, int] = {}
    for eid, in_unit in session.execute(restrict(session, select(e.id, e.unit_id).where(
            e.status == "aktif", e.unit_id.in_(list(column))).order_by(e.id), e.unit_id)):
        members.append(eid)
        key_of[eid] = column[in_unit or 0]
    return members, key_of


def analyse_unit(session: Session, unit_id: int, today: dt.date | None = None) -> UnitGapAnalysis:
    unit = session.get(m.Unit, unit_id)
    if unit is None:
        raise LookupError("Unit kerja tidak ditemukan (mungkin sudah dihapus).")
    members, key_of = unit_members(session, unit_id)
    gaps = employee_gaps_bulk(session, members, today)
    children = session.execute(select(m.Unit.id, m.Unit.code, m.Unit.name)
                               .where(m.Unit.parent_id == unit_id).order_by(m.Unit.code)).all()
    columns: list[UnitColumn] = []
    if any(key == unit_id for key in key_of.values()):
        columns.append(UnitColumn(unit_id, unit.code, OPD_LEVEL))
    columns.extend(UnitColumn(cid, code, name) for cid, code, name in children)
    columns.append(UnitColumn(0, unit.code, WHOLE_OPD))
    index = {col.key: i for i, col in enumerate(columns)}
    total_index = len(columns) - 1
    # competency -> per column lists of gaps of assessed employees
    comp_info: dict[int, tuple[str, str, str]] = {}
    values: dict[int, list[list[int]]] = {}
    for eid in members:
        g = gaps[eid]
        col = index[key_of[eid]]
        for ln in g.lines:
            comp_info[ln.competency_id] = (ln.code, ln.name, ln.kind)
            bucket = values.setdefault(ln.competency_id, [[] for _ in columns])
            if ln.gap is not None:
                bucket[col].append(ln.gap)
                bucket[total_index].append(ln.gap)
    heat = []
    for cid, (code, name, kind) in sorted(comp_info.items(),
                                          key=lambda kv: (KIND_ORDER.get(kv[1][2], 9), kv[1][0])):
        heat.append(HeatRow(cid, code, name, kind, tuple(_cell(v) for v in values[cid])))
    ranking = _ranking(gaps, members)
    assessed: list[float] = [g.jpm for g in (gaps[eid] for eid in members) if g.jpm is not None]
    counts: dict[str, int] = {}
    for eid in members:
        counts[gaps[eid].category] = counts.get(gaps[eid].category, 0) + 1
    order = ("Optimal", "Cukup Optimal", "Kurang Optimal", rules.EXPIRED, rules.NOT_ASSESSED)
    return UnitGapAnalysis(
        opd_id=unit.id, opd_code=unit.code, opd_name=unit.name, columns=tuple(columns),
        ranking=tuple(ranking), heat=tuple(heat), employees=len(members), assessed=len(assessed),
        average_jpm=round(sum(assessed) / len(assessed), 2) if assessed else None,
        categories=tuple((cat, counts.get(cat, 0)) for cat in order))


def _cell(gap_values: list[int]) -> HeatCell:
    if not gap_values:
        return HeatCell(None, None, 0, 0)
    below = sum(1 for v in gap_values if v < 0)
    return HeatCell(round(sum(gap_values) / len(gap_values), 2), below / len(gap_values),
                    len(gap_values), below)


def _ranking(gaps: dict[int, EmployeeGap], members: list[int]) -> list[RankingRow]:
    assessed = sorted((gaps[e] for e in members if gaps[e].jpm is not None),
                      key=lambda g: (g.jpm, g.name.lower()))
    missing = sorted((gaps[e] for e in members if gaps[e].jpm is None), key=lambda g: g.name.lower())
    rows = []
    for n, g in enumerate([*assessed, *missing], start=1):
        worst = ", ".join(f"{ln.name} ({ln.gap:+d})".replace("-", "−") for ln in g.gaps[:3])
        rows.append(RankingRow(
            rank=n if g.jpm is not None else None, employee_id=g.employee_id, name=g.name,
            nip=g.nip, nip_display=format_nip(g.nip), position=g.position, unit=g.unit, jpm=g.jpm,
            category=g.category, below=len(g.gaps),
            not_assessed=sum(1 for ln in g.lines if ln.actual is None), largest_gaps=worst))
    return rows


def ranking_export_rows(analysis: UnitGapAnalysis) -> list[list[object]]:
    """The ranking as spreadsheet rows, header first (NIP as text)."""
    rows: list[list[object]] = [["Peringkat", "Nama", "NIP", "Jabatan", "Unit kerja", "JPM (%)",
                                 "Kategori", "Kompetensi di bawah standar", "Belum diases",
                                 "Kesenjangan terbesar"]]
    for r in analysis.ranking:
        rows.append([r.rank if r.rank is not None else "", r.name, r.nip, r.position, r.unit,
                     r.jpm if r.jpm is not None else "", r.category, r.below, r.not_assessed,
                     r.largest_gaps])
    return rows


def heatmap_export_rows(analysis: UnitGapAnalysis) -> list[list[object]]:
    """The heat map as rows: competency, then per column the average gap and share below."""
    header: list[object] = ["Kode", "Kompetensi", "Jenis"]
    for col in analysis.columns:
        header += [f"{col.name}: rata-rata selisih", f"{col.name}: % di bawah standar"]
    rows: list[list[object]] = [header]
    for h in analysis.heat:
        row: list[object] = [h.code, h.name, rules.KIND_LABELS.get(h.kind, h.kind)]
        for cell in h.cells:
            row += ["" if cell.avg_gap is None else cell.avg_gap,
                    "" if cell.below_share is None else round(cell.below_share * 100, 1)]
        rows.append(row)
    return rows


def recap_document(session: Session, unit_id: int, today: dt.date | None = None
                   ) -> UnitRecapDocument:
    """Everything the unit recap PDF shows."""
    today = today or dt.date.today()
    a = analyse_unit(session, unit_id, today)
    cfg = settings_service.load(session)
    lh = cfg.letterhead
    return UnitRecapDocument(
        letterhead=lh,
        paper_size=cfg.paper_size, opd=a.opd_name, opd_code=a.opd_code, generated_on=today,
        city=cfg.city, employees=a.employees, assessed=a.assessed, average_jpm=a.average_jpm,
        categories=a.categories,
        ranking=tuple(RankingRowData(r.rank, r.name, r.nip_display, r.position, r.unit, r.jpm,
                                     r.category, r.below, r.not_assessed) for r in a.ranking),
        unit_names=tuple(col.name for col in a.columns),
        competencies=tuple(h.name for h in a.heat),
        cells=tuple(tuple(HeatCellData(c.avg_gap, c.below_share, c.assessed) for c in h.cells)
                    for h in a.heat),
    )


def root_unit_of(session: Session, unit_id: int) -> int:
    """The OPD (top-level unit) a unit belongs to."""
    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    return root_of(parents).get(unit_id, unit_id)

"""The printed plan and its Excel annex (one row per employee × activity), prepared as frozen
data and written atomically. Columns of the annex are chosen from ANNEX_COLUMNS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import format_nip
from karier_desktop.domain.textfmt import full_name
from karier_desktop.reports.documents import LetterheadData
from karier_desktop.reports.renbangkom_data import (
    GapSummaryRow,
    MoneyRow,
    OpdLine,
    PlanLineData,
    RankRow,
    RenbangkomDocument,
)
from karier_desktop.services import settings as settings_service
from karier_desktop.services.employees import opd_of_units
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.exporting import ExportResult, export_rows
from karier_desktop.services.files import write_atomic
from karier_desktop.services.gaps.unit import employee_gaps_bulk
from karier_desktop.services.renbangkom._plans import view
from karier_desktop.services.renbangkom._rows import (
    KIND_LABELS,
    PRIORITY_LABELS,
    funding_label,
)
from karier_desktop.services.renbangkom._simulate import simulate
from karier_desktop.services.renbangkom._summary import (
    opd_trends,
    per_opd,
    unfunded,
    zero_jp_two_years,
)
from karier_desktop.store import models as m

L, PP = m.RenbangkomLine, m.RenbangkomParticipant
TYPE_ORDER = ("PNS", "CPNS", "PPPK", "PPPK Paruh Waktu")
GROUP_LABELS = {"manajerial": "Jabatan manajerial (JPT, administrator, pengawas)",
                "fungsional": "Jabatan fungsional", "pelaksana": "Jabatan pelaksana"}
# Annex columns: key -> header. The default is all of them, in this order.
ANNEX_COLUMNS = {
    "no": "No", "nip": "NIP", "nama": "Nama", "opd": "Perangkat Daerah", "jabatan": "Jabatan",
    "kompetensi": "Kompetensi", "kegiatan": "Kegiatan", "bentuk": "Bentuk/Jalur",
    "penyelenggara": "Penyelenggara", "triwulan": "Triwulan", "jp": "JP", "biaya": "Biaya",
    "sumber_dana": "Sumber Dana", "prioritas": "Prioritas",
}


def annex_columns(session: Session) -> list[str]:
    """The annex columns the office chose last (keys of ANNEX_COLUMNS), else all of them."""
    chosen = settings_service.get_value(session, "renbangkom_annex_columns", None) or []
    cols = [c for c in chosen if c in ANNEX_COLUMNS]
    return cols or list(ANNEX_COLUMNS)


def set_annex_columns(session: Session, columns: Sequence[str]) -> list[str]:
    """Remember the annex columns (in ANNEX_COLUMNS order); at least one."""
    unknown = [c for c in columns if c not in ANNEX_COLUMNS]
    if unknown:
        raise ValidationError([f"Kolom lampiran tidak dikenal: {', '.join(unknown)}."])
    cols = [c for c in ANNEX_COLUMNS if c in set(columns)]
    if not cols:
        raise ValidationError(["Pilih paling sedikit satu kolom lampiran."])
    settings_service.set_value(session, "renbangkom_annex_columns", cols)
    return cols


def letterhead(session: Session) -> tuple[LetterheadData, str, str]:
    s = settings_service.load(session)
    return s.letterhead, s.paper_size, s.city


def regency_name(government: str) -> str:
    words = government.strip()
    for prefix in ("PEMERINTAH ", "Pemerintah "):
        if words.startswith(prefix):
            words = words[len(prefix):]
    return words.title() if words.isupper() else (words or "Kabupaten")


def _workforce(session: Session) -> tuple[tuple[tuple[str, int], ...], int]:
    e, p, k = m.Employee, m.Position, m.PositionKind
    by_type = dict(session.execute(select(e.employee_type, func.count()).where(
        e.status == "aktif").group_by(e.employee_type)).all())
    by_group = dict(session.execute(
        select(k.group, func.count()).select_from(e).join(p, p.id == e.position_id)
        .join(k, k.code == p.kind_code).where(e.status == "aktif").group_by(k.group)).all())
    rows = [(t, int(by_type[t])) for t in TYPE_ORDER if by_type.get(t)]
    rows += [(GROUP_LABELS.get(g, g), int(n)) for g, n in sorted(by_group.items())]
    return tuple(rows), int(sum(by_type.values()))


def gap_summary(session: Session, employee_ids: Sequence[int], today: dt.date, top: int = 10
                ) -> tuple[tuple[GapSummaryRow, ...], int]:
    gaps = employee_gaps_bulk(session, employee_ids, today)
    acc: dict[str, list[Any]] = {}
    assessed = 0
    for g in gaps.values():
        assessed += g.jpm is not None
        for ln in g.lines:
            if ln.gap is None:
                continue
            a = acc.setdefault(ln.code, [f"{ln.code} {ln.name}", ln.kind, 0, 0, 0])
            a[2] += 1
            a[3] += ln.gap < 0
            a[4] += ln.gap
    rows = sorted((GapSummaryRow(v[0], KIND_LABELS.get(v[1], v[1]), v[2], v[3], v[4] / v[2])
                   for v in acc.values() if v[2]), key=lambda r: (-r.below, r.competency))
    return tuple(rows[:top]), assessed


def document(session: Session, plan_id: int, today: dt.date) -> RenbangkomDocument:
    pv = view(session, plan_id)
    head = pv.header
    lh, paper, city = letterhead(session)
    regency = regency_name(lh.government)
    ppk = settings_service.get_value(session, "renbangkom_ppk", {}) or {}
    workforce, employees = _workforce(session)
    ids = list(session.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")))
    gaps, assessed = gap_summary(session, ids, today)
    sim = simulate(session, plan_id, head.year, today)
    moves = {mv.opd_id: mv for mv in sim.opds}
    opds = tuple(OpdLine(o.name, o.employees, o.with_plan, o.jp_per_employee,
                         o.reaching_minimum, o.cost,
                         moves[o.opd_id].before if o.opd_id in moves else None,
                         moves[o.opd_id].after if o.opd_id in moves else None)
                 for o in per_opd(session, plan_id))
    lines = tuple(PlanLineData(
        ln.seq, f"{ln.competency_code} {ln.competency}".strip(), KIND_LABELS.get(ln.kind, "–"),
        ln.activity, f"{ln.form_code} {ln.form_name}".strip(), ln.organiser or "–", ln.quarter,
        ln.jp, ln.participants, ln.cost, funding_label(ln.funding_source),
        PRIORITY_LABELS.get(ln.priority, ""), ln.opd_names) for ln in pv.lines)
    years = tuple(range(head.year - 4, head.year))
    trends = {t.opd_id: t.shares for t in opd_trends(session, years)}
    ranking = tuple(RankRow(o.name, o.average, o.band, trends.get(o.opd_id, ()))
                    for o in sim.before_report.opds)
    return RenbangkomDocument(
        letterhead=lh, paper_size=paper, year=head.year, version=head.version,
        status=head.label, draft=head.status != "ditetapkan", generated_on=today,
        city=city or regency, regency=regency,
        ppk_caption=str(ppk.get("caption") or f"BUPATI {regency.upper().replace('KABUPATEN ', '')}"),
        ppk_name=str(ppk.get("name") or ""), workforce=workforce, employees=employees,
        assessed=assessed, gaps=gaps, lines=lines,
        money=tuple(MoneyRow(b.label, b.ceiling, b.planned) for b in pv.budgets),
        opds=opds,
        unfunded=tuple((u.activity, u.funding, u.participants, u.cost)
                       for u in unfunded(session, plan_id)),
        zero_jp=len(zero_jp_two_years(session, head.year)), ip_before=sim.before,
        ip_after=sim.after, ip_band_before=sim.band_before, ip_band_after=sim.band_after,
        ranking=ranking, trend_years=years)


def pdf_bytes(session: Session, plan_id: int, today: dt.date) -> bytes:
    from karier_desktop.reports.renbangkom_pdf import render

    return render(document(session, plan_id, today))


def save_pdf(session: Session, plan_id: int, path: str | Path, today: dt.date) -> Path:
    """Write the plan's PDF; the path actually written (see files.write_atomic)."""
    return write_atomic(Path(path), pdf_bytes(session, plan_id, today))


def annex_rows(session: Session, plan_id: int, columns: Sequence[str] | None = None
               ) -> tuple[list[str], list[list[object]]]:
    """Headers and rows of the annex; `columns` (keys of ANNEX_COLUMNS) default to the office's
    setting "renbangkom_annex_columns", else all of them."""
    chosen = columns or settings_service.get_value(session, "renbangkom_annex_columns", None)
    cols = [c for c in (chosen or ANNEX_COLUMNS) if c in ANNEX_COLUMNS]
    if not cols:
        raise ValidationError(["Pilih paling sedikit satu kolom lampiran: "
                               + ", ".join(ANNEX_COLUMNS)])
    roots = opd_of_units(session)
    names = dict(session.execute(select(m.Unit.id, m.Unit.name)).all())
    comps = dict(session.execute(select(m.Competency.code, m.Competency.name)).all())
    forms = dict(session.execute(select(m.DevelopmentForm.code, m.DevelopmentForm.name)).all())
    e, p = m.Employee, m.Position
    rows: list[list[object]] = []
    stmt = (select(L.seq, L.competency_code, L.activity, L.form_code, L.organiser, L.quarter,
                   L.funding_source, L.priority, PP.jp, PP.cost, e.nip, e.name, e.front_title,
                   e.back_title, e.unit_id, p.name)
            .join(PP, PP.line_id == L.id).join(e, e.id == PP.employee_id)
            .outerjoin(p, p.id == e.position_id).where(L.plan_id == plan_id)
            .order_by(L.seq, e.name))
    for i, r in enumerate(session.execute(stmt), start=1):
        opd = names.get(roots.get(int(r[14]), int(r[14])), "") if r[14] is not None else ""
        values = {
            "no": i, "nip": format_nip(r[10]), "nama": full_name(r[11], r[12], r[13]),
            "opd": opd, "jabatan": r[15] or "",
            "kompetensi": f"{r[1] or ''} {comps.get(r[1] or '', '')}".strip(),
            "kegiatan": r[2], "bentuk": f"{r[3] or ''} {forms.get(r[3] or '', '')}".strip(),
            "penyelenggara": r[4], "triwulan": r[5], "jp": r[8], "biaya": r[9],
            "sumber_dana": funding_label(r[6]), "prioritas": PRIORITY_LABELS.get(r[7], ""),
        }
        rows.append([values[c] for c in cols])
    return [ANNEX_COLUMNS[c] for c in cols], rows


def save_annex(session: Session, plan_id: int, path: str | Path,
               columns: Sequence[str] | None = None) -> ExportResult:
    headers, rows = annex_rows(session, plan_id, columns)
    return export_rows(path, headers, rows, sheet="Lampiran")

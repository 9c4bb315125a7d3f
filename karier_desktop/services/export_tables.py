"""More tables to export to Excel, beside employees, assessments and training records
(services.exporting): standards, the competency dictionary, the catalogue, gaps and JPM, IDPs.

Each builder reads in the caller's session and returns an exporting.Table; the export menu lists
them by EXTRA's labels, and exporting.export_table finds them by key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.exporting import Table
from karier_desktop.store import models as m


def standards_table(session: Session) -> Table:
    p, ps, c, u = m.Position, m.PositionStandard, m.Competency, m.Unit
    rows = [tuple(r) for r in session.execute(
        select(p.name, p.kind_code, u.name, c.code, c.name, c.kind, ps.required_level)
        .join(ps, ps.position_id == p.id).join(c, c.id == ps.competency_id)
        .outerjoin(u, u.id == p.unit_id).order_by(u.name, p.name, c.code))]
    return Table(("JABATAN", "JENIS JABATAN", "UNIT KERJA", "KODE KOMPETENSI", "KOMPETENSI",
                  "JENIS KOMPETENSI", "LEVEL STANDAR"), rows, sheet="Standar")


def dictionary_table(session: Session) -> Table:
    c, lv = m.Competency, m.CompetencyLevel
    rows = [tuple(r) for r in session.execute(
        select(c.code, c.name, c.kind, c.field, lv.level, lv.description, lv.indicators)
        .join(lv, lv.competency_id == c.id).order_by(c.kind, c.code, lv.level))]
    return Table(("KODE", "KOMPETENSI", "JENIS", "BIDANG", "LEVEL", "DESKRIPSI", "INDIKATOR"),
                 rows, sheet="Kamus")


def catalogue_table(session: Session) -> Table:
    from karier_desktop.services.catalogue_io import catalogue_table as build

    return build(session)


def gaps_table(session: Session, today: dt.date | None = None) -> Table:
    """Every active employee: JPM, how many competencies it rests on, category."""
    from karier_desktop.services.employees import list_rows

    rows = [(r.nip, r.name, r.position, r.unit, r.jpm, r.assessed, r.standard_count, r.category)
            for r in sorted(list_rows(session, today), key=lambda r: (r.unit, r.name))]
    return Table(("NIP", "NAMA", "JABATAN", "UNIT KERJA", "JPM (%)", "KOMPETENSI DIASES",
                  "KOMPETENSI STANDAR", "KATEGORI"), rows, frozenset({0}), frozenset({0}),
                 "Kesenjangan")


def idp_table(session: Session) -> Table:
    """Every item of every IDP (latest versions first within an employee and year)."""
    e, dp, it, c = m.Employee, m.DevelopmentPlan, m.PlanItem, m.Competency
    rows = [tuple(r) for r in session.execute(restrict(session,
        select(e.nip, e.name, dp.year, dp.version, dp.status, it.seq, c.name, it.gap,
               it.activity, it.form_code, it.provider, it.month, it.jp, it.cost)
        .join(dp, dp.employee_id == e.id).join(it, it.plan_id == dp.id)
        .outerjoin(c, c.id == it.competency_id)
        .order_by(dp.year, e.name, e.nip, dp.version.desc(), it.seq), e.unit_id))]
    return Table(("NIP", "NAMA", "TAHUN", "VERSI", "STATUS", "NO", "KOMPETENSI", "KESENJANGAN",
                  "KEGIATAN", "BENTUK", "PENYELENGGARA", "BULAN", "JP", "BIAYA"), rows,
                 frozenset({0}), frozenset({0}), "IDP")


EXTRA: dict[str, tuple[str, Callable[[Session], Table]]] = {
    "standar": ("Standar kompetensi jabatan", standards_table),
    "kamus": ("Kamus kompetensi", dictionary_table),
    "katalog": ("Katalog pelatihan", catalogue_table),
    "kesenjangan": ("JPM dan kesenjangan per pegawai", gaps_table),
    "idp": ("Rencana pengembangan (IDP)", idp_table),
}


PLAN_HEADERS = ("NIP", "NAMA", "UNIT", "KODE PROGRAM", "PROGRAM", "BENTUK", "PENYELENGGARA",
                "JP", "BIAYA", "KESENJANGAN TERTUTUP", "KOMPETENSI", "STATUS")


def plan_table(rows: list[object]) -> Table:
    """A budget plan's assignments (services.planner PlanRow), funded ones first."""
    out = []
    for r in sorted(rows, key=lambda r: (not r.funded, r.opd_name, r.name)):  # type: ignore[attr-defined]
        out.append((r.nip, r.name, r.opd_name, r.code, r.title, r.form_code,  # type: ignore[attr-defined]
                    r.provider, r.jp, r.cost, round(r.value, 4), r.competencies,  # type: ignore[attr-defined]
                    "Terdanai" if r.funded else r.reason))  # type: ignore[attr-defined]
    return Table(PLAN_HEADERS, out, frozenset({0}), frozenset({0}), "Rencana anggaran")

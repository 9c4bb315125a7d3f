"""Table columns of the Renbangkom page (prepared rows from services.renbangkom/ipasn)."""

from __future__ import annotations

from karier_desktop.domain.textfmt import format_number, format_rupiah
from karier_desktop.services import ipasn
from karier_desktop.services import renbangkom as rb
from karier_desktop.ui.kit.table_model import Column


def _num(value: float, decimals: int = 1) -> str:
    return format_number(value, 0 if float(value).is_integer() else decimals)


LINE_COLUMNS: list[Column[rb.LineRow]] = [
    Column("No", lambda r: str(r.seq), lambda r: r.seq, align_right=True),
    Column("Kompetensi", lambda r: f"{r.competency_code} {r.competency}".strip(),
           tooltip=lambda r: rb.KIND_LABELS.get(r.kind, "")),
    Column("Kegiatan", lambda r: r.activity, lambda r: r.activity.lower(),
           tooltip=lambda r: r.opd_names),
    Column("Bentuk/jalur", lambda r: f"{r.form_code} {r.form_name}".strip()),
    Column("Penyelenggara", lambda r: r.organiser),
    Column("TW", lambda r: str(r.quarter), lambda r: r.quarter, align_right=True),
    Column("JP", lambda r: _num(r.jp), lambda r: r.jp, align_right=True),
    Column("Peserta", lambda r: str(r.participants), lambda r: r.participants,
           align_right=True),
    Column("Biaya", lambda r: format_rupiah(r.cost), lambda r: r.cost, align_right=True),
    Column("Sumber dana", lambda r: rb.funding_label(r.funding_source)),
    Column("Prioritas", lambda r: rb.PRIORITY_LABELS.get(r.priority, ""), lambda r: r.priority),
]

BUDGET_COLUMNS: list[Column[rb.BudgetRow]] = [
    Column("Sumber dana", lambda r: r.label),
    Column("Pagu", lambda r: "–" if r.ceiling is None else format_rupiah(r.ceiling),
           lambda r: r.ceiling, align_right=True),
    Column("Direncanakan", lambda r: format_rupiah(r.planned), lambda r: r.planned,
           align_right=True, background=lambda r: "#f9d6d5" if r.over else None),
]

ACTUAL_COLUMNS: list[Column[rb.ActualLine]] = [
    Column("No", lambda r: str(r.seq), lambda r: r.seq, align_right=True),
    Column("Kegiatan", lambda r: r.activity, lambda r: r.activity.lower()),
    Column("TW", lambda r: str(r.quarter), lambda r: r.quarter, align_right=True),
    Column("Peserta", lambda r: str(r.participants), lambda r: r.participants, align_right=True),
    Column("Terlaksana", lambda r: str(r.realised), lambda r: r.realised, align_right=True),
    Column("Biaya rencana", lambda r: format_rupiah(r.planned_cost), lambda r: r.planned_cost,
           align_right=True),
    Column("Biaya realisasi", lambda r: format_rupiah(r.realised_cost),
           lambda r: r.realised_cost, align_right=True),
    Column("Status", lambda r: r.status, background=lambda r: {
        "Terlaksana": "#d7efdc", "Sebagian": "#fbf1c4"}.get(r.status)),
    Column("Keterangan", lambda r: r.reason),
]

MONEY_COLUMNS: list[Column[rb.ActualBudget]] = [
    Column("Sumber dana", lambda r: r.label),
    Column("Pagu", lambda r: "–" if r.ceiling is None else format_rupiah(r.ceiling),
           lambda r: r.ceiling, align_right=True),
    Column("Direncanakan", lambda r: format_rupiah(r.planned), lambda r: r.planned,
           align_right=True),
    Column("Terealisasi", lambda r: format_rupiah(r.realised), lambda r: r.realised,
           align_right=True),
]

OPD_COLUMNS: list[Column[rb.OpdSummary]] = [
    Column("Perangkat daerah", lambda r: r.name, lambda r: r.name.lower()),
    Column("Pegawai", lambda r: str(r.employees), lambda r: r.employees, align_right=True),
    Column("Ber-rencana", lambda r: str(r.with_plan), lambda r: r.with_plan, align_right=True),
    Column("JP/pegawai", lambda r: _num(r.jp_per_employee), lambda r: r.jp_per_employee,
           align_right=True),
    Column("≥ 20 JP", lambda r: f"{format_number(r.reaching_minimum * 100)}%",
           lambda r: r.reaching_minimum, align_right=True),
    Column("Biaya", lambda r: format_rupiah(r.cost), lambda r: r.cost, align_right=True),
]

IP_COLUMNS: list[Column[rb.OpdMove]] = [
    Column("Perangkat daerah", lambda r: r.name, lambda r: r.name.lower()),
    Column("Pegawai", lambda r: str(r.employees), lambda r: r.employees, align_right=True),
    Column("IP ASN kompetensi", lambda r: format_number(r.before, 2), lambda r: r.before,
           align_right=True),
    Column("Dengan rencana", lambda r: format_number(r.after, 2), lambda r: r.after,
           align_right=True, background=lambda r: "#d7efdc" if r.after > r.before else None),
    Column("Kategori", lambda r: r.band_before),
    Column("Kategori dengan rencana", lambda r: r.band_after),
    Column("Indeks IP ASN", lambda r: format_number(r.index_before, 2),
           lambda r: r.index_before, align_right=True,
           tooltip=lambda r: "kualifikasi 25 + kompetensi 40 + kinerja 30 + disiplin 5"),
    Column("Indeks dengan rencana", lambda r: format_number(r.index_after, 2),
           lambda r: r.index_after, align_right=True),
    Column("Kategori indeks", lambda r: r.index_band_after),
    Column("Tanpa predikat SKP", lambda r: str(r.kinerja_missing), lambda r: r.kinerja_missing,
           align_right=True, background=lambda r: "#fbe3d6" if r.kinerja_missing else None),
]

REGAIN_COLUMNS: list[Column[ipasn.RegainRow]] = [
    Column("Nama", lambda r: r.name, lambda r: r.name.lower()),
    Column("NIP", lambda r: r.nip),
    Column("Perangkat daerah", lambda r: r.opd_name),
    Column("Indikator", lambda r: r.indicator_label),
    Column("Poin", lambda r: _num(r.points), lambda r: r.points, align_right=True),
    Column("Program", lambda r: f"{r.programme_code} {r.programme}"),
    Column("Biaya", lambda r: format_rupiah(r.cost), lambda r: r.cost, align_right=True),
    Column("Poin per Rp 1 juta", lambda r: "gratis" if r.cost <= 0
           else format_number(r.points_per_million, 2), lambda r: -r.points_per_million,
           align_right=True),
]

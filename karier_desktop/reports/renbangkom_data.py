"""Prepared data of the Renbangkom documents (the regency's plan and the one-page OPD profile):
frozen, picklable, plain values; services fill them, renderers only read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from karier_desktop.reports.documents import LetterheadData


@dataclass(frozen=True)
class PlanLineData:
    no: int
    competency: str  # "M.1 Integritas"
    kind: str  # "Manajerial"
    activity: str
    form: str  # "KL03 Pelatihan Teknis"
    organiser: str
    quarter: int
    jp: float
    participants: int
    cost: int
    funding: str
    priority: str
    opds: str


@dataclass(frozen=True)
class MoneyRow:
    label: str
    ceiling: int | None
    planned: int
    realised: int = 0


@dataclass(frozen=True)
class OpdLine:
    name: str
    employees: int
    with_plan: int
    jp_per_employee: float
    reaching_minimum: float  # 0..1
    cost: int
    ip_before: float | None = None
    ip_after: float | None = None


@dataclass(frozen=True)
class GapSummaryRow:
    competency: str
    kind: str
    assessed: int
    below: int
    average_gap: float | None


@dataclass(frozen=True)
class RankRow:
    name: str
    ip: float
    band: str
    shares: tuple[float, ...]  # share of employees with ≥ 20 JP per trend year


@dataclass(frozen=True)
class RenbangkomDocument:
    letterhead: LetterheadData
    paper_size: str
    year: int
    version: int
    status: str  # label: "Ditetapkan PPK"
    draft: bool  # not yet set: "DRAF" on every page
    generated_on: dt.date
    city: str
    regency: str  # "Kabupaten Mamuju"
    ppk_caption: str  # "BUPATI MAMUJU"
    ppk_name: str
    workforce: tuple[tuple[str, int], ...]  # (kind of employee / position group, count)
    employees: int
    assessed: int
    gaps: tuple[GapSummaryRow, ...]
    lines: tuple[PlanLineData, ...]
    money: tuple[MoneyRow, ...]
    opds: tuple[OpdLine, ...]
    unfunded: tuple[tuple[str, str, int, int], ...]  # (activity, funding, participants, cost)
    zero_jp: int
    ip_before: float
    ip_after: float
    ip_band_before: str
    ip_band_after: str
    ranking: tuple[RankRow, ...] = ()
    trend_years: tuple[int, ...] = ()


@dataclass(frozen=True)
class ProfileDocument:
    letterhead: LetterheadData
    paper_size: str
    year: int
    generated_on: dt.date
    opd: str
    headcount: tuple[tuple[str, int], ...]  # by type of employee
    jpm_categories: tuple[tuple[str, int], ...]
    top_gaps: tuple[GapSummaryRow, ...]
    share_20jp: float  # last year's completed training
    ip_score: float
    ip_band: str
    ip_after: float
    ninebox: tuple[tuple[str, int], ...]  # (box label, count); empty when unknown
    retiring: tuple[tuple[str, str, str], ...]  # (name, position, date) within 24 months
    plan_lines: int
    plan_participants: int
    plan_cost: int
    plan_status: str
    best_programme: str
    trend: tuple[tuple[int, float], ...]  # (year, share of employees with ≥ 20 JP)
    rank_text: str  # "peringkat 3 dari 35 OPD (IP ASN kompetensi)"
    # the whole IP ASN index: OPD averages per dimension as (label, points, maximum)
    ip_index: float = 0.0
    ip_index_band: str = ""
    ip_dimensions: tuple[tuple[str, float, float], ...] = ()
    ip_kinerja_missing: int = 0

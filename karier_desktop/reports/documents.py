"""Prepared data of the printed documents: frozen, picklable, no ORM objects, no queries.

Services fill these (services.idp.plan_for_print, services.unit_gaps.recap_document); renderers
in this package only read them. They live here, below services, because reports may not import
services (see the layer contract in pyproject.toml). Everything is plain values so a document
can be sent to another process for rendering.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class LetterheadData:
    government: str = ""
    agency: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    logo: bytes = b""  # the PNG/JPEG itself (kept in the database), or b"" for none


@dataclass(frozen=True)
class GapRowData:
    competency: str
    kind: str  # "manajerial" | "sosial_kultural" | "teknis"
    required: int
    actual: int | None
    gap: int | None
    note: str


@dataclass(frozen=True)
class PlanItemData:
    no: int
    competency: str
    goal: str
    form: str  # "Pelatihan Nonklasikal – Coaching"
    form_code: str  # "NKL01"
    activity: str
    provider: str
    when: str  # "Maret 2027"
    jp: float
    cost: int
    realised: str = ""  # "Terealisasi 12 Maret 2027" or ""
    month: int | None = None
    competency_codes: tuple[str, ...] = ()  # every competency the item develops, main first
    funding: str = ""  # "APBD – DPA OPD"
    evidence: str = ""  # "Sertifikat/STTPL; asesmen ulang"
    purpose: str = ""  # "wajib" | "asesmen" | "kinerja" | "kesenjangan" | "hak_jp"
    form_name: str = ""  # the form's plain name: "Coaching", "Pelatihan Teknis"


@dataclass(frozen=True)
class SignerData:
    caption: str  # "Atasan Langsung"
    lead: str = ""  # "Mengetahui," above the caption, or ""
    name: str = ""  # empty: a blank line to sign on
    nip: str = ""  # with spaces; empty: a dotted line
    rank: str = ""  # "Pembina (IV/a)" under the NIP, or ""
    has_nip: bool = True  # False for the Bupati/PPK (no NIP line at all)
    role: str = ""  # "Pegawai", "Atasan Langsung", "Mengetahui" (for the JSON and the GUI)


@dataclass(frozen=True)
class IdpDocument:
    """Everything the IDP PDF shows (one employee, one year)."""

    letterhead: LetterheadData
    paper_size: str  # "A4" | "F4"
    year: int
    version: int
    status: str  # "draf" | "disetujui" | "diganti"
    name: str  # with titles
    nip: str  # with spaces
    rank: str  # "Penata Muda (III/a)"
    position: str
    position_kind: str  # "Jabatan Pelaksana"
    unit: str
    opd: str
    employee_type: str
    assessed_on: dt.date | None
    assessor: str
    jpm: float | None
    category: str
    required_sum: int
    actual_sum: int
    gaps: tuple[GapRowData, ...]
    items: tuple[PlanItemData, ...]
    total_jp: float
    minimum_jp: float
    total_cost: int
    signers: tuple[SignerData, ...]  # employee, supervisor, head (in that order)
    city: str
    signed_on: dt.date
    career_goal: str = ""
    file_stem: str = ""  # safe file name without extension, e.g. "IDP 2027 - Andi Wijaya"
    nip_label: str = "NIP"  # "NI PPPK" for PPPK
    rank_label: str = "Pangkat/Golongan Ruang"  # "Golongan" for PPPK
    rank_tmt: dt.date | None = None
    education: str = ""
    service: str = ""  # masa kerja: "12 tahun 3 bulan"
    performance: str = ""  # SKP predikat
    jp_kind: str = "minimal"  # "minimal" (PNS: a right of at least) | "maksimal" (PPPK)
    jp_rule: str = ""
    jp_citation: str = ""
    ceiling_jp: float | None = None
    ceiling_cost: int | None = None
    aspiration: str = ""
    target_position: str = ""
    commitment: str = ""
    supervisor_notes: str = ""
    warnings: tuple[str, ...] = ()
    assessment_pending: bool = False  # the plan waits for a competency assessment


@dataclass(frozen=True)
class HeatCellData:
    avg_gap: float | None  # None: nobody assessed
    below_share: float | None  # 0..1
    assessed: int


@dataclass(frozen=True)
class RankingRowData:
    rank: int | None  # None: not assessed, listed last
    name: str
    nip: str
    position: str
    unit: str
    jpm: float | None
    category: str
    below: int  # competencies below standard
    not_assessed: int


@dataclass(frozen=True)
class UnitRecapDocument:
    """The one-page (or few-page) picture of an OPD: ranking and competency heat map."""

    letterhead: LetterheadData
    paper_size: str
    opd: str
    opd_code: str
    generated_on: dt.date
    city: str
    employees: int
    assessed: int
    average_jpm: float | None
    categories: tuple[tuple[str, int], ...]  # ("Optimal", 12), …
    ranking: tuple[RankingRowData, ...]
    unit_names: tuple[str, ...]  # heat-map columns (sub-units, then the whole OPD)
    competencies: tuple[str, ...]  # heat-map rows
    cells: tuple[tuple[HeatCellData, ...], ...]  # [competency][unit]

"""Labels and frozen rows of the Renbangkom feature, shared by its modules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

LOCKED_MESSAGE = ("Rencana pengembangan kompetensi ini sudah ditetapkan PPK dan terkunci; "
                  "buat perubahan (versi baru) untuk mengubahnya")
STATUS_LABELS = {"draf": "Draf", "diverifikasi": "Diverifikasi BKPP",
                 "ditetapkan": "Ditetapkan PPK", "diganti": "Diganti"}
# Sumber dana of the regency's plan, in print order.
FUNDING_LABELS = {
    "apbd_kab": "APBD Kabupaten",
    "apbd_prov": "APBD Provinsi",
    "apbn": "APBN / K-L",
    "tanpa_biaya": "Tanpa biaya / e-learning",
    "mandiri": "Mandiri",
}
FUNDING_ORDER = tuple(FUNDING_LABELS)
# The IDP item's funding source -> the regency plan's (both DPA OPD and BKPSDM are APBD Kab.).
FROM_IDP_FUNDING = {"apbd_opd": "apbd_kab", "apbd_bkpsdm": "apbd_kab", "apbn": "apbn",
                    "mandiri": "mandiri", "tanpa_biaya": "tanpa_biaya"}
PRIORITY_LABELS = {1: "Tinggi", 2: "Sedang", 3: "Rendah"}
PRIORITY_OF_PURPOSE = {"wajib": 1, "asesmen": 1, "kinerja": 2, "kesenjangan": 2, "hak_jp": 3}
KIND_LABELS = {"manajerial": "Manajerial", "sosial_kultural": "Sosial Kultural",
               "teknis": "Teknis", "": "–"}


def funding_label(code: str | None) -> str:
    return FUNDING_LABELS.get(code or "", code or "")


def status_label(status: str, version: int) -> str:
    label = STATUS_LABELS.get(status, status)
    return f"{label} (Perubahan ke-{version - 1})" if version > 1 else label


def quarter_of(month: int | None) -> int:
    return ((month or 1) - 1) // 3 + 1


@dataclass(frozen=True)
class LineRow:
    id: int
    seq: int
    competency_code: str
    competency: str
    kind: str  # "manajerial" | "sosial_kultural" | "teknis" | ""
    activity: str
    form_code: str
    form_name: str
    organiser: str
    quarter: int
    jp: float
    participants: int
    cost: int
    funding_source: str
    priority: int
    opd_names: str  # the OPDs of the employees served, "Dinas Kesehatan; RSUD"


@dataclass(frozen=True)
class BudgetRow:
    funding_source: str
    label: str
    ceiling: int | None  # None: no budget set for this source
    planned: int

    @property
    def over(self) -> bool:
        return self.ceiling is not None and self.planned > self.ceiling


@dataclass(frozen=True)
class PlanHeader:
    id: int
    year: int
    version: int
    status: str
    verified_on: dt.date | None
    set_on: dt.date | None

    @property
    def locked(self) -> bool:
        return self.status in ("ditetapkan", "diganti")

    @property
    def label(self) -> str:
        return status_label(self.status, self.version)


@dataclass(frozen=True)
class PlanView:
    header: PlanHeader
    lines: tuple[LineRow, ...]
    budgets: tuple[BudgetRow, ...]

    @property
    def total_cost(self) -> int:
        return sum(ln.cost for ln in self.lines)

    @property
    def participants(self) -> int:
        return sum(ln.participants for ln in self.lines)

"""Rows and inputs of the IDP services (frozen dataclasses) shared by the package's modules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from karier_desktop.domain.textfmt import MONTHS_ID

LOCKED_MESSAGE = "IDP sudah disetujui; buat versi baru untuk mengubahnya"
REPLACED_MESSAGE = "IDP versi ini sudah diganti versi yang lebih baru; ubah versi terbarunya"
STATUS_LABELS = {"draf": "Draf", "disetujui": "Disetujui", "diganti": "Diganti"}
COACHING_FORM = "NKL01"
SELF_STUDY_FORM = "NKL09"
E_LEARNING_FORM = "NKL03"
# Sumber dana of a plan item, as printed (the code is stored).
FUNDING_LABELS = {
    "apbd_opd": "APBD – DPA OPD",
    "apbd_bkpsdm": "APBD – BKPSDM",
    "apbn": "APBN / instansi pembina",
    "mandiri": "Mandiri",
    "tanpa_biaya": "Tanpa biaya",
}
PURPOSE_LABELS = {"wajib": "Pelatihan wajib", "asesmen": "Asesmen", "kinerja": "Kinerja",
                  "kesenjangan": "Kesenjangan kompetensi", "hak_jp": "Pemenuhan JP"}


def funding_label(code: str | None) -> str:
    return FUNDING_LABELS.get(code or "", "")


@dataclass(frozen=True)
class ItemInput:
    """What the clerk typed for one plan item."""

    activity: str
    competency_id: int | None = None
    gap: int | None = None
    goal: str = ""
    form_code: str | None = None
    programme_id: int | None = None
    provider: str = ""
    month: int | None = None
    jp: float = 0.0
    cost: int = 0
    funding_source: str | None = None
    evidence: str = ""
    version: int | None = None  # row_version the dialog loaded (None: no check)


@dataclass(frozen=True)
class ItemDraft:
    competency_id: int | None
    gap: int | None
    goal: str
    form_code: str | None
    programme_id: int | None
    activity: str
    provider: str
    month: int
    jp: float
    cost: int
    funding_source: str | None = None
    competency_codes: tuple[str, ...] = ()
    evidence: str = ""
    purpose: str = "kesenjangan"


@dataclass(frozen=True)
class PlanItemRow:
    id: int
    seq: int
    competency_id: int | None
    competency: str
    gap: int | None
    goal: str
    form_code: str
    form_label: str
    programme_id: int | None
    activity: str
    provider: str
    month: int | None
    jp: float
    cost: int
    source: str
    training_record_id: int | None
    realised_on: dt.date | None
    funding_source: str | None = None
    competency_codes: str = ""  # "M.02, M.03"
    evidence: str = ""
    purpose: str = ""
    version: int = 1  # row_version: the edit dialog passes it back (ItemInput.version)

    @property
    def funding_label(self) -> str:
        return funding_label(self.funding_source)

    @property
    def month_name(self) -> str:
        return MONTHS_ID[self.month - 1] if self.month else "—"


@dataclass(frozen=True)
class Signers:
    supervisor_name: str = ""
    supervisor_nip: str = ""
    head_name: str = ""
    head_nip: str = ""
    career_goal: str = ""
    supervisor_caption: str = ""
    head_caption: str = ""


@dataclass(frozen=True)
class PlanForm:
    """The employee's and the atasan's own words on the form."""

    aspiration: str = ""
    target_position: str = ""
    commitment: str = ""
    supervisor_notes: str = ""


@dataclass(frozen=True)
class PlanView:
    id: int
    employee_id: int
    employee_name: str
    nip: str
    nip_display: str
    position: str
    unit: str
    year: int
    version: int
    status: str
    approved_on: dt.date | None
    signers: Signers
    items: tuple[PlanItemRow, ...]
    total_jp: float
    total_cost: int
    minimum_jp: float
    form: PlanForm = PlanForm()
    employee_type: str = "PNS"
    jp_rule: str = ""  # "Hak … paling sedikit 20 JP per tahun (PP 11/2017 …)"
    jp_kind: str = "minimal"  # "minimal" (PNS) | "maksimal" (PPPK)
    ceiling_jp: float | None = None
    ceiling_cost: int | None = None
    warnings: tuple[str, ...] = ()

    @property
    def locked(self) -> bool:
        return self.status != "draf"

    @property
    def meets_minimum(self) -> bool:
        """PNS: at least the minimum; PPPK: at most the maximum of a contract year."""
        if self.jp_kind == "maksimal":
            return round(self.total_jp, 2) <= round(self.minimum_jp, 2)
        return round(self.total_jp, 2) >= round(self.minimum_jp, 2)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class PlanSummary:
    id: int
    employee_id: int
    name: str
    nip_display: str
    unit: str
    year: int
    version: int
    status: str
    items: int
    total_jp: float
    total_cost: int


@dataclass(frozen=True)
class RealisationRow:
    item_id: int
    seq: int
    activity: str
    month: int | None
    jp: float
    training_record_id: int | None
    training_title: str
    start_date: dt.date | None
    realised_jp: float

    @property
    def realised(self) -> bool:
        return self.training_record_id is not None


def spread_months(count: int) -> list[int]:
    """Months spread over the year: 1 item → Juli; 3 → Maret, Juli, November; 4 → 2, 5, 8, 11."""
    return [min(12, int((i + 0.5) * 12 / count) + 1) for i in range(count)] if count else []

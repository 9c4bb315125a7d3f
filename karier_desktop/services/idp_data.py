"""Rows and inputs of the IDP services (frozen dataclasses), and the pure drafting rule.

`compose_draft` turns an employee's gaps and the catalogue into plan items without touching
the database, so one employee (services.idp.draft_plan) and a thousand (services.idp_batch)
are drafted by the same rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from karier_desktop.domain.textfmt import MONTHS_ID
from karier_desktop.services.gaps import EmployeeGap, GapLine
from karier_desktop.services.recommend import Catalogue, ProgrammeInfo, rank_for_gap, suits

LOCKED_MESSAGE = "IDP sudah disetujui; buat versi baru untuk mengubahnya"
REPLACED_MESSAGE = "IDP versi ini sudah diganti versi yang lebih baru; ubah versi terbarunya"
STATUS_LABELS = {"draf": "Draf", "disetujui": "Disetujui", "diganti": "Diganti"}
MAX_DRAFT_ITEMS = 12
COACHING_FORM = "NKL01"
SELF_STUDY_FORM = "NKL09"


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

    @property
    def locked(self) -> bool:
        return self.status != "draf"

    @property
    def meets_minimum(self) -> bool:
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


def goal_text(line: GapLine) -> str:
    return f"Level {line.name} naik dari {line.actual} ke {line.required}"


def spread_months(count: int) -> list[int]:
    """Months spread over the year: 1 item → Juli; 3 → Maret, Juli, November; 4 → 2, 5, 8, 11."""
    return [min(12, int((i + 0.5) * 12 / count) + 1) for i in range(count)] if count else []


def _item_from(prog: ProgrammeInfo, line: GapLine | None, goal: str) -> ItemDraft:
    return ItemDraft(line.competency_id if line else (prog.targets[0].competency_id
                                                      if prog.targets else None),
                     line.gap if line else None, goal, prog.form.code, prog.id, prog.title,
                     prog.provider, 0, prog.jp, prog.cost)


def _fallback(line: GapLine | None, jp: float, catalogue: Catalogue) -> ItemDraft:
    """An activity that needs no catalogue entry: coaching by the supervisor or self-study."""
    if line is not None and line.kind != "teknis" and COACHING_FORM in catalogue.forms:
        return ItemDraft(line.competency_id, line.gap, goal_text(line), COACHING_FORM, None,
                         f"Coaching {line.name} oleh atasan langsung", "Atasan langsung", 0,
                         max(jp, 8.0), 0)
    form = SELF_STUDY_FORM if SELF_STUDY_FORM in catalogue.forms else None
    if line is not None:
        return ItemDraft(line.competency_id, line.gap, goal_text(line), form, None,
                         f"Belajar mandiri: {line.name}", "Mandiri, dibimbing atasan langsung", 0,
                         max(jp, 10.0), 0)
    return ItemDraft(None, None, "Memenuhi hak pengembangan kompetensi minimal per tahun", form,
                     None, "Belajar mandiri sesuai bidang tugas (e-learning terbuka, membaca, "
                     "diskusi)", "Mandiri, dibimbing atasan langsung", 0, jp, 0)


def compose_draft(gap: EmployeeGap, position_kind: str, catalogue: Catalogue,
                  minimum_jp: float) -> list[ItemDraft]:
    """Plan items for one employee: one activity per gap, then enough JP for the minimum.

    Gaps come largest first and managerial before others (EmployeeGap.gaps). For each gap the
    best-fitting programme not yet in the plan is taken (a fallback activity when the catalogue
    has none). While the total is below `minimum_jp`, non-classical programmes on the remaining
    gaps are added, then general non-classical ones, then self-study for the shortfall.
    """
    items: list[ItemDraft] = []
    used: set[int] = set()
    for line in gap.gaps:
        if len(items) >= MAX_DRAFT_ITEMS:
            break
        options = rank_for_gap(catalogue, line, position_kind, minimum_jp=minimum_jp)
        fresh = [o for o in options if o.programme_id not in used]
        if any(o.covers and o.programme_id in used for o in options):
            continue  # an activity already in the plan closes this gap too
        if fresh:
            prog = _programme(catalogue, fresh[0].programme_id)
            items.append(_item_from(prog, line, goal_text(line)))
            used.add(prog.id)
        elif not options:
            items.append(_fallback(line, 0, catalogue))

    def total() -> float:
        return sum(i.jp for i in items)

    for line in gap.gaps:  # non-classical extras on the gaps, cheapest first
        if total() >= minimum_jp or len(items) >= MAX_DRAFT_ITEMS:
            break
        extra = sorted((o for o in rank_for_gap(catalogue, line, position_kind,
                                                minimum_jp=minimum_jp)
                        if o.programme_id not in used and o.jalur.lower() == "nonklasikal"),
                       key=lambda o: (o.cost, -o.jp, o.code))
        if extra:
            prog = _programme(catalogue, extra[0].programme_id)
            items.append(_item_from(prog, line, goal_text(line)))
            used.add(prog.id)
    standard = {ln.competency_id: ln for ln in gap.lines}
    general = sorted((p for p in catalogue.programmes
                      if p.form.jalur.lower() == "nonklasikal" and p.id not in used
                      and suits(p, position_kind) and p.jp > 0),
                     key=lambda p: (not any(t.competency_id in standard for t in p.targets),
                                    p.cost, -p.jp, p.code))
    for prog in general:
        if total() >= minimum_jp or len(items) >= MAX_DRAFT_ITEMS:
            break
        target = next((standard[t.competency_id] for t in prog.targets
                       if t.competency_id in standard), None)
        goal = (f"Memelihara dan mengembangkan {target.name}" if target else
                "Memenuhi hak pengembangan kompetensi minimal per tahun")
        items.append(_item_from(prog, None, goal) if target is None else ItemDraft(
            target.competency_id, target.gap, goal, prog.form.code, prog.id, prog.title,
            prog.provider, 0, prog.jp, prog.cost))
        used.add(prog.id)
    if total() < minimum_jp:
        items.append(_fallback(None, round(minimum_jp - total(), 2), catalogue))
    months = spread_months(len(items))
    return [ItemDraft(i.competency_id, i.gap, i.goal, i.form_code, i.programme_id, i.activity,
                      i.provider, month, i.jp, i.cost) for i, month in zip(items, months, strict=True)]


def _programme(catalogue: Catalogue, programme_id: int) -> ProgrammeInfo:
    return next(p for p in catalogue.programmes if p.id == programme_id)

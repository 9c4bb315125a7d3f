"""The regency's yearly competency development plan (Renbangkom): the facade pages and the
command line use.

Behind it: `_rows` (labels and frozen rows), `_plans` (built from the IDPs, versions, funding
sources, budgets, verify and set), `_summary` (per OPD / competency / path / organiser,
unfunded needs, no JP for two years), `_actual` (plan against actual), `_simulate` (IP ASN
before and after the plan), `_document` (the PDF and the Excel annex), `_profile` (one page per
OPD for the heads).
"""

from __future__ import annotations

from karier_desktop.services.renbangkom._actual import (
    ActualBudget,
    ActualLine,
    PlanActual,
    plan_actual,
)
from karier_desktop.services.renbangkom._document import (
    ANNEX_COLUMNS,
    annex_columns,
    annex_rows,
    document,
    pdf_bytes,
    save_annex,
    save_pdf,
    set_annex_columns,
)
from karier_desktop.services.renbangkom._plans import (
    budgets,
    build,
    current_plan_id,
    header,
    new_version,
    plan_years,
    set_budget,
    set_funding,
    set_plan,
    set_priorities,
    set_priority,
    verify,
    versions,
    view,
)
from karier_desktop.services.renbangkom._profile import (
    profile_document,
    profile_pdf_bytes,
    save_profile,
)
from karier_desktop.services.renbangkom._rows import (
    FUNDING_LABELS,
    FUNDING_ORDER,
    KIND_LABELS,
    LOCKED_MESSAGE,
    PRIORITY_LABELS,
    STATUS_LABELS,
    BudgetRow,
    LineRow,
    PlanHeader,
    PlanView,
    funding_label,
)
from karier_desktop.services.renbangkom._simulate import OpdMove, Simulation, opd_moves, simulate
from karier_desktop.services.renbangkom._summary import (
    GroupSummary,
    OpdSummary,
    OpdTrend,
    UnfundedRow,
    ZeroJpRow,
    opd_trends,
    per_group,
    per_opd,
    unfunded,
    zero_jp_two_years,
)

__all__ = [
    "annex_columns", "set_annex_columns", "set_priorities",
    "ANNEX_COLUMNS", "FUNDING_LABELS", "FUNDING_ORDER", "KIND_LABELS", "LOCKED_MESSAGE",
    "PRIORITY_LABELS", "STATUS_LABELS", "ActualBudget", "ActualLine", "BudgetRow",
    "GroupSummary", "LineRow", "OpdMove", "OpdSummary", "OpdTrend", "PlanActual", "PlanHeader", "PlanView",
    "Simulation", "UnfundedRow", "ZeroJpRow", "annex_rows", "budgets", "build", "opd_moves",
    "current_plan_id", "document", "funding_label", "header", "new_version", "opd_trends",
    "pdf_bytes",
    "per_group", "per_opd", "plan_actual", "plan_years", "profile_document",
    "profile_pdf_bytes", "save_annex", "save_pdf", "save_profile", "set_budget", "set_funding",
    "set_plan", "set_priority", "simulate", "unfunded", "verify", "versions", "view",
    "zero_jp_two_years",
]

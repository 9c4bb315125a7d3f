"""The Individual Development Plan (IDP) feature: the facade pages and the command line use.

Behind it, private modules: `_rows` (frozen rows and inputs), `_rules` (the office's IDP rules
per employee type, labels and warnings), `_compose` (the pure drafting rule), `_versions`
(`open_drafts`, the one owner of plan versions, also used by the budget planner's accept),
`_signers` (signers from the unit tree), `_plans` (reading, editing, approving), `_realise` (linking items to training records),
`_prepare` (print documents in bulk), `_export` (the JSON of a printed plan) and `_batch`
(printing a whole unit in the background).
"""

from __future__ import annotations

from karier_desktop.services.idp._batch import (
    BatchError,
    BatchParams,
    BatchResult,
    current_plans,
    draft_missing_plans,
    employees_of_unit,
    file_names,
    prepare_documents,
)
from karier_desktop.services.idp._batch import run as run_batch
from karier_desktop.services.idp._export import plan_json, plan_json_for_nip
from karier_desktop.services.idp._plans import (
    add_item,
    approve,
    draft_plan,
    find_plan,
    get_plan,
    list_plans,
    move_down,
    move_item,
    move_up,
    new_version,
    plan_for_print,
    remove_item,
    update_form,
    update_item,
    update_signers,
    validate_item,
)
from karier_desktop.services.idp._prepare import documents_for_plans
from karier_desktop.services.idp._realise import realisation
from karier_desktop.services.idp._rows import (
    FUNDING_LABELS,
    LOCKED_MESSAGE,
    PURPOSE_LABELS,
    REPLACED_MESSAGE,
    STATUS_LABELS,
    ItemInput,
    PlanForm,
    PlanItemRow,
    PlanSummary,
    PlanView,
    RealisationRow,
    Signers,
    spread_months,
)
from karier_desktop.services.idp._rules import IdpRules, load_rules, yearly_room, yearly_target
from karier_desktop.services.idp._signers import signers_for
from karier_desktop.services.idp._versions import OpenedDraft, copy_items, item_columns, open_drafts

__all__ = [
    "FUNDING_LABELS", "IdpRules", "LOCKED_MESSAGE", "PURPOSE_LABELS", "REPLACED_MESSAGE", "STATUS_LABELS",
    "BatchError", "BatchParams", "BatchResult", "ItemInput", "OpenedDraft", "PlanForm",
    "PlanItemRow", "PlanSummary", "PlanView", "RealisationRow", "Signers", "add_item", "approve",
    "copy_items", "current_plans", "documents_for_plans", "draft_missing_plans", "draft_plan",
    "employees_of_unit", "file_names", "find_plan", "get_plan", "item_columns", "load_rules", "list_plans",
    "move_down", "move_item", "move_up", "new_version", "open_drafts", "plan_for_print",
    "plan_json", "plan_json_for_nip", "prepare_documents", "realisation", "remove_item", "run_batch", "signers_for",
    "spread_months", "update_form", "update_item", "update_signers", "validate_item", "yearly_room",
    "yearly_target",
]

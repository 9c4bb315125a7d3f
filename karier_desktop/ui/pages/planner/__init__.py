"""The planner page (Rencana Anggaran) as a package: `page` (the page), `models` (its tables),
`widgets` (rupiah field, budget curve), `dialogs` (weights)."""

from __future__ import annotations

from karier_desktop.ui.pages.planner.dialogs import WeightsDialog
from karier_desktop.ui.pages.planner.models import FORBID_COL, PIN_COL, PlanRowModel
from karier_desktop.ui.pages.planner.page import PlannerPage
from karier_desktop.ui.pages.planner.widgets import CurveWidget, RupiahEdit, short_rupiah

__all__ = ["FORBID_COL", "PIN_COL", "CurveWidget", "PlanRowModel", "PlannerPage", "RupiahEdit",
           "WeightsDialog", "short_rupiah"]

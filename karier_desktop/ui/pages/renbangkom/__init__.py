"""The Renbangkom page: the regency's yearly plan built from the IDPs, its funding and
budgets, verification and setting, printing, plan against actual and IP ASN per OPD."""

from __future__ import annotations

from karier_desktop.ui.pages.renbangkom.page import RenbangkomPage

__all__ = ["RenbangkomPage"]

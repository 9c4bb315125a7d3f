"""Pertukaran Data (issue 14): SIASN training export and reconciliation with a SIASN export."""

from __future__ import annotations

from karier_desktop.ui.pages.exchange.packages_page import PackagesPage
from karier_desktop.ui.pages.exchange.page import ExchangePage

__all__ = ["ExchangePage", "PackagesPage"]

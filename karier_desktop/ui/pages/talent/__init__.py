"""The Talenta page: 9-box map, succession and retirement forecast (one module per part)."""

from __future__ import annotations

from karier_desktop.ui.pages.talent.page import TalentPage

__all__ = ["TalentPage"]

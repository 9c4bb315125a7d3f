"""Moved to `karier_desktop.ui.kit.widgets`. This alias keeps the pages other branches are changing
right now (planner, assessments, effectiveness, settings, renbangkom, exchange) importing the old
path until their imports are rewritten at merge; then this file goes."""

import sys

from karier_desktop.ui.kit import widgets as _moved

sys.modules[__name__] = _moved

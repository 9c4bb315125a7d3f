"""Moved to `karier_desktop.ui.kit.file_dialogs`. This alias keeps the pages other branches are changing
right now (planner, assessments, effectiveness, settings, renbangkom, exchange) importing the old
path until their imports are rewritten at merge; then this file goes."""

import sys

from karier_desktop.ui.kit import file_dialogs as _moved

sys.modules[__name__] = _moved

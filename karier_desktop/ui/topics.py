"""What changed: the topics `AppContext.changed()` announces and pages listen for.

An enum instead of free strings, so a slip is an error (`AppContext.changed` refuses an unknown
topic), and a test checks that every topic a page listens for is sent by some action. Catalogue
edits are announced as TRAINING: the catalogue is part of the training data.
"""

from __future__ import annotations

from enum import StrEnum


class Topic(StrEnum):
    ALL = "all"
    EMPLOYEES = "employees"
    ASSESSMENTS = "assessments"
    TRAINING = "training"
    STANDARDS = "standards"
    UNITS = "units"
    POSITIONS = "positions"
    COMPETENCIES = "competencies"
    SETTINGS = "settings"
    PLANS = "plans"
    TALENT = "talent"
    RENBANGKOM = "renbangkom"

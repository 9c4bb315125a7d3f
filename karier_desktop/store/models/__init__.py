"""The database schema (SQLAlchemy 2.x typed ORM), one module per feature.

Names of indexes and constraints are fixed by a naming convention so Alembic's batch mode can
find them on SQLite. Money is whole rupiah (BigInteger); levels are 1..5. Every model is
re-exported here: `from karier_desktop.store.models import Employee` and `models.Employee` keep
working, and importing this package registers every table on `Base.metadata` (Alembic's env).
"""

from __future__ import annotations

from karier_desktop.store.models._base import NAMING_CONVENTION, Base
from karier_desktop.store.models.accounts import User
from karier_desktop.store.models.exchange import (
    ExchangeConflict,
    ExchangeKey,
    ExchangeLog,
    SiasnTrainingState,
)
from karier_desktop.store.models.ipasn import IpAsnInput
from karier_desktop.store.models.organisation import (
    Competency,
    CompetencyLevel,
    Position,
    PositionKind,
    PositionStandard,
    Rank,
    RetirementFamily,
    Setting,
    Unit,
)
from karier_desktop.store.models.records import (
    Assessment,
    AssessmentResult,
    Budget,
    DevelopmentForm,
    DevelopmentPlan,
    Employee,
    PlanItem,
    Programme,
    ProgrammeTarget,
    TrainingRecord,
)
from karier_desktop.store.models.renbangkom import (
    RenbangkomBudget,
    RenbangkomLine,
    RenbangkomParticipant,
    RenbangkomPlan,
)
from karier_desktop.store.models.system import (
    AuditLog,
    ChangeStamp,
    ImportBatch,
    StartChange,
    StartupSnapshot,
)
from karier_desktop.store.models.talent import (
    CriticalPosition,
    PotentialResult,
    SkpResult,
    TalentOverride,
    TalentSetting,
)

__all__ = [
    "NAMING_CONVENTION", "Assessment", "AssessmentResult", "AuditLog", "Base", "Budget",
    "ChangeStamp", "Competency", "CompetencyLevel", "CriticalPosition", "DevelopmentForm",
    "DevelopmentPlan", "Employee", "ExchangeConflict", "ExchangeKey", "ExchangeLog",
    "ImportBatch", "IpAsnInput", "PlanItem", "Position", "PositionKind", "PositionStandard", "PotentialResult",
    "Programme", "ProgrammeTarget", "Rank", "RenbangkomBudget", "RenbangkomLine",
    "RenbangkomParticipant", "RenbangkomPlan", "RetirementFamily", "Setting",
    "SiasnTrainingState", "SkpResult", "StartChange", "StartupSnapshot", "TalentOverride", "TalentSetting", "User",
    "TrainingRecord", "Unit",
]

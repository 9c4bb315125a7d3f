"""Training: the programme catalogue, training records, JP conversion and 20-JP compliance.

Programmes are catalogue entries (form of development, provider, JP, cost, target competencies);
records are what an employee took part in (or is registered for). JP of a year counts finished
records ("selesai") by their start date, as on the employee page. Every change is validated,
written in one transaction and audited; bad input raises ValidationError and changes nothing.
The facade keeps every public name; the parts are `_catalogue`, `_records`, `_compliance`.
"""

from __future__ import annotations

from karier_desktop.services.errors import ValidationError
from karier_desktop.services.training._catalogue import (
    COST_BASES,
    STATUSES,
    ProgrammeInput,
    ProgrammeRow,
    TargetInput,
    cost_text,
    delete_programme,
    estimate_jp,
    jp_for,
    list_programmes,
    load_programme,
    participant_cost,
    save_programme,
    validate_programme,
)
from karier_desktop.services.training._compliance import (
    Compliance,
    EmployeeJp,
    UnitCompliance,
    compliance,
    compliance_from_rows,
)
from karier_desktop.services.training._record_table import (
    RecordTable,
    empty_records,
    read_records,
)
from karier_desktop.services.training._records import (
    EARLIEST_TRAINING,
    PLAN_HORIZON_YEARS,
    RecordFilter,
    RecordInput,
    RecordRow,
    apply_record_filter,
    delete_record,
    list_records,
    load_record,
    programme_defaults,
    record_years,
    save_record,
    validate_record,
)

__all__ = [
    "COST_BASES",
    "Compliance",
    "EARLIEST_TRAINING",
    "EmployeeJp",
    "PLAN_HORIZON_YEARS",
    "ProgrammeInput",
    "ProgrammeRow",
    "RecordFilter",
    "RecordInput",
    "RecordRow",
    "RecordTable",
    "STATUSES",
    "TargetInput",
    "UnitCompliance",
    "ValidationError",
    "apply_record_filter",
    "compliance",
    "compliance_from_rows",
    "cost_text",
    "delete_programme",
    "delete_record",
    "empty_records",
    "estimate_jp",
    "jp_for",
    "list_programmes",
    "list_records",
    "load_programme",
    "load_record",
    "participant_cost",
    "programme_defaults",
    "read_records",
    "record_years",
    "save_programme",
    "save_record",
    "validate_programme",
    "validate_record",
]

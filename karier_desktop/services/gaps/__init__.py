"""Competency gaps and Job Person Match (JPM): for one employee and in bulk (`employee`), and
for a unit with its ranking, heat map and recap (`unit`, imported as
`from karier_desktop.services.gaps import unit`)."""

from __future__ import annotations

from karier_desktop.services.gaps.employee import (
    EXPIRED,
    KIND_ORDER,
    EmployeeGap,
    GapLine,
    JpmSummary,
    counted_until,
    employee_gap,
    employee_id_by_nip,
    gap_category,
    jpm_all,
    latest_levels,
    validity_cutoff,
)

__all__ = ["EXPIRED", "KIND_ORDER", "gap_category", "EmployeeGap", "GapLine", "JpmSummary", "counted_until",
           "employee_gap", "employee_id_by_nip", "jpm_all", "latest_levels", "validity_cutoff"]

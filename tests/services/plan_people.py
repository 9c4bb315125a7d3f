"""Employees of a made-up planner problem (one OPD "Dinas Uji", every one under the 20 JP), for
the tests that build a `PlanProblem` by hand."""

from __future__ import annotations

from typing import Any

from karier_desktop.services.planner.model import PlanEmployee


def plan_employees(people: int, **fields: Any) -> tuple[PlanEmployee, ...]:
    """`people` pelaksana with ids from 1 and distinct NIPs; `fields` set the same value for all
    (e.g. employee_type="PPPK", jp_room=24.0)."""
    return tuple(PlanEmployee(
        id=i + 1, nip=f"1980010120050110{i:04d}", name=f"Pegawai {i}", unit_id=1, opd_id=1,
        opd_name="Dinas Uji", position_kind="pelaksana", structural=False, jp_year=0.0,
        under_minimum=True, **fields) for i in range(people))

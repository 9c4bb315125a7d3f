"""The clerk's time limit at a province's size: the quick plan stops at its deadline with a valid
plan, the limit counts the reading, and the exact plan's core follows the time left."""

from __future__ import annotations

import datetime as dt

from plan_people import plan_employees

from karier_desktop.services import planner
from karier_desktop.services.planner.model import (
    Candidate,
    Need,
    PlanLimits,
    PlanProblem,
    PlanProgramme,
    evaluate,
)

TODAY = dt.date(2026, 11, 29)


def _wide_problem(people: int) -> PlanProblem:
    """`people` employees with one gap each and one programme that closes it."""
    employees = plan_employees(people)
    prog = PlanProgramme(id=1, code="P01", title="Pelatihan Teknis", form_code="KL03",
                         provider="BPSDM", jp=16.0, cost_per_participant=1_000_000,
                         cost_basis="per_participant", class_cost=0, min_participants=1,
                         max_participants=people)
    needs = tuple(Need(e, 1, "T.01", "Teknis", "teknis", 3, 2, 1, 1.0 + (e % 7) / 10)
                  for e in range(people))
    cands = tuple(Candidate(e, 0, ((e, 1),), needs[e].weight) for e in range(people))
    return PlanProblem(2027, employees, (prog,), needs, cands)


def test_past_its_deadline_the_quick_plan_skips_the_repair_pass() -> None:
    problem = _wide_problem(3_000)
    budget = 1_000_000_000  # a thousand of the three thousand
    late = planner.greedy(problem, budget, deadline=5.0, clock=lambda: 6.0)
    assert late == planner.greedy(problem, budget, repair=False)
    assert len(late) == 1_000  # the first pass is never cut: the money is spent
    assert evaluate(problem, late, budget, PlanLimits()).feasible
    best = {c.employee for i, c in enumerate(problem.candidates) if i in late}
    assert min(problem.needs[e].weight for e in best) >= \
        max(problem.needs[e].weight for e in range(3_000) if e not in best)  # best first


def test_the_limit_counts_the_reading(demo_db) -> None:
    """A limit shorter than the reading leaves only the quick plan, said in plain words."""
    with demo_db.read_scope() as s:
        result = planner.plan_for_year(s, 2027, 150_000_000, time_limit=0.01, today=TODAY)
    assert result.status == planner.SIMPLE
    assert result.funded and result.cost <= 150_000_000
    text = planner.comparison_text(result)
    assert "rencana optimal belum dihitung" in text
    assert "Dari batas 0,01 detik, membaca data memakan" in text  # why, in plain words
    assert "Tambah batas waktu atau persempit unit kerja" in text


def test_the_exact_core_follows_the_time_left() -> None:
    # 400,000 pairs whose quick plan took 4 s: ~38,000 pairs fit 10 s, never fewer than
    # CORE_MINIMUM, never more than asked
    fit = planner.core_size(400_000, 4.0, 10.0, 60_000)
    assert planner.CORE_MINIMUM < fit < 60_000
    assert planner.core_size(400_000, 4.0, 0.0, 60_000) == planner.CORE_MINIMUM
    assert planner.core_size(400_000, 0.01, 10.0, 60_000) == 60_000
    assert planner.core_size(400_000, 4.0, 10.0, 500) == 500

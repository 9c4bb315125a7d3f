"""The clerk's limit holds whatever HiGHS does: a large model runs in a worker process that is
ended past the limit, and the plan then is the best one found (at least the quick plan), said
in plain words. The clock is injected; nothing here is timed."""

from __future__ import annotations

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
from karier_desktop.services.planner.worker import WORKER_PAIRS


def _hard_problem(people: int) -> PlanProblem:
    """Classes that must fill, a JP cap that allows one of two programmes per person, and
    two competencies each: a knapsack with class blocks, as the province's plans are."""
    employees = plan_employees(people, employee_type="PPPK", jp_room=24.0)
    progs = tuple(PlanProgramme(
        id=p + 1, code=f"P{p:02d}", title=f"Pelatihan {p}", form_code="KL03", provider="BPSDM",
        jp=16.0 + p % 3, cost_per_participant=700_000 + 90_000 * p, cost_basis="per_class",
        class_cost=9_000_000 + 500_000 * p, min_participants=12, max_participants=30)
        for p in range(8))
    needs, cands = [], []
    for e in range(people):
        for k in range(2):
            needs.append(Need(e, k + 1, f"T.0{k + 1}", "Teknis", "teknis", 4, 1, 3,
                              1.0 + ((e * 7 + k * 3) % 11) / 10))
        for p in ((e + 1) % 8, (e * 5 + 3) % 8):
            need = 2 * e + (p % 2)
            lv = 1 + (e + p) % 3
            cands.append(Candidate(e, p, ((need, lv),), needs[need].weight * lv))
    return PlanProblem(2027, employees, progs, tuple(needs), tuple(cands))


class _Clock:
    """A clock that stands still until the exact plan's solver is waited for, then jumps an
    hour: HiGHS is then 'past the limit' however fast it would have been."""

    def __init__(self) -> None:
        self.now = 0.0
        self.messages: list[str] = []

    def __call__(self) -> float:
        return self.now

    def progress(self, message: str, _frac: float) -> None:
        self.messages.append(message)
        if message.startswith("Menghitung rencana optimal"):
            self.now = 3600.0


def test_past_the_limit_the_solver_is_ended_and_the_quick_plan_stays() -> None:
    problem = _hard_problem(1_500)
    assert len(problem.candidates) >= WORKER_PAIRS  # the size that runs in the worker
    budget = 400_000_000
    clock = _Clock()
    result = planner.plan(problem, budget, time_limit=60.0, curve_factors=None,
                          progress=clock.progress, clock=clock)
    assert result.status == planner.STOPPED
    assert "dihentikan" in result.status_text
    assert result.funded and result.cost <= budget
    assert result.objective >= result.greedy_objective - 1e-9  # never below the quick plan
    chosen = {(r.employee_id, r.programme_id) for r in result.funded}
    index = {(problem.employees[c.employee].id, problem.programmes[c.programme].id): i
             for i, c in enumerate(problem.candidates)}
    assert evaluate(problem, frozenset(index[k] for k in chosen), budget, PlanLimits()).feasible
    text = planner.comparison_text(result)
    assert text.startswith("Penghitung rencana optimal dihentikan pada batas waktu")
    assert "cara sederhana" in text


def test_a_large_model_solved_in_the_worker_reports_its_gap() -> None:
    problem = _hard_problem(1_500)
    result = planner.plan(problem, 400_000_000, time_limit=5.0, curve_factors=None)
    assert result.status in ("optimal", "dalam_toleransi", "batas_waktu")
    assert result.gap_percent is not None
    assert result.objective >= result.greedy_objective - 1e-9

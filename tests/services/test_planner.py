"""The budget planner: exact plans against brute force, the class rules, and accepting a plan."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import func, select

from karier_desktop.services import planner
from karier_desktop.services.planner.build import build_problem
from karier_desktop.services.planner.model import (
    Candidate,
    Need,
    PlanEmployee,
    PlanLimits,
    PlannerWeights,
    PlanProblem,
    PlanProgramme,
    evaluate,
)
from karier_desktop.store import models as m

TODAY = dt.date(2026, 11, 29)


def _employee(i: int) -> PlanEmployee:
    return PlanEmployee(id=100 + i, nip=f"19800101200501100{i % 10}", name=f"Pegawai {i}",
                        unit_id=1, opd_id=1, opd_name="Dinas Uji", position_kind="pelaksana",
                        structural=False, jp_year=0.0, under_minimum=True)


def _programme(i: int, rng: random.Random) -> PlanProgramme:
    basis = rng.choice(("per_participant", "per_participant", "per_class"))
    lo = rng.choice((1, 1, 2, 3))
    hi = rng.choice((lo, lo + 1, lo + 2, 10))
    return PlanProgramme(id=200 + i, code=f"X{i:02d}", title=f"Program {i}", form_code="KL03",
                         provider="BPSDM", jp=float(rng.choice((8, 16, 24, 40))),
                         cost_per_participant=rng.choice((0, 1, 2, 3, 5)) * 1_000_000,
                         cost_basis=basis,
                         class_cost=rng.choice((0, 2, 4, 6)) * 1_000_000 if basis == "per_class" else 0,
                         min_participants=lo, max_participants=hi)


def random_problem(seed: int) -> PlanProblem:
    """A small problem of at most 12 candidate pairs, built without a database."""
    rng = random.Random(seed)
    employees = [_employee(i) for i in range(rng.randint(2, 5))]
    programmes = [_programme(i, rng) for i in range(rng.randint(2, 4))]
    needs: list[Need] = []
    for e in range(len(employees)):
        for c in rng.sample(range(4), rng.randint(1, 3)):
            gap = rng.randint(1, 3)
            needs.append(Need(e, c + 1, f"K.{c}", f"Kompetensi {c}", "teknis", 4, 4 - gap, gap,
                              rng.choice((1.0, 1.25, 1.5, 2.0))))
    candidates: list[Candidate] = []
    pairs = [(e, p) for e in range(len(employees)) for p in range(len(programmes))]
    rng.shuffle(pairs)
    for e, p in pairs:
        mine = [n for n, nd in enumerate(needs) if nd.employee == e]
        covered = rng.sample(mine, rng.randint(1, len(mine)))
        closes = tuple((n, rng.randint(1, 2)) for n in covered)
        value = sum(needs[n].weight * min(lv, needs[n].gap) for n, lv in closes)
        candidates.append(Candidate(e, p, closes, value))
        if len(candidates) == 12:
            break
    return PlanProblem(year=2027, employees=tuple(employees), programmes=tuple(programmes),
                       needs=tuple(needs), candidates=tuple(candidates))


@pytest.mark.parametrize("seed", range(60))
def test_exact_plan_equals_brute_force_and_greedy_is_not_better(seed: int) -> None:
    problem = random_problem(seed)
    rng = random.Random(seed * 7 + 1)
    budget = rng.choice((0, 3, 6, 10, 20)) * 1_000_000
    limits = PlanLimits(max_jp_per_employee=rng.choice((None, 24.0, 48.0)),
                        respect_min_participants=rng.random() < 0.8)
    best = planner.brute_force(problem, budget, limits)
    out = planner.solve(problem, budget, limits, time_limit=10)
    assert best is not None  # funding nobody is always allowed
    assert out.status == "optimal"
    ev = evaluate(problem, out.chosen, budget, limits)
    assert ev.feasible
    assert ev.cost <= budget
    assert ev.value == pytest.approx(best[0], abs=1e-6)
    g = evaluate(problem, planner.greedy(problem, budget, limits), budget, limits)
    assert g.feasible
    assert g.value <= best[0] + 1e-6


@pytest.mark.parametrize("seed", range(20))
def test_pins_and_forbids_are_kept(seed: int) -> None:
    problem = random_problem(1000 + seed)
    rng = random.Random(seed)
    budget = 12_000_000
    limits = PlanLimits(respect_min_participants=False)
    idx = list(range(len(problem.candidates)))
    rng.shuffle(idx)
    forbids = frozenset(idx[:2])
    pins = frozenset(i for i in idx[2:3]
                     if evaluate(problem, {i}, budget, limits).feasible)
    best = planner.brute_force(problem, budget, limits, pins, forbids)
    out = planner.solve(problem, budget, limits, pins, forbids, time_limit=10)
    assert best is not None
    assert pins <= out.chosen
    assert not out.chosen & forbids
    assert evaluate(problem, out.chosen, budget, limits).value == pytest.approx(best[0])


def _one_programme(basis: str, *, cpp: int, class_cost: int, lo: int, hi: int,
                   people: int) -> PlanProblem:
    employees = tuple(_employee(i) for i in range(people))
    needs = tuple(Need(e, 1, "T.01", "Teknis", "teknis", 3, 2, 1, 1.0) for e in range(people))
    prog = PlanProgramme(1, "K01", "Kelas", "KL03", "BPSDM", 24.0, cpp, basis, class_cost, lo, hi)
    cands = tuple(Candidate(e, 0, ((e, 1),), 1.0) for e in range(people))
    return PlanProblem(2027, employees, (prog,), needs, cands)


def test_a_class_that_does_not_fill_does_not_run() -> None:
    problem = _one_programme("per_class", cpp=100_000, class_cost=5_000_000, lo=5, hi=10,
                             people=4)
    out = planner.solve(problem, 100_000_000, PlanLimits(), time_limit=10)
    assert out.chosen == frozenset()
    result = planner.plan(problem, 100_000_000, PlanLimits(), curve_factors=None)
    assert {r.reason for r in result.not_funded} == {planner.REASON_CLASS}
    # Without the minimum the class runs for the four.
    loose = planner.solve(problem, 100_000_000, PlanLimits(respect_min_participants=False))
    assert len(loose.chosen) == 4


def test_per_class_cost_buys_whole_classes() -> None:
    problem = _one_programme("per_class", cpp=100_000, class_cost=5_000_000, lo=1, hi=10,
                             people=25)
    # 15 million pays two classes (10.0 M) and 20 participants (2.0 M); a third class is too dear.
    out = planner.solve(problem, 15_000_000, PlanLimits(), time_limit=10)
    ev = evaluate(problem, out.chosen, 15_000_000, PlanLimits())
    assert len(out.chosen) == 20
    assert ev.classes == {0: 2}
    assert ev.cost == 12_000_000
    result = planner.plan(problem, 15_000_000, PlanLimits(), curve_factors=None)
    assert result.cost == 12_000_000
    assert {r.reason for r in result.not_funded} == {planner.REASON_BUDGET}
    assert all(r.cost == 600_000 for r in result.funded)  # 12 M shared by 20


def test_budget_and_jp_limit_are_respected() -> None:
    problem = _one_programme("per_participant", cpp=2_000_000, class_cost=0, lo=1, hi=30,
                             people=10)
    out = planner.solve(problem, 9_000_000, PlanLimits())
    assert len(out.chosen) == 4
    capped = planner.plan(problem, 100_000_000, PlanLimits(max_jp_per_employee=20),
                          curve_factors=None)
    assert capped.funded == ()
    assert {r.reason for r in capped.not_funded} == {planner.REASON_JP}


def test_two_programmes_on_one_gap_do_not_count_twice() -> None:
    employees = (_employee(0),)
    needs = (Need(0, 1, "T.01", "Teknis", "teknis", 3, 2, 1, 1.0),)
    progs = tuple(PlanProgramme(i + 1, f"K0{i}", f"P{i}", "KL03", "", 8.0, 0, "per_participant",
                                0, 1, 30) for i in range(2))
    cands = (Candidate(0, 0, ((0, 1),), 1.0), Candidate(0, 1, ((0, 1),), 1.0))
    problem = PlanProblem(2027, employees, progs, needs, cands)
    out = planner.solve(problem, 0, PlanLimits())
    assert evaluate(problem, out.chosen, 0, PlanLimits()).value == 1.0
    assert len(out.chosen) == 1  # the useless second one is not funded


def test_pinned_plan_that_breaks_the_budget_is_reported() -> None:
    problem = _one_programme("per_participant", cpp=2_000_000, class_cost=0, lo=1, hi=30,
                             people=3)
    result = planner.plan(problem, 3_000_000, PlanLimits(),
                          pins=[(100, 1), (101, 1)], curve_factors=None)
    assert result.status == "tidak_layak"
    assert "dikunci" in result.status_text


# --- on the demo regency


def test_plan_on_demo_regency_and_accept_into_idps(demo_db) -> None:
    with demo_db.session_scope() as s:
        result = planner.plan_for_year(s, 2027, 150_000_000, time_limit=20,
                                       curve_factors=(0.5, 1.0), today=TODAY)
    assert result.status in planner.SOLVED
    assert result.cost <= 150_000_000
    assert result.objective >= result.greedy_objective - 1e-6
    assert result.funded and result.not_funded
    assert [c.budget for c in result.curve] == [75_000_000, 150_000_000]
    assert result.curve[0].objective <= result.curve[1].objective * 1.006
    assert sum(u.funded for u in result.units) == len(result.funded)
    assert sum(r.cost for r in result.funded) == result.cost

    first = result.funded[0]
    with demo_db.session_scope() as s:
        # An approved plan of the first employee must stay untouched.
        approved = m.DevelopmentPlan(employee_id=first.employee_id, year=2027, version=1,
                                     status="disetujui", head_name="Kepala")
        s.add(approved)
        s.flush()
        s.add(m.PlanItem(plan_id=approved.id, seq=1, activity="Coaching", jp=10, cost=0))
    with demo_db.session_scope() as s:
        summary = planner.accept(s, result, 2027)
    # merged, never stacked: a competency already planned for the employee is not added twice
    assert summary.items_added + summary.items_skipped == len(result.funded)
    assert summary.items_added <= len(result.funded)
    assert summary.new_versions == 1
    with demo_db.session_scope() as s:
        items = s.scalar(select(func.count()).select_from(m.PlanItem)
                         .where(m.PlanItem.source == "anggaran"))
        assert items == summary.items_added
        per_plan = s.execute(select(m.PlanItem.plan_id, m.PlanItem.competency_id, func.count())
                             .where(m.PlanItem.competency_id.is_not(None))
                             .group_by(m.PlanItem.plan_id, m.PlanItem.competency_id)).all()
        assert all(n == 1 for _p, _c, n in per_plan)
        assert s.scalar(select(func.count()).select_from(m.PlanItem)
                        .where(m.PlanItem.source == "anggaran", m.PlanItem.month.is_(None))) == 0
        plans = s.execute(select(m.DevelopmentPlan.version, m.DevelopmentPlan.status)
                          .where(m.DevelopmentPlan.employee_id == first.employee_id)
                          .order_by(m.DevelopmentPlan.version)).all()
        assert plans == [(1, "disetujui"), (2, "draf")]
        old_items = s.scalar(select(func.count()).select_from(m.PlanItem)
                             .where(m.PlanItem.plan_id == approved.id))
        assert old_items == 1
        copied = s.scalars(select(m.PlanItem.activity).join(m.DevelopmentPlan).where(
            m.DevelopmentPlan.employee_id == first.employee_id,
            m.DevelopmentPlan.version == 2).order_by(m.PlanItem.seq)).all()
        assert copied[0] == "Coaching" and first.title in copied
        assert s.scalar(select(func.count()).select_from(m.AuditLog)
                        .where(m.AuditLog.action == "terima_rencana")) == 1
    # Accepting again appends nothing: the drafts already hold the items.
    with demo_db.session_scope() as s:
        again = planner.accept(s, result, 2027)
    assert again.items_added == 0
    assert again.items_skipped == len(result.funded)
    assert again.plans_created == 0


def test_missing_assessments_are_not_planned_and_weights_change_values(demo_db) -> None:
    with demo_db.session_scope() as s:
        plain = build_problem(s, 2027, today=TODAY)
        heavy = build_problem(s, 2027, today=TODAY, weights=PlannerWeights(kind_teknis=3.0))
        stale = build_problem(s, 2027, today=TODAY, weights=PlannerWeights(stale_factor=0.5))
        assessed = set(s.scalars(select(m.Assessment.employee_id)
                                 .where(m.Assessment.assessed_on > dt.date(2023, 11, 29))))
    planned = {plain.employees[c.employee].id for c in plain.candidates}
    assert planned <= assessed
    assert plain.without_assessment > 0
    teknis = [n for n in plain.needs if n.kind == "teknis"]
    assert teknis
    assert sum(n.weight for n in heavy.needs if n.kind == "teknis") == pytest.approx(
        3 * sum(n.weight for n in teknis))
    assert len(stale.needs) > len(plain.needs)

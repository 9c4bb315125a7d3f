"""The planner's rules by default: per-person JP and rupiah ceilings of the employee type (PPPK
at most 24 JP in the year), each funding source's ceiling, the greedy repair pass, IP ASN points,
and the greedy plan when the time limit passes while the model is being built."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import select, update

from karier_desktop.services import planner, renbangkom
from karier_desktop.services.planner.build import build_problem
from karier_desktop.services.planner.mip import BuildTimeout, _Clock
from karier_desktop.services.planner.model import (
    IPASN_KIND,
    Candidate,
    Need,
    PlanEmployee,
    PlanLimits,
    PlannerWeights,
    PlanProblem,
    PlanProgramme,
    evaluate,
)
from karier_desktop.services.training import participant_cost
from karier_desktop.store import models as m

TODAY = dt.date(2026, 11, 29)
SOURCES = ("apbd_kab", "apbd_prov", "apbn")


def _ruled_problem(seed: int) -> PlanProblem:
    """A small random problem whose employees have JP/rupiah rooms and whose programmes are
    paid from different sources with their own ceilings."""
    rng = random.Random(seed)
    employees = tuple(PlanEmployee(
        id=100 + i, nip=f"19800101200501100{i}", name=f"Pegawai {i}", unit_id=1, opd_id=1,
        opd_name="Dinas Uji", position_kind="pelaksana", structural=False, jp_year=0.0,
        under_minimum=True, employee_type=rng.choice(("PNS", "PPPK")),
        jp_room=rng.choice((16.0, 24.0, 40.0, None)),
        cost_room=rng.choice((2_000_000, 5_000_000, None))) for i in range(rng.randint(2, 4)))
    programmes = tuple(PlanProgramme(
        id=200 + i, code=f"X{i}", title=f"Program {i}", form_code="KL03", provider="BPSDM",
        jp=float(rng.choice((8, 16, 24))), cost_per_participant=rng.choice((0, 1, 2, 3)) * 10**6,
        cost_basis="per_participant", class_cost=0, min_participants=rng.choice((1, 1, 2)),
        max_participants=rng.choice((2, 10)), source=rng.choice(SOURCES))
        for i in range(rng.randint(2, 4)))
    needs, candidates = [], []
    for e in range(len(employees)):
        for c in range(rng.randint(1, 2)):
            needs.append(Need(e, c + 1, f"K.{c}", f"Kompetensi {c}", "teknis", 4, 2, 2,
                              rng.choice((1.0, 1.5, 2.0))))
    for e in range(len(employees)):
        mine = [n for n, nd in enumerate(needs) if nd.employee == e]
        for p in range(len(programmes)):
            if len(candidates) < 12 and rng.random() < 0.8:
                closes = tuple((n, rng.randint(1, 2)) for n in rng.sample(mine, 1))
                candidates.append(Candidate(e, p, closes, sum(needs[n].weight * lv
                                                              for n, lv in closes)))
    budgets = tuple((s, rng.choice((1, 2, 4)) * 10**6) for s in rng.sample(SOURCES, 2))
    return PlanProblem(2027, employees, programmes, tuple(needs), tuple(candidates),
                       source_budgets=budgets)


@pytest.mark.parametrize("seed", range(40))
def test_exact_plan_keeps_person_and_source_ceilings_like_brute_force(seed: int) -> None:
    problem = _ruled_problem(seed)
    budget = random.Random(seed).choice((3, 6, 12)) * 10**6
    limits = PlanLimits()
    best = planner.brute_force(problem, budget, limits)
    out = planner.solve(problem, budget, limits, time_limit=10)
    quick = planner.greedy(problem, budget, limits)
    assert evaluate(problem, quick, budget, limits).feasible
    if best is None:
        assert out.status == "tidak_layak"
        return
    ev = evaluate(problem, out.chosen, budget, limits)
    assert ev.feasible
    assert ev.value == pytest.approx(best[0], abs=1e-6)
    assert evaluate(problem, quick, budget, limits).value <= best[0] + 1e-6
    for source, top in problem.source_budgets:
        assert ev.by_source.get(source, 0) <= top


def _room_problem() -> PlanProblem:
    """One PNS with room for 24 JP: a cheap 8-JP course (best value per rupiah) and a 24-JP
    course worth more, which greedy can no longer fit once it took the cheap one."""
    emp = PlanEmployee(id=1, nip="198001012005011001", name="Ani", unit_id=1, opd_id=1,
                       opd_name="Dinas Uji", position_kind="pelaksana", structural=False,
                       jp_year=0.0, under_minimum=True, jp_room=24.0, cost_room=None)
    cheap = PlanProgramme(1, "A", "Kursus singkat", "KL03", "BKPP", 8.0, 1_000_000,
                          "per_participant", 0, 1, 30)
    full = PlanProgramme(2, "B", "Pelatihan teknis", "KL03", "BKPP", 24.0, 10_000_000,
                         "per_participant", 0, 1, 30)
    needs = (Need(0, 1, "T.01", "Teknis 1", "teknis", 4, 3, 1, 1.0),
             Need(0, 2, "T.02", "Teknis 2", "teknis", 4, 1, 3, 1.0))
    cands = (Candidate(0, 0, ((0, 1),), 1.0), Candidate(0, 1, ((1, 3), (0, 1)), 4.0))
    return PlanProblem(2027, (emp,), (cheap, full), needs, cands)


def test_repair_pass_spends_what_the_greedy_left_while_needs_remain() -> None:
    problem = _room_problem()
    limits, budget = PlanLimits(), 12_000_000
    plain = evaluate(problem, planner.greedy(problem, budget, limits, repair=False), budget,
                     limits)
    repaired = evaluate(problem, planner.greedy(problem, budget, limits), budget, limits)
    assert plain.cost == 1_000_000 and plain.value == 1.0  # 11 million left, needs open
    assert repaired.feasible
    assert repaired.cost == 10_000_000 and repaired.value == 4.0
    assert repaired.jp == {0: 24.0}


def _ppk_and_ceilings(s) -> tuple[dict[int, str], dict[int, float]]:
    """Half the demo's employees made PPPK; some already took 16 JP this year."""
    ids = s.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")
                    .order_by(m.Employee.id)).all()
    pppk = ids[::2]
    s.execute(update(m.Employee).where(m.Employee.id.in_(pppk)).values(employee_type="PPPK"))
    taken = {}
    for eid in pppk[:40]:
        s.add(m.TrainingRecord(employee_id=eid, title="Bimtek yang sudah diikuti", jp=16,
                               start_date=dt.date(2027, 2, 1), end_date=dt.date(2027, 2, 3),
                               status="selesai", cost=0))
        taken[eid] = 16.0
    types = dict(s.execute(select(m.Employee.id, m.Employee.employee_type)).all())
    return types, taken


def test_pppk_never_over_24_jp_and_the_ceilings_of_each_type_hold(demo_db) -> None:
    with demo_db.session_scope() as s:
        types, taken = _ppk_and_ceilings(s)
    with demo_db.read_scope() as s:
        result = planner.plan_for_year(s, 2027, 2_000_000_000, time_limit=20,
                                       curve_factors=None, today=TODAY)
        prices = {pid: participant_cost(cpp, basis, cls, mx) for pid, cpp, basis, cls, mx in
                  s.execute(select(m.Programme.id, m.Programme.cost_per_participant,
                                   m.Programme.cost_basis, m.Programme.class_cost,
                                   m.Programme.max_participants))}
        free = planner.plan_for_year(s, 2027, 2_000_000_000, time_limit=20, curve_factors=None,
                                     limits=PlanLimits(person_rules=False), today=TODAY)
    assert result.status in planner.SOLVED and result.funded
    jp: dict[int, float] = {}
    cost: dict[int, int] = {}
    for r in result.funded:
        jp[r.employee_id] = jp.get(r.employee_id, 0.0) + r.jp
        cost[r.employee_id] = cost.get(r.employee_id, 0) + prices[r.programme_id]
    assert any(types[e] == "PPPK" for e in jp)
    for e, planned in jp.items():
        if types[e] == "PPPK":
            assert planned + taken.get(e, 0.0) <= 24  # PP 49/2018: 24 JP a contract year
            assert cost[e] <= 3_000_000
        else:
            assert planned <= 40 and cost[e] <= 7_500_000
    unbounded = {}
    for r in free.funded:
        unbounded[r.employee_id] = unbounded.get(r.employee_id, 0.0) + r.jp
    assert max(unbounded.values()) > 40  # without the rules the same plan goes beyond them
    assert any(r.reason == planner.REASON_JP for r in result.not_funded)


def test_a_funding_source_ceiling_holds(demo_db) -> None:
    with demo_db.session_scope() as s:
        renbangkom.set_budget(s, 2027, "apbd_kab", 20_000_000)
    with demo_db.read_scope() as s:
        result = planner.plan_for_year(s, 2027, 150_000_000, time_limit=20,
                                       curve_factors=None, today=TODAY)
        wider = planner.plan_for_year(s, 2027, 150_000_000, time_limit=20, curve_factors=None,
                                      limits=PlanLimits(source_ceilings=(("apbd_kab",
                                                                          60_000_000),)),
                                      today=TODAY)
    spent = {src: used for src, used, _g, _top in result.by_source}
    tops = {src: top for src, _u, _g, top in result.by_source}
    assert tops["apbd_kab"] == 20_000_000
    assert 0 < spent["apbd_kab"] <= 20_000_000
    assert result.cost <= 20_000_000 + spent.get("apbd_prov", 0) + spent.get("apbn", 0)
    assert {src: g for src, _u, g, _t in result.by_source}["apbd_kab"] <= 20_000_000
    assert 20_000_000 < wider.cost <= 60_000_000
    text = planner.comparison_text(result)
    assert "menyisakan" in text and "cara sederhana" in text


def test_ipasn_points_weighted_add_value_to_the_plan(demo_db) -> None:
    with demo_db.read_scope() as s:
        plain = build_problem(s, 2027, today=TODAY)
        weighted = build_problem(s, 2027, today=TODAY,
                                 weights=PlannerWeights(ipasn_points=1.0))
    extra = [n for n in weighted.needs if n.kind == IPASN_KIND]
    assert extra and not [n for n in plain.needs if n.kind == IPASN_KIND]
    assert len(weighted.candidates) == len(plain.candidates)
    result = planner.plan(weighted, 150_000_000, time_limit=15, curve_factors=None)
    assert any("IP ASN" in r.competencies for r in result.funded)


class _SteppingClock:
    """A clock that moves one second each time it is read."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def test_clock_gives_up_building_when_the_projection_passes_the_deadline() -> None:
    clock = _SteppingClock()
    watch = _Clock(deadline=50.0, clock=clock, steps=1_000_000)
    with pytest.raises(BuildTimeout):  # 2,000 of 1,000,000 steps took a second: 500 s to go
        for _ in range(2_000):
            watch.tick()
    assert clock.now < 5  # checked every 2,000 steps, not at every step


class _ManualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_short_stall_at_the_start_of_building_does_not_give_up() -> None:
    # Measured at 100k: the first 2,000 steps took 0.26 s while the worker process started,
    # which projected 54 s; the whole model was then built in a few seconds.
    clock = _ManualClock()
    watch = _Clock(deadline=11.0, clock=clock, steps=416_000)
    clock.now = 0.26
    for _ in range(2_000):
        watch.tick()  # projected far past the deadline, but after only 0.26 s: go on
    clock.now = 0.5
    for _ in range(100_000):
        watch.tick()  # then quick: building goes on
    assert watch.done == 102_000


def test_deadline_while_building_the_model_returns_the_greedy_plan(demo_db) -> None:
    with demo_db.read_scope() as s:
        problem = build_problem(s, 2027, today=TODAY)
    result = planner.plan(problem, 150_000_000, time_limit=6, clock=_SteppingClock())
    quick = planner.greedy(problem, 150_000_000)
    assert result.status == planner.SIMPLE
    assert result.status in planner.SOLVED  # the clerk may still accept it
    assert "batas waktu" in result.status_text and "cara sederhana" in result.status_text
    assert result.objective == pytest.approx(result.greedy_objective)
    assert len(result.funded) == len(quick)
    assert result.curve == ()
    text = planner.comparison_text(result)
    assert "rencana optimal belum dihitung" in text


def test_at_scale_the_exact_plan_works_on_a_core_of_the_best_pairs(demo_db) -> None:
    with demo_db.read_scope() as s:
        problem = build_problem(s, 2027, today=TODAY)
    core = max(50, len(problem.candidates) // 4)
    result = planner.plan(problem, 60_000_000, time_limit=15, curve_factors=None,
                          core_candidates=core)
    assert result.status in planner.SOLVED and result.status != planner.SIMPLE
    assert core <= result.exact_candidates < len(problem.candidates)
    assert result.objective >= result.greedy_objective - 1e-6  # the greedy plan is in the core
    assert result.cost <= 60_000_000
    assert "pasangan" in planner.comparison_text(result)

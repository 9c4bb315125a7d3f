"""The greedy budget plan (value per rupiah) under the same rules as the exact plan, and the
candidate sets (pins, forbids, blocked) both of them share."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Collection

from karier_desktop.services.planner.model import (
    PlanLimits,
    PlanProblem,
    classes_for,
    needs_class,
    programme_cost,
)


def _pin_sets(problem: PlanProblem, pins: Collection[tuple[int, int]],
              forbids: Collection[tuple[int, int]]) -> tuple[frozenset[int], frozenset[int]]:
    """Candidate indices of (employee id, programme id) pins and forbids."""
    pin_keys, forbid_keys = set(pins), set(forbids)
    pinned, forbidden = set(), set()
    for i, c in enumerate(problem.candidates):
        key = (problem.employees[c.employee].id, problem.programmes[c.programme].id)
        if key in forbid_keys:
            forbidden.add(i)
        elif key in pin_keys:
            pinned.add(i)
    return frozenset(pinned), frozenset(forbidden)


def _blocked(problem: PlanProblem, limits: PlanLimits, forbidden: frozenset[int]) -> set[int]:
    cap = limits.max_jp_per_employee
    out = set(forbidden)
    if cap is not None:
        out |= {i for i, c in enumerate(problem.candidates)
                if problem.programmes[c.programme].jp > cap + 1e-9}
    return out


def greedy(problem: PlanProblem, budget: int, limits: PlanLimits | None = None,
           pins: frozenset[int] = frozenset(), forbids: frozenset[int] = frozenset()
           ) -> frozenset[int]:
    """Value-per-rupiah greedy under the same rules; a class opens only when it fills."""
    limits = limits or PlanLimits()
    return _Greedy(problem, budget, limits, pins, _blocked(problem, limits, forbids)).run()


class _Greedy:
    """Lazy greedy by value per rupiah. Candidates of per-participant programmes without a
    group rule are single items; programmes with classes or a minimum group are block items
    (the best group that forms a valid class); once a class runs, its free seats are singles."""

    def __init__(self, problem: PlanProblem, budget: int, limits: PlanLimits,
                 pins: frozenset[int], blocked: set[int]) -> None:
        self.p, self.budget, self.limits = problem, budget, limits
        self.chosen: set[int] = set()
        self.covered: dict[int, int] = defaultdict(int)
        self.n: dict[int, int] = defaultdict(int)
        self.jp: dict[int, float] = defaultdict(float)
        self.spent = 0
        self.pins = pins
        self.members: dict[int, list[int]] = defaultdict(list)
        for i, c in enumerate(problem.candidates):
            if i not in blocked and i not in pins:
                self.members[c.programme].append(i)
        self.heap: list[tuple[float, int, int, int]] = []  # (-ratio, tiebreak, kind, id)
        self.counter = 0

    def grouped(self, p: int) -> bool:
        prog = self.p.programmes[p]
        return prog.per_class or needs_class(prog, self.limits)

    def gain(self, i: int) -> float:
        total = 0.0
        for need, levels in self.p.candidates[i].closes:
            nd = self.p.needs[need]
            have = self.covered[need]
            total += nd.weight * (min(nd.gap, have + levels) - min(nd.gap, have))
        return total

    def fits_jp(self, i: int) -> bool:
        cap = self.limits.max_jp_per_employee
        c = self.p.candidates[i]
        return cap is None or self.jp[c.employee] + self.p.programmes[c.programme].jp <= cap + 1e-9

    def cost_of(self, p: int, n: int) -> int | None:
        prog = self.p.programmes[p]
        k = classes_for(prog, n, self.limits)
        return None if k is None else programme_cost(prog, n, k)

    def now_cost(self, p: int) -> int:
        prog = self.p.programmes[p]
        n = self.n[p]
        return programme_cost(prog, n, -(-n // prog.max_participants))

    def push(self, ratio: float, kind: int, ident: int) -> None:
        self.counter += 1
        heapq.heappush(self.heap, (-ratio, self.counter, kind, ident))

    def single(self, i: int) -> tuple[float, int] | None:
        """(ratio, cost) of adding candidate i alone, or None when it cannot be added now."""
        p = self.p.candidates[i].programme
        after = self.cost_of(p, self.n[p] + 1)
        if after is None or i in self.chosen or not self.fits_jp(i):
            return None
        if self.grouped(p) and after - self.now_cost(p) > self.p.programmes[p].cost_per_participant:
            return None  # no free seat: a new class is a block
        g = self.gain(i)
        delta = after - self.now_cost(p)
        return (g / max(delta, 1), delta) if g > 0 else None

    def block(self, p: int) -> tuple[float, list[int], int] | None:
        """Best (ratio, members, cost) group that opens one more valid class of p."""
        prog = self.p.programmes[p]
        n = self.n[p]
        room = (-(-n // prog.max_participants) + 1) * prog.max_participants - n
        scored = sorted(((self.gain(i), i) for i in self.members[p]
                         if i not in self.chosen and self.fits_jp(i)), reverse=True)
        scored = [(g, i) for g, i in scored if g > 0][:room]
        best: tuple[float, list[int], int] | None = None
        total, left = 0.0, self.budget - self.spent
        for m, (g, _i) in enumerate(scored, start=1):
            total += g
            after = self.cost_of(p, n + m)
            if after is None:
                continue
            delta = after - self.now_cost(p)
            if delta <= left and (best is None or total / max(delta, 1) > best[0]):
                best = (total / max(delta, 1), [i for _g, i in scored[:m]], delta)
        return best

    def take(self, i: int) -> None:
        c = self.p.candidates[i]
        self.chosen.add(i)
        self.n[c.programme] += 1
        self.jp[c.employee] += self.p.programmes[c.programme].jp
        for need, levels in c.closes:
            self.covered[need] += levels

    def run(self) -> frozenset[int]:
        for i in sorted(self.pins):
            self.take(i)
        self.spent = sum(self.now_cost(p) for p in list(self.n))
        for p, members in self.members.items():
            if self.grouped(p):
                self.push(float("inf"), 1, p)
            for i in members:
                got = self.single(i)
                if got is not None:
                    self.push(got[0], 0, i)
        while self.heap:
            _neg, _t, kind, ident = heapq.heappop(self.heap)
            next_key = -self.heap[0][0] if self.heap else -1.0
            if kind == 0:
                got = self.single(ident)
                if got is None or got[1] > self.budget - self.spent:
                    continue
                if got[0] + 1e-12 < next_key:
                    self.push(got[0], 0, ident)
                    continue
                self.take(ident)
                self.spent += got[1]
                continue
            found = self.block(ident)
            if found is None:
                continue
            if found[0] + 1e-12 < next_key:
                self.push(found[0], 1, ident)
                continue
            for i in found[1]:
                self.take(i)
            self.spent += found[2]
            self.push(float("inf"), 1, ident)
            for i in self.members[ident]:
                got = self.single(i)
                if got is not None:
                    self.push(got[0], 0, i)
        return frozenset(self.chosen)

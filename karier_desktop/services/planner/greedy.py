"""The greedy budget plan (value per rupiah) under the same rules as the exact plan, and the
candidate sets (pins, forbids, blocked) both of them share."""

from __future__ import annotations

import heapq
import time
from collections import defaultdict
from collections.abc import Callable, Collection

import numpy as np

from karier_desktop.services.planner.model import (
    PlanLimits,
    PlanProblem,
    ceilings,
    classes_for,
    cost_cap,
    jp_cap,
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
    """Candidates no plan may take: forbidden, or alone over the person's JP or rupiah cap.
    Computed as arrays: a province has 400,000 pairs and this runs for every plan."""
    out = set(forbidden)
    cands, progs = problem.candidates, problem.programmes
    if not cands:
        return out
    n = len(cands)
    emp = np.fromiter((c.employee for c in cands), dtype=np.int64, count=n)
    prog = np.fromiter((c.programme for c in cands), dtype=np.int64, count=n)
    jcap = np.array([jp_cap(problem, limits, e) for e in range(len(problem.employees))]) + 1e-9
    ccap = np.array([cost_cap(problem, limits, e) for e in range(len(problem.employees))])
    pjp = np.array([p.jp for p in progs], dtype=np.float64)
    pcost = np.array([p.person_cost for p in progs], dtype=np.float64)
    bad = (pjp[prog] > jcap[emp]) | (pcost[prog] > ccap[emp])
    out.update(np.flatnonzero(bad).tolist())
    return out


def greedy(problem: PlanProblem, budget: int, limits: PlanLimits | None = None,
           pins: frozenset[int] = frozenset(), forbids: frozenset[int] = frozenset(),
           repair: bool = True, deadline: float | None = None,
           clock: Callable[[], float] = time.perf_counter) -> frozenset[int]:
    """Value-per-rupiah greedy under the same rules; a class opens only when it fills. With
    `repair` (the default) a pass follows that spends what is left while needs remain; past a
    `deadline` (a time of `clock`) the repair pass is skipped or stops early — on a loaded
    machine the clerk's time limit comes first. The first pass always ends: a plan cut in its
    middle would leave the money of the better items unspent."""
    limits = limits or PlanLimits()
    g = _Greedy(problem, budget, limits, pins, _blocked(problem, limits, forbids))
    g.clock = clock
    g.run()
    if repair and (deadline is None or clock() < deadline):
        g.deadline = deadline
        g.repair()
    return frozenset(g.chosen)


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
        self.person: dict[int, int] = defaultdict(int)  # employee -> participant shares
        self.by_source: dict[str, int] = defaultdict(int)
        self.ceilings = ceilings(problem, limits)
        n_emp = len(problem.employees)
        self.jp_caps = [jp_cap(problem, limits, e) + 1e-9 for e in range(n_emp)]
        self.cost_caps = [cost_cap(problem, limits, e) for e in range(n_emp)]
        progs = problem.programmes
        self.c_emp = [c.employee for c in problem.candidates]
        self.c_prog = [c.programme for c in problem.candidates]
        prog_jp = [p.jp for p in progs]  # per programme once: person_cost is computed
        prog_cost = [p.person_cost for p in progs]
        self.c_jp = [prog_jp[p] for p in self.c_prog]
        self.c_cost = [prog_cost[p] for p in self.c_prog]
        self.is_grouped = [p.per_class or needs_class(p, limits) for p in progs]
        self.spent = 0
        self.pins = pins
        self.blocked = blocked
        self.members: dict[int, list[int]] = defaultdict(list)
        for i, c in enumerate(problem.candidates):
            if i not in blocked and i not in pins:
                self.members[c.programme].append(i)
        for members in self.members.values():
            members.sort(key=lambda i: -problem.candidates[i].value)
        self.heap: list[tuple[float, int, int, int]] = []  # (-ratio, tiebreak, kind, id)
        self.counter = 0
        self.deadline: float | None = None
        self.clock: Callable[[], float] = time.perf_counter
        self.cut = False  # stopped at the deadline

    def grouped(self, p: int) -> bool:
        return self.is_grouped[p]

    def gain(self, i: int) -> float:
        total = 0.0
        needs, covered = self.p.needs, self.covered
        for need, levels in self.p.candidates[i].closes:
            nd = needs[need]
            have = covered[need]
            if have < nd.gap:
                total += nd.weight * (min(nd.gap, have + levels) - have)
        return total

    def fits_person(self, i: int) -> bool:
        e = self.c_emp[i]
        return (self.jp[e] + self.c_jp[i] <= self.jp_caps[e]
                and self.person[e] + self.c_cost[i] <= self.cost_caps[e])

    def affordable(self, p: int, delta: int) -> bool:
        source = self.p.programmes[p].source
        top = self.ceilings.get(source)
        return delta <= self.budget - self.spent and (
            top is None or self.by_source[source] + delta <= top)

    def cost_of(self, p: int, n: int) -> int | None:
        prog = self.p.programmes[p]
        k = classes_for(prog, n, self.limits)
        return None if k is None else programme_cost(prog, n, k)

    def now_cost(self, p: int) -> int:
        prog = self.p.programmes[p]
        n = self.n[p]
        return programme_cost(prog, n, -(-n // prog.max_participants))

    def free_seats(self, p: int) -> int:
        prog = self.p.programmes[p]
        n = self.n[p]
        return -(-n // prog.max_participants) * prog.max_participants - n

    def push(self, ratio: float, kind: int, ident: int) -> None:
        self.counter += 1
        heapq.heappush(self.heap, (-ratio, self.counter, kind, ident))

    def single(self, i: int) -> tuple[float, int] | None:
        """(ratio, cost) of adding candidate i alone, or None when it cannot be added now."""
        p = self.c_prog[i]
        if i in self.chosen or (self.is_grouped[p] and self.free_seats(p) <= 0):
            return None  # no free seat: a new class is a block
        after = self.cost_of(p, self.n[p] + 1)
        if after is None or not self.fits_person(i):
            return None
        g = self.gain(i)
        delta = after - self.now_cost(p)
        return (g / max(delta, 1), delta) if g > 0 else None

    def block(self, p: int) -> tuple[float, list[int], int] | None:
        """Best (ratio, members, cost) group that opens one more valid class of p."""
        prog = self.p.programmes[p]
        n = self.n[p]
        room = self.free_seats(p) + prog.max_participants
        top: list[tuple[float, int]] = []  # the `room` best gains (a min-heap)
        cands, chosen = self.p.candidates, self.chosen
        for i in self.members[p]:  # by value, largest first: the value bounds the gain
            if len(top) == room and cands[i].value <= top[0][0]:
                break
            if i in chosen or not self.fits_person(i):
                continue
            g = self.gain(i)
            if g <= 0:
                continue
            if len(top) < room:
                heapq.heappush(top, (g, i))
            elif g > top[0][0]:
                heapq.heapreplace(top, (g, i))
        scored = sorted(top, reverse=True)
        best: tuple[float, list[int], int] | None = None
        total = 0.0
        for m, (g, _i) in enumerate(scored, start=1):
            total += g
            after = self.cost_of(p, n + m)
            if after is None:
                continue
            delta = after - self.now_cost(p)
            if self.affordable(p, delta) and (best is None or total / max(delta, 1) > best[0]):
                best = (total / max(delta, 1), [i for _g, i in scored[:m]], delta)
        return best

    def take(self, i: int, sign: int = 1) -> None:
        """Add candidate i to the plan (sign -1: take it out again); money follows."""
        c = self.p.candidates[i]
        prog = self.p.programmes[c.programme]
        before = self.now_cost(c.programme)
        if sign > 0:
            self.chosen.add(i)
        else:
            self.chosen.discard(i)
        self.n[c.programme] += sign
        self.jp[c.employee] += sign * prog.jp
        self.person[c.employee] += sign * prog.person_cost
        for need, levels in c.closes:
            self.covered[need] += sign * levels
        delta = self.now_cost(c.programme) - before
        self.spent += delta
        self.by_source[prog.source] += delta

    def run(self) -> None:
        for i in sorted(self.pins):
            self.take(i)
        self.fill(first=True)

    def fill(self, first: bool = False, grouped_only: bool = False) -> None:
        """The lazy greedy loop over every item that can still be added. The single items are
        ranked once as numpy arrays (a province has 400,000 of them: a heap of tuples cost
        60 MB and seconds); items whose ratio fell and the class blocks go through a heap,
        and the loop takes the better of the two heads."""
        cands, progs = self.p.candidates, self.p.programmes
        order: list[int] = []
        ratios: list[float] = []
        for p, members in self.members.items():
            if self.is_grouped[p]:
                self.push(float("inf"), 1, p)
                if first and self.free_seats(p) <= 0:
                    continue
            elif first and not self.n[p]:  # nothing taken yet: the gain is the whole value
                price = max(progs[p].cost_per_participant, 1)
                for i in members:
                    if cands[i].value > 0:
                        order.append(i)
                        ratios.append(cands[i].value / price)
                continue
            elif grouped_only:
                continue
            for i in members:
                got = self.single(i)
                if got is not None:
                    order.append(i)
                    ratios.append(got[0])
        keys = np.asarray(ratios, dtype=np.float64)
        rank = np.argsort(-keys, kind="stable")
        s_idx, s_key = np.asarray(order, dtype=np.int64)[rank], keys[rank]
        del order, ratios, keys, rank
        ptr, n_static = 0, len(s_idx)
        pops = 0
        while ptr < n_static or self.heap:
            pops += 1
            if pops % 2048 == 0:
                if self.deadline is not None and self.clock() >= self.deadline:
                    self.cut = True
                    return
                if not self.can_spend():
                    return  # the money left pays for no one more
            static_key = float(s_key[ptr]) if ptr < n_static else -1.0
            if self.heap and -self.heap[0][0] > static_key:
                _neg, _t, kind, ident = heapq.heappop(self.heap)
                next_key = max(-self.heap[0][0] if self.heap else -1.0, static_key)
            else:
                kind, ident = 0, int(s_idx[ptr])
                ptr += 1
                next_key = max(-self.heap[0][0] if self.heap else -1.0,
                               float(s_key[ptr]) if ptr < n_static else -1.0)
            if kind == 0:
                got = self.single(ident)
                if got is None or not self.affordable(
                        self.p.candidates[ident].programme, got[1]):
                    continue
                if got[0] + 1e-12 < next_key:
                    self.push(got[0], 0, ident)
                    continue
                self.take(ident)
                continue
            found = self.block(ident)
            if found is None:
                continue
            if found[0] + 1e-12 < next_key:
                self.push(found[0], 1, ident)
                continue
            for i in found[1]:
                self.take(i)
            self.members[ident] = [i for i in self.members[ident] if i not in self.chosen]
            self.push(float("inf"), 1, ident)
            seats = self.free_seats(ident)
            if seats > 0:  # the new class's free seats: the best few as singles
                best = heapq.nlargest(2 * seats, ((self.gain(i), i) for i in self.members[ident]
                                                  if i not in self.chosen))
                for _g, i in best:
                    got = self.single(i)
                    if got is not None:
                        self.push(got[0], 0, i)

    def repair(self) -> None:
        """Spend what the greedy left while needs remain: fill again with every item, then
        swap, per employee at a JP or rupiah cap, cheaper low-value items for a better one the
        money left can pay, then fill once more."""
        if self.can_spend():  # after `run` only a class's new seats can take more: the
            self.fill(grouped_only=True)  # single items it left can never be added again
        if self.budget - self.spent <= 0:
            return
        loose = [i for p, members in self.members.items() if not self.grouped(p)
                 for i in members if i not in self.chosen]
        loose.sort(key=lambda i: -self.p.candidates[i].value)
        mine: dict[int, list[int]] = defaultdict(list)
        for i in self.chosen:
            c = self.p.candidates[i]
            if i not in self.pins and not self.grouped(c.programme):
                mine[c.employee].append(i)
        swapped = False
        for i in loose:
            if i in self.chosen or self.budget - self.spent <= 0:
                continue
            e = self.p.candidates[i].employee
            if self.fits_person(i) or not mine[e]:
                continue  # fits already (fill took what was worth it) or nothing to swap
            if self._swap(i, mine[e]):
                swapped = True
        if swapped:
            self.fill()

    def can_spend(self) -> bool:
        """False when the money left pays for no one more: every addition costs at least the
        participant price (a new class also its class cost). Saves a pass over every pair."""
        left = self.budget - self.spent
        progs = self.p.programmes
        for p, members in self.members.items():
            if not members:
                continue
            prog = progs[p]
            least = prog.cost_per_participant
            if prog.per_class and self.free_seats(p) <= 0:
                least += prog.class_cost
            if least <= left:
                return True
        return False

    def _swap(self, i: int, theirs: list[int]) -> bool:
        """Take i instead of the employee's least valuable items when the plan gains."""
        before_value = self._value_of(theirs + [i])
        spent_before = self.spent
        out: list[int] = []
        for j in sorted(theirs, key=lambda j: self.p.candidates[j].value):
            if self.fits_person(i):
                break
            self.take(j, -1)
            out.append(j)
        p = self.p.candidates[i].programme
        after = self.cost_of(p, self.n[p] + 1)
        delta = 0 if after is None else after - self.now_cost(p)
        if after is not None and self.fits_person(i) and self.affordable(p, delta):
            self.take(i)
            if self._value_of(theirs + [i]) > before_value + 1e-9:
                theirs[:] = [j for j in theirs if j not in out] + [i]
                return True
            self.take(i, -1)
        for j in out:
            self.take(j)
        assert self.spent == spent_before
        return False

    def _value_of(self, items: list[int]) -> float:
        """Value now closed of the needs these candidates touch."""
        touched = {n for j in items for n, _lv in self.p.candidates[j].closes}
        return sum(self.p.needs[n].weight * min(self.p.needs[n].gap, self.covered[n])
                   for n in touched)

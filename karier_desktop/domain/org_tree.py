"""Walking the unit tree (OPD › bidang › seksi, Dinas › sekolah …), written once.

Every function takes the tree as a mapping unit id → parent id (None for a top-level unit, an
OPD) and is safe against a damaged tree: a cycle or a parent that does not exist ends a walk
instead of looping.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Parents = Mapping[int, "int | None"]


def ancestors(parents: Parents, unit_id: int) -> list[int]:
    """`unit_id`, its parent, its parent's parent … up to the top-level unit."""
    chain: list[int] = []
    seen: set[int] = set()
    current: int | None = unit_id
    while current is not None and current not in seen:
        seen.add(current)
        chain.append(current)
        current = parents.get(current)
        if current is not None and current not in parents:
            break  # a parent that is not in the tree: the walk ends at the last real unit
    return chain


def root_of(parents: Parents) -> dict[int, int]:
    """Each unit's top-level unit (its OPD)."""
    return {uid: ancestors(parents, uid)[-1] for uid in parents}


def children_of(parents: Parents) -> dict[int | None, list[int]]:
    """The direct children of each unit (None: the top-level units); a parent that is not in
    the tree counts as None, so no unit is lost."""
    children: dict[int | None, list[int]] = {}
    for uid, parent in parents.items():
        children.setdefault(parent if parent in parents else None, []).append(uid)
    return children


def descendants(parents: Parents, unit_id: int) -> frozenset[int]:
    """`unit_id` and every unit below it."""
    children = children_of(parents)
    found: set[int] = set()
    stack = [unit_id]
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, []))
    return frozenset(found)


def branch_under(parents: Parents, unit_id: int) -> dict[int, int]:
    """For `unit_id` and each unit below it, the direct child of `unit_id` it lies under
    (`unit_id` itself for the unit itself): the columns of a unit's heat map."""
    out: dict[int, int] = {}
    for uid in parents:
        chain = ancestors(parents, uid)
        if unit_id in chain:
            at = chain.index(unit_id)
            out[uid] = unit_id if at == 0 else chain[at - 1]
    return out


def depth_first(parents: Parents, key: Callable[[int], Any]) -> list[tuple[int, int]]:
    """Every unit once, parents before children, siblings ordered by `key`, with its depth."""
    children = children_of(parents)
    out: list[tuple[int, int]] = []
    seen: set[int] = set()
    stack = [(uid, 0) for uid in sorted(children.get(None, []), key=key, reverse=True)]
    while stack:
        uid, depth = stack.pop()
        if uid in seen:
            continue
        seen.add(uid)
        out.append((uid, depth))
        stack.extend((c, depth + 1) for c in sorted(children.get(uid, []), key=key, reverse=True))
    return out

"""The unit-tree walk, once, for every caller: ancestors, roots, descendants, heat-map columns,
depth-first order; damaged trees (cycles, missing parents) end the walk instead of looping."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from karier_desktop.domain import org_tree

# 1 Dinas Pendidikan › 2 Bidang SD › 4 SD Negeri 1 ; 2 › 5 SD Negeri 2 ; 1 › 3 Sekretariat
# 6 RSUD › 7 Ruang Mawar
TREE = {1: None, 2: 1, 3: 1, 4: 2, 5: 2, 6: None, 7: 6}
NAMES = {1: "Dinas Pendidikan", 2: "Bidang SD", 3: "Sekretariat", 4: "SD Negeri 1",
         5: "SD Negeri 2", 6: "RSUD", 7: "Ruang Mawar"}


def test_ancestors_and_roots() -> None:
    assert org_tree.ancestors(TREE, 4) == [4, 2, 1]
    assert org_tree.root_of(TREE) == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 6, 7: 6}


def test_descendants_and_heat_map_columns() -> None:
    assert org_tree.descendants(TREE, 2) == {2, 4, 5}
    assert org_tree.descendants(TREE, 7) == {7}
    assert org_tree.branch_under(TREE, 1) == {1: 1, 2: 2, 3: 3, 4: 2, 5: 2}


def test_depth_first_by_name() -> None:
    order = org_tree.depth_first(TREE, key=lambda u: NAMES[u])
    assert [(NAMES[u], d) for u, d in order] == [
        ("Dinas Pendidikan", 0), ("Bidang SD", 1), ("SD Negeri 1", 2), ("SD Negeri 2", 2),
        ("Sekretariat", 1), ("RSUD", 0), ("Ruang Mawar", 1)]


def test_a_damaged_tree_ends_the_walk() -> None:
    cycle = {1: 2, 2: 1, 3: 99}  # 1 and 2 point at each other; 3's parent does not exist
    assert org_tree.ancestors(cycle, 1) == [1, 2]
    assert org_tree.ancestors(cycle, 3) == [3]
    assert org_tree.descendants(cycle, 1) == {1, 2}
    assert sorted(u for u, _ in org_tree.depth_first(cycle, key=lambda u: u)) == [3]


@given(st.dictionaries(st.integers(0, 30), st.one_of(st.none(), st.integers(0, 30)),
                       max_size=30))
def test_every_walk_ends_and_stays_inside_the_tree(parents: dict[int, int | None]) -> None:
    roots = org_tree.root_of(parents)
    for uid in parents:
        chain = org_tree.ancestors(parents, uid)
        assert chain[0] == uid and len(chain) == len(set(chain)) and roots[uid] == chain[-1]
        below = org_tree.descendants(parents, uid)
        assert uid in below and below <= set(parents) | {uid}

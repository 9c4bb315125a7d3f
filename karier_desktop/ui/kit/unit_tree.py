"""The unit tree a page filters by ("Semua unit", then OPD › bidang › seksi), written once.

`fill(tree, units, tooltip)` lays the units out under "Semua unit" (parents before children,
siblings in the order given or by `key`) and keeps the unit that was chosen; `chosen(tree)` is
the chosen unit's id, None for "Semua unit".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from karier_desktop.domain import org_tree

ID_ROLE = Qt.ItemDataRole.UserRole


class UnitLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def parent_id(self) -> int | None: ...
    @property
    def name(self) -> str: ...


def chosen(tree: QTreeWidget) -> int | None:
    item = tree.currentItem()
    return item.data(0, ID_ROLE) if item else None


def fill(tree: QTreeWidget, units: Sequence[UnitLike], tooltip: Callable[[Any], str],
         key: Callable[[Any], Any] | None = None) -> None:
    """Fill `tree` without signalling, keeping the current unit when it is still there."""
    current_id = chosen(tree)
    tree.blockSignals(True)
    tree.clear()
    root = QTreeWidgetItem(["Semua unit"])
    root.setData(0, ID_ROLE, None)
    tree.addTopLevelItem(root)
    by_id = {u.id: u for u in units}
    position = {u.id: i for i, u in enumerate(units)}
    order = org_tree.depth_first({u.id: u.parent_id for u in units},
                                 key=(lambda i: key(by_id[i])) if key else position.__getitem__)
    items: dict[int, QTreeWidgetItem] = {}
    for uid, _depth in order:
        unit = by_id[uid]
        node = QTreeWidgetItem([unit.name])
        node.setData(0, ID_ROLE, unit.id)
        node.setToolTip(0, tooltip(unit))
        items.get(unit.parent_id, root).addChild(node)  # type: ignore[arg-type]
        items[unit.id] = node
    root.setExpanded(True)
    tree.setCurrentItem(items.get(current_id, root) if current_id else root)
    tree.blockSignals(False)

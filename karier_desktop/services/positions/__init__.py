"""Units (the OPD tree), positions (jabatan) and their competency standards.

Every change is validated first (bad input raises ValidationError and changes nothing), audited,
and done inside the caller's transaction, so one user action is one unit of work.
The facade keeps every public name; the parts are `_units`, `_positions`, `_standards`.
"""

from __future__ import annotations

from karier_desktop.services.errors import ValidationError
from karier_desktop.services.positions._positions import (
    KindChoice,
    PositionInput,
    PositionRow,
    delete_position,
    list_positions,
    load_position,
    position_kinds,
    positions_without_standard,
    save_position,
)
from karier_desktop.services.positions._standards import (
    StandardLine,
    apply_defaults,
    apply_defaults_to_new,
    copy_standard,
    default_standard,
    describe,
    get_standard,
    set_standard,
    standard_version,
)
from karier_desktop.services.positions._units import (
    CORE_KINDS,
    KIND_ORDER,
    UNIT_KINDS,
    UnitInput,
    UnitRow,
    delete_unit,
    list_units,
    move_unit,
    rename_unit,
    save_unit,
)

__all__ = [
    "CORE_KINDS",
    "KIND_ORDER",
    "KindChoice",
    "PositionInput",
    "PositionRow",
    "StandardLine",
    "UNIT_KINDS",
    "UnitInput",
    "UnitRow",
    "ValidationError",
    "apply_defaults",
    "apply_defaults_to_new",
    "copy_standard",
    "default_standard",
    "delete_position",
    "delete_unit",
    "describe",
    "get_standard",
    "list_positions",
    "list_units",
    "load_position",
    "move_unit",
    "position_kinds",
    "positions_without_standard",
    "rename_unit",
    "save_position",
    "save_unit",
    "set_standard",
    "standard_version",
]

"""The planner page's tables: plan rows with pin (Kunci) and forbid (Larang) check columns, and
the per-unit summary."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from karier_desktop.domain.nip import format_nip
from karier_desktop.domain.textfmt import format_number, format_rupiah
from karier_desktop.services import planner
from karier_desktop.ui.kit.table_model import Column, Index, RowTableModel

R = planner.PlanRow
PIN_COL, FORBID_COL = 0, 1
ROW_COLUMNS: list[Column[R]] = [
    Column("Kunci", lambda r: ""),
    Column("Larang", lambda r: ""),
    # who, what and whether it is funded first; the rest after (in view on 1366x768)
    Column("Nama", lambda r: r.name, lambda r: r.name.lower(), tooltip=lambda r: r.name),
    Column("Program", lambda r: f"{r.code} {r.title}", lambda r: r.code,
           tooltip=lambda r: f"{r.code} {r.title}"),
    Column("Status", lambda r: "Terdanai" if r.funded else r.reason,
           background=lambda r: "#d7efdc" if r.funded else "#f9d6d5",
           tooltip=lambda r: "Terdanai" if r.funded else r.reason),
    Column("JP", lambda r: f"{r.jp:g}", lambda r: r.jp, align_right=True),
    Column("Biaya", lambda r: format_rupiah(r.cost), lambda r: r.cost, align_right=True),
    Column("Kesenjangan tertutup", lambda r: format_number(r.value, 2), lambda r: r.value,
           align_right=True, tooltip=lambda _r: "tingkat kesenjangan yang tertutup (berbobot)"),
    Column("NIP", lambda r: format_nip(r.nip), lambda r: r.nip),
    Column("Unit", lambda r: r.opd_name, lambda r: r.opd_name.lower()),
    Column("Kompetensi", lambda r: r.competencies),
]
U = planner.UnitPlan
UNIT_COLUMNS: list[Column[U]] = [
    Column("Unit", lambda u: u.name, lambda u: u.name.lower()),
    Column("Pegawai", lambda u: str(u.employees), lambda u: u.employees, align_right=True),
    Column("Penugasan", lambda u: str(u.funded), lambda u: u.funded, align_right=True),
    Column("Pegawai terdanai", lambda u: str(u.funded_employees), lambda u: u.funded_employees,
           align_right=True),
    Column("Biaya", lambda u: format_rupiah(u.cost), lambda u: u.cost, align_right=True),
    Column("Kesenjangan tertutup", lambda u: format_number(u.value, 2), lambda u: u.value,
           align_right=True),
    Column("Tak terdanai", lambda u: str(u.not_funded), lambda u: u.not_funded,
           align_right=True),
    Column("Alasan tidak terdanai", lambda u: "; ".join(f"{r}: {n}" for r, n in u.reasons),
           tooltip=lambda u: "\n".join(f"{r}: {n}" for r, n in u.reasons)),
]


class PlanRowModel(RowTableModel[R]):
    """Plan rows with two check columns: pin (Kunci) and forbid (Larang)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(ROW_COLUMNS, parent)
        self.pins: set[tuple[int, int]] = set()
        self.forbids: set[tuple[int, int]] = set()

    @staticmethod
    def key(row: R) -> tuple[int, int]:
        return (row.employee_id, row.programme_id)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in (PIN_COL, FORBID_COL):
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.CheckStateRole and index.isValid()
                and index.column() in (PIN_COL, FORBID_COL) and index.row() < len(self._rows)):
            chosen = self.pins if index.column() == PIN_COL else self.forbids
            on = self.key(self._rows[index.row()]) in chosen
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value: Any,  # noqa: N802 - Qt's name
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.CheckStateRole or not index.isValid()
                or index.column() not in (PIN_COL, FORBID_COL)):
            return False
        key = self.key(self._rows[index.row()])
        on = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) \
            else value
        mine, other = ((self.pins, self.forbids) if index.column() == PIN_COL
                       else (self.forbids, self.pins))
        if on:
            mine.add(key)
            other.discard(key)  # pinned and forbidden at once makes no sense
        else:
            mine.discard(key)
        self.dataChanged.emit(self.index(index.row(), PIN_COL), self.index(index.row(), FORBID_COL),
                              [Qt.ItemDataRole.CheckStateRole])
        return True

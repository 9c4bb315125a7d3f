"""Retirement forecast: who reaches BUP in a span of years, and the critical posts left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from karier_desktop.domain.textfmt import format_date_id
from karier_desktop.services import talent
from karier_desktop.ui.kit.forms import buddied, whole_spin
from karier_desktop.ui.kit.layouts import hbox
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.widgets import read_only_table, set_widths

if TYPE_CHECKING:
    from karier_desktop.ui.pages.talent.page import TalentPage

R = talent.Retiree
COLUMNS: list[Column[R]] = [
    Column("Tanggal pensiun", lambda r: format_date_id(r.retires_on), lambda r: r.retires_on),
    Column("Nama", lambda r: r.name, lambda r: r.name.lower()),
    Column("NIP", lambda r: r.nip),
    Column("Jabatan", lambda r: r.position, tooltip=lambda r: r.kind_name),
    Column("BUP", lambda r: str(r.age), lambda r: r.age, align_right=True),
    Column("OPD", lambda r: r.opd, tooltip=lambda r: r.unit),
    Column("Jabatan kritis", lambda r: "Ya" if r.critical else "",
           background=lambda r: "#f6c7b6" if r.critical else None),
]


class RetirementTab(QWidget):
    def __init__(self, page: TalentPage) -> None:
        super().__init__(page)
        self.page = page
        year = page.today.year
        self.start = whole_spin(2000, 2100, value=year)
        self.end = whole_spin(2000, 2100, value=year + 4)
        for spin in (self.start, self.end):
            spin.valueChanged.connect(lambda *_: self.refresh())
        self.summary = QLabel("")
        row = hbox(*buddied(("&Dari tahun", self.start), ("&sampai", self.end)),
                   (self.summary, 1))
        row.insertSpacing(4, 12)
        self.model: RowTableModel[R] = RowTableModel(COLUMNS, self)
        self.table = read_only_table(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        set_widths(self.table, (120, 220, 150, 230, 45, 220, 90))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

    def on_shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        start, end = self.start.value(), max(self.start.value(), self.end.value())
        rows = self.page.ctx.read(talent.forecast, start, end)
        self.model.set_rows(rows)
        critical = sum(1 for r in rows if r.critical)
        span = str(start) if start == end else f"{start}–{end}"
        self.summary.setText(f"{len(rows)} pegawai mencapai BUP pada {span}; {critical} di "
                             "antaranya meninggalkan jabatan kritis.")

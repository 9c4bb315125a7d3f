"""Pelatihan, tab "Kepatuhan 20 JP": the share of employees per OPD meeting the yearly minimum
and the employees under it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QSplitter, QVBoxLayout, QWidget

from karier_desktop.domain.textfmt import format_number, format_percent
from karier_desktop.services import training as svc
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.style import GAP_NEGATIVE, GAP_OK
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.tables import make_table

SHARE_MIDDLE = "#fdf0c8"


def jp_text(value: float) -> str:
    return format_number(value, 2).rstrip("0").rstrip(",")


def share_colour(share: float) -> str:
    return GAP_OK if share >= 80 else SHARE_MIDDLE if share >= 50 else GAP_NEGATIVE


U = svc.UnitCompliance
E = svc.EmployeeJp
UNIT_COLUMNS: list[Column[U]] = [
    Column("OPD", lambda r: r.name, lambda r: r.name.lower(), tooltip=lambda r: r.name),
    Column("Pegawai", lambda r: str(r.employees), lambda r: r.employees, align_right=True),
    Column("Memenuhi", lambda r: str(r.meeting), lambda r: r.meeting, align_right=True),
    Column("Persentase", lambda r: format_percent(r.share), lambda r: r.share, align_right=True,
           background=lambda r: share_colour(r.share)),
]
UNDER_COLUMNS: list[Column[E]] = [
    Column("NIP", lambda r: r.nip_display),
    Column("Nama", lambda r: r.name, lambda r: r.name.lower()),
    Column("OPD", lambda r: r.opd, lambda r: r.opd.lower(), tooltip=lambda r: r.unit),
    Column("JP", lambda r: jp_text(r.jp), lambda r: r.jp, align_right=True),
    Column("Kurang", lambda r: jp_text(r.shortfall), lambda r: r.shortfall, align_right=True,
           background=lambda r: GAP_NEGATIVE),
]



class ComplianceTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        self.year.setPrefix("Tahun ")
        self.year.valueChanged.connect(self.reload)
        self.summary = QLabel()
        self.summary.setStyleSheet("font-weight:600")
        self.units: RowTableModel[U] = RowTableModel(UNIT_COLUMNS, self)
        self.unit_table = make_table(self.units, (205, 64, 76, 84), fit_headers=False)
        self.unit_table.horizontalHeader().setSortIndicator(3, Qt.SortOrder.AscendingOrder)
        self.under: RowTableModel[E] = RowTableModel(UNDER_COLUMNS, self)
        self.under_table = make_table(self.under, (158, 200, 170, 46, 60), fit_headers=False)
        self.under_table.horizontalHeader().setSortIndicator(3, Qt.SortOrder.AscendingOrder)
        self.under_title = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.year)
        top.addWidget(self.summary, 1)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 4, 0)
        ll.addWidget(QLabel("Per OPD (persentase pegawai yang memenuhi)"))
        ll.addWidget(self.unit_table, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(4, 0, 0, 0)
        rl.addWidget(self.under_title)
        rl.addWidget(self.under_table, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([480, 680])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def reload(self) -> None:
        self.show_compliance(self.ctx.call(svc.compliance, self.year.value()))

    def show_compliance(self, c: svc.Compliance) -> None:
        share = 100.0 * c.meeting / c.employees if c.employees else 0.0
        self.summary.setText(
            f"{c.meeting:,} dari {c.employees:,} pegawai aktif ".replace(",", ".")
            + f"({format_percent(share)}) mencapai minimal {jp_text(c.minimum)} JP "
            f"pada {c.year}.")
        self.units.set_rows(list(c.units))
        self.under.set_rows(list(c.under))
        for table, model in ((self.unit_table, self.units), (self.under_table, self.under)):
            header = table.horizontalHeader()
            model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.under_title.setText(f"Pegawai di bawah {jp_text(c.minimum)} JP ({len(c.under):,})"
                                 .replace(",", "."))

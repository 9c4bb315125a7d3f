"""Asesmen: every assessment in one table (search, OPD, stale filter), and the employees who
need one (never assessed, or their latest assessment is past its validity)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QWidget,
)

from karier_desktop.domain.textfmt import format_date_id, format_date_short
from karier_desktop.services import assessments as svc
from karier_desktop.services import employees as employees_service
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.start.rows import UnitNode
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.actions import call_or_explain, confirm
from karier_desktop.ui.kit.forms import text_field
from karier_desktop.ui.kit.layouts import boxed, hbox, page_frame, vbox
from karier_desktop.ui.kit.loaded_page import LoadedPage
from karier_desktop.ui.kit.page_loader import Progress, known_employees
from karier_desktop.ui.kit.store_model import StoreModel
from karier_desktop.ui.kit.style import GAP_NEGATIVE
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.tables import make_table
from karier_desktop.ui.topics import Topic

N = svc.AttentionRow
Store = svc.AssessmentTable


@dataclass(frozen=True)
class _Loaded:
    store: Store
    need: list[N]
    opds: list[UnitNode]

STALE_COLOUR = GAP_NEGATIVE


def assessment_columns(store: Callable[[], Store]) -> list[Column[int]]:
    """The list's columns over positions in the page's current table (`store()`)."""
    return [
        Column("Tanggal", lambda i: format_date_short(store().day(i)),
               lambda i: store().day_number(i), tooltip=lambda i: format_date_id(store().day(i))),
        Column("NIP", lambda i: store().person(i)[0]),
        Column("Nama", lambda i: store().person(i)[1], lambda i: store().person(i)[1].lower()),
        Column("Unit kerja", lambda i: store().unit(i), lambda i: store().unit(i).lower(),
               tooltip=lambda i: store().unit(i)),
        Column("Metode", lambda i: store().event(i)[0]),
        Column("Asesor / penyelenggara", lambda i: store().event(i)[1],
               lambda i: store().event(i)[1].lower(), tooltip=lambda i: store().event(i)[1]),
        Column("Komp.", lambda i: str(store().count(i)), lambda i: store().count(i),
               align_right=True),
        Column("Status", lambda i: "Kedaluwarsa" if store().is_stale(i) else "Berlaku",
               lambda i: store().is_stale(i),
               background=lambda i: STALE_COLOUR if store().is_stale(i) else None),
    ]


ATTENTION_COLUMNS: list[Column[N]] = [
    Column("NIP", lambda r: r.nip_display),
    Column("Nama", lambda r: r.name, lambda r: r.name.lower()),
    Column("Unit kerja", lambda r: r.unit, lambda r: r.unit.lower()),
    Column("Asesmen terakhir",
           lambda r: format_date_short(r.last_assessed_on) if r.last_assessed_on else "—",
           lambda r: r.last_assessed_on or dt.date.min),
    Column("Keterangan", lambda r: r.reason,
           background=lambda r: STALE_COLOUR if r.reason == "Kedaluwarsa" else "#e8eaed"),
]


# The orders the service returns (newest first; never assessed, then the oldest): filtering
# keeps them, so a page in that order needs no sort of 100,000 rows on the GUI thread.
LIST_ORDER = (0, Qt.SortOrder.DescendingOrder)
# More assessments than this are not kept while the page is not shown (about 20 MB of rows).
NEED_ORDER = (3, Qt.SortOrder.AscendingOrder)


def _in_service_order(header: QHeaderView, order: tuple[int, Qt.SortOrder]) -> bool:
    return (header.sortIndicatorSection(), header.sortIndicatorOrder()) == order


class AssessmentsPage(LoadedPage):
    topics = (Topic.ASSESSMENTS, Topic.EMPLOYEES, Topic.SETTINGS, Topic.UNITS, Topic.STANDARDS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.store: Store = svc.empty_table()

        self.search = text_field("Cari nama, NIP, metode atau asesor…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        self.unit = QComboBox()
        self.unit.setMinimumWidth(240)
        self.unit.currentIndexChanged.connect(self.apply_filter)
        self.stale_only = QCheckBox("Hanya yang &kedaluwarsa")
        self.stale_only.toggled.connect(self.apply_filter)
        permits.reading(self.stale_only)
        self.count = QLabel()
        self.count.setObjectName("result_count")

        self.model: StoreModel[svc.AssessmentRow] = StoreModel(
            assessment_columns(lambda: self.store), lambda pos: self.store.row(pos), self)
        self.table = make_table(self.model, (84, 165, 210, 190, 125, 200, 50, 90),
                                fit_headers=False)
        self.table.horizontalHeader().setSortIndicator(*LIST_ORDER)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.add_btn = QPushButton("&Tambah asesmen…")
        self.edit_btn = QPushButton("&Ubah…")
        self.delete_btn = QPushButton("Ha&pus")
        self.add_btn.clicked.connect(lambda: self.add_assessment())
        self.edit_btn.clicked.connect(self.edit_selected)
        self.delete_btn.clicked.connect(self.delete_selected)
        permits.needs(Permission.EDIT, self.add_btn, self.edit_btn, self.delete_btn)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.add_assessment)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, activated=self.delete_selected)

        listing = boxed(vbox(hbox((self.search, 3), (self.unit, 2), self.stale_only),
                             (self.table, 1),
                             hbox((self.count, 1), self.add_btn, self.edit_btn,
                                  self.delete_btn)))

        self.attention_model: RowTableModel[N] = RowTableModel(ATTENTION_COLUMNS, self)
        self.attention = make_table(self.attention_model, (165, 260, 320, 130, 150),
                                    fit_headers=False)
        self.attention.horizontalHeader().setSortIndicator(*NEED_ORDER)
        self.attention.doubleClicked.connect(lambda _i: self.assess_attention())
        hint = QLabel("Pegawai aktif yang belum pernah diases atau hasil asesmen terakhirnya "
                      "sudah melewati masa berlaku. Klik dua kali untuk mencatat asesmen baru.")
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.assess_btn = permits.button("&Catat asesmen untuk pegawai ini…", self.assess_attention,
                                         needs=Permission.EDIT)
        need = boxed(vbox(hint, (self.attention, 1), hbox(1, self.assess_btn)))

        self.tabs = QTabWidget()
        self.tabs.addTab(listing, "&Daftar asesmen")
        self.tabs.addTab(need, "P&erlu diases")
        page_frame(self, "Asesmen", (self.tabs, 1))
        self.read_through_loader("Memuat data asesmen", self.count)

    # --- loading
    def held_rows(self) -> int:
        return len(self.store)

    def free_rows(self) -> None:
        self.model.set_rows([])
        self.store = svc.empty_table()
        self.attention_model.set_rows([])

    def fetch(self, progress: Progress) -> _Loaded:
        today = dt.date.today()
        progress("Membaca hasil asesmen…", 0.1)
        known = known_employees(self.ctx)
        store = self.ctx.read(svc.read_table, today, known)
        progress("Mencari pegawai yang perlu diases…", 0.6)
        # with the employee table at hand, from the table just read (no second pass in SQL)
        need = store.need(known.values()) if known is not None \
            else self.ctx.read(svc.stale_or_missing, today)
        opds = [u for u in self.ctx.read(employees_service.unit_tree) if u.parent_id is None]
        return _Loaded(store, need, opds)

    def show_loaded(self, data: _Loaded) -> None:
        self.model.set_rows([])  # no row of the old table is read once it is replaced
        self.store = data.store
        self._fill_units(data.opds)
        self.apply_filter()
        need = data.need
        self.attention_model.set_rows(need)
        header = self.attention.horizontalHeader()
        if not _in_service_order(header, NEED_ORDER):
            self.attention_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.tabs.setTabText(1, f"P&erlu diases ({len(need):,})".replace(",", "."))

    def _fill_units(self, opds: list[UnitNode]) -> None:
        current = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem("Semua OPD", None)
        for u in opds:
            self.unit.addItem(u.name, u.id)
        self.unit.setCurrentIndex(max(0, self.unit.findData(current)))
        self.unit.blockSignals(False)

    def apply_filter(self) -> None:
        rows = self.store.select(svc.AssessmentFilter(
            text=self.search.text(), opd_id=self.unit.currentData(),
            stale_only=self.stale_only.isChecked()))
        self.model.set_positions(rows)
        header = self.table.horizontalHeader()
        if header.isSortIndicatorShown() and not _in_service_order(header, LIST_ORDER):
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.count.setText(f"{len(rows):,} dari {len(self.store):,} asesmen"
                           .replace(",", "."))

    # --- actions
    def selected(self) -> svc.AssessmentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def add_assessment(self, employee_id: int | None = None) -> None:
        from karier_desktop.ui.dialogs.assessment_dialog import AssessmentDialog

        dialog = AssessmentDialog(self.ctx, None, employee_id, self)
        if dialog.exec():
            self.ctx.changed("assessments")

    def apply_quick_filter(self, name: str) -> None:
        """From Beranda: "need" opens the list of employees to assess (stale or never assessed)."""
        if name == "need":
            self.tabs.setCurrentIndex(1)
            self.attention.setFocus()

    def assess_attention(self) -> None:
        rows = self.attention.selectionModel().selectedRows()
        row = self.attention_model.row_at(rows[0].row()) if rows else None
        if row is None:
            QMessageBox.information(self, "Asesmen", "Pilih dulu pegawai di daftar.")
            return
        self.add_assessment(row.employee_id)

    def edit_selected(self) -> None:
        from karier_desktop.ui.dialogs.assessment_dialog import AssessmentDialog

        row = self.selected()
        if row is None:
            QMessageBox.information(self, "Asesmen", "Pilih dulu asesmen yang akan diubah.")
            return
        if AssessmentDialog(self.ctx, row.id, None, self).exec():
            self.ctx.changed("assessments")

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None:
            QMessageBox.information(self, "Asesmen", "Pilih dulu asesmen yang akan dihapus.")
            return
        if confirm(self, "Hapus asesmen",
                   f"Hapus asesmen {row.name} tanggal {format_date_id(row.assessed_on)} "
                   f"({row.method}, {row.competencies} kompetensi)?\n\n"
                   "Level kompetensi dari asesmen ini ikut terhapus.", default_no=True) \
                and call_or_explain(self, self.ctx, "Asesmen tidak dihapus", svc.delete, row.id):
            self.ctx.changed("assessments")

"""Pegawai: the whole workforce in one fast table, with filters and a detail panel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.domain.textfmt import format_percent
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.start import rows as svc
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits, unit_tree
from karier_desktop.ui.kit.actions import have_selection
from karier_desktop.ui.kit.layouts import page_frame, splitter
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.kit.page_loader import PageLoader, Progress
from karier_desktop.ui.kit.style import category_colour
from karier_desktop.ui.kit.table_model import Column, RowTableModel, sort_rows
from karier_desktop.ui.kit.widgets import edit_buttons, search_field
from karier_desktop.ui.pages.employees.panel import EmployeePanel
from karier_desktop.ui.topics import Topic

E = svc.EmployeeRow


@dataclass(frozen=True)
class _Loaded:
    rows: list[E]
    units: list[svc.UnitNode]
    minimum_jp: float

COLUMNS: list[Column[E]] = [
    Column("NIP", lambda r: r.nip_display, lambda r: r.nip),
    Column("Nama", lambda r: r.name, lambda r: r.name.lower()),
    Column("Gol.", lambda r: r.rank, lambda r: r.rank_order),
    # the figures come before the long texts, so they stay in view on a 1366x768 screen
    Column("JPM", lambda r: format_percent(r.jpm), lambda r: r.jpm, align_right=True),
    # how many of the standard's competencies the JPM rests on ("7/9")
    Column("Diases", lambda r: r.coverage, lambda r: (r.assessed, r.standard_count),
           align_right=True),
    Column("Kategori", lambda r: r.category, lambda r: r.category,
           background=lambda r: category_colour(r.category)),
    Column("JP tahun ini", lambda r: f"{r.jp_year:g}", lambda r: r.jp_year, align_right=True),
    Column("Jabatan", lambda r: r.position, lambda r: r.position.lower()),
    Column("Unit kerja", lambda r: r.unit, lambda r: r.unit.lower()),
]
WATCH_INTERVAL_MS = 3000  # how often the page looks for other clerks' changes
CATEGORIES = ("Optimal", "Cukup Optimal", "Kurang Optimal", "Kedaluwarsa", "Belum diases")


class EmployeesPage(Page):
    topics = (Topic.EMPLOYEES, Topic.ASSESSMENTS, Topic.TRAINING, Topic.STANDARDS, Topic.SETTINGS,
              Topic.UNITS, Topic.PLANS, Topic.POSITIONS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.all_rows: list[E] = []
        self.units: list[svc.UnitNode] = []
        self.minimum_jp = 20.0

        self.search = search_field("Cari nama atau NIP…", self.apply_filter, focus_key_on=self)
        self.search.setMinimumWidth(170)
        self.kind = QComboBox()
        self.rank = QComboBox()
        self.category = QComboBox()
        self.category.addItem("Semua kategori JPM", "")
        for cat in CATEGORIES:
            self.category.addItem(cat, cat)
        self.under_jp = QCheckBox("Di bawah 20 JP")
        permits.reading(self.under_jp)
        for widget in (self.kind, self.rank, self.category):
            widget.currentIndexChanged.connect(self.apply_filter)
        self.under_jp.toggled.connect(self.apply_filter)
        self.count = QLabel()
        self.count.setObjectName("result_count")

        self.tree = QTreeWidget()
        self.tree.setHeaderLabel("Unit kerja")
        self.tree.setMinimumWidth(120)
        self.tree.currentItemChanged.connect(lambda *_: self.apply_filter())

        self.model: RowTableModel[E] = RowTableModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        # Sorting is done on all rows once per header click; filtering keeps that order, so a
        # keystroke never re-sorts (see tests/perf figures filter_100k and sort_100k).
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._on_sort)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((170, 200, 45, 62, 52, 105, 85, 200, 200)):
            self.table.setColumnWidth(col, width)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())

        self.panel = EmployeePanel(ctx)
        self.add_btn, self.edit_btn, self.delete_btn = edit_buttons(
            self, self.table, "&Tambah", self.add_employee, self.edit_selected,
            self.delete_selected, needs=Permission.EDIT)

        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.under_jp)  # here, so the page fits a 1366×768 screen at 150 %
        filters = QHBoxLayout()
        filters.addWidget(self.kind, 3)
        filters.addWidget(self.rank, 2)
        filters.addWidget(self.category, 3)
        actions = QHBoxLayout()
        actions.addWidget(self.count)  # below the table: the search field keeps its width
        actions.addStretch(1)
        actions.addWidget(self.add_btn)
        actions.addWidget(self.edit_btn)
        actions.addWidget(self.delete_btn)
        centre = QWidget()
        cl = QVBoxLayout(centre)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addLayout(search_row)
        cl.addLayout(filters)
        cl.addWidget(self.table, 1)
        cl.addLayout(actions)
        page_frame(self, "Pegawai", (splitter(self.tree, centre, self.panel,
                                              sizes=(170, 800, 300), stretch=(0, 1, 0)), 1))
        self._select_timer = QTimer(self, singleShot=True, interval=120)
        self._select_timer.timeout.connect(self._show_selected)
        self.loader = PageLoader(self, ctx, "Memuat data pegawai", self._fetch, self._show_loaded,
                                 lambda: self.count.setText("Memuat data pegawai…"),
                                 at_hand=ctx.has_start_view)
        # Another clerk's change (server) or another program's (SQLite file): a cheap poll.
        self._watcher: Any = None  # services.changes.ChangeWatcher, made after the first paint
        self._watch_box: list[Any] = []  # for closing it when the page goes
        self._watch_timer = QTimer(self, interval=WATCH_INTERVAL_MS)
        self._watch_timer.timeout.connect(self.check_elsewhere)
        self._watch_timer.start()
        self.destroyed.connect(lambda *_, box=self._watch_box: [w.close() for w in box])

    # --- loading
    def mark_stale(self) -> None:
        super().mark_stale()
        if self._watcher is not None:
            self._watcher.seen()  # our own change: no second reload from the poll

    def check_elsewhere(self) -> bool:
        """Reload when someone else changed the data; True if they did."""
        if not self.ctx.is_open:  # the database opens after the first paint
            return False
        if self._watcher is None:
            from karier_desktop.services.changes import ChangeWatcher  # SQLAlchemy: not at start

            self._watcher = ChangeWatcher(self.ctx.db)
            self._watch_box.append(self._watcher)
        if not self._watcher.poll():
            return False
        # Only this table reloads: other pages may hold a clerk's unsaved edits, and their
        # saves refuse a stale change anyway (services.versions).
        self.ctx.forget_view()
        self._stale = True
        if self.isVisible():
            self.reload()
        return True

    def load(self) -> None:
        """Read the rows again: at once for a small regency, off the GUI thread for a large one."""
        self.loader.load()

    def _fetch(self, progress: Progress) -> _Loaded:
        """Everything the page shows, read in one go (runs in a worker thread for large data)."""
        progress("Menghitung JPM pegawai…", 0.1)
        view = self.ctx.start_view()
        return _Loaded(view.rows, view.units, view.minimum_jp)

    def _show_loaded(self, data: _Loaded) -> None:
        selected = self.selected_id()
        self.all_rows, self.units, self.minimum_jp = data.rows, data.units, data.minimum_jp
        self.under_jp.setText(f"Di bawah {self.minimum_jp:g} JP")
        self._fill_choices()
        self._fill_tree()
        self._sort_all()
        self.apply_filter()
        if selected is not None:
            self.select_employee(selected)

    def _fill_choices(self) -> None:
        for combo, label, values in (
            (self.kind, "Semua jenis jabatan", sorted({r.position_kind for r in self.all_rows if r.position_kind})),
            (self.rank, "Semua golongan", sorted({(r.rank_order, r.rank) for r in self.all_rows if r.rank})),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(label, "")
            for v in values:
                value = v[1] if isinstance(v, tuple) else v
                combo.addItem(value.replace("_", " ").capitalize() if combo is self.kind else value,
                              value)
            idx = combo.findData(current)
            combo.setCurrentIndex(max(0, idx))
            combo.blockSignals(False)

    def _fill_tree(self) -> None:
        unit_tree.fill(self.tree, self.units, lambda u: f"{u.code} — {u.name}")

    # --- filtering
    def current_filter(self) -> svc.EmployeeFilter:
        unit_id = unit_tree.chosen(self.tree)
        return svc.EmployeeFilter(
            text=self.search.text(),
            unit_ids=svc.unit_with_descendants(self.units, unit_id) if unit_id else None,
            position_kind=self.kind.currentData() or "",
            rank=self.rank.currentData() or "",
            category=self.category.currentData() or "",
            under_jp=self.minimum_jp if self.under_jp.isChecked() else None,
        )

    def apply_filter(self) -> None:
        rows = svc.apply_filter(self.all_rows, self.current_filter())
        self.model.set_rows(rows)
        total = len(self.all_rows)
        self.count.setText(f"{len(rows):,} dari {total:,} pegawai".replace(",", "."))

    def _sort_all(self) -> None:
        header = self.table.horizontalHeader()
        col = COLUMNS[min(header.sortIndicatorSection(), len(COLUMNS) - 1)]
        self.all_rows = sort_rows(self.all_rows, col.sort_key or col.text,
                                  header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)

    def _on_sort(self, _section: int, _order: Qt.SortOrder) -> None:
        selected = self.selected_id()
        self._sort_all()
        self.apply_filter()
        if selected is not None:
            self.select_employee(selected)

    def apply_quick_filter(self, name: str) -> None:
        if name == "under_jp":
            self.under_jp.setChecked(True)

    # --- selection
    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.model.row_at(rows[0].row())
        return row.id if row else None

    def select_employee(self, employee_id: int) -> bool:
        for i, row in enumerate(self.model.rows()):
            if row.id == employee_id:
                self.table.selectRow(i)
                self.table.scrollTo(self.model.index(i, 0))
                return True
        return False

    def _on_selection(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        self._select_timer.start()

    def _show_selected(self) -> None:
        self.panel.show_employee(self.selected_id())

    # --- editing
    def add_employee(self) -> None:
        from karier_desktop.ui.pages.employees.dialog import EmployeeDialog

        dialog = EmployeeDialog(self.ctx, None, self)
        if dialog.exec():
            self.ctx.changed("employees")
            if dialog.saved_id:
                self.select_employee(dialog.saved_id)

    def edit_selected(self) -> None:
        from karier_desktop.ui.pages.employees.dialog import EmployeeDialog

        emp_id = self.selected_id()
        if not have_selection(emp_id, self, "Pegawai", "pegawai yang akan diubah"):
            return
        dialog = EmployeeDialog(self.ctx, emp_id, self)
        if dialog.exec():
            self.ctx.changed("employees")

    def delete_selected(self) -> None:
        from karier_desktop.services.employees import edit as employee_edit

        emp_id = self.selected_id()
        if emp_id is None:
            return
        row = next(r for r in self.model.rows() if r.id == emp_id)
        answer = QMessageBox.question(
            self, "Hapus pegawai",
            f"Hapus {row.name} (NIP {row.nip_display}) beserta riwayat asesmen, pelatihan dan "
            "IDP-nya?\n\nUntuk pegawai yang pensiun atau pindah, gunakan Ubah → status.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.ctx.call(employee_edit.delete_employee, emp_id)
            self.ctx.changed("employees")

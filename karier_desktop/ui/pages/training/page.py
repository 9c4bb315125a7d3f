"""Pelatihan: the programme catalogue, the training records and 20-JP compliance, as tabs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTableView,
    QTabWidget,
    QWidget,
)

from karier_desktop.domain.textfmt import (
    format_date_short,
    format_rupiah,
)
from karier_desktop.services import employees as employees_service
from karier_desktop.services import training as svc
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.start.rows import UnitNode
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.actions import call_or_explain, confirm
from karier_desktop.ui.kit.layouts import hbox, page_frame, vbox
from karier_desktop.ui.kit.loaded_page import LoadedPage
from karier_desktop.ui.kit.page_loader import Progress, known_employees
from karier_desktop.ui.kit.store_model import StoreModel
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.tables import make_table
from karier_desktop.ui.kit.widgets import edit_buttons, search_field
from karier_desktop.ui.pages.training import catalogue_actions
from karier_desktop.ui.pages.training.compliance import SHARE_MIDDLE, ComplianceTab, jp_text
from karier_desktop.ui.topics import Topic

NEWEST_FIRST = (0, Qt.SortOrder.DescendingOrder)  # the order the service gives the history
STATUS_TEXT = {"selesai": "Selesai", "rencana": "Rencana", "batal": "Batal"}

P = svc.ProgrammeRow
R = svc.RecordRow


@dataclass(frozen=True)
class _Loaded:
    programmes: list[P]
    years: list[int]
    opds: list[UnitNode]
    year: int | None
    records: svc.RecordTable
    compliance: svc.Compliance

PROGRAMME_COLUMNS: list[Column[P]] = [
    Column("Kode", lambda r: r.code),
    Column("Judul", lambda r: r.title, lambda r: r.title.lower(), tooltip=lambda r: r.title),
    Column("Bentuk", lambda r: r.form_code, tooltip=lambda r: r.form_name),
    Column("Penyelenggara", lambda r: r.provider, lambda r: r.provider.lower(),
           tooltip=lambda r: r.provider),
    Column("JP", lambda r: jp_text(r.jp), lambda r: r.jp, align_right=True),
    Column("Biaya", lambda r: r.cost_text, lambda r: r.cost_per_participant,
           tooltip=lambda r: r.cost_text),
    Column("Sasaran", lambda r: r.targets_text, tooltip=lambda r: r.targets_text),
    Column("Aktif", lambda r: "Ya" if r.active else "Tidak", lambda r: r.active,
           background=lambda r: None if r.active else "#e8eaed"),
]
_STATUS_COLOUR = {"rencana": SHARE_MIDDLE, "batal": "#e8eaed"}


def record_columns(store: Callable[[], svc.RecordTable]) -> list[Column[int]]:
    """The history's columns over positions in the tab's current table (`store()`)."""
    def person(i: int) -> str:
        nip, name, _key = store().person(i)
        return f"{name}\nNIP {nip}\n{store().unit(i)}"

    return [
        Column("Mulai", lambda i: format_date_short(store().start(i)), lambda i: store().start(i)),
        Column("Selesai", lambda i: format_date_short(store().end(i)), lambda i: store().end(i)),
        Column("Pegawai", lambda i: store().person(i)[1], lambda i: store().person(i)[1].lower(),
               tooltip=person),
        Column("Kegiatan", lambda i: store().activity(i)[0],
               lambda i: store().activity(i)[0].lower(), tooltip=lambda i: store().activity(i)[0]),
        Column("Bentuk", lambda i: store().activity(i)[1]),
        Column("JP", lambda i: jp_text(store().jp_of(i)), lambda i: store().jp_of(i),
               align_right=True),
        Column("Biaya", lambda i: format_rupiah(store().cost(i)), lambda i: store().cost(i),
               align_right=True),
        Column("Sertifikat", lambda i: store().certificate(i)),
        Column("Status", lambda i: STATUS_TEXT.get(store().status(i), store().status(i)),
               lambda i: store().status(i),
               background=lambda i: _STATUS_COLOUR.get(store().status(i))),
    ]


class _RowsTab(QWidget):
    """A tab of rows the clerk adds, changes and deletes through one dialog."""

    where = noun = delete_title = ""
    table: QTableView
    model: RowTableModel[Any]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def build(self, model: RowTableModel[Any], widths: tuple[int, ...], order: Qt.SortOrder,
              add_text: str, top: Callable[[], QHBoxLayout]) -> None:
        """The table (a double click changes the row), the count and Tambah/Ubah/Hapus; then
        `top()`, the filters and other buttons above the table, and the tab's layout."""
        self.count = QLabel()
        self.model = model
        self.table = make_table(self.model, widths, fit_headers=False)
        self.table.horizontalHeader().setSortIndicator(0, order)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.add_btn, self.edit_btn, self.delete_btn = edit_buttons(
            self, self.table, add_text, self.add, self.edit_selected, self.delete_selected,
            needs=Permission.EDIT, edit_text="&Ubah…", new_key=False)
        vbox(top(), (self.table, 1),
             hbox((self.count, 1), self.add_btn, self.edit_btn, self.delete_btn), owner=self)

    def dialog(self, row_id: int | None) -> QDialog:
        raise NotImplementedError

    def delete_question(self, row: Any) -> str:
        raise NotImplementedError

    def delete(self, row: Any) -> bool:
        raise NotImplementedError

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def add(self) -> None:
        if self.dialog(None).exec():
            self.ctx.changed("training")

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None:
            QMessageBox.information(self, self.where, f"Pilih dulu {self.noun} yang akan diubah.")
        elif self.dialog(row.id).exec():
            self.ctx.changed("training")

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None:
            QMessageBox.information(self, self.where, f"Pilih dulu {self.noun} yang akan dihapus.")
        elif confirm(self, self.delete_title, self.delete_question(row), default_no=True) \
                and self.delete(row):
            self.ctx.changed("training")


class CatalogueTab(_RowsTab):
    where, noun, delete_title = "Katalog", "program", "Hapus program"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.all_rows: list[P] = []
        self.search = search_field("Cari kode, judul, penyelenggara atau kompetensi…",
                                   self.apply_filter)
        self.inactive = QCheckBox("Tampilkan yang &nonaktif")
        self.inactive.setChecked(True)
        self.inactive.toggled.connect(self.apply_filter)
        permits.reading(self.inactive)
        self.build(RowTableModel(PROGRAMME_COLUMNS, self), (56, 330, 60, 180, 46, 220, 150, 50),
                   Qt.SortOrder.AscendingOrder, "&Tambah program…", self._top)

    def _top(self) -> QHBoxLayout:
        self.import_btn = permits.button(
            "Impor katalo&g…", lambda: catalogue_actions.import_catalogue(self, self.ctx),
            needs=Permission.EDIT)
        self.export_btn = permits.button(
            "E&kspor katalog…", lambda: catalogue_actions.export_catalogue(self, self.ctx),
            needs=None)
        return hbox((self.search, 1), self.inactive, self.import_btn, self.export_btn)

    def reload(self) -> None:
        self.show_rows(self.ctx.call(svc.list_programmes))

    def show_rows(self, rows: list[P]) -> None:
        self.all_rows = rows
        self.apply_filter()

    def apply_filter(self) -> None:
        text = self.search.text().strip().lower()
        rows = [r for r in self.all_rows if (not text or text in r.search_key)
                and (r.active or self.inactive.isChecked())]
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        if header.isSortIndicatorShown():
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.count.setText(f"{len(rows)} dari {len(self.all_rows)} program")

    def dialog(self, row_id: int | None) -> QDialog:
        from karier_desktop.ui.pages.training.dialogs import ProgrammeDialog

        return ProgrammeDialog(self.ctx, row_id, self)

    def delete_question(self, row: P) -> str:
        return f"Hapus program {row.code} — {row.title}?"

    def delete(self, row: P) -> bool:
        return call_or_explain(self, self.ctx, "Program tidak dihapus", svc.delete_programme,
                               row.id)


class RecordsTab(_RowsTab):
    where, noun, delete_title = "Riwayat", "riwayat", "Hapus riwayat pelatihan"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.store: svc.RecordTable = svc.empty_records()
        self.history: StoreModel[R] = StoreModel(record_columns(lambda: self.store),
                                                 lambda pos: self.store.row(pos), self)
        self.shown_once = False
        self.search = search_field("Cari nama, NIP, kegiatan atau bentuk…", self.apply_filter)
        self.year = QComboBox()
        self.year.currentIndexChanged.connect(self.reload)
        self.unit = QComboBox()
        self.unit.setMinimumWidth(220)
        self.unit.currentIndexChanged.connect(self.apply_filter)
        self.status = QComboBox()
        self.status.addItem("Semua status", "")
        for key, text in STATUS_TEXT.items():
            self.status.addItem(text, key)
        self.status.currentIndexChanged.connect(self.apply_filter)
        self.build(self.history, (84, 84, 200, 300, 60, 50, 110, 140, 70),
                   Qt.SortOrder.DescendingOrder, "&Tambah riwayat…",
                   lambda: hbox((self.search, 3), (self.year, 1), (self.unit, 2),
                                (self.status, 1)))

    def wanted_year(self) -> int | None:
        """The year to list: the chosen one, or this year on the first load."""
        chosen = self.year.currentData()
        return dt.date.today().year if chosen is None and not self.shown_once else chosen

    def set_choices(self, years: list[int], opds: list[UnitNode], year: int | None) -> None:
        unit = self.unit.currentData()
        for combo in (self.year, self.unit):
            combo.blockSignals(True)
            combo.clear()
        self.year.addItem("Semua tahun", None)
        for y in years:
            self.year.addItem(str(y), y)
        self.unit.addItem("Semua OPD", None)
        for u in opds:
            self.unit.addItem(u.name, u.id)
        self.year.setCurrentIndex(max(0, self.year.findData(year)))
        self.unit.setCurrentIndex(max(0, self.unit.findData(unit)))
        for combo in (self.year, self.unit):
            combo.blockSignals(False)

    def reload(self) -> None:
        self.show_rows(self.ctx.call(svc.read_records, self.year.currentData(),
                                     known_employees(self.ctx)))

    def show_rows(self, store: svc.RecordTable) -> None:
        self.history.set_rows([])  # no row of the old table is read once it is replaced
        self.store = store
        self.shown_once = True
        self.apply_filter()

    def free(self) -> None:
        """Drop the rows (the page was left); the chosen year stays for the next load."""
        self.history.set_rows([])
        self.store = svc.empty_records()

    def apply_filter(self) -> None:
        rows = self.store.select(svc.RecordFilter(
            text=self.search.text(), opd_id=self.unit.currentData(),
            status=self.status.currentData() or ""))
        self.history.set_positions(rows)
        header = self.table.horizontalHeader()
        # the table's order is the service's (newest first): a sort only when another is asked
        if header.isSortIndicatorShown() and (header.sortIndicatorSection(),
                                              header.sortIndicatorOrder()) != NEWEST_FIRST:
            self.history.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        jp, cost = self.store.done_totals(rows)
        self.count.setText(
            f"{len(rows):,} riwayat".replace(",", ".")
            + f" · selesai: {jp_text(jp)} JP, {format_rupiah(cost)}")

    def selected(self) -> R | None:
        rows = self.table.selectionModel().selectedRows()
        return self.history.record(rows[0].row()) if rows else None

    def dialog(self, row_id: int | None) -> QDialog:
        from karier_desktop.ui.pages.training.dialogs import RecordDialog

        return RecordDialog(self.ctx, row_id, self)

    def delete_question(self, row: R) -> str:
        return (f"Hapus riwayat “{row.title}” milik {row.employee_name} "
                f"({format_date_short(row.start_date)}, {jp_text(row.jp)} JP)?")

    def delete(self, row: R) -> bool:
        return call_or_explain(self, self.ctx, "Riwayat tidak dihapus", svc.delete_record, row.id)



class TrainingPage(LoadedPage):
    topics = (Topic.TRAINING, Topic.EMPLOYEES, Topic.SETTINGS, Topic.UNITS, Topic.PLANS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.catalogue = CatalogueTab(ctx)
        self.records = RecordsTab(ctx)
        self.compliance = ComplianceTab(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.catalogue, "&Katalog")
        self.tabs.addTab(self.records, "&Riwayat")
        self.tabs.addTab(self.compliance, "Kepatuhan &20 JP")
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self._add_current)
        page_frame(self, "Pelatihan", (self.tabs, 1))
        self._wanted: tuple[int | None, int] = (None, dt.date.today().year)
        self.read_through_loader("Memuat data pelatihan", self.records.count)

    def _add_current(self) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, CatalogueTab | RecordsTab):
            tab.add()

    def load(self) -> None:
        """Read all three tabs: at once for a small regency, off the GUI thread for a large one."""
        self._wanted = (self.records.wanted_year(), self.compliance.year.value())
        super().load()

    def held_rows(self) -> int:
        """The training history and the list of employees under the minimum."""
        return len(self.records.store) + self.compliance.under.rowCount()

    def free_rows(self) -> None:
        self.records.free()
        self.compliance.under.set_rows([])

    def fetch(self, progress: Progress) -> _Loaded:
        year, compliance_year = self._wanted
        progress("Membaca katalog…", 0.05)
        programmes = self.ctx.read(svc.list_programmes)
        years = self.ctx.read(svc.record_years)
        opds = [u for u in self.ctx.read(employees_service.unit_tree) if u.parent_id is None]
        year = year if year in years else None  # as the year list shows it
        progress("Membaca riwayat pelatihan…", 0.2)
        known = known_employees(self.ctx)
        records = self.ctx.read(svc.read_records, year, known)
        progress("Menghitung kepatuhan 20 JP…", 0.7)
        view = self.ctx.start_view() if known is not None else None
        if view is not None and view.made_on.year == compliance_year \
                and getattr(self.ctx.db, "account", None) is None:
            # the employee table holds this year's JP of everyone (no operator's OPD limit,
            # which compliance() does not apply either): no second read of the regency
            compliance = svc.compliance_from_rows(view.rows, {u.id: u.name for u in view.units},
                                                  compliance_year, view.minimum_jp)
        else:
            compliance = self.ctx.read(svc.compliance, compliance_year, known)
        return _Loaded(programmes, years, opds, year, records, compliance)

    def show_loaded(self, data: _Loaded) -> None:
        self.catalogue.show_rows(data.programmes)
        self.records.set_choices(data.years, data.opds, data.year)
        self.records.show_rows(data.records)
        self.compliance.show_compliance(data.compliance)

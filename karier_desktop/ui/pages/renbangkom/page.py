"""Renbangkom page: build the year's plan from the IDPs, assign funding sources and budget
ceilings, verify (BKPP) and set (PPK, locked), make a Perubahan, print the document, the annex
and an OPD profile; see plan against actual and IP ASN per OPD. Every button is one unit of
work through `ctx.call`; the page's figures are read in one read-only session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.domain.textfmt import format_number, format_rupiah
from karier_desktop.services import ipasn
from karier_desktop.services import renbangkom as rb
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.errors import ValidationError
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.kit.page_loader import PageLoader, without_collector
from karier_desktop.ui.kit.table_model import RowTableModel
from karier_desktop.ui.kit.tables import make_table
from karier_desktop.ui.kit.widgets import scrolled
from karier_desktop.ui.pages.renbangkom import columns as cols
from karier_desktop.ui.pages.renbangkom.data import PageData, fetch_page
from karier_desktop.ui.topics import Topic

TITLE = "Rencana Pengembangan Kompetensi"
IP_TAB = 2  # the IP ASN tab: its figures (every employee's index) are read when it is shown


class RenbangkomPage(Page):
    topics = (Topic.PLANS, Topic.TRAINING, Topic.EMPLOYEES)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: PageData | None = None
        self.today = dt.date.today()
        self.last_saved: Path | None = None
        title = QLabel(TITLE)
        title.setProperty("role", "title")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.today.year + 1)
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.include_drafts = QCheckBox("Sertakan IDP &draf")
        self.build_btn = QPushButton("&Susun dari IDP")
        self.verify_btn = QPushButton("&Verifikasi BKPP")
        self.set_btn = QPushButton("&Tetapkan PPK")
        self.change_btn = QPushButton("Buat &perubahan")
        self.pdf_btn = QPushButton("Cetak &dokumen…")
        self.annex_btn = QPushButton("&Lampiran Excel…")
        permits.reading(self.include_drafts, self.pdf_btn, self.annex_btn)
        permits.needs(Permission.EDIT, self.build_btn, self.change_btn)
        permits.needs(Permission.APPROVE, self.verify_btn, self.set_btn)
        for button, slot in ((self.build_btn, self.build), (self.verify_btn, self.verify),
                             (self.set_btn, self.set_plan), (self.change_btn, self.new_version),
                             (self.pdf_btn, self.save_pdf), (self.annex_btn, self.save_annex)):
            button.clicked.connect(slot)
        bar = QHBoxLayout()  # the plan's steps; printing on a second row (fits at 150 %)
        year_label = QLabel("&Tahun")
        year_label.setBuddy(self.year)
        for w in (year_label, self.year, self.include_drafts, self.build_btn, self.verify_btn,
                  self.set_btn, self.change_btn):
            bar.addWidget(w)
        bar.addStretch(1)
        print_bar = QHBoxLayout()
        print_bar.addStretch(1)
        print_bar.addWidget(self.pdf_btn)
        print_bar.addWidget(self.annex_btn)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setProperty("role", "hint")
        self.tabs = QTabWidget()
        # each tab scrolls on its own, so the page fits 1366×768 at 150 %
        self.tabs.addTab(scrolled(self._plan_tab()), "&Rencana")
        self.tabs.addTab(scrolled(self._actual_tab()), "Rencana vs &realisasi")
        self.tabs.addTab(scrolled(self._ip_tab()), "&IP ASN per OPD")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addLayout(print_bar)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        self.loader = PageLoader(self, ctx, TITLE, self._fetch, self._show)
        self._show_buttons()

    # --- tabs --------------------------------------------------------------------------------
    def _plan_tab(self) -> QWidget:
        self.line_model: RowTableModel[rb.LineRow] = RowTableModel(cols.LINE_COLUMNS, self)
        self.lines = make_table(self.line_model, (40, 170, 230, 130, 140, 30, 45, 55, 110, 120, 70),
                            multi=True)
        self.funding = QComboBox()
        for code, label in rb.FUNDING_LABELS.items():
            self.funding.addItem(label, code)
        self.funding_btn = permits.button("Terapkan sumber &dana ke baris terpilih",
                                          self.apply_funding, needs=Permission.EDIT)
        self.priority = QComboBox()
        for value, label in rb.PRIORITY_LABELS.items():
            self.priority.addItem(label, value)
        self.priority_btn = QPushButton("Terapkan &prioritas")
        self.priority_btn.setToolTip("Ubah prioritas baris kegiatan terpilih")
        self.priority_btn.clicked.connect(self.apply_priority)
        permits.needs(Permission.EDIT, self.priority_btn)
        self.budget_source = QComboBox()
        for code, label in rb.FUNDING_LABELS.items():
            self.budget_source.addItem(label, code)
        self.budget_amount = QDoubleSpinBox()  # rupiah beyond 2^31 (QSpinBox is 32-bit)
        self.budget_amount.setDecimals(0)
        self.budget_amount.setRange(0, 1e13)
        self.budget_amount.setSingleStep(10_000_000)
        self.budget_amount.setGroupSeparatorShown(True)
        self.budget_amount.setPrefix("Rp ")
        self.budget_btn = permits.button("Simpan pa&gu", self.save_budget, needs=Permission.EDIT)
        self.budget_model: RowTableModel[rb.BudgetRow] = RowTableModel(cols.BUDGET_COLUMNS, self)
        budgets = make_table(self.budget_model, (150, 115, 125))
        budgets.setMaximumHeight(170)
        self.opd_model: RowTableModel[rb.OpdSummary] = RowTableModel(cols.OPD_COLUMNS, self)
        opds = make_table(self.opd_model, (280, 70, 90, 80, 70, 130))
        tools = QHBoxLayout()
        tools.addWidget(QLabel("Sumber dana"))
        tools.addWidget(self.funding)
        tools.addWidget(self.funding_btn)
        prio_label = QLabel("Priorita&s")
        prio_label.setBuddy(self.priority)
        tools.addWidget(prio_label)
        tools.addWidget(self.priority)
        tools.addWidget(self.priority_btn)
        tools.addStretch(1)
        ceiling = QHBoxLayout()  # its own row: the page fits 1366×768
        ceiling.addWidget(QLabel("Pagu"))
        ceiling.addWidget(self.budget_source)
        ceiling.addWidget(self.budget_amount)
        ceiling.addWidget(self.budget_btn)
        ceiling.addStretch(1)
        lower = QHBoxLayout()
        lower.addWidget(budgets, 2)
        lower.addWidget(opds, 3)
        box = QWidget()
        v = QVBoxLayout(box)
        v.addLayout(tools)
        v.addLayout(ceiling)
        v.addWidget(self.lines, 3)
        v.addLayout(lower, 2)
        return box

    def _actual_tab(self) -> QWidget:
        self.actual_model: RowTableModel[rb.ActualLine] = RowTableModel(cols.ACTUAL_COLUMNS, self)
        self.money_model: RowTableModel[rb.ActualBudget] = RowTableModel(cols.MONEY_COLUMNS, self)
        self.actual_info = QLabel()
        box = QWidget()
        v = QVBoxLayout(box)
        v.addWidget(self.actual_info)
        v.addWidget(make_table(self.actual_model, (40, 260, 30, 60, 75, 120, 120, 90, 200)), 3)
        money = make_table(self.money_model, (200, 140, 140, 140))
        money.setMaximumHeight(170)
        v.addWidget(money, 1)
        return box

    def _ip_tab(self) -> QWidget:
        self.ip_model: RowTableModel[rb.OpdMove] = RowTableModel(cols.IP_COLUMNS, self)
        self.regain_model: RowTableModel[ipasn.RegainRow] = RowTableModel(cols.REGAIN_COLUMNS,
                                                                         self)
        self.ip_info = QLabel()
        self.ip_info.setWordWrap(True)
        self.profile_opd = QComboBox()
        self.profile_btn = permits.button("Cetak pro&fil OPD…", self.save_profile, needs=None)
        self.dims_btn = QPushButton("Kinerja, disiplin, pendidi&kan…")
        self.dims_btn.setToolTip("Isi atau impor dimensi kualifikasi, kinerja dan disiplin "
                                 "IP ASN tahun ini")
        self.dims_btn.clicked.connect(self.edit_dimensions)
        permits.needs(Permission.EDIT, self.dims_btn)
        row = QHBoxLayout()
        row.addWidget(self.ip_info, 1)
        row.addWidget(self.dims_btn)
        row.addWidget(self.profile_opd)
        row.addWidget(self.profile_btn)
        box = QWidget()
        v = QVBoxLayout(box)
        v.addLayout(row)
        v.addWidget(make_table(self.ip_model, (240, 60, 110, 110, 100, 140, 95, 120, 110, 110)), 2)
        v.addWidget(QLabel("Poin yang hilang per pegawai, diurutkan menurut poin yang kembali "
                           "per rupiah:"))
        v.addWidget(make_table(self.regain_model, (180, 150, 200, 150, 45, 240, 110, 110)), 2)
        return box

    # --- page protocol -----------------------------------------------------------------------
    def load(self) -> None:
        self.loader.load()

    def _ip_shown(self) -> bool:
        return self.tabs.currentIndex() == IP_TAB

    def _tab_changed(self, _index: int) -> None:
        if self._ip_shown() and self.data is not None and self.data.ip_report is None:
            self.ip_info.setText("Menghitung IP ASN…")
            self.reload()

    def _fetch(self, _progress: Any) -> PageData:
        year, with_ip = self.year.value(), self._ip_shown()

        def read() -> PageData:
            with self.ctx.db.read_scope() as session:
                return fetch_page(session, year, self.today, with_ip)
        return without_collector(read)

    def _show(self, data: PageData) -> None:
        if data.year != self.year.value():
            self.reload()
            return
        self.data = data
        plan = data.plan
        self.line_model.set_rows(plan.lines if plan else [])
        self.budget_model.set_rows(plan.budgets if plan else [])
        self.opd_model.set_rows(data.opds)
        self.actual_model.set_rows(data.actual.lines if data.actual else [])
        self.money_model.set_rows(data.actual.budgets if data.actual else [])
        self.ip_model.set_rows(data.ip_moves)
        self.regain_model.set_rows(data.regain)
        current = self.profile_opd.currentData()
        self.profile_opd.clear()
        for code, name in data.opd_codes:
            self.profile_opd.addItem(name, code)
        if current:
            self.profile_opd.setCurrentIndex(max(0, self.profile_opd.findData(current)))
        if plan is None:
            self.status.setText(f"Belum ada rencana tahun {data.year}. Setujui IDP pegawai "
                                "(atau terima hasil Rencana Anggaran), lalu tekan Susun dari IDP.")
        else:
            h = plan.header
            self.status.setText(
                f"Versi {h.version} · {h.label} · {len(plan.lines)} kegiatan · "
                f"{plan.participants} peserta · {format_rupiah(plan.total_cost)} · "
                f"{data.zero_jp} pegawai tanpa JP dua tahun terakhir")
        a = data.actual
        self.actual_info.setText(
            "" if a is None else f"Per {a.as_of.strftime('%d-%m-%Y')}: {a.realised} dari "
            f"{a.participants} peserta terlaksana; realisasi {format_rupiah(a.realised_cost)}.")
        r, s = data.ip_report, data.simulation
        if r is None:
            self.ip_info.setText("Menghitung IP ASN…" if self._ip_shown() else "")
            self._show_buttons()
            if self._ip_shown():  # the tab was opened while the plan was being read
                QTimer.singleShot(0, self.reload)
            return
        text = (f"IP ASN kabupaten: dimensi kompetensi (maks. 40) "
                f"{format_number(r.regency_average, 2)} ({r.regency_band}), indeks "
                f"{format_number(r.regency_index, 2)} ({r.regency_index_band})")
        if s is not None:
            text += (f"; dengan rencana diterima: kompetensi {format_number(s.after, 2)} "
                     f"({s.band_after}), indeks {format_number(s.index_after, 2)} "
                     f"({s.index_band_after})")
        self.ip_info.setText(text + ".")
        self._show_buttons()

    def _show_buttons(self) -> None:
        h = self.data.plan.header if self.data and self.data.plan else None
        self.verify_btn.setEnabled(h is not None and h.status == "draf")
        self.set_btn.setEnabled(h is not None and h.status == "diverifikasi")
        self.change_btn.setEnabled(h is not None and h.status == "ditetapkan")
        open_plan = h is not None and not h.locked
        self.funding_btn.setEnabled(open_plan)
        self.priority_btn.setEnabled(open_plan)
        for button in (self.pdf_btn, self.annex_btn):
            button.setEnabled(h is not None)

    # --- actions (one unit of work each) -----------------------------------------------------
    def _plan_id(self) -> int | None:
        return self.data.plan.header.id if self.data and self.data.plan else None

    def _do(self, fn: Any, *args: Any, done: str = "") -> bool:
        try:
            self.ctx.call(fn, *args)
        except ValidationError as exc:
            QMessageBox.warning(self, TITLE, "\n".join(exc.messages))
            return False
        self.ctx.changed("renbangkom")  # other pages; this one reloads itself
        self.reload()
        if done:
            QMessageBox.information(self, TITLE, done)
        return True

    def build(self) -> None:
        replace = False
        h = self.data.plan.header if self.data and self.data.plan else None
        if h is not None and not h.locked:
            answer = QMessageBox.question(
                self, TITLE, f"Susun ulang rencana versi {h.version} dari IDP? Sumber dana "
                "yang sudah dipilih diganti dari IDP.")
            if answer != QMessageBox.StandardButton.Yes:
                return
            replace = True
        self._do(rb.build, self.year.value(), self.include_drafts.isChecked(), replace)

    def _selected_lines(self) -> list[int]:
        rows = {i.row() for i in self.lines.selectionModel().selectedRows()}
        ids = [r.id for r in (self.line_model.row_at(i) for i in sorted(rows)) if r]
        if not ids:
            QMessageBox.information(self, TITLE, "Pilih baris kegiatan lebih dulu.")
        return ids

    def apply_funding(self) -> None:
        if ids := self._selected_lines():
            self._do(rb.set_funding, ids, self.funding.currentData())

    def apply_priority(self) -> None:
        if ids := self._selected_lines():
            self._do(rb.set_priorities, ids, self.priority.currentData())

    def save_budget(self) -> None:
        self._do(rb.set_budget, self.year.value(), self.budget_source.currentData(),
                 round(self.budget_amount.value()))

    def verify(self) -> None:
        if (pid := self._plan_id()) is not None:
            self._do(rb.verify, pid, self.today, done="Rencana diverifikasi BKPP.")

    def set_plan(self) -> None:
        if (pid := self._plan_id()) is not None:
            self._do(rb.set_plan, pid, self.today,
                     done="Rencana ditetapkan PPK dan kini terkunci.")

    def new_version(self) -> None:
        if (pid := self._plan_id()) is not None:
            self._do(rb.new_version, pid)

    def _ask_path(self, name: str, pattern: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getSaveFileName(self, TITLE, str(Path(folder) / name), pattern)
        return Path(path) if path else None

    def _saved(self, path: Path) -> None:
        self.last_saved = path
        QMessageBox.information(self, TITLE, f"Tersimpan: {path}")

    def save_pdf(self) -> None:
        pid = self._plan_id()
        path = pid and self._ask_path(f"Renbangkom {self.year.value()}.pdf", "PDF (*.pdf)")
        if pid and path:
            self._saved(self.ctx.read(rb.save_pdf, pid, path, self.today))

    def save_annex(self) -> None:
        from karier_desktop.ui.pages.renbangkom.annex_dialog import AnnexColumnsDialog

        pid = self._plan_id()
        if not pid:
            return
        dialog = AnnexColumnsDialog(self.ctx.read(rb.annex_columns), self)
        if dialog.exec() != AnnexColumnsDialog.DialogCode.Accepted:
            return
        self.save_annex_to(dialog.chosen())

    def save_annex_to(self, columns: list[str], path: Path | None = None) -> Path | None:
        """Remember `columns`, then write the annex with them (one unit of work)."""
        pid = self._plan_id()
        path = path or (pid and self._ask_path(f"Lampiran Renbangkom {self.year.value()}.xlsx",
                                               "Excel (*.xlsx)")) or None
        if not pid or path is None:
            return None

        def work(session: Any) -> Path:
            rb.set_annex_columns(session, columns)
            return rb.save_annex(session, pid, path).path

        try:
            written = self.ctx.call(work)
        except ValidationError as exc:
            QMessageBox.warning(self, TITLE, "\n".join(exc.messages))
            return None
        self._saved(written)
        return written

    def edit_dimensions(self) -> None:
        from karier_desktop.ui.pages.renbangkom.dimensions_dialog import DimensionsDialog

        dialog = DimensionsDialog(self.ctx, self.year.value(), self)
        dialog.exec()
        if dialog.changed_any:
            self.reload()

    def save_profile(self) -> None:
        code = self.profile_opd.currentData()
        path = code and self._ask_path(f"Profil {code} {self.year.value()}.pdf", "PDF (*.pdf)")
        if code and path:
            self._saved(self.ctx.read(rb.save_profile, code, self.year.value(), path,
                                      self.today))

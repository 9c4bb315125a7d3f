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
    QFileDialog,
    QLabel,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from karier_desktop.domain.textfmt import format_number, format_rupiah
from karier_desktop.services import ipasn
from karier_desktop.services import renbangkom as rb
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.errors import ValidationError
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.forms import buddied, choose, money_spin, whole_spin
from karier_desktop.ui.kit.layouts import boxed, hbox, hint_label, page_frame, vbox
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
        self.year = whole_spin(2000, 2100, value=self.today.year + 1)
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.include_drafts = QCheckBox("Sertakan IDP &draf")
        permits.reading(self.include_drafts)
        edit, approve = Permission.EDIT, Permission.APPROVE
        self.build_btn = permits.button("&Susun dari IDP", self.build, needs=edit)
        self.verify_btn = permits.button("&Verifikasi BKPP", self.verify, needs=approve)
        self.set_btn = permits.button("&Tetapkan PPK", self.set_plan, needs=approve)
        self.change_btn = permits.button("Buat &perubahan", self.new_version, needs=edit)
        self.pdf_btn = permits.button("Cetak &dokumen…", self.save_pdf, needs=None)
        self.annex_btn = permits.button("&Lampiran Excel…", self.save_annex, needs=None)
        # the plan's steps; printing on a second row (fits at 150 %)
        bar = hbox(*buddied(("&Tahun", self.year)), self.include_drafts, self.build_btn,
                   self.verify_btn, self.set_btn, self.change_btn, 1)
        print_bar = hbox(1, self.pdf_btn, self.annex_btn)
        self.status = hint_label(wrap=True)
        self.tabs = QTabWidget()
        # each tab scrolls on its own, so the page fits 1366×768 at 150 %
        self.tabs.addTab(scrolled(self._plan_tab()), "&Rencana")
        self.tabs.addTab(scrolled(self._actual_tab()), "Rencana vs &realisasi")
        self.tabs.addTab(scrolled(self._ip_tab()), "&IP ASN per OPD")
        self.tabs.currentChanged.connect(self._tab_changed)
        page_frame(self, TITLE, bar, print_bar, self.status, (self.tabs, 1))
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
        self.priority_btn = permits.button("Terapkan &prioritas", self.apply_priority,
                                           needs=Permission.EDIT)
        self.priority_btn.setToolTip("Ubah prioritas baris kegiatan terpilih")
        self.budget_source = QComboBox()
        for code, label in rb.FUNDING_LABELS.items():
            self.budget_source.addItem(label, code)
        self.budget_amount = money_spin(1e13, step=10_000_000)
        self.budget_btn = permits.button("Simpan pa&gu", self.save_budget, needs=Permission.EDIT)
        self.budget_model: RowTableModel[rb.BudgetRow] = RowTableModel(cols.BUDGET_COLUMNS, self)
        budgets = make_table(self.budget_model, (150, 115, 125))
        budgets.setMaximumHeight(170)
        self.opd_model: RowTableModel[rb.OpdSummary] = RowTableModel(cols.OPD_COLUMNS, self)
        opds = make_table(self.opd_model, (280, 70, 90, 80, 70, 130))
        tools = hbox(QLabel("Sumber dana"), self.funding, self.funding_btn,
                     *buddied(("Priorita&s", self.priority)), self.priority_btn, 1)
        ceiling = hbox(QLabel("Pagu"), self.budget_source, self.budget_amount, self.budget_btn,
                       1)  # its own row: the page fits 1366×768
        return boxed(vbox(tools, ceiling, (self.lines, 3), (hbox((budgets, 2), (opds, 3)), 2)))

    def _actual_tab(self) -> QWidget:
        self.actual_model: RowTableModel[rb.ActualLine] = RowTableModel(cols.ACTUAL_COLUMNS, self)
        self.money_model: RowTableModel[rb.ActualBudget] = RowTableModel(cols.MONEY_COLUMNS, self)
        self.actual_info = QLabel()
        money = make_table(self.money_model, (200, 140, 140, 140))
        money.setMaximumHeight(170)
        return boxed(vbox(
            self.actual_info,
            (make_table(self.actual_model, (40, 260, 30, 60, 75, 120, 120, 90, 200)), 3),
            (money, 1)))

    def _ip_tab(self) -> QWidget:
        self.ip_model: RowTableModel[rb.OpdMove] = RowTableModel(cols.IP_COLUMNS, self)
        self.regain_model: RowTableModel[ipasn.RegainRow] = RowTableModel(cols.REGAIN_COLUMNS,
                                                                         self)
        self.ip_info = QLabel()
        self.ip_info.setWordWrap(True)
        self.profile_opd = QComboBox()
        self.profile_btn = permits.button("Cetak pro&fil OPD…", self.save_profile, needs=None)
        self.dims_btn = permits.button("Kinerja, disiplin, pendidi&kan…", self.edit_dimensions,
                                       needs=Permission.EDIT)
        self.dims_btn.setToolTip("Isi atau impor dimensi kualifikasi, kinerja dan disiplin "
                                 "IP ASN tahun ini")
        return boxed(vbox(
            hbox((self.ip_info, 1), self.dims_btn, self.profile_opd, self.profile_btn),
            (make_table(self.ip_model, (240, 60, 110, 110, 100, 140, 95, 120, 110, 110)), 2),
            QLabel("Poin yang hilang per pegawai, diurutkan menurut poin yang kembali per rupiah:"),
            (make_table(self.regain_model, (180, 150, 200, 150, 45, 240, 110, 110)), 2)))

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
            choose(self.profile_opd, current)
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

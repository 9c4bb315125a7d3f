"""Rencana Anggaran: for a year, a scope and a budget, the plan that closes the most competency
gap — exact (HiGHS) beside the simple greedy plan and how much more it closes, what each spends
and leaves unspent per funding source, what more money buys, per unit what is and is not
funded, pins and forbids, and accepting the plan into the IDPs. The calculation runs in a
worker thread with a progress dialog (ui.worker.run_task).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.domain.textfmt import format_number, format_rupiah
from karier_desktop.services import employees as emp_svc
from karier_desktop.services import planner
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.planner.model import SOURCE_LABELS, PlanLimits, PlannerWeights
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import file_dialogs, permits
from karier_desktop.ui.kit.forms import form_of, text_field, whole_spin
from karier_desktop.ui.kit.jobs import run_calculation
from karier_desktop.ui.kit.layouts import page_frame, splitter
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.kit.table_model import RowTableModel
from karier_desktop.ui.kit.tables import make_table
from karier_desktop.ui.kit.widgets import money_unbroken
from karier_desktop.ui.kit.worker import Task
from karier_desktop.ui.pages.planner.dialogs import WeightsDialog
from karier_desktop.ui.pages.planner.models import UNIT_COLUMNS, PlanRowModel, U
from karier_desktop.ui.pages.planner.widgets import CurveWidget, RupiahEdit, short_rupiah
from karier_desktop.ui.topics import Topic


class PlannerPage(Page):
    """The units list follows the data; a computed plan is kept and marked out of date."""

    topics = (Topic.EMPLOYEES, Topic.ASSESSMENTS, Topic.TRAINING, Topic.STANDARDS,
              Topic.SETTINGS, Topic.UNITS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = dt.date.today()
        self.weights = PlannerWeights()
        self.result: planner.PlanResult | None = None
        self.task: Task | None = None
        page_frame(self, "Rencana Anggaran Pengembangan",
                   (splitter(self._params(), self._results(), sizes=(290, 880), stretch=(0, 1)), 1))
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.calculate)
        self._show_result()

    # --- building ----------------------------------------------------------------------------
    def _params(self) -> QWidget:
        box = QWidget()
        self.year = whole_spin(2000, 2100, value=self.today.year + 1)
        self.budget = RupiahEdit()
        self.budget.set_value(1_000_000_000)
        self.jp_limit = whole_spin(0, 5000, suffix=" JP")
        self.jp_limit.setSpecialValueText("tanpa batas")
        self.min_rule = QCheckBox("Kelas harus memenuhi minimal peserta")
        self.min_rule.setChecked(True)
        self.person_rules = QCheckBox("Batas per jenis pegawai")
        self.person_rules.setChecked(True)
        permits.reading(self.min_rule, self.person_rules)
        self.person_rules.setToolTip(
            "Batas per pegawai dari aturan IDP (Pengaturan): JP dan biaya per jenis pegawai; "
            "PPPK paling lama 24 JP setahun, dihitung bersama JP yang sudah diikuti.")
        self.seconds = whole_spin(5, 600, suffix=" detik", value=30)
        form = form_of(("&Tahun rencana", self.year), ("&Anggaran (Rp)", self.budget),
                       ("Batas &JP per pegawai", self.jp_limit),
                       ("Batas &waktu hitung", self.seconds))
        form.addRow(self.min_rule)  # across the form: the page is narrow at 150 %
        form.addRow(self.person_rules)
        scope = QGroupBox("Cakupan")
        self.all_units = QCheckBox("&Semua unit kerja")
        self.all_units.setChecked(True)
        permits.reading(self.all_units)
        self.unit_list = QListWidget()
        self.unit_list.setEnabled(False)
        self.all_units.toggled.connect(lambda on: self.unit_list.setEnabled(not on))
        sl = QVBoxLayout(scope)
        sl.addWidget(self.all_units)
        sl.addWidget(self.unit_list, 1)
        self.weights_btn = permits.button("&Bobot…", self.edit_weights, needs=None)
        self.calc_btn = QPushButton("&Hitung")
        self.calc_btn.setDefault(True)
        self.calc_btn.setToolTip("Hitung rencana optimal (Ctrl+Enter)")
        self.calc_btn.clicked.connect(self.calculate)
        self.clear_btn = permits.button("Hapus &kunci/larangan", self.clear_marks, needs=None)
        self.accept_btn = permits.button("Terima ke &IDP…", self.accept_plan, needs=Permission.EDIT)
        self.export_btn = permits.button("Ekspor ke E&xcel…", self.export_plan, needs=None)
        # weights, the calculation and the pins live in this window only; accepting writes IDPs
        permits.reading(self.calc_btn)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(scope, 1)
        layout.addWidget(self.weights_btn)
        layout.addWidget(self.calc_btn)
        layout.addWidget(self.clear_btn)
        layout.addWidget(self.accept_btn)
        layout.addWidget(self.export_btn)
        return box

    def _results(self) -> QWidget:
        self.status = QLabel()
        self.status.setObjectName("plan_status")
        self.status.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("plan_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.curve = CurveWidget()
        self.curve_text = QLabel()
        self.curve_text.setProperty("role", "hint")
        self.curve_text.setWordWrap(True)
        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.status)
        left.addWidget(self.summary)
        self.gain = QLabel()
        self.gain.setObjectName("plan_gain")
        self.gain.setWordWrap(True)
        self.gain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left.addWidget(self.gain)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.curve, 1)
        right.addWidget(self.curve_text)
        top.addLayout(left, 1)
        top.addLayout(right, 1)

        self.rows_model = PlanRowModel(self)
        self.rows_table = make_table(self.rows_model, (54, 58, 190, 260, 150, 45, 118, 60,
                                                       165, 180, 240), multi=True)
        self.show_combo = QComboBox()
        for label, key in (("Terdanai", "funded"), ("Tidak terdanai", "not_funded"),
                           ("Semua", "all")):
            self.show_combo.addItem(label, key)
        self.show_combo.currentIndexChanged.connect(self.apply_filter)
        self.search = text_field("Cari nama, NIP, program atau unit…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.count = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Tampilkan:"))
        bar.addWidget(self.show_combo)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)
        rows_tab = QWidget()
        rl = QVBoxLayout(rows_tab)
        rl.addLayout(bar)
        rl.addWidget(self.rows_table, 1)
        hint = QLabel("Centang Kunci untuk memaksa penugasan, Larang untuk melarangnya, lalu "
                      "tekan Hitung lagi.")
        hint.setProperty("role", "hint")
        rl.addWidget(hint)
        self.units_model: RowTableModel[U] = RowTableModel(UNIT_COLUMNS, self)
        self.units_table = make_table(self.units_model, (220, 65, 80, 115, 115, 70, 95, 300),
                                      multi=True)
        self.units_table.doubleClicked.connect(self._open_unit)
        self.units_table.setToolTip("Klik dua kali untuk melihat penugasan unit ini.")
        self.tabs = QTabWidget()
        self.tabs.addTab(rows_tab, "&Penugasan")
        self.tabs.addTab(self.units_table, "Per &unit")
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        return box

    # --- page protocol -----------------------------------------------------------------------
    def load(self) -> None:
        """Read the top units again (keeping the ticks); a computed plan is marked out of date."""
        items = (self.unit_list.item(i) for i in range(self.unit_list.count()))
        ticked = {item.data(Qt.ItemDataRole.UserRole) for item in items
                  if item.checkState() == Qt.CheckState.Checked}
        self.unit_list.clear()
        for u in self.ctx.call(emp_svc.unit_tree):
            if u.parent_id is None:
                item = QListWidgetItem(u.name)
                item.setToolTip(f"{u.code} — {u.name}")
                item.setData(Qt.ItemDataRole.UserRole, u.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if u.id in ticked
                                   else Qt.CheckState.Unchecked)
                self.unit_list.addItem(item)
        if self.result is not None:
            self.status.setText(self.status.text().split("<br>")[0]
                                + "<br><i>Data berubah sejak dihitung; tekan Hitung lagi.</i>")

    # --- actions -----------------------------------------------------------------------------
    def selected_units(self) -> list[int] | None:
        if self.all_units.isChecked():
            return None
        return [self.unit_list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.unit_list.count())
                if self.unit_list.item(i).checkState() == Qt.CheckState.Checked]

    def edit_weights(self) -> None:
        dialog = WeightsDialog(self.weights, self)
        if dialog.exec():
            self.weights = dialog.weights()

    def clear_marks(self) -> None:
        self.rows_model.pins.clear()
        self.rows_model.forbids.clear()
        self.apply_filter()

    def calculate(self) -> None:
        if self.task is not None and self.task.running:
            return
        budget = self.budget.value()
        units = self.selected_units()
        problems = []
        if not budget:
            problems.append("Isi anggaran dalam rupiah, misalnya 1.500.000.000.")
        if units == []:
            problems.append("Centang minimal satu unit kerja, atau pilih Semua unit kerja.")
        limits = PlanLimits(max_jp_per_employee=float(self.jp_limit.value()) or None,
                            respect_min_participants=self.min_rule.isChecked(),
                            person_rules=self.person_rules.isChecked())
        problems += limits.problems() + self.weights.problems()
        if problems:
            QMessageBox.warning(self, "Rencana anggaran", "\n".join(problems))
            return
        params = dict(year=self.year.value(), budget=int(budget or 0), unit_ids=units,
                      limits=limits, weights=self.weights, pins=set(self.rows_model.pins),
                      forbids=set(self.rows_model.forbids), time_limit=float(self.seconds.value()),
                      today=self.today)
        # Batal keeps the previous result
        self.task = run_calculation(self, self.calc_btn, "Menghitung rencana anggaran", self.ctx,
                                    planner.plan_for_year, on_done=self._done,
                                    failed_title="Rencana anggaran", **params)

    def _done(self, result: planner.PlanResult) -> None:
        self.result = result
        self._show_result()

    def _show_result(self) -> None:
        r = self.result
        self.accept_btn.setEnabled(r is not None and r.status in planner.SOLVED
                                   and bool(r.funded))
        if r is None:
            self.status.setText("Isi tahun, cakupan dan anggaran, lalu tekan <b>Hitung</b>.")
            self.summary.setText("")
            self.gain.setText("")
            self.curve.set_points([], None)
            self.curve_text.setText("")
            self.rows_model.set_rows([])
            self.units_model.set_rows([])
            self.count.setText("")
            return
        colour = "#2e7d32" if r.status == "optimal" else "#b26a00"
        label = ("Pilihan terbaik (sudah dibuktikan)" if r.status == "optimal"
                 else r.status_text.capitalize())
        seconds = r.greedy_seconds + r.solve_seconds
        self.status.setText(f"<b style='color:{colour}'>{label}</b> (membaca data "
                            f"{format_number(r.prep_seconds, 1)} detik, menghitung "
                            f"{format_number(seconds, 1)} detik)")
        better = r.improvement_percent
        gain = ("" if better is None else
                f" — <b>{'+' if better >= 0 else ''}{format_number(better, 1)}%</b> dibanding "
                f"cara sederhana ({format_number(r.greedy_objective, 2)})")
        people = len({x.employee_id for x in r.funded})
        lines = [f"Tingkat kesenjangan yang tertutup: <b>{format_number(r.objective, 2)}</b> "
                 f"(berbobot){gain}",
                 f"Biaya: <b>{format_rupiah(r.cost)}</b> dari {format_rupiah(r.budget)}",
                 f"Terdanai: {format_number(len(r.funded))} penugasan untuk "
                 f"{format_number(people)} pegawai; tidak terdanai: "
                 f"{format_number(r.not_funded_total or len(r.not_funded))}"]
        if r.without_assessment:
            lines.append(f"{format_number(r.without_assessment)} pegawai tanpa asesmen yang "
                         "berlaku tidak direncanakan (kesenjangannya belum diketahui).")
        self.summary.setText(money_unbroken("<br>".join(lines)))
        self.gain.setText(money_unbroken(self._gain_words(r)))
        self.curve.set_points([(c.budget, c.objective) for c in r.curve], r.budget)
        self.curve_text.setText(money_unbroken(self._curve_words(r)))
        self.units_model.set_rows(list(r.units))
        self.apply_filter()

    @staticmethod
    def _gain_words(r: planner.PlanResult) -> str:
        """The exact plan against the quick one, and the spending per funding source."""
        parts = [planner.comparison_text(r)]
        for source, used, quick, top in r.by_source:
            if not (used or quick or top):
                continue
            ceiling = "" if top is None else f" dari pagu {format_rupiah(top)}"
            parts.append(f"{SOURCE_LABELS.get(source, source)}: {format_rupiah(used)}{ceiling} "
                         f"(cara sederhana {format_rupiah(quick)})")
        return "<br>".join(p for p in parts if p)

    @staticmethod
    def _curve_words(r: planner.PlanResult) -> str:
        pts = [c for c in r.curve]
        parts = []
        for a, b in zip(pts, pts[1:], strict=False):
            extra = b.objective - a.objective
            per_million = extra / max(1e-9, (b.budget - a.budget) / 1e6)
            parts.append(f"{short_rupiah(a.budget)}→{short_rupiah(b.budget)}: "
                         f"+{format_number(extra, 1)} ({format_number(per_million, 2)} per juta)")
        return ("Tambahan tingkat kesenjangan yang tertutup bila anggaran ditambah: "
                + "; ".join(parts) if parts else "")

    def apply_filter(self) -> None:
        r = self.result
        if r is None:
            return
        mode = self.show_combo.currentData()
        rows = (list(r.funded) if mode == "funded" else list(r.not_funded)
                if mode == "not_funded" else list(r.funded) + list(r.not_funded))
        text = self.search.text().strip().lower()
        if text:
            rows = [x for x in rows if text in x.name.lower() or text in x.nip
                    or text in f"{x.code} {x.title}".lower() or text in x.opd_name.lower()]
        self.rows_model.set_rows(rows)
        header = self.rows_table.horizontalHeader()
        if header.isSortIndicatorShown():
            self.rows_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.count.setText(f"{format_number(len(rows))} baris")

    def _open_unit(self, index: Any) -> None:
        unit = self.units_model.row_at(index.row())
        if unit is not None:
            self.show_combo.setCurrentIndex(2)  # Semua
            self.search.setText(unit.name)
            self.tabs.setCurrentIndex(0)

    def accept_plan(self) -> None:
        r = self.result
        if r is None or r.status not in planner.SOLVED or not r.funded:
            return
        year = r.year
        people = len({x.employee_id for x in r.funded})
        answer = QMessageBox.question(
            self, "Terima ke IDP",
            f"Masukkan {format_number(len(r.funded))} penugasan terdanai untuk "
            f"{format_number(people)} pegawai ke IDP tahun {year} (sebagai draf)?\n\n"
            "IDP yang sudah disetujui tidak diubah: dibuat versi draf baru. Butir yang sudah "
            "ada di draf tidak ditambahkan dua kali.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # about a second per 1,000
        try:
            done = self.ctx.call(planner.accept, r, year)
        except ValueError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "Terima ke IDP", str(exc))
            return
        QApplication.restoreOverrideCursor()
        self.ctx.changed("plans")
        QMessageBox.information(
            self, "Terima ke IDP",
            f"{format_number(done.items_added)} butir ditambahkan ke IDP {year}: "
            f"{format_number(done.plans_created)} IDP baru, {format_number(done.new_versions)} "
            f"versi baru dari IDP yang sudah disetujui, {format_number(done.plans_extended)} "
            f"draf dilengkapi; {format_number(done.items_skipped)} butir sudah ada.")

    def export_plan(self, path: Path | None = None) -> Path | None:
        """The computed plan's assignments (funded and not) as an Excel sheet."""
        from karier_desktop.services.export_tables import plan_table
        from karier_desktop.services.exporting import ExportError, write_table

        r = self.result
        if r is None:
            QMessageBox.information(self, "Ekspor rencana", "Hitung rencana lebih dulu.")
            return None
        if path is None:
            path = file_dialogs.save_table_file(self, "Ekspor rencana anggaran",
                                                f"rencana-anggaran-{self.year.value()}.xlsx")
            if path is None:
                return None
        try:
            done = write_table(path, plan_table([*r.funded, *r.not_funded]))
        except ExportError as exc:
            QMessageBox.warning(self, "Ekspor rencana", str(exc))
            return None
        self.status.setText(f"{format_number(done.rows)} baris diekspor ke {done.path}")
        return done.path

    def task_running(self) -> bool:
        return self.task is not None and self.task.running

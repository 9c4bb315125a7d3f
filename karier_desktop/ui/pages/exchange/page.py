"""Pertukaran Data: export the year's training for SIASN, reconcile with SIASN's export.

The reconciliation table lists per employee what differs; a `beda` row shows both values side
by side with their source, and the clerk may take SIASN's value of one field (one transaction,
audited). Nothing changes until the clerk chooses.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QWidget,
)

from karier_desktop.services import exchange
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.layouts import WIDE_MARGINS, hint_label, page_frame
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.worker import Cancelled, Task, run_task
from karier_desktop.ui.topics import Topic

L = exchange.Line
COLOURS = {exchange.DIFFERENT: "#fff1c2", exchange.ONLY_SIASN: "#dbe9fb",
           exchange.ONLY_APP: "#f9d6d5", exchange.SAME: None}
FIELD_TITLES = {"start_date": "tanggal mulai", "end_date": "tanggal selesai", "jp": "JP"}


def _side(t: Any, field: str) -> str:
    if t is None:
        return ""
    value = getattr(t, field)
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


COLUMNS: list[Column[L]] = [
    Column("Status", lambda ln: exchange.STATUS_LABELS[ln.status],
           background=lambda ln: COLOURS[ln.status]),
    Column("NIP", lambda ln: ln.nip),
    Column("Nama", lambda ln: ln.name),
    Column("Pelatihan", lambda ln: ln.title, tooltip=lambda ln: ln.title),
    Column("Mulai (aplikasi)", lambda ln: _side(ln.app, "start_date")),
    Column("Mulai (SIASN)", lambda ln: _side(ln.siasn, "start_date")),
    Column("JP (aplikasi)", lambda ln: _side(ln.app, "jp"), align_right=True),
    Column("JP (SIASN)", lambda ln: _side(ln.siasn, "jp"), align_right=True),
]


class ExchangePage(Page):
    """Reconciliation against a SIASN file the clerk picks; a change to the records compares
    the same file again, so the table never shows values the clerk already changed."""

    topics = (Topic.TRAINING, Topic.EMPLOYEES)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.task: Task | None = None
        self.report: exchange.Report | None = None
        self.file: Path | None = None
        title = QLabel("Pertukaran Data SIASN")
        title.setProperty("role", "title")

        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        self.kind = QComboBox()
        self.kind.addItem("Riwayat kursus", exchange.KURSUS)
        self.kind.addItem("Riwayat diklat (struktural)", exchange.DIKLAT)
        self.export_btn = permits.button("Ekspor untuk SIASN…", self.export_dialog, needs=None)
        top = QHBoxLayout()
        top.addWidget(QLabel("Tahun"))
        top.addWidget(self.year)
        top.addWidget(self.kind)
        top.addWidget(self.export_btn)
        top.addStretch(1)
        self.open_btn = permits.button("Rekonsiliasi dengan file SIASN…", self.open_dialog,
                                       needs=None)
        top.addWidget(self.open_btn)

        self.summary = hint_label("Pilih file ekspor riwayat kursus/diklat dari SIASN untuk "
                                  "dibandingkan.", wrap=True)
        self.model: RowTableModel[L] = RowTableModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())

        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.adopt = QHBoxLayout()
        self.adopt_buttons: dict[str, QPushButton] = {}
        for field, label in FIELD_TITLES.items():
            btn = QPushButton(f"Pakai {label} SIASN")
            permits.needs(Permission.EDIT, btn)
            btn.setEnabled(False)
            btn.clicked.connect(lambda _=False, f=field: self.adopt_value(f))
            self.adopt_buttons[field] = btn
            self.adopt.addWidget(btn)
        self.adopt.addStretch(1)

        page_frame(self, title, top, self.summary, (self.table, 1), self.detail, self.adopt,
                   margins=WIDE_MARGINS)

    # --- export
    def export_dialog(self) -> None:
        kind = self.kind.currentData()
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"SIASN riwayat {kind} {self.year.value()}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, "Ekspor untuk SIASN",
                                              str(Path(folder) / name), "Excel (*.xlsx)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path, include_sent: bool = False) -> exchange.SiasnExportResult:
        from karier_desktop.services.exporting import ExportError

        try:
            result = self.ctx.call(exchange.export_siasn, self.kind.currentData(),
                                   self.year.value(), path, include_sent)
        except ExportError as exc:
            QMessageBox.warning(self, "Ekspor SIASN", str(exc))
            raise
        text = (f"{result.rows} baris diekspor ke {result.path.name}; daftar berkas sertifikat "
                f"di {result.certificates.name}.")
        if result.already_sent:
            text += f" {result.already_sent} baris sudah pernah dikirim dan tidak diulang."
        self.summary.setText(text)
        return result

    # --- reconciliation
    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "File ekspor SIASN", "",
                                              "Excel/CSV (*.xlsx *.xls *.csv)")
        if path:
            self.reconcile(Path(path))

    def load(self) -> None:
        if self.file is not None:
            self.reconcile(self.file)

    def reconcile(self, path: Path) -> None:
        if self.task is not None and self.task.running:
            self.mark_stale()
            return
        self.file = path
        db = self.ctx.db

        def work(progress: Any) -> exchange.Report:
            progress("Membandingkan riwayat pelatihan dengan SIASN…", 0.1)
            with db.read_scope() as session:
                return exchange.reconcile(session, path)

        self.open_btn.setEnabled(False)
        self.task = run_task(self, "Rekonsiliasi SIASN", work, self._loaded, self._failed)

    def task_running(self) -> bool:
        return self.task is not None and self.task.running

    def _loaded(self, report: exchange.Report) -> None:
        self.open_btn.setEnabled(True)
        self.report = report
        self.model.set_rows(report.lines)
        text = f"Rekonsiliasi dengan {report.file_name}: {report.summary()}."
        if report.unreadable:
            text += f" {len(report.unreadable)} baris SIASN tidak terbaca."
        self.summary.setText(text)
        self._show_detail()

    def _failed(self, exc: BaseException) -> None:
        self.open_btn.setEnabled(True)
        if not isinstance(exc, Cancelled):
            QMessageBox.warning(self, "Rekonsiliasi SIASN", str(exc))

    def current_line(self) -> L | None:
        return self.model.row_at(self.table.currentIndex().row())

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _show_detail(self) -> None:
        line = self.current_line()
        for field, btn in self.adopt_buttons.items():
            btn.setEnabled(bool(line and any(d.field == field for d in line.differences)))
        if line is None:
            self.detail.setText("")
            return
        if line.differences:
            self.detail.setText("Berbeda — " + "; ".join(str(d) for d in line.differences)
                                + ". Nilai aplikasi tidak diubah kecuali Anda memilih nilai "
                                "SIASN.")
        else:
            self.detail.setText(exchange.STATUS_LABELS[line.status])

    def adopt_value(self, field: str) -> None:
        line = self.current_line()
        if line is None:
            return
        try:
            self.ctx.call(exchange.adopt_siasn_value, line, field)
        except exchange.ReconcileError as exc:
            QMessageBox.warning(self, "Rekonsiliasi SIASN", str(exc))
            return
        self.ctx.changed("training")
        self.adopt_buttons[field].setEnabled(False)
        self.detail.setText(f"{FIELD_TITLES[field].capitalize()} diambil dari SIASN.")

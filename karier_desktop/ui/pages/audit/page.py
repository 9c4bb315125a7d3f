"""Audit: filter the append-only audit trail by user, data and date; export what is shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QMessageBox,
    QWidget,
)

from karier_desktop.services.accounts import audit_trail
from karier_desktop.services.accounts.audit_trail import AuditFilter, AuditRow
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import file_dialogs, permits
from karier_desktop.ui.kit.forms import buddied, choose
from karier_desktop.ui.kit.layouts import hbox, page_frame
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.widgets import read_only_table
from karier_desktop.ui.topics import Topic

ALL = "(semua)"


def columns(zone_label: str) -> list[Column[AuditRow]]:
    """The table's columns; the time one names the zone its times are in ("Waktu (WITA)")."""
    return [
        Column(f"Waktu ({zone_label})",
               lambda r: r.at.strftime("%d-%m-%Y %H:%M:%S") if r.at else "",
               sort_key=lambda r: r.id),
        Column("Pengguna", lambda r: r.actor),
        Column("Tindakan", lambda r: r.action),
        Column("Data", lambda r: audit_trail.ENTITY_LABELS.get(r.entity, r.entity)),
        Column("ID", lambda r: r.entity_id),
        Column("Rincian", lambda r: r.detail, tooltip=lambda r: r.detail),
    ]


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


class AuditPage(Page):
    topics = tuple(t for t in Topic if t is not Topic.ALL)  # every change writes audit rows

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.actor = QComboBox()
        self.actor.setObjectName("actor")
        self.entity = QComboBox()
        self.entity.setObjectName("entity")
        self.use_dates = QCheckBox("&Tanggal")
        today = dt.date.today()
        self.since = QDateEdit(_qdate(today - dt.timedelta(days=30)))
        self.until = QDateEdit(_qdate(today))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
            edit.setEnabled(False)
        self.use_dates.toggled.connect(self.since.setEnabled)
        self.use_dates.toggled.connect(self.until.setEnabled)
        self.show_btn = permits.button("Tam&pilkan", self.show_rows, needs=None)
        self.export_btn = permits.button("&Ekspor…", self.export, needs=None)
        # the computer's zone when the page opens; times are shown and exported in it
        self.zone = audit_trail.local_zone()
        self.model: RowTableModel[AuditRow] = RowTableModel(
            columns(audit_trail.zone_label(self.zone)), self)
        self.table = read_only_table(self.model)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.count = QLabel("")
        page_frame(self, "Audit",
                   QLabel("Catatan audit tidak dapat diubah atau dihapus, juga oleh admin."),
                   hbox(*buddied(("Pen&gguna:", self.actor), ("&Data:", self.entity)), 1),
                   # the dates on a second row: the page fits 1366×768 at 150 %
                   hbox(self.use_dates, self.since, QLabel("s.d."), self.until, self.show_btn,
                        1, self.export_btn),
                   (self.table, 1), self.count)
        self.reload()

    def load(self) -> None:
        choices = self.ctx.read(audit_trail.choices)
        for combo, values in ((self.actor, choices.actors), (self.entity, choices.entities)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL, "")
            for value in values:
                combo.addItem(audit_trail.ENTITY_LABELS.get(value, value)
                              if combo is self.entity else value, value)
            choose(combo, current)
            combo.blockSignals(False)
        self.show_rows()

    def current_filter(self) -> AuditFilter:
        since = until = None
        if self.use_dates.isChecked():
            since = self.since.date().toPython()
            until = self.until.date().toPython()
        return AuditFilter(self.actor.currentData() or "", self.entity.currentData() or "",
                           since, until)  # type: ignore[arg-type]

    def show_rows(self) -> None:
        rows = self.ctx.read(audit_trail.entries, self.current_filter(), self.zone)
        self.model.set_rows(rows)
        more = " (yang terbaru; persempit saringan untuk yang lebih lama)" \
            if len(rows) >= audit_trail.MAX_ROWS else ""
        self.count.setText(f"{len(rows)} catatan{more}")

    def export(self, path: Path | None = None) -> Path | None:
        from karier_desktop.services.exporting import ExportError, write_table

        if path is None:
            name = file_dialogs.save_file(self, "Ekspor audit",
                                          f"audit-{dt.date.today():%Y-%m-%d}.xlsx",
                                          "Excel (*.xlsx);;CSV (*.csv)")
            if not name:
                return None
            path = Path(name)
            if path.suffix.lower() not in (".xlsx", ".csv"):
                path = path.with_name(path.name + ".xlsx")
        try:
            result = write_table(path, audit_trail.table(self.model.rows(), self.zone))
        except ExportError as exc:
            QMessageBox.warning(self, "Ekspor audit", str(exc))
            return None
        QMessageBox.information(self, "Ekspor audit",
                                f"{result.rows} catatan audit diekspor ke {result.path}.")
        return result.path

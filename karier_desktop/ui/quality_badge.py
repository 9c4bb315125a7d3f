"""The data-quality score on Beranda: the regency's score and the heaviest fixes.

Computed off the GUI thread when the clerk asks ("Hitung"), so it never holds up the first
paint nor a closing window; after a change of data the shown score is marked out of date.
"Rincian" lists every rule, its weight and how many fail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from karier_desktop.domain.textfmt import format_number
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.jobs import run_job
from karier_desktop.ui.kit.worker import Task

if TYPE_CHECKING:  # Beranda paints before SQLAlchemy loads: the service is imported on use
    from karier_desktop.services import quality

SHOWN_FIXES = 3


class QualityBadge(QFrame):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.report: quality.QualityReport | None = None
        self.setProperty("role", "card")
        self.label = QLabel("Skor mutu data per OPD dan kabupaten: tekan Hitung.")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.compute = permits.button("Hitung", self.refresh, needs=None)
        self.more = QPushButton("Rincian")
        self.more.setEnabled(False)
        self.more.clicked.connect(self.show_details)
        permits.reading(self.more)
        lay = QHBoxLayout(self)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.compute)
        lay.addWidget(self.more)

    def mark_stale(self) -> None:
        if self.report is not None:
            self.label.setText(self.label.text() + " <i>(data sudah berubah: hitung ulang)</i>")

    def refresh(self) -> None:
        if self.task is not None and self.task.running:
            return
        from karier_desktop.services import quality

        self.compute.setEnabled(False)
        self.task = run_job(self, "Skor mutu data", self.ctx, quality.score,
                            on_done=self._loaded, on_error=self._failed, read_only=True,
                            cancellable=False, reports_progress=False,
                            first_step="Menghitung skor mutu data…")

    def _loaded(self, report: quality.QualityReport) -> None:
        self.compute.setEnabled(True)
        self.report = report
        fixes = ", ".join(f"{f.label.lower()} ({f.failed})" for f in report.fixes[:SHOWN_FIXES])
        self.label.setText(f"Skor mutu data kabupaten: <b>{format_number(report.score, 1)}</b> "
                           f"dari 100" + (f" — perbaiki dulu: {fixes}" if fixes else ""))
        self.more.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        self.compute.setEnabled(True)
        self.label.setText(f"Skor mutu data tidak dapat dihitung: {exc}")

    def details_text(self) -> str:
        r = self.report
        if r is None:
            return ""
        lines = [f"Skor {r.scope}: {format_number(r.score, 1)} dari 100 ({r.employees} pegawai "
                 f"aktif, {r.trainings} pelatihan).", "", "Yang perlu diperbaiki (bobot):"]
        lines += [f"[{f.weight:g}] {f.label}: {f.failed} dari {f.checked}" for f in r.fixes]
        lines += ["", "OPD dengan skor terendah:"]
        lines += [f"{u.code}: {format_number(u.score, 1)} ({u.name})" for u in r.units[:10]]
        return "\n".join(lines)

    def show_details(self) -> None:
        QMessageBox.information(self, "Skor mutu data", self.details_text())

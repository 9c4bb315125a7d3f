"""A small view for Beranda: who reaches BUP in the next five years, and the critical posts
they leave, with a way to the forecast. Reads the database only once it is open (the first
screen may be painted from the start-up snapshot before that)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits

YEARS = 5
RETRY_MS = 400
MAX_TRIES = 75  # 30 seconds


class RetirementStrip(QWidget):
    def __init__(self, ctx: AppContext, go: Callable[[str, str | None], None],
                 parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.go = ctx, go
        self.today = today or dt.date.today()
        self.label = QLabel("")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.button = QPushButton("Lihat proyeksi pensiun")
        permits.reading(self.button)
        self.button.clicked.connect(lambda: self.go("talenta", "pensiun"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 6, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.rows: list[object] = []
        self._tries = 0
        self.hide()

    def refresh(self) -> None:
        if not self.ctx.is_open:
            # after the window opened the file; the timer dies with this widget
            self._tries += 1
            if self._tries <= MAX_TRIES:
                QTimer.singleShot(RETRY_MS, self, self.refresh)
            return
        self._tries = 0
        # imported here, not at the top: Beranda paints from the snapshot without SQLAlchemy
        from karier_desktop.services import talent

        rows = self.ctx.read(talent.forecast_summary, self.today, YEARS)
        self.rows = list(rows)
        total = sum(r.retiring for r in rows)
        critical = sum(r.critical_posts for r in rows)
        years = " · ".join(f"{r.year}: {r.retiring}" for r in rows)
        self.label.setText(f"<b>{total}</b> pegawai mencapai batas usia pensiun dalam {YEARS} "
                           f"tahun ({years}); <b>{critical}</b> meninggalkan jabatan kritis.")
        self.show()

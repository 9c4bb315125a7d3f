"""Beranda: counts and what needs attention, each with a way to go and fix it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.domain.textfmt import format_number
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.start.rows import Summary
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.layouts import hint_label
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.kit.page_loader import PageLoader, Progress
from karier_desktop.ui.kit.style import CATEGORY_COLOURS
from karier_desktop.ui.pages.talent.home_view import RetirementStrip
from karier_desktop.ui.quality_badge import QualityBadge
from karier_desktop.ui.topics import Topic


def _card(title: str, value: str, hint: str = "") -> tuple[QFrame, QLabel]:
    frame = QFrame()
    frame.setProperty("role", "card")
    lay = QVBoxLayout(frame)
    head = hint_label(title)
    big = QLabel(value)
    big.setProperty("role", "big")
    lay.addWidget(head)
    lay.addWidget(big)
    if hint:
        note = hint_label(hint, wrap=True)
        lay.addWidget(note)
    return frame, big


class HomePage(Page):
    topics = tuple(t for t in Topic if t is not Topic.ALL)  # the counts sum up all data

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        title = QLabel("Beranda")
        title.setProperty("role", "title")
        self.cards = QGridLayout()
        self.attention = QVBoxLayout()
        self.categories = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(title)
        self.loading = hint_label("Menghitung ringkasan…")
        layout.addWidget(self.loading)
        self.start_box = self._start_box()
        self.start_box.hide()
        layout.addWidget(self.start_box)
        layout.addLayout(self.cards)
        self.quality = QualityBadge(ctx, self)
        layout.addWidget(self.quality)
        cat_title = hint_label("Sebaran kategori JPM (pemetaan)")
        layout.addWidget(cat_title)
        layout.addLayout(self.categories)
        att_title = QLabel("Perlu perhatian")
        att_title.setStyleSheet("font-weight:600; font-size:11pt; margin-top:10px")
        layout.addWidget(att_title)
        layout.addLayout(self.attention)
        self.retirement = RetirementStrip(ctx, self._go, self)
        layout.addWidget(self.retirement)
        layout.addStretch(1)
        self.summary: Summary | None = None
        self.loader = PageLoader(self, ctx, "Menghitung ringkasan", self._fetch, self._show,
                                 at_hand=ctx.has_start_view)

    def _start_box(self) -> QFrame:
        """The welcome's three choices, shown while the database holds no employee."""
        box = QFrame()
        box.setObjectName("start_box")
        box.setProperty("role", "card")
        lay = QVBoxLayout(box)
        text = QLabel("<b>Database belum berisi pegawai.</b> Mulai dengan salah satu cara di "
                      "bawah; langkah hari pertama ada di <i>Bantuan → Panduan</i> (F1).")
        text.setWordWrap(True)
        lay.addWidget(text)
        row = QHBoxLayout()
        self.identity_btn = QPushButton("Isi &identitas kantor / data demo…")
        self.import_btn = QPushButton("Impor pegawai dari &Excel…")
        self.guide_btn = QPushButton("Buka &panduan")
        self.identity_btn.clicked.connect(lambda: self._window_call("show_welcome"))
        self.import_btn.clicked.connect(self._import)
        self.guide_btn.clicked.connect(lambda: self._window_call("show_guide"))
        permits.needs(Permission.EDIT, self.identity_btn, self.import_btn)
        permits.reading(self.guide_btn)
        for button in (self.identity_btn, self.import_btn, self.guide_btn):
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)
        return box

    def _window_call(self, name: str) -> None:
        method = getattr(self.window(), name, None)
        if method is not None:
            method()

    def _import(self) -> None:
        self._window_call("open_first_import")

    def on_shown(self) -> None:
        if self.stale and self.ctx.has_start_view():
            self.reload()  # the counts are in memory (e.g. the start-up snapshot)
        elif self.stale:
            # The window paints first and the counts follow; when the clerk has already moved
            # on to another page (e.g. straight to Pegawai at start) they wait until shown again.
            QTimer.singleShot(0, self._refresh_if_visible)

    def _refresh_if_visible(self) -> None:
        if self.stale and self.isVisible():
            self.reload()

    def _fetch(self, progress: Progress) -> Summary:
        progress("Menghitung ringkasan…", 0.1)
        return self.ctx.start_view().summary

    def mark_stale(self) -> None:
        super().mark_stale()
        self.quality.mark_stale()

    def load(self) -> None:
        self.loader.load()

    def _show(self, s: Summary) -> None:
        self.summary = s
        self.loading.hide()
        self.start_box.setVisible(s.employees == 0)
        _clear(self.cards)
        _clear(self.attention)
        _clear(self.categories)
        fmt = format_count
        for col, (label, value) in enumerate((("Pegawai aktif", s.employees),
                                              ("Unit kerja", s.units),
                                              ("Jabatan", s.positions))):
            frame, _ = _card(label, fmt(value))
            self.cards.addWidget(frame, 0, col)
        for cat, n in s.categories:
            shown = cat
            if cat == "Belum diases":
                # every active employee without a valid assessment: never assessed or expired
                shown, n = "Tanpa asesmen berlaku", s.never_assessed + s.stale_assessed
            chip = QLabel(f"{shown}: <b>{fmt(n)}</b>")
            chip.setStyleSheet(f"background:{CATEGORY_COLOURS.get(cat, '#eee')};"
                               "padding:6px 10px; border-radius:4px")
            self.categories.addWidget(chip)
        self.categories.addStretch(1)
        items = [
            (s.under_minimum_jp, f"pegawai belum mencapai {s.minimum_jp:g} JP pada tahun {s.year}",
             "pegawai", "under_jp"),
            (s.stale_assessed, "pegawai dengan hasil asesmen kedaluwarsa (lebih dari masa berlaku)",
             "asesmen", "need"),
            (s.never_assessed, "pegawai belum pernah diases", "asesmen", "need"),
            (s.positions_without_standard, "jabatan belum memiliki standar kompetensi",
             "jabatan", "without_standard"),
        ]
        for count, text, page, flt in items:
            row = QHBoxLayout()
            label = QLabel(f"<b>{fmt(count)}</b> {text}")
            label.setTextFormat(Qt.TextFormat.RichText)
            row.addWidget(label, 1)
            if count:
                btn = QPushButton("Lihat")
                permits.reading(btn)
                btn.clicked.connect(lambda _=False, p=page, f=flt: self._go(p, f))
                row.addWidget(btn)
            self.attention.addLayout(row)
        self.retirement.refresh()

    def _go(self, page: str, flt: str | None) -> None:
        window = self.window()
        keys = [spec.key for spec in window.available_pages()]  # type: ignore[attr-defined]
        if page not in keys:
            return
        widget = window.show_page(page)  # type: ignore[attr-defined]
        if flt and hasattr(widget, "apply_quick_filter"):
            widget.apply_quick_filter(flt)


def format_count(n: int) -> str:
    """1543 → "1.543" (Indonesian thousands separator)."""
    return format_number(n)


def _clear(layout: QGridLayout | QVBoxLayout | QHBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget():
            item.widget().deleteLater()
        elif item.layout():
            _clear(item.layout())  # type: ignore[arg-type]

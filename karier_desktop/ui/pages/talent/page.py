"""Talenta: the 9-box talent map, succession for critical posts, and the retirement forecast.

The page reads the period's 9-box once as columns (services.talent.map_grid, off the GUI thread
for a large regency): the grid counts per box come from it, and a box's people are read when
the clerk opens that box; a formula change, an override or an import reloads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QTabWidget, QWidget

from karier_desktop.services import talent
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.layouts import hint_label, title_label, vbox
from karier_desktop.ui.kit.loaded_page import LoadedPage
from karier_desktop.ui.kit.page_loader import Progress, known_employees, without_collector
from karier_desktop.ui.kit.widgets import scrolled
from karier_desktop.ui.pages.talent.map_tab import MapTab
from karier_desktop.ui.pages.talent.retirement_tab import RetirementTab
from karier_desktop.ui.pages.talent.succession_tab import SuccessionTab
from karier_desktop.ui.topics import Topic


class TalentPage(LoadedPage):
    pause_collector = False  # the period's 9-box is numpy columns
    topics = (Topic.EMPLOYEES, Topic.ASSESSMENTS, Topic.TALENT, Topic.STANDARDS, Topic.TRAINING,
              Topic.SETTINGS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = today or dt.date.today()
        self.map: talent.MapGrid | None = None
        self._period = self.today.year
        self.period = QSpinBox()
        self.period.setRange(2000, 2100)
        self.period.setValue(self.today.year)
        self.period.setToolTip("Tahun penilaian: SKP tahun itu, hasil potensi dan asesmen "
                               "yang berlaku pada akhir tahun itu")
        period_label = QLabel("&Periode")
        period_label.setBuddy(self.period)
        self.period.editingFinished.connect(self._period_changed)
        self.period.valueChanged.connect(self._period_changed)
        self.import_btn = permits.button("&Impor kinerja/potensi…", self._import,
                                         needs=Permission.EDIT)
        self.status = hint_label()
        head = QHBoxLayout()
        head.addWidget(title_label("Talenta"))
        head.addSpacing(16)
        head.addWidget(self.status, 1)
        head.addWidget(period_label)
        head.addWidget(self.period)
        head.addWidget(self.import_btn)
        self.map_tab = MapTab(self)
        self.succession_tab = SuccessionTab(self)
        self.retirement_tab = RetirementTab(self)
        self.tabs = QTabWidget()
        # each tab scrolls on its own, so the page fits 1366×768 at 150 % (the 9-box grid and
        # its formula side by side are wider than that)
        self._tab_pages: list[QWidget] = [self.map_tab, self.succession_tab, self.retirement_tab]
        for tab, label in zip(self._tab_pages, ("Peta &talenta (9 kotak)",
                                                "&Suksesi jabatan kritis", "Proyeksi pe&nsiun"),
                              strict=True):
            self.tabs.addTab(scrolled(tab), label)
        self.tabs.currentChanged.connect(self._tab_changed)
        vbox(head, (self.tabs, 1), owner=self, margins=(14, 10, 14, 8))
        self.read_through_loader("Memetakan talenta", self.status)

    # --- loading
    @property
    def current_period(self) -> int:
        return self._period

    def load(self) -> None:
        self._period = self.period.value()
        super().load()

    def jpm_values(self, period: int, ids: Collection[int] | None = None
                   ) -> dict[int, float | None] | None:
        """For the current period the JPM of everyone (or of `ids`) comes from the shared
        start view (the same figures, computed once for Pegawai and Beranda) instead of a
        second JPM aggregate over the whole regency; None for another period."""
        if talent.reference_date(period, self.today) != self.today:
            return None
        view = self.ctx.start_view()
        if view.made_on != self.today:
            return None
        if ids is None:
            return {r.id: r.jpm for r in view.rows}
        return {r.id: r.jpm for r in view.rows if r.id in ids}

    def fetch(self, progress: Progress) -> talent.MapGrid:
        """The period's boxes (in a worker for a large regency)."""
        progress("Memetakan talenta…", 0.1)
        period = self._period
        return self.ctx.read(talent.map_grid, period, self.today,
                             jpm_values=self.jpm_values(period))

    def fetch_people(self, ids: list[int]) -> tuple[talent.Placement, ...]:
        """The placements of the people of one box (the drill-down list)."""
        period, wanted = self._period, set(ids)
        jpm = self.jpm_values(period, wanted)
        known = known_employees(self.ctx)
        return without_collector(lambda: self.ctx.read(
            talent.talent_map, period, self.today, ids, jpm_values=jpm, known=known).rows)

    def held_rows(self) -> int:
        return 0 if self.map is None else self.map.total

    def free_rows(self) -> None:
        self.map = None
        self.map_tab.model.set_rows([])

    def show_loaded(self, tm: talent.MapGrid) -> None:
        self.map = tm
        placed = tm.total - tm.unplaced
        self.status.setText(f"Periode {tm.period}: {placed} pegawai dipetakan, {tm.unplaced} "
                            "belum (tanpa data SKP atau potensi/asesmen).")
        self.map_tab.show_map(tm)
        self.succession_tab.map_changed()
        if self._current_tab() is self.retirement_tab:
            self.retirement_tab.refresh()

    def _period_changed(self, *_args: object) -> None:
        if self.period.value() != self._period:
            self.reload()

    def _current_tab(self) -> QWidget:
        return self._tab_pages[max(0, self.tabs.currentIndex())]

    def _tab_changed(self, _index: int) -> None:
        widget = self._current_tab()
        refresh = getattr(widget, "on_shown", None)
        if refresh:
            refresh()

    def apply_quick_filter(self, what: str) -> None:
        """Beranda's "Lihat": open a tab (only "pensiun" for now)."""
        if what == "pensiun":
            self.tabs.setCurrentIndex(self._tab_pages.index(self.retirement_tab))

    def changed(self) -> None:
        """Talent data changed: tell every page and reload here.

        Talent tables are not part of the shared start view (employee rows, Beranda counts),
        so the signal is sent without ctx.changed(), which would drop that view and make the
        next page recompute it for the whole regency."""
        self.mark_stale()
        self.ctx.data_changed.emit("talent")
        if self.stale:
            self.reload()

    def _import(self) -> None:
        from karier_desktop.ui.pages.talent.import_dialog import run_import

        if run_import(self.ctx, self):
            self.changed()

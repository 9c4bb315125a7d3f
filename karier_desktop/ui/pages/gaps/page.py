"""Kesenjangan: gaps and JPM per employee (with recommended programmes) and per unit."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.domain.competency import KIND_LABELS
from karier_desktop.domain.nip import format_nip
from karier_desktop.domain.textfmt import (
    format_date_id,
    format_number,
    format_percent,
    format_rupiah,
)
from karier_desktop.services import employees as emp_svc
from karier_desktop.services import recommend
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.files import safe_stem
from karier_desktop.services.gaps import GapLine
from karier_desktop.services.gaps import unit as unit_gaps
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.competency_bars import CompetencyBars
from karier_desktop.ui.kit.forms import choose
from karier_desktop.ui.kit.layouts import hint_label
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.kit.page_loader import PageLoader, Progress, without_collector
from karier_desktop.ui.kit.save_pdf import save_pdf
from karier_desktop.ui.kit.style import GAP_NEGATIVE, GAP_OK, category_colour
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.widgets import read_only_table, search_field, set_widths
from karier_desktop.ui.topics import Topic

E = emp_svc.EmployeeRow
EMPLOYEE_COLUMNS: list[Column[E]] = [
    Column("Nama", lambda r: r.name, lambda r: r.name.lower()),
    Column("JPM", lambda r: format_percent(r.jpm), lambda r: r.jpm, align_right=True,
           background=lambda r: category_colour(r.category)),
    Column("Diases", lambda r: r.coverage, lambda r: (r.assessed, r.standard_count),
           align_right=True),
]


def _gap_colour(ln: GapLine) -> str | None:
    if ln.gap is None:
        return "#e8eaed"
    return GAP_NEGATIVE if ln.gap < 0 else GAP_OK


LINE_COLUMNS: list[Column[GapLine]] = [
    Column("Kompetensi", lambda ln: ln.name, lambda ln: ln.name.lower()),
    Column("Jenis", lambda ln: KIND_LABELS.get(ln.kind, ln.kind)),
    Column("Standar", lambda ln: str(ln.required), lambda ln: ln.required, align_right=True),
    Column("Aktual", lambda ln: "–" if ln.actual is None else str(ln.actual),
           lambda ln: ln.actual, align_right=True),
    Column("Selisih", lambda ln: "–" if ln.gap is None else (f"{ln.gap:+d}" if ln.gap else "0"),
           lambda ln: ln.gap, align_right=True, background=_gap_colour),
    Column("Keterangan", lambda ln: ln.label,
           tooltip=lambda ln: f"Asesmen {format_date_id(ln.assessed_on)}" if ln.assessed_on
           else "Belum pernah diases"),
]

Rec = recommend.Recommendation
REC_COLUMNS: list[Column[Rec]] = [
    Column("Kompetensi", lambda r: r.competency),
    Column("Program", lambda r: r.title, tooltip=lambda r: f"{r.code} · {r.provider}"),
    Column("Bentuk & jalur", lambda r: f"{r.form_label} ({r.form_code})"),
    Column("JP", lambda r: format_number(r.jp, 0 if r.jp == int(r.jp) else 1), lambda r: r.jp,
           align_right=True, tooltip=lambda r: r.jp_basis or "jam pelajaran riil"),
    Column("Biaya", lambda r: format_rupiah(r.cost), lambda r: r.cost, align_right=True),
    Column("Alasan", lambda r: r.reason, tooltip=lambda r: r.reason),
]


def heat_hex(avg_gap: float | None) -> str:
    """Same scale as the recap PDF: green at standard, through yellow, to red far below."""
    if avg_gap is None:
        return "#eceff1"
    if avg_gap >= 0:
        return "#cfe9d4"
    if avg_gap >= -0.5:
        return "#fbf1c4"
    if avg_gap >= -1.0:
        return "#f9d9a8"
    if avg_gap >= -1.5:
        return "#f5b7a8"
    return "#ec8f86"


def heat_text(cell: unit_gaps.HeatCell) -> str:
    if cell.avg_gap is None:
        return "–"
    avg = format_number(cell.avg_gap, 2)
    return f"{avg} · {format_number((cell.below_share or 0) * 100, 0)}%"


def _heat_column(i: int, name: str) -> Column[unit_gaps.HeatRow]:
    def tip(h: unit_gaps.HeatRow) -> str:
        c = h.cells[i]
        return f"{h.name} — {name}: {c.assessed} pegawai diases, {c.below} di bawah standar"

    return Column("\n".join(textwrap.wrap(name, 12)[:3]), lambda h: heat_text(h.cells[i]),
                  lambda h: h.cells[i].avg_gap, align_right=True,
                  background=lambda h: heat_hex(h.cells[i].avg_gap), tooltip=tip)


R = unit_gaps.RankingRow
RANK_COLUMNS: list[Column[R]] = [
    Column("No", lambda r: "–" if r.rank is None else str(r.rank),
           lambda r: r.rank if r.rank is not None else 10**9, align_right=True),
    Column("Nama", lambda r: r.name, lambda r: r.name.lower()),
    Column("NIP", lambda r: r.nip_display, lambda r: r.nip),
    Column("Jabatan", lambda r: r.position, lambda r: r.position.lower()),
    Column("Unit kerja", lambda r: r.unit, lambda r: r.unit.lower()),
    Column("JPM", lambda r: format_percent(r.jpm), lambda r: r.jpm, align_right=True),
    Column("Kategori", lambda r: r.category, background=lambda r: category_colour(r.category)),
    Column("Di bawah standar", lambda r: str(r.below), lambda r: r.below, align_right=True),
    Column("Kesenjangan terbesar", lambda r: r.largest_gaps),
]


@dataclass(frozen=True)
class _Loaded:
    rows: list[E]  # every active employee (the shared start view's rows)
    shown: list[E]  # those the search finds, by name
    choices: tuple[unit_gaps.UnitChoice, ...]
    opd_id: int | None
    analysis: unit_gaps.UnitGapAnalysis | None


class GapsPage(Page):
    """Two tabs: one employee (gaps, bars, recommendations) and one unit (ranking, heat map)."""

    topics = (Topic.EMPLOYEES, Topic.ASSESSMENTS, Topic.STANDARDS, Topic.SETTINGS, Topic.UNITS,
              Topic.TRAINING)

    open_idp_requested = Signal(int)  # employee id; the main window may switch to the IDP page

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = dt.date.today()
        self.all_rows: list[E] = []
        self.analysis: unit_gaps.UnitGapAnalysis | None = None
        self.current: recommend.EmployeeRecommendations | None = None
        title = QLabel("Kesenjangan Kompetensi")
        title.setProperty("role", "title")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._employee_tab(), "Per &pegawai")
        self.tabs.addTab(self._unit_tab(), "Per &unit")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        self._wanted: tuple[int | None, str, dt.date] = (None, "", self.today)
        self.loader = PageLoader(self, ctx, "Memuat kesenjangan", self._fetch, self._show,
                                 on_start=lambda: self.count.setText("Memuat data pegawai…"))

    # --- building --------------------------------------------------------------------------
    def _employee_tab(self) -> QWidget:
        self.search = search_field("Cari nama atau NIP…  (Ctrl+F)", self._filter_employees)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self._focus_search)
        self.emp_model: RowTableModel[E] = RowTableModel(EMPLOYEE_COLUMNS, self)
        self.emp_table = read_only_table(self.emp_model, stretch_last=False)
        self.emp_table.setColumnWidth(0, 210)
        self.emp_table.setColumnWidth(1, 70)
        self.emp_table.setColumnWidth(2, 52)
        self.emp_table.selectionModel().selectionChanged.connect(
            lambda *_: self._select_timer.start())
        self._select_timer = QTimer(self, singleShot=True, interval=120)
        self._select_timer.timeout.connect(self._show_selected)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.search)
        ll.addWidget(self.emp_table, 1)
        self.count = hint_label()
        ll.addWidget(self.count)

        self.emp_head = QLabel("Pilih pegawai di daftar kiri.")
        self.emp_head.setWordWrap(True)
        self.emp_head.setStyleSheet("font-size:11.5pt; font-weight:600")
        self.jpm_label = QLabel("")
        self.jpm_label.setObjectName("jpm_label")
        self.line_model: RowTableModel[GapLine] = RowTableModel(LINE_COLUMNS, self)
        self.line_table = read_only_table(self.line_model)
        set_widths(self.line_table, (158, 104, 60, 52, 52))
        self.bars = CompetencyBars()
        bars_scroll = QScrollArea()
        bars_scroll.setWidgetResizable(True)
        bars_scroll.setWidget(self.bars)
        bars_scroll.setMinimumWidth(250)
        top = QSplitter()
        top.addWidget(self.line_table)
        top.addWidget(bars_scroll)
        top.setSizes([620, 260])
        self.rec_model: RowTableModel[Rec] = RowTableModel(REC_COLUMNS, self)
        self.rec_table = read_only_table(self.rec_model)
        set_widths(self.rec_table, (130, 230, 150, 40, 95))
        self.idp_btn = QPushButton("Susun &IDP pegawai ini…")
        self.idp_btn.setEnabled(False)
        self.idp_btn.clicked.connect(self._request_idp)
        permits.needs(Permission.EDIT, self.idp_btn)
        rec_head = QHBoxLayout()
        rec_label = hint_label(
            "Rekomendasi pengembangan untuk setiap kesenjangan (terbaik di atas):")
        rec_head.addWidget(rec_label, 1)
        rec_head.addWidget(self.idp_btn)
        lower = QWidget()
        low = QVBoxLayout(lower)
        low.setContentsMargins(0, 0, 0, 0)
        low.addLayout(rec_head)
        low.addWidget(self.rec_table, 1)
        right_split = QSplitter(Qt.Orientation.Vertical)
        right_split.addWidget(top)
        right_split.addWidget(lower)
        right_split.setSizes([330, 230])
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(6, 0, 0, 0)
        rl.addWidget(self.emp_head)
        rl.addWidget(self.jpm_label)
        rl.addWidget(right_split, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([300, 860])
        split.setStretchFactor(1, 1)
        tab = QWidget()
        QVBoxLayout(tab).addWidget(split)
        return tab

    def _unit_tab(self) -> QWidget:
        self.opd = QComboBox()
        self.opd.setMinimumWidth(320)
        self.opd.currentIndexChanged.connect(lambda *_: self.show_unit())
        opd_label = QLabel("&OPD:")
        opd_label.setBuddy(self.opd)
        self.summary = QLabel("")
        self.summary.setObjectName("unit_summary")
        self.summary.setWordWrap(True)
        self.print_btn = permits.button("&Cetak rekap unit (PDF)…", self.print_recap, needs=None)
        head = QHBoxLayout()
        head.addWidget(opd_label)
        head.addWidget(self.opd, 1)
        head.addWidget(self.print_btn)
        self.heat_model: RowTableModel[unit_gaps.HeatRow] = RowTableModel([], self)
        self.heat_table = read_only_table(self.heat_model, stretch_last=False)
        self.heat_table.setToolTip("Rata-rata selisih level (aktual − standar) · persentase "
                                   "pegawai di bawah standar")
        self.rank_model: RowTableModel[R] = RowTableModel(RANK_COLUMNS, self)
        self.rank_table = read_only_table(self.rank_model)
        self.rank_table.setSortingEnabled(True)
        set_widths(self.rank_table, (44, 200, 170, 180, 160, 70, 110, 130))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(_captioned(
            "Peta kesenjangan: rata-rata selisih · % pegawai di bawah standar", self.heat_table))
        split.addWidget(_captioned(
            "Peringkat pegawai menurut JPM (terendah di atas; belum diases di bawah)",
            self.rank_table))
        split.setSizes([330, 250])
        tab = QWidget()
        lay = QVBoxLayout(tab)
        lay.addLayout(head)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)
        return tab

    # --- loading ---------------------------------------------------------------------------
    def load(self) -> None:
        """Read the employee list, the OPD choices and the chosen OPD's analysis: at once for
        a small regency, off the GUI thread for a large one (the JPM of everyone)."""
        self.today = dt.date.today()
        self._wanted = (self.opd.currentData(), self.search.text(), self.today)
        self.loader.load()

    def _fetch(self, _progress: Progress) -> _Loaded:
        opd_id, text, today = self._wanted

        def read() -> _Loaded:
            rows = self.ctx.employee_rows()
            shown = emp_svc.apply_filter(rows, emp_svc.EmployeeFilter(text=text))
            shown.sort(key=lambda r: r.name.lower())
            choices = tuple(self.ctx.read(unit_gaps.opd_choices))
            ids = [c.id for c in choices]
            chosen = opd_id if opd_id in ids else (ids[0] if ids else None)
            analysis = (None if chosen is None
                        else self.ctx.read(unit_gaps.analyse_unit, chosen, today))
            return _Loaded(rows, shown, choices, chosen, analysis)
        return without_collector(read)

    def _show(self, data: _Loaded) -> None:
        selected = self.current.gap.employee_id if self.current else None
        self.all_rows = data.rows
        self._set_employees(data.shown)
        self.opd.blockSignals(True)
        self.opd.clear()
        for choice in data.choices:
            self.opd.addItem(choice.name, choice.id)
        choose(self.opd, data.opd_id)
        self.opd.blockSignals(False)
        self._show_analysis(data.analysis)
        if selected is not None:
            self.show_employee(selected)

    def _focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus()
        self.search.selectAll()

    def _filter_employees(self) -> None:
        rows = emp_svc.apply_filter(self.all_rows, emp_svc.EmployeeFilter(text=self.search.text()))
        rows.sort(key=lambda r: r.name.lower())
        self._set_employees(rows)

    def _set_employees(self, rows: list[E]) -> None:
        self.emp_model.set_rows(rows)
        self.count.setText(f"{len(rows):,} dari {len(self.all_rows):,} pegawai".replace(",", "."))

    def _show_selected(self) -> None:
        rows = self.emp_table.selectionModel().selectedRows()
        row = self.emp_model.row_at(rows[0].row()) if rows else None
        if row is not None:
            self.show_employee(row.id)

    def select_employee(self, employee_id: int) -> bool:
        for i, row in enumerate(self.emp_model.rows()):
            if row.id == employee_id:
                self.emp_table.selectRow(i)
                self.show_employee(employee_id)
                return True
        return False

    def show_employee(self, employee_id: int) -> None:
        try:
            rec = self.ctx.call(recommend.for_employee, employee_id, self.today)
        except LookupError as exc:
            self.emp_head.setText(str(exc))
            return
        self.current = rec
        g = rec.gap
        self.emp_head.setText(f"{g.name} · NIP {format_nip(g.nip)}\n{g.position or '(tanpa jabatan)'}"
                              f" — {g.unit}")
        when = f" · asesmen terakhir {format_date_id(g.last_assessed_on)}" if g.last_assessed_on else ""
        missing = sum(1 for ln in g.lines if ln.actual is None)
        extra = f" · {missing} kompetensi belum diases/kedaluwarsa" if missing else ""
        self.jpm_label.setText(f"JPM {format_percent(g.jpm)} ({g.coverage} kompetensi standar "
                               f"diases) · {g.category}{when}{extra}")
        self.jpm_label.setStyleSheet(f"background:{category_colour(g.category) or '#eee'};"
                                     " padding:5px; border-radius:4px")
        self.line_model.set_rows(list(g.lines))
        self.bars.set_rows([(ln.name, ln.required, ln.actual) for ln in g.lines])
        self.rec_model.set_rows([o for per in rec.per_gap for o in per.options])
        self.idp_btn.setEnabled(True)

    def _request_idp(self) -> None:
        if self.current is not None:
            self.open_idp_requested.emit(self.current.gap.employee_id)

    # --- unit ------------------------------------------------------------------------------
    def show_unit(self) -> None:
        opd_id = self.opd.currentData()
        self._show_analysis(None if opd_id is None
                            else self.ctx.read(unit_gaps.analyse_unit, opd_id, self.today))

    def _show_analysis(self, a: unit_gaps.UnitGapAnalysis | None) -> None:
        if a is None:
            self.analysis = None
            self.summary.setText("Belum ada unit kerja.")
            self.rank_model.set_rows([])
            return
        self.analysis = a
        cats = ", ".join(f"{name} {n}" for name, n in a.categories)
        self.summary.setText(f"{a.employees} pegawai aktif · {a.assessed} sudah diases · "
                             f"rata-rata JPM {format_percent(a.average_jpm)} · {cats}")
        columns: list[Column[unit_gaps.HeatRow]] = [
            Column("Kompetensi", lambda h: h.name,
                   tooltip=lambda h: KIND_LABELS.get(h.kind, h.kind))]
        columns.extend(_heat_column(i, col.name) for i, col in enumerate(a.columns))
        old = self.heat_model
        self.heat_model = RowTableModel(columns, self)
        self.heat_model.set_rows(list(a.heat))
        old.deleteLater()
        self.heat_table.setModel(self.heat_model)
        self.heat_table.setColumnWidth(0, 230)
        self.heat_table.horizontalHeader().setMinimumHeight(52)
        self._fit_heat_headers(a)

    def _fit_heat_headers(self, a: unit_gaps.UnitGapAnalysis) -> None:
        """Unit names wrap between words, never inside one ("P emberhentian"): each column is
        at least as wide as its longest word, and the header as tall as its longest name."""
        header = self.heat_table.horizontalHeader()
        bold = QFont(header.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        lines = 2
        for c, col in enumerate(a.columns, start=1):
            longest = max((metrics.horizontalAdvance(w) for w in col.name.split()), default=0)
            width = max(118, longest + 16)
            self.heat_table.setColumnWidth(c, width)
            wrapped = metrics.boundingRect(0, 0, width - 12, 1000,
                                           int(Qt.TextFlag.TextWordWrap), col.name)
            lines = max(lines, round(wrapped.height() / max(1, metrics.lineSpacing())))
        header.setMinimumHeight(min(lines, 4) * metrics.lineSpacing() + 14)
        self.rank_model.set_rows(list(a.ranking))

    def print_recap(self, path: Path | None = None) -> Path | None:
        """Save the unit recap PDF (asks for a file name unless `path` is given) and open it."""
        from karier_desktop.services.documents import save_unit_recap

        opd_id = self.opd.currentData()
        if opd_id is None or self.analysis is None:
            QMessageBox.information(self, "Rekap unit", "Pilih dulu OPD yang akan dicetak.")
            return None
        doc = self.ctx.call(unit_gaps.recap_document, opd_id, self.today)
        name = safe_stem(f"Rekap kesenjangan - {self.analysis.opd_name}") + ".pdf"
        return save_pdf(self, "Rekap unit", name, lambda p: save_unit_recap(doc, p), path,
                        dialog_title="Simpan rekap unit", kept_as="rekap")


def _captioned(hint: str, table: QWidget) -> QWidget:
    """A table under its one-line hint, without margins (a splitter pane)."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    label = hint_label(hint)
    lay.addWidget(label)
    lay.addWidget(table, 1)
    return box

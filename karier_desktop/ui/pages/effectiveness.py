"""Evaluasi Pelatihan: did each programme raise the competencies it targets, against comparable
employees who did not take it? Per programme (table and chart), per competency, PDF and Excel.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTabWidget,
    QToolTip,
    QWidget,
)

from karier_desktop.domain.textfmt import format_number, format_rupiah
from karier_desktop.services import effectiveness as svc
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import file_dialogs, permits
from karier_desktop.ui.kit.forms import buddied
from karier_desktop.ui.kit.jobs import run_calculation
from karier_desktop.ui.kit.layouts import boxed, hbox, hint_label, page_frame, splitter, vbox
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.kit.style import ACCENT
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.tables import make_table
from karier_desktop.ui.kit.widgets import DateField
from karier_desktop.ui.kit.worker import Task
from karier_desktop.ui.topics import Topic

P = svc.ProgrammeEffect
C = svc.CompetencyProgramme


def signed(value: float | None, decimals: int = 2) -> str:
    if value is None:
        return "–"
    text = format_number(value, decimals)
    return f"+{text}" if value > 0 and text.strip("0,") else text


def did_colour(did: float | None, warning: str) -> str | None:
    if did is None or warning:
        return None
    return "#d7efdc" if did > 0 else "#f9d6d5" if did < 0 else None


DID_TIP = ("kenaikan level peserta dikurangi kenaikan level pembanding: tingkat kesenjangan "
           "yang tertutup berkat program")


def did_columns(did_tip: str | None) -> list[Column[Any]]:
    """The comparison columns a programme row and a competency row share (written once)."""
    return [
        Column("Terukur", lambda e: str(e.measured), lambda e: e.measured, align_right=True),
        Column("Naik level (peserta)", lambda e: signed(e.mean_change), lambda e: e.mean_change,
               align_right=True),
        Column("Jumlah pembanding", lambda e: str(e.comparison_n), lambda e: e.comparison_n,
               align_right=True),
        Column("Naik level (pembanding)", lambda e: signed(e.comparison_change),
               lambda e: e.comparison_change, align_right=True),
        Column("Tambahan naik level", lambda e: signed(e.did), lambda e: e.did, align_right=True,
               background=lambda e: did_colour(e.did, e.warning),
               tooltip=None if did_tip is None else (lambda _e: did_tip)),
    ]


PROGRAMME_COLUMNS: list[Column[P]] = [
    Column("Kode", lambda e: e.code),
    Column("Program", lambda e: e.title, lambda e: e.title.lower(), tooltip=lambda e: e.title),
    Column("Sasaran", lambda e: e.competencies),
    Column("Peserta", lambda e: str(e.participants), lambda e: e.participants, align_right=True),
    *did_columns(DID_TIP),
    Column("Biaya per level naik", lambda e: "–" if e.cost_per_level is None
           else format_rupiah(e.cost_per_level), lambda e: e.cost_per_level, align_right=True),
    Column("Kepuasan peserta (1–5)",
           lambda e: "–" if e.k1_mean is None else format_number(e.k1_mean, 1),
           lambda e: e.k1_mean, align_right=True, tooltip=lambda e: f"{e.k1_n} peserta mengisi"),
    Column("Nilai tes awal→akhir", lambda e: signed(e.k2_mean, 1), lambda e: e.k2_mean,
           align_right=True, tooltip=lambda e: f"{e.k2_n} peserta dites"),
    Column("Catatan", lambda e: e.warning),
]


def rankable(e: P) -> bool:
    """Numbers that allow a ranking: enough measured people on both sides, a difference."""
    return not e.warning and e.did is not None


def split_ranking(rows: list[P]) -> tuple[list[P], list[P]]:
    """(programmes ranked by the extra level gain, best first; the rest, shown apart)."""
    ranked = sorted((e for e in rows if rankable(e)), key=lambda e: (-(e.did or 0.0), e.code))
    return ranked, [e for e in rows if not rankable(e)]
COMPETENCY_COLUMNS: list[Column[C]] = [
    Column("Kode", lambda r: r.code),
    Column("Program", lambda r: r.title, lambda r: r.title.lower()),
    *did_columns(None),
    Column("Catatan", lambda r: r.warning),
]


class DidChart(QWidget):
    """One bar per programme (difference of the changes), zero line in the middle; grey bars
    rest on fewer than five people. Hover for the figures, click to pick the programme."""

    picked = Signal(int)  # programme id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[P] = []
        self.setMinimumHeight(160)
        self.setMouseTracking(True)

    def set_rows(self, rows: list[P]) -> None:
        self.rows = sorted((r for r in rows if r.did is not None), key=lambda r: -(r.did or 0))
        self.update()

    def _bar_rects(self) -> list[QRectF]:
        if not self.rows:
            return []
        left, right, top, bottom = 40.0, self.width() - 8.0, 10.0, self.height() - 36.0
        high = max(0.1, *(r.did or 0 for r in self.rows))
        low = min(-0.1, *(r.did or 0 for r in self.rows))
        zero = top + (bottom - top) * high / (high - low)
        step = (right - left) / len(self.rows)
        rects = []
        for i, r in enumerate(self.rows):
            h = (bottom - top) * abs(r.did or 0) / (high - low)
            y = zero - h if (r.did or 0) > 0 else zero
            rects.append(QRectF(left + i * step + step * 0.15, y, max(1.0, step * 0.7),
                                max(1.0, h)))
        self._zero = zero
        return rects

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        rects = self._bar_rects()
        if not rects:
            p.setPen(QColor("#5b6670"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                       "Belum ada program dengan asesmen sebelum dan sesudah pelatihan.")
            return
        p.setPen(QColor("#9aa5ae"))
        p.drawLine(QPointF(36, self._zero), QPointF(self.width() - 8, self._zero))
        p.drawText(QPointF(4, self._zero + 4), "0")
        p.drawText(QPointF(4, 18), signed(max(0.0, *(r.did or 0 for r in self.rows)), 1))
        font = p.font()
        font.setPointSizeF(7)
        p.setFont(font)
        for r, rect in zip(self.rows, rects, strict=True):
            p.fillRect(rect, QColor("#b8c2cc" if r.warning else ACCENT))
            if rect.width() >= 9:
                p.save()
                p.translate(rect.center().x() + 3, self.height() - 2)
                p.rotate(-90)
                p.setPen(QColor("#1d2a36"))
                p.drawText(QPointF(0, 0), r.code)
                p.restore()

    def row_at(self, x: float) -> P | None:
        for r, rect in zip(self.rows, self._bar_rects(), strict=True):
            if rect.left() - 2 <= x <= rect.right() + 2:
                return r
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        r = self.row_at(event.position().x())
        if r is not None:
            QToolTip.showText(event.globalPosition().toPoint(),
                              f"{r.code} {r.title}\nTambahan naik level {signed(r.did)} "
                              f"({r.measured} peserta, {r.comparison_n} pembanding terukur)", self)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        r = self.row_at(event.position().x())
        if r is not None:
            self.picked.emit(r.programme_id)


class EffectivenessPage(Page):
    topics = (Topic.TRAINING, Topic.ASSESSMENTS, Topic.EMPLOYEES, Topic.STANDARDS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.report: svc.EffectivenessReport | None = None
        self.task: Task | None = None
        self.last_saved: str | None = None
        self.date_from = DateField(optional=True)
        self.date_to = DateField(optional=True)
        self.reload_btn = permits.button("&Hitung ulang", self.reload, needs=None)
        self.pdf_btn = permits.button("Simpan &PDF…", self.save_pdf, needs=None)
        self.excel_btn = permits.button("Ekspor &Excel…", self.save_excel, needs=None)
        bar = hbox(*buddied(("Pelatihan mulai dari", self.date_from), ("sampai", self.date_to)),
                   self.reload_btn, 1, self.pdf_btn, self.excel_btn)
        self.info = hint_label(wrap=True)

        widths = (50, 200, 80, 60, 65, 100, 100, 125, 95, 100, 70, 90)
        self.model: RowTableModel[P] = RowTableModel(PROGRAMME_COLUMNS, self)
        self.table = make_table(self.model, widths)
        self.table.setSortingEnabled(False)  # the order is the ranking
        self.few_model: RowTableModel[P] = RowTableModel(PROGRAMME_COLUMNS, self)
        self.few_table = make_table(self.few_model, widths)
        self.few_label = QLabel()
        self.few_label.setObjectName("few_label")
        self.few_label.setWordWrap(True)
        self.few_label.setStyleSheet("color:#8a5300")
        few_box = boxed(vbox(self.few_label, (self.few_table, 1), margins=(0, 4, 0, 0)))
        self.chart = DidChart()
        self.chart.picked.connect(self.select_programme)
        prog_split = splitter(self.chart, self.table, few_box, sizes=(170, 260, 150),
                              vertical=True)

        self.comp_list = QListWidget()
        self.comp_list.setMaximumWidth(300)
        self.comp_list.currentRowChanged.connect(self._show_competency)
        self.comp_model: RowTableModel[C] = RowTableModel(COMPETENCY_COLUMNS, self)
        self.comp_table = make_table(self.comp_model, (50, 260, 65, 100, 100, 125, 95))
        comp_box = boxed(hbox(self.comp_list, (self.comp_table, 1), margins=(0, 0, 0, 0)))
        self.tabs = QTabWidget()
        self.tabs.addTab(prog_split, "Per p&rogram")
        self.tabs.addTab(comp_box, "Per &kompetensi")
        page_frame(self, "Evaluasi Efektivitas Pelatihan", bar, self.info, (self.tabs, 1))
        self._show()

    # --- page protocol -----------------------------------------------------------------------
    # --- loading -----------------------------------------------------------------------------
    def load(self) -> None:
        if self.task is not None and self.task.running:
            self.mark_stale()  # read again when shown next
            return
        start, end = self.date_from.value(), self.date_to.value()
        if start and end and end < start:
            QMessageBox.warning(self, "Evaluasi pelatihan",
                                "Tanggal akhir periode lebih awal dari tanggal mulai; perbaiki "
                                "salah satunya.")
            self.mark_stale()
            return
        self.task = run_calculation(
            self, self.reload_btn, "Menghitung efektivitas pelatihan", self.ctx,
            svc.evaluate_programmes, start, end, on_done=self._loaded,
            failed_title="Evaluasi pelatihan", on_failed=lambda _exc: self.mark_stale(),
            reports_progress=False,
            first_step="Membandingkan asesmen sebelum dan sesudah pelatihan…")

    def _loaded(self, report: svc.EffectivenessReport) -> None:
        self.report = report
        self._show()

    def task_running(self) -> bool:
        return self.task is not None and self.task.running

    def _show(self) -> None:
        r = self.report
        rows = list(r.programmes) if r else []
        ranked, few = split_ranking(rows)
        self.model.set_rows(ranked)
        self.few_model.set_rows(few)
        self.few_label.setText(
            f"Belum dapat diperingkat ({len(few)} program): {svc.FEW_DATA} atau belum ada "
            "asesmen sesudah pelatihan. Angkanya belum bisa dipercaya untuk membandingkan "
            "program." if few else "")
        self.few_label.parentWidget().setVisible(bool(few))
        self.chart.set_rows(rows)
        self.pdf_btn.setEnabled(bool(rows))
        self.excel_btn.setEnabled(bool(rows))
        self.comp_list.blockSignals(True)
        self.comp_list.clear()
        for c in (r.competencies if r else ()):
            item = QListWidgetItem(f"{c.code} {c.name}")
            item.setToolTip(f"{c.code} {c.name}")
            self.comp_list.addItem(item)
        self.comp_list.blockSignals(False)
        if r and r.competencies:
            self.comp_list.setCurrentRow(0)
            self._show_competency(0)
        else:
            self.comp_model.set_rows([])
        if r is None:
            self.info.setText("Menghitung…")
            return
        if not rows:
            self.info.setText("Belum ada pelatihan selesai dari katalog pada periode ini. Catat "
                              "pelatihan dan asesmen ulang sesudahnya untuk melihat efeknya.")
            return
        self.info.setText(
            f"{len(rows)} program; {len(ranked)} dengan data cukup (sedikitnya {svc.MIN_N} "
            "orang terukur di tiap sisi), diurutkan dari yang paling menutup kesenjangan. "
            "Naik level = level asesmen pertama sesudah pelatihan dikurangi asesmen terakhir "
            "sebelumnya, pada kompetensi sasaran; pembanding = pegawai yang tidak ikut dengan "
            "kompetensi yang sama di standar jabatannya, pada rentang waktu yang sama. "
            "Tambahan naik level = naik level peserta dikurangi naik level pembanding: "
            "tingkat kesenjangan yang tertutup berkat program.")

    def _show_competency(self, row: int) -> None:
        r = self.report
        if r is None or not 0 <= row < len(r.competencies):
            self.comp_model.set_rows([])
            return
        self.comp_model.set_rows(list(r.competencies[row].programmes))

    def select_programme(self, programme_id: int) -> None:
        self.tabs.setCurrentIndex(0)
        for model, table in ((self.model, self.table), (self.few_model, self.few_table)):
            for i, e in enumerate(model.rows()):
                if e.programme_id == programme_id:
                    table.selectRow(i)
                    table.scrollTo(model.index(i, 0))
                    return

    # --- output ------------------------------------------------------------------------------
    def _ask_path(self, title: str, name: str, pattern: str) -> str | None:
        return file_dialogs.save_file(self, title, name, pattern) or None

    def _write(self, title: str, path: str, data: bytes) -> None:
        try:
            used = svc.save_file(path, data)
        except OSError as exc:
            QMessageBox.warning(self, title, f"Berkas tidak dapat disimpan ({exc.strerror or exc})."
                                " Pilih folder lain atau tutup berkas itu di program lain.")
            return
        self.last_saved = used
        note = "" if Path(used) == Path(path) else "\n(Berkas lama sedang dibuka program lain, jadi "\
            "disimpan dengan nama baru.)"
        QMessageBox.information(self, title, f"Tersimpan di {used}{note}")

    def save_pdf(self) -> None:
        if self.report is None or not self.report.programmes:
            return
        path = self._ask_path("Simpan PDF evaluasi", f"evaluasi-pelatihan-{dt.date.today()}.pdf",
                              "PDF (*.pdf)")
        if path:
            self._write("Simpan PDF evaluasi", path, self.ctx.call(svc.pdf_bytes, self.report))

    def save_excel(self) -> None:
        if self.report is None or not self.report.programmes:
            return
        path = self._ask_path("Ekspor Excel evaluasi",
                              f"evaluasi-pelatihan-{dt.date.today()}.xlsx", "Excel (*.xlsx)")
        if path:
            self._write("Ekspor Excel evaluasi", path, svc.excel_bytes(self.report))

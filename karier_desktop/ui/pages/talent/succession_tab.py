"""Succession board: critical posts, ranked candidates, compare, committee sheet, bench."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.domain.textfmt import format_date_id, format_percent
from karier_desktop.services import talent
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.files import safe_stem
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.page_loader import PageLoader, Progress
from karier_desktop.ui.kit.save_pdf import save_pdf
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.widgets import default_year, read_only_table, set_widths

if TYPE_CHECKING:
    from karier_desktop.ui.pages.talent.page import TalentPage

READINESS_COLOURS = {talent.READY_NOW: "#b7e1c0", talent.READY_SOON: "#fbe7a1",
                     talent.READY_LATER: "#f6c7b6"}
MAX_COMPARE = 5

Post = talent.CriticalPost
POST_COLUMNS: list[Column[Post]] = [
    Column("Jabatan kritis", lambda p: p.position, lambda p: p.position.lower(),
           tooltip=lambda p: f"{p.kind_name}\nAlasan: {p.reason}"),
    Column("Unit / OPD", lambda p: f"{p.unit}, {p.opd}" if p.opd and p.opd != p.unit else p.unit),
    Column("Pejabat", lambda p: p.holders),
    Column("Pensiun", lambda p: format_date_id(p.holder_retires_on) if p.holder_retires_on
           else "–", lambda p: p.holder_retires_on),
    Column("Plt.", lambda p: p.acting or "–"),
]
Cand = talent.Candidate
CAND_COLUMNS: list[Column[Cand]] = [
    Column("Nama", lambda c: c.name, lambda c: c.name.lower(),
           tooltip=lambda c: f"{c.nip}\n{c.position}, {c.opd}"),
    Column("Gol.", lambda c: c.rank),
    Column("Kotak", lambda c: str(c.box), lambda c: c.box, align_right=True),
    Column("JPM", lambda c: format_percent(c.jpm), lambda c: c.jpm, align_right=True,
           tooltip=lambda c: f"Terhadap standar jabatan sasaran: {c.selection_category}"),
    Column("Kesiapan", lambda c: c.readiness, lambda c: list(READINESS_COLOURS).index(c.readiness),
           background=lambda c: READINESS_COLOURS.get(c.readiness)),
    Column("Kesenjangan", lambda c: c.gap_text(),
           tooltip=lambda c: c.gap_text(limit=20)),
]
Bench = talent.BenchRow
BENCH_COLUMNS: list[Column[Bench]] = [
    Column("OPD", lambda b: b.opd),
    Column("Kritis", lambda b: str(b.critical), lambda b: b.critical, align_right=True),
    Column("Siap sekarang", lambda b: str(b.with_ready_now), align_right=True,
           tooltip=lambda b: "Jabatan kritis yang punya calon siap sekarang"),
    Column("Siap ≤ 2 thn", lambda b: str(b.with_ready_soon), align_right=True,
           tooltip=lambda b: "Jabatan kritis yang punya calon siap dalam 1-2 tahun"),
    Column("Kekuatan", lambda b: f"{b.strength:g}%", lambda b: b.strength, align_right=True,
           tooltip=lambda b: "Persentase jabatan kritis dengan calon siap sekarang"),
]


class SuccessionTab(QWidget):
    def __init__(self, page: TalentPage) -> None:
        super().__init__(page)
        self.page = page
        self.board: talent.SuccessionBoard | None = None
        self._stale = True
        self.bench_loader = PageLoader(self, page.ctx, "Menghitung kekuatan suksesi",
                                       self._fetch_bench, lambda rows: self.bench.set_rows(rows))
        self.posts: RowTableModel[Post] = RowTableModel(POST_COLUMNS, self)
        self.post_table = read_only_table(self.posts)
        set_widths(self.post_table, (120, 125, 100, 110, 45))
        self.post_table.selectionModel().currentRowChanged.connect(lambda *_: self.show_post())
        self.mark_btn = permits.button("Tandai jabatan &kritis…", self._mark, needs=Permission.EDIT)
        self.unmark_btn = permits.button("&Hapus tanda", self._unmark, needs=Permission.EDIT)
        self.rules_btn = permits.button("&Aturan calon…", self._rules, needs=Permission.EDIT)
        self.bench: RowTableModel[Bench] = RowTableModel(BENCH_COLUMNS, self)
        self.bench_table = read_only_table(self.bench)
        set_widths(self.bench_table, (150, 50, 90, 80, 70))
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(QLabel("Jabatan kritis"))
        left.addWidget(self.post_table, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mark_btn)
        buttons.addWidget(self.unmark_btn)
        buttons.addWidget(self.rules_btn)
        left.addLayout(buttons)
        left.addWidget(QLabel("Kekuatan bangku per OPD (jabatan kritis yang punya calon siap)"))
        left.addWidget(self.bench_table, 2)
        self.title = QLabel("Pilih jabatan kritis untuk melihat calon penggantinya.")
        self.title.setWordWrap(True)
        self.cands: RowTableModel[Cand] = RowTableModel(CAND_COLUMNS, self)
        self.cand_table = read_only_table(self.cands)
        self.cand_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.cand_table.setSortingEnabled(True)
        self.cand_table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        set_widths(self.cand_table, (170, 45, 45, 62, 100, 160))
        self.compare_btn = permits.button("&Bandingkan (maks. 5)", self.compare, needs=None)
        self.print_btn = permits.button("&Cetak lembar Komite Talenta…", self.print_sheet,
                                        needs=None)
        self.idp_btn = QPushButton("Susun IDP ka&rier")
        permits.needs(Permission.EDIT, self.idp_btn)
        self.idp_btn.setToolTip("Tambahkan kegiatan yang menutup kesenjangan calon terhadap "
                                "jabatan ini ke IDP-nya, ditandai pengembangan karier")
        self.idp_btn.clicked.connect(self.draft_career_idp)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.title)
        right.addWidget(self.cand_table, 1)
        row = QHBoxLayout()
        for b in (self.compare_btn, self.idp_btn, self.print_btn):
            row.addWidget(b)
        right.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal)
        for part in (left, right):
            holder = QWidget()
            holder.setLayout(part)
            split.addWidget(holder)
        split.setSizes([545, 650])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.addWidget(split)

    def on_shown(self) -> None:
        if self._stale:
            self.refresh()

    def map_changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        if self.page.map is None:
            return
        self._stale = False
        current = self.current_post()
        posts = self.page.ctx.read(talent.critical_posts)
        self.posts.set_rows(posts)
        self.bench_loader.load()  # every critical post's candidates: in a worker when large
        ids = [p.position_id for p in posts]
        if posts:
            row = ids.index(current.position_id) if current and current.position_id in ids else 0
            self.post_table.selectRow(row)
            self.show_post()
        else:
            self.board = None
            self.cands.set_rows([])

    def _fetch_bench(self, _progress: Progress) -> list[talent.BenchRow]:
        return self.page.ctx.read(talent.bench_strength, self.page.current_period,
                                  self.page.today)

    def current_post(self) -> Post | None:
        index = self.post_table.currentIndex()
        return self.posts.row_at(index.row()) if index.isValid() else None

    def show_post(self) -> None:
        post = self.current_post()
        if post is None or self.page.map is None:
            return
        self.board = self.page.ctx.read(talent.candidates, post.position_id,
                                        self.page.current_period, self.page.today)
        t = self.board.target
        now = sum(1 for c in self.board.candidates if c.readiness == talent.READY_NOW)
        self.title.setText(f"<b>{t.name}</b> — {t.unit}, {t.opd}: {len(self.board.candidates)} "
                           f"calon, {now} siap sekarang. JPM dihitung terhadap standar jabatan "
                           "ini.")
        self.cands.set_rows(list(self.board.candidates))

    def selected(self) -> list[Cand]:
        rows = sorted({i.row() for i in self.cand_table.selectionModel().selectedRows()})
        return [c for c in (self.cands.row_at(r) for r in rows) if c is not None]

    def compare(self, employee_ids: list[int] | None = None) -> QWidget | None:
        if self.board is None:
            return None
        ids = employee_ids or [c.employee_id for c in self.selected()]
        if not 2 <= len(ids) <= MAX_COMPARE:
            QMessageBox.information(self, "Bandingkan calon", "Pilih dua sampai lima calon "
                                    "(tahan Ctrl sambil mengeklik).")
            return None
        from karier_desktop.ui.pages.talent.compare_dialog import CompareDialog

        header, rows = talent.compare_rows(self.board, ids)
        dialog = CompareDialog(self, self.board.target.name, header, rows)
        dialog.open()
        return dialog

    def print_sheet(self, path: Path | None = None) -> Path | None:
        post, tm = self.current_post(), self.page.map
        if post is None or tm is None:
            QMessageBox.information(self, "Komite Talenta", "Pilih dulu jabatan kritis.")
            return None
        chosen_ids = [c.employee_id for c in self.selected()] if len(self.selected()) > 1 else None
        name = safe_stem(f"Komite Talenta - {post.position} - {post.unit}") + ".pdf"
        return save_pdf(self, "Komite Talenta", name, lambda p: self.page.ctx.call(
            talent.save_committee_pdf, post.position_id, tm.period, p, self.page.today,
            chosen_ids), path, dialog_title="Simpan lembar Komite Talenta", kept_as="lembar")

    def draft_career_idp(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1 or self.board is None:
            QMessageBox.information(self, "IDP karier", "Pilih satu calon.")
            return
        year = default_year(self.page.today)
        try:
            _plan, added = self.page.ctx.call(talent.draft_career_items, chosen[0].employee_id,
                                              self.board.target.position_id, year,
                                              self.page.today)
        except ValidationError as exc:
            QMessageBox.warning(self, "IDP karier", "\n".join(exc.messages))
            return
        self.page.ctx.changed("plans")
        QMessageBox.information(self, "IDP karier", f"{added} kegiatan pengembangan karier "
                                f"menuju {self.board.target.name} ditambahkan ke IDP {year} "
                                f"{chosen[0].name}. Buka halaman IDP untuk menyunting dan "
                                "mencetaknya.")

    def _mark(self) -> None:
        from karier_desktop.ui.pages.talent.mark_dialog import MarkCriticalDialog

        dialog = MarkCriticalDialog(self.page.ctx, self)
        if dialog.exec():
            self.page.changed()

    def _rules(self) -> None:
        from karier_desktop.ui.pages.talent.rules_dialog import RulesDialog

        if RulesDialog(self.page.ctx, self).exec():
            self.page.changed()

    def _unmark(self) -> None:
        post = self.current_post()
        if post is None:
            return
        answer = QMessageBox.question(self, "Hapus tanda", f"Hapus tanda jabatan kritis "
                                      f"{post.position} ({post.unit})?")
        if answer == QMessageBox.StandardButton.Yes:
            self.page.ctx.call(talent.unmark_critical, post.position_id)
            self.page.changed()

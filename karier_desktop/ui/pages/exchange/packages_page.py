"""Paket OPD–BKPP: make and apply encrypted exchange packages, per-OPD status, conflicts.

Applying shows the dry run first (new / changed / unchanged / conflict / refused) and asks;
the package is then applied in one transaction and the receipt saved beside it. A field edited
on both sides waits in the lower table: the clerk sees both values side by side and picks one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from karier_desktop.services import exchange, files
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.errors import Cancelled, plain_message
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.layouts import WIDE_MARGINS, hbox, hint_label, page_frame
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.worker import Task, run_task
from karier_desktop.ui.topics import Topic

S = exchange.PeerStatus
C = exchange.ConflictRow


def _value(v: Any) -> str:
    if v is None:
        return "(dihapus)"
    if isinstance(v, dict):
        return f"{v.get('title', '')} ({v.get('start_date', '')}, {v.get('jp', '')} JP)"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v) if not isinstance(v, list) else json.dumps(v)


STATUS_COLUMNS: list[Column[S]] = [
    Column("Pengirim", lambda r: r.peer),
    Column("Paket terakhir diterima", lambda r: "-" if r.last_sequence is None
           else f"nomor {r.last_sequence}"),
    Column("Waktu", lambda r: r.last_at.strftime("%d-%m-%Y %H:%M") if r.last_at else "-"),
    Column("Ringkasan", lambda r: r.last_summary),
    Column("Konflik terbuka", lambda r: str(r.open_conflicts), lambda r: r.open_conflicts,
           align_right=True, background=lambda r: "#fff1c2" if r.open_conflicts else None),
]
CONFLICT_COLUMNS: list[Column[C]] = [
    Column("Dari", lambda c: c.peer),
    Column("NIP", lambda c: c.nip),
    Column("Pelatihan", lambda c: c.title, tooltip=lambda c: c.title),
    Column("Kolom", lambda c: c.field_label),
    Column("Nilai di sini", lambda c: _value(c.ours), background=lambda c: "#dbe9fb"),
    Column("Nilai pihak lain", lambda c: _value(c.theirs), background=lambda c: "#f3e0f7"),
]


class PackagesPage(Page):
    finished = Signal(object)  # the result of the last make/apply/lock (None: not done)
    # peers' packages touch every kind of record, so any change may move the status
    topics = tuple(t for t in Topic if t is not Topic.ALL)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.task: Task | None = None
        self.who = hint_label()
        self.make_btn = permits.button("Buat paket…", self.make_dialog, needs=Permission.EDIT)
        self.apply_btn = permits.button("Terapkan paket…", self.apply_dialog, needs=Permission.EDIT)
        self.lock_btn = QPushButton("Setujui && kunci…")
        self.lock_btn.setToolTip("BKPP: kunci catatan pelatihan yang sudah disetujui agar paket "
                                 "OPD tidak mengubahnya lagi")
        self.lock_btn.clicked.connect(self.lock_dialog)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.status_model: RowTableModel[S] = RowTableModel(STATUS_COLUMNS, self)
        self.status_table = QTableView()
        self.status_table.setModel(self.status_model)
        self.status_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        self.status_table.setColumnWidth(1, 175)
        self.conflict_model: RowTableModel[C] = RowTableModel(CONFLICT_COLUMNS, self)
        self.conflicts = QTableView()
        self.conflicts.setModel(self.conflict_model)
        self.conflicts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.conflicts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.conflicts.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.keep_btn = QPushButton("Pakai nilai di sini")
        self.take_btn = QPushButton("Pakai nilai pihak lain")
        self.keep_btn.clicked.connect(lambda: self.resolve("kami"))
        self.take_btn.clicked.connect(lambda: self.resolve("mereka"))
        permits.needs(Permission.EDIT, self.keep_btn, self.take_btn)
        permits.needs(Permission.APPROVE, self.lock_btn)
        page_frame(self, "Paket Pertukaran OPD – BKPP",
                   hbox((self.who, 1), self.make_btn, self.apply_btn, self.lock_btn),
                   self.message, QLabel("Paket terakhir per pengirim"), (self.status_table, 1),
                   QLabel("Konflik: kolom yang diubah di kedua pihak (pilih salah satu)"),
                   (self.conflicts, 2), hbox(1, self.keep_btn, self.take_btn),
                   margins=WIDE_MARGINS)
        self.reload()

    def load(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        me, status, conflicts = self.ctx.read(
            lambda s: (exchange.identity(s), exchange.peer_status(s), exchange.open_conflicts(s)))
        self.who.setText(f"Database ini: {me}")
        self.lock_btn.setVisible(me == exchange.BKPP)
        self.status_model.set_rows(status)
        self.conflict_model.set_rows(conflicts)

    # --- making and applying
    def _ask_passphrase(self) -> str | None:
        text, ok = QInputDialog.getText(self, "Sandi paket", "Sandi paket (minimal 8 karakter):",
                                        QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def make_dialog(self) -> None:
        opd = None
        if self.ctx.read(exchange.identity) == exchange.BKPP:
            opd, ok = QInputDialog.getText(self, "Buat paket", "Kode OPD tujuan:")
            if not ok or not opd.strip():
                return
        path, _ = QFileDialog.getSaveFileName(self, "Simpan paket", "paket.kasn",
                                              "Paket Karier ASN (*.kasn)")
        passphrase = self._ask_passphrase() if path else None
        if path and passphrase:
            self.make_to(Path(path), passphrase, opd)

    def _failed(self, title: str) -> Any:
        def show(exc: BaseException) -> None:
            if isinstance(exc, Cancelled):
                text = "Dibatalkan; tidak ada data yang diubah."
            elif isinstance(exc, exchange.PackageError | exchange.ExchangeError):
                text = str(exc)
            elif isinstance(exc, OSError):
                text = f"File tidak dapat ditulis atau dibaca: {exc.strerror or exc}"
            else:
                text = plain_message(exc)
            QMessageBox.warning(self, title, text)
            self.message.setText(text)
            self.finished.emit(None)
        return show

    def make_to(self, path: Path, passphrase: str, opd: str | None = None) -> Task:
        """Make the package off the GUI thread (its own session); `finished` gives the path
        written, or None."""
        db = self.ctx.db

        def work(progress: Any) -> tuple[exchange.Made, Path]:
            progress("Memberi versi pada catatan dan menyusun paket terenkripsi", 0.1)
            with db.session_scope() as session:
                made = exchange.make_package(session, passphrase, opd)
                progress("Menyimpan paket", 0.9)
                return made, files.write_atomic(path, made.data)  # written before the commit

        def done(result: tuple[exchange.Made, Path]) -> None:
            made, written = result
            self.message.setText(f"Paket nomor {made.sequence} untuk {made.recipient}: "
                                 f"{made.records} catatan, tersimpan di {written.name}.")
            self.refresh()
            self.finished.emit(written)

        self.task = run_task(self, "Membuat paket", work, done, self._failed("Buat paket"))
        return self.task

    def apply_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Terapkan paket", "",
                                              "Paket Karier ASN (*.kasn)")
        passphrase = self._ask_passphrase() if path else None
        if path and passphrase:
            self.apply_file(Path(path), passphrase)

    def apply_file(self, path: Path, passphrase: str) -> Task | None:
        """Dry run (off the GUI thread), ask, then apply all or nothing (off the GUI thread, its
        own transaction); the receipt is saved beside the package. `finished` gives the
        Applied result, or None when refused or not applied."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._failed("Paket ditolak")(exc)
            return None
        db = self.ctx.db

        def check(progress: Any) -> exchange.Preview:
            progress("Membuka dan memeriksa paket (uji coba)", 0.2)
            with db.read_scope() as session:
                return exchange.preview(session, data, passphrase)

        self.task = run_task(self, "Memeriksa paket", check,
                             lambda checked: self._confirm(path, data, passphrase, checked),
                             self._failed("Paket ditolak"))
        return self.task

    def _confirm(self, path: Path, data: bytes, passphrase: str,
                 checked: exchange.Preview) -> None:
        lines = [f"Paket nomor {checked.manifest['sequence']} dari {checked.manifest['sender']}:"
                 f" {checked.summary()}."]
        lines += [f"[{i.status}] {i.nip} {i.title}: {i.reason}" for i in checked.items
                  if i.status in ("konflik", "ditolak") or i.merged][:30]
        answer = QMessageBox.question(self, "Terapkan paket?", "\n".join(lines) + "\n\nTerapkan?")
        if answer != QMessageBox.StandardButton.Yes:
            self.finished.emit(None)
            return
        receipt_path = path.with_name(f"{path.stem} - tanda terima.kasn")
        db = self.ctx.db

        def work(progress: Any) -> exchange.Applied:
            progress("Mencadangkan database lalu menerapkan paket", 0.2)
            with db.session_scope() as session:
                again = exchange.preview(session, data, passphrase)  # inside the transaction
                applied = exchange.apply(session, again, passphrase)
                progress("Menyimpan tanda terima", 0.9)
                if applied.receipt is not None:
                    files.write_atomic(receipt_path, applied.receipt)
                return applied

        def done(applied: exchange.Applied) -> None:
            text = f"Paket diterapkan: {applied.summary}."
            if applied.receipt is not None:
                text += f" Tanda terima: {receipt_path.name} (kirim ke pengirim)."
            self.message.setText(text)
            # training records, IDP drafts and reference data may all have changed
            self.ctx.changed("all")
            self.refresh()
            self.finished.emit(applied)

        self.task = run_task(self, "Menerapkan paket", work, done,
                             self._failed("Paket ditolak"), cancellable=False)

    # --- approving (BKPP)
    def lock_dialog(self) -> None:
        opd, ok = QInputDialog.getText(self, "Setujui dan kunci",
                                       "Kode OPD (kosongkan untuk semua OPD):")
        if not ok:
            return
        year, ok = QInputDialog.getInt(self, "Setujui dan kunci",
                                       "Tahun pelatihan (0 untuk semua tahun):", 0, 0, 2100)
        if ok:
            self.lock(opd.strip() or None, year or None)

    def lock(self, opd: str | None, year: int | None) -> int | None:
        """BKPP: approve and lock the completed training records (one transaction)."""
        scope = f"OPD {opd}" if opd else "semua OPD"
        when = f" tahun {year}" if year else ""
        answer = QMessageBox.question(
            self, "Setujui dan kunci", f"Setujui dan kunci catatan pelatihan selesai {scope}"
            f"{when}? Paket dari OPD tidak akan dapat mengubahnya lagi.")
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            count = self.ctx.call(exchange.lock_records, opd, year)
        except exchange.ExchangeError as exc:
            QMessageBox.warning(self, "Setujui dan kunci", str(exc))
            return None
        self.message.setText(f"{count} catatan pelatihan {scope}{when} disetujui dan dikunci.")
        self.refresh()
        return int(count)

    # --- conflicts
    def select_conflict(self, row: int) -> None:
        self.conflicts.selectRow(row)

    def resolve(self, choice: str) -> None:
        conflict = self.conflict_model.row_at(self.conflicts.currentIndex().row())
        if conflict is None:
            QMessageBox.information(self, "Konflik", "Pilih satu baris konflik lebih dulu.")
            return
        try:
            self.ctx.call(exchange.resolve_conflict, conflict.id, choice)
        except exchange.ExchangeError as exc:
            QMessageBox.warning(self, "Konflik", str(exc))
            return
        self.ctx.changed("training")
        self.refresh()

"""Paket OPD–BKPP: make and apply encrypted exchange packages, per-OPD status, conflicts.

Applying shows the dry run first (new / changed / unchanged / conflict / refused) and asks;
the package is then applied in one transaction and the receipt saved beside it. A field edited
on both sides waits in the lower table: the clerk sees both values side by side and picks one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.services import exchange, files
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.table_model import Column, RowTableModel

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


class PackagesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel("Paket Pertukaran OPD – BKPP")
        title.setProperty("role", "title")
        self.who = QLabel("")
        self.who.setProperty("role", "hint")
        self.make_btn = QPushButton("Buat paket…")
        self.make_btn.clicked.connect(self.make_dialog)
        self.apply_btn = QPushButton("Terapkan paket…")
        self.apply_btn.clicked.connect(self.apply_dialog)
        top = QHBoxLayout()
        top.addWidget(self.who, 1)
        top.addWidget(self.make_btn)
        top.addWidget(self.apply_btn)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.status_model: RowTableModel[S] = RowTableModel(STATUS_COLUMNS, self)
        self.status_table = QTableView()
        self.status_table.setModel(self.status_model)
        self.status_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
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
        choice = QHBoxLayout()
        choice.addStretch(1)
        choice.addWidget(self.keep_btn)
        choice.addWidget(self.take_btn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(QLabel("Paket terakhir per pengirim"))
        layout.addWidget(self.status_table, 1)
        layout.addWidget(QLabel("Konflik: kolom yang diubah di kedua pihak (pilih salah satu)"))
        layout.addWidget(self.conflicts, 2)
        layout.addLayout(choice)
        self.refresh()

    def on_shown(self) -> None:
        self.refresh()

    def on_data_changed(self, _what: str) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        me, status, conflicts = self.ctx.read(
            lambda s: (exchange.identity(s), exchange.peer_status(s), exchange.open_conflicts(s)))
        self.who.setText(f"Database ini: {me}")
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

    def make_to(self, path: Path, passphrase: str, opd: str | None = None) -> Path | None:
        def work(session: Any) -> tuple[exchange.Made, Path]:
            made = exchange.make_package(session, passphrase, opd)
            return made, files.write_atomic(path, made.data)  # written before the commit

        try:
            made, written = self.ctx.call(work)
        except (exchange.ExchangeError, exchange.PackageError, OSError) as exc:
            QMessageBox.warning(self, "Buat paket", str(exc))
            return None
        self.message.setText(f"Paket nomor {made.sequence} untuk {made.recipient}: "
                             f"{made.records} catatan, tersimpan di {written.name}.")
        self.refresh()
        return written

    def apply_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Terapkan paket", "",
                                              "Paket Karier ASN (*.kasn)")
        passphrase = self._ask_passphrase() if path else None
        if path and passphrase:
            self.apply_file(Path(path), passphrase)

    def apply_file(self, path: Path, passphrase: str) -> exchange.Applied | None:
        """Dry run, ask, then apply all or nothing; the receipt is saved beside the package."""
        data = path.read_bytes()
        try:
            checked = self.ctx.read(exchange.preview, data, passphrase)
        except exchange.PackageError as exc:
            QMessageBox.warning(self, "Paket ditolak", str(exc))
            return None
        lines = [f"Paket nomor {checked.manifest['sequence']} dari {checked.manifest['sender']}:"
                 f" {checked.summary()}."]
        lines += [f"[{i.status}] {i.nip} {i.title}: {i.reason}" for i in checked.items
                  if i.status in ("konflik", "ditolak") or i.merged][:30]
        answer = QMessageBox.question(self, "Terapkan paket?", "\n".join(lines) + "\n\nTerapkan?")
        if answer != QMessageBox.StandardButton.Yes:
            return None
        receipt_path = path.with_name(f"{path.stem} - tanda terima.kasn")

        def work(session: Any) -> exchange.Applied:
            again = exchange.preview(session, data, passphrase)  # inside the write transaction
            applied = exchange.apply(session, again, passphrase)
            if applied.receipt is not None:
                files.write_atomic(receipt_path, applied.receipt)
            return applied

        try:
            applied = self.ctx.call(work)
        except (exchange.PackageError, exchange.ExchangeError, OSError) as exc:
            QMessageBox.warning(self, "Paket ditolak", str(exc))
            return None
        text = f"Paket diterapkan: {applied.summary}."
        if applied.receipt is not None:
            text += f" Tanda terima: {receipt_path.name} (kirim ke pengirim)."
        self.message.setText(text)
        self.ctx.changed("training")
        self.refresh()
        return applied

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

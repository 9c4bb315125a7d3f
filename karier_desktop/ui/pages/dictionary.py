"""Kamus Kompetensi: the competency dictionary with its five level descriptions and indicators.

The 9 core competencies (PermenPANRB 38/2017) keep their code and name; their texts may be
adapted. Technical competencies are the office's own: added, renamed and deleted here (delete
only while unused).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from karier_desktop.domain.competency import KIND_LABELS
from karier_desktop.services import competencies as svc
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.competencies import CompetencyRow
from karier_desktop.services.errors import ValidationError
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.forms import buddy_label, form_of, text_field
from karier_desktop.ui.kit.layouts import NO_MARGINS, boxed, hbox, hint_label, vbox
from karier_desktop.ui.kit.master_detail import MasterDetail
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.widgets import search_field
from karier_desktop.ui.topics import Topic

COLUMNS: list[Column[CompetencyRow]] = [
    Column("Kode", lambda r: r.code, lambda r: (svc.KIND_ORDER.get(r.kind, 9), r.code)),
    Column("Nama kompetensi", lambda r: r.name, lambda r: r.name.lower(),
           tooltip=lambda r: r.name),
    Column("Jenis", lambda r: r.kind_label, lambda r: (svc.KIND_ORDER.get(r.kind, 9), r.code)),
    Column("Bidang", lambda r: r.field, lambda r: r.field.lower()),
    Column("Jabatan", lambda r: f"{r.positions:,}".replace(",", ".") if r.positions else "—",
           lambda r: r.positions, align_right=True,
           tooltip=lambda r: f"Dipakai di standar {r.positions} jabatan"),
]


def _text_box(height: int, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(height)
    return box


class LevelTab(QWidget):
    def __init__(self, level: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.description = _text_box(90, f"Apa yang ditunjukkan pegawai pada level {level}…")
        self.indicators = _text_box(16777215, "Satu indikator perilaku per baris")
        layout = QFormLayout(self)
        layout.addRow(f"&Deskripsi level {level} *", self.description)
        layout.addRow("&Indikator", self.indicators)


class DictionaryPage(Page, MasterDetail):
    topics = (Topic.COMPETENCIES, Topic.STANDARDS, Topic.POSITIONS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.all_rows: list[CompetencyRow] = []
        self.current: svc.CompetencyDetail | None = None
        self.creating = False
        self._snapshot: svc.CompetencyInput | None = None

        self.kind = QComboBox()
        self.kind.addItem("Semua jenis", "")
        for code, label in KIND_LABELS.items():
            self.kind.addItem(label, code)
        self.kind.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.search = search_field("Cari kode, nama atau bidang…",
                                   self.apply_filter, focus_key_on=self)
        self.model: RowTableModel[CompetencyRow] = RowTableModel(COLUMNS, self)
        self.table = self.master_table((52, 200, 100, 120, 62))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel()
        reference = Permission.REFERENCE
        self.add_btn = permits.button("T&ambah kompetensi teknis", self.start_new,
                                      needs=reference)
        self.delete_btn = permits.button("Ha&pus", self.delete_selected, needs=reference)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.start_new)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, activated=self.delete_selected)

        self.detail_labels("Pilih kompetensi di tabel")
        self.note = hint_label(wrap=True)
        self.code = text_field("mis. T.29")
        self.code.setMaximumWidth(120)
        self.name = QLineEdit()
        self.field = QComboBox()
        self.field.setEditable(True)
        self.definition = _text_box(64, "Definisi singkat kompetensi")
        self.levels = QTabWidget()
        self.level_tabs = [LevelTab(n) for n in svc.LEVELS]
        for n, tab in zip(svc.LEVELS, self.level_tabs, strict=True):
            self.levels.addTab(tab, f"Level {n}")
        self.revert_btn, self.save_btn = self.save_buttons(
            self.revert, self.save, needs=reference, what="kompetensi")
        for widget in (self.code, self.name):
            widget.textChanged.connect(self._on_edit)
        self.field.currentTextChanged.connect(self._on_edit)
        for box in [self.definition] + [w for t in self.level_tabs
                                        for w in (t.description, t.indicators)]:
            box.textChanged.connect(self._on_edit)
        self._layout()
        self._show(None)

    def _layout(self) -> None:
        left = boxed(vbox(hbox(self.kind, (self.search, 1)), (self.table, 1),
                          hbox((self.count, 1), self.add_btn, self.delete_btn),
                          margins=NO_MARGINS))
        ident = hbox(self.code, buddy_label("&Nama *", self.name), (self.name, 1))
        form = form_of(("K&ode *", ident, self.code), ("Bidan&g", self.field, self.field),
                       ("De&finisi", self.definition, self.definition))
        right = boxed(vbox(self.heading, self.note, form, (self.levels, 1),
                           hbox(self.unsaved, (self.status, 1), self.revert_btn, self.save_btn),
                           margins=NO_MARGINS))
        self.frame("Kamus Kompetensi", left, right, sizes=(560, 600), stretch=(1, 1))

    # --- loading
    def load(self) -> None:
        self.all_rows = self.ctx.call(svc.list_competencies)
        fields = self.ctx.call(svc.fields)
        text = self.field.currentText()
        self.field.blockSignals(True)
        self.field.clear()
        self.field.addItems([""] + fields)
        self.field.setCurrentText(text)
        self.field.blockSignals(False)
        self.apply_filter()

    def apply_filter(self) -> None:
        kind = self.kind.currentData()
        words = self.search.text().lower().split()
        rows = [r for r in self.all_rows if (not kind or r.kind == kind)
                and all(w in f"{r.code} {r.name} {r.field}".lower() for w in words)]
        self.show_rows(rows)
        self.count.setText(f"{len(rows)} dari {len(self.all_rows)} kompetensi")
        if self.current is not None and not self.creating:
            self.select_id(self.current.id)

    # --- master–detail hooks (ui.kit.master_detail)
    def shown_id(self) -> int | None:
        return None if self.current is None or self.creating else self.current.id

    def show_record(self, record_id: int) -> None:
        self._show(self.ctx.call(svc.get_competency, record_id))

    def unsaved_question(self) -> str:
        return "Perubahan pada kompetensi ini belum disimpan. Simpan sekarang?"

    def save_shown(self) -> bool:
        return self.save()

    def _show(self, detail: svc.CompetencyDetail | None) -> None:
        self.current, self.creating = detail, False
        self._fill(detail)
        if detail is None:
            self.heading.setText("Pilih kompetensi di tabel")
            self.note.setText("")
        else:
            self.heading.setText(f"{detail.code} {detail.name}")
            self.note.setText(
                f"Kompetensi {KIND_LABELS.get(detail.kind, detail.kind).lower()} dari "
                "PermenPANRB 38/2017: kode dan nama tetap, deskripsi boleh disesuaikan."
                if detail.is_core else "Kompetensi teknis milik instansi.")
        editable = detail is not None
        for widget in (self.definition, self.levels):
            widget.setEnabled(editable)
        for widget in (self.code, self.name, self.field):
            widget.setEnabled(editable and not detail.is_core)  # type: ignore[union-attr]
        self.delete_btn.setEnabled(editable and not detail.is_core)  # type: ignore[union-attr]
        self.status.setText("")
        self._mark_clean()

    def _fill(self, detail: svc.CompetencyDetail | None) -> None:
        self.code.setText(detail.code if detail else "")
        self.name.setText(detail.name if detail else "")
        self.field.setCurrentText(detail.field if detail else "")
        self.definition.setPlainText(detail.definition if detail else "")
        for n, tab in enumerate(self.level_tabs):
            level = detail.levels[n] if detail else None
            tab.description.setPlainText(level.description if level else "")
            tab.indicators.setPlainText("\n".join(level.indicators) if level else "")
        self.levels.setCurrentIndex(0)

    def collect(self) -> svc.CompetencyInput:
        return svc.CompetencyInput(
            code=self.code.text(), name=self.name.text(), field=self.field.currentText(),
            definition=self.definition.toPlainText(),
            levels=tuple(svc.LevelInput(t.description.toPlainText(),
                                        tuple(t.indicators.toPlainText().splitlines()))
                         for t in self.level_tabs))

    def _mark_clean(self) -> None:
        self._snapshot = self.collect()
        self._on_edit()

    def is_dirty(self) -> bool:
        return (self.current is not None or self.creating) and self.collect() != self._snapshot

    has_unsaved_changes = is_dirty

    def _on_edit(self, *_args: object) -> None:
        dirty = self.is_dirty()
        self.unsaved.setVisible(dirty)
        self.save_btn.setEnabled(dirty or self.creating)
        self.revert_btn.setEnabled(dirty)

    # --- actions
    def start_new(self) -> None:
        if not self.maybe_leave():
            return
        self.table.clearSelection()
        self._show(None)
        self.creating = True
        self.heading.setText("Kompetensi teknis baru")
        self.note.setText("Isi kode, nama, definisi dan deskripsi kelima level, lalu Simpan.")
        for widget in (self.code, self.name, self.field, self.definition, self.levels):
            widget.setEnabled(True)
        self._mark_clean()
        self.code.setFocus()

    def revert(self) -> None:
        if self.creating:
            self._fill(None)
        else:
            self._fill(self.current)
        self._mark_clean()
        self.status.setText("Perubahan dibatalkan.")

    def save(self) -> bool:
        if not self.creating and not self.is_dirty():
            return True
        data = self.collect()
        try:
            if self.creating:
                cid = self.ctx.call(svc.add_technical, data)
            else:
                assert self.current is not None
                cid = self.current.id
                self.ctx.call(svc.update_competency, cid, data)
        except ValidationError as exc:
            QMessageBox.warning(self, "Kompetensi belum disimpan", "\n".join(exc.messages))
            return False
        self._show(self.ctx.call(svc.get_competency, cid))
        self.status.setText("Kompetensi tersimpan.")
        self.ctx.changed("competencies")
        self.select_id(cid)
        return True

    def delete_selected(self) -> None:
        detail = self.current
        if detail is None or self.creating:
            return
        answer = QMessageBox.question(self, "Hapus kompetensi",
                                      f"Hapus kompetensi {detail.code} {detail.name} dari kamus?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.call(svc.delete_competency, detail.id)
        except ValidationError as exc:
            QMessageBox.warning(self, "Kompetensi tidak dihapus", "\n".join(exc.messages))
            return
        self._show(None)
        self.table.clearSelection()
        self.ctx.changed("competencies")

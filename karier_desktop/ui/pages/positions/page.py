"""Jabatan & Standar Kompetensi: the unit tree, the positions, and the standard of one position.

The standard editor shows one row per competency with its required level; the description of
the chosen level is shown beside it and follows the level as it changes. Nothing is written
until "Simpan"; unsaved changes are flagged and asked about before another position is shown.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QWidget,
)

from karier_desktop.services import competencies as comp_svc
from karier_desktop.services import positions as svc
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.positions import PositionRow
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits, unit_tree
from karier_desktop.ui.kit.actions import call_or_explain, confirm, have_selection
from karier_desktop.ui.kit.layouts import NO_MARGINS, boxed, grid, hbox, hint_label, vbox
from karier_desktop.ui.kit.master_detail import MasterDetail
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.kit.style import GAP_NEGATIVE
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.widgets import edit_buttons, scrolled, search_field
from karier_desktop.ui.pages.positions import dialogs
from karier_desktop.ui.pages.positions.standard_editor import StandardEditor
from karier_desktop.ui.topics import Topic

COLUMNS: list[Column[PositionRow]] = [
    Column("Jabatan", lambda r: r.name, lambda r: r.name.lower(), tooltip=lambda r: r.name),
    Column("Unit kerja", lambda r: r.unit, lambda r: r.unit_path.lower(),
           tooltip=lambda r: r.unit_path),
    Column("Peg.", lambda r: str(r.employees), lambda r: r.employees, align_right=True,
           tooltip=lambda r: f"{r.employees} pegawai aktif memegang jabatan ini"),
    Column("Standar", lambda r: str(r.standard_count) if r.has_standard else "belum",
           lambda r: r.standard_count,
           align_right=True, background=lambda r: None if r.has_standard else GAP_NEGATIVE,
           tooltip=lambda r: f"{r.standard_count} kompetensi dalam standar" if r.has_standard
           else "Jabatan ini belum memiliki standar kompetensi"),
    Column("Jenis", lambda r: r.kind_name.removeprefix("Jabatan "), lambda r: r.kind_code),
]


class PositionsPage(Page, MasterDetail):
    topics = (Topic.POSITIONS, Topic.UNITS, Topic.STANDARDS, Topic.EMPLOYEES, Topic.COMPETENCIES)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.all_rows: list[PositionRow] = []
        self.units: list[svc.UnitRow] = []
        self.current: PositionRow | None = None

        self.tree = QTreeWidget()
        self.tree.setHeaderLabel("Unit kerja")
        self.tree.currentItemChanged.connect(lambda *_: self.apply_filter())
        self.add_unit_btn = QToolButton(text="+ U&nit")
        self.edit_unit_btn = QToolButton(text="Ubah unit")
        self.delete_unit_btn = QToolButton(text="Hapus unit")
        for btn, tip in ((self.add_unit_btn, "Tambah unit di bawah unit terpilih"),
                         (self.edit_unit_btn, "Ganti nama, kode atau induk unit terpilih"),
                         (self.delete_unit_btn, "Hapus unit terpilih (hanya bila kosong)")):
            btn.setToolTip(tip)
        self.add_unit_btn.clicked.connect(self.add_unit)
        self.edit_unit_btn.clicked.connect(self.edit_unit)
        self.delete_unit_btn.clicked.connect(self.delete_unit)
        permits.needs(Permission.EDIT, self.add_unit_btn, self.edit_unit_btn, self.delete_unit_btn)

        self.search = search_field("Cari jabatan atau unit…", self.apply_filter, focus_key_on=self)
        self.without_standard = QCheckBox("Tanpa stan&dar")
        self.without_standard.toggled.connect(self.apply_filter)
        permits.reading(self.without_standard)
        self.model: RowTableModel[PositionRow] = RowTableModel(COLUMNS, self)
        self.table = self.master_table((142, 112, 36, 60, 150))
        self.table.doubleClicked.connect(lambda _i: self.edit_position())
        self.count = QLabel()
        self.bulk_defaults_btn = QPushButton("Isi bawaan untuk semua yang tampil")
        self.bulk_defaults_btn.setVisible(False)
        permits.needs(Permission.EDIT, self.bulk_defaults_btn)
        self.bulk_defaults_btn.clicked.connect(self.fill_defaults_for_shown)
        self.add_btn, self.edit_btn, self.delete_btn = edit_buttons(
            self, self.table, "Tambah &jabatan", self.add_position, self.edit_position,
            self.delete_position, needs=Permission.EDIT)

        self.detail_labels("Pilih jabatan di tabel")
        self.subheading = hint_label(wrap=True)
        self.editor = StandardEditor()
        self._standard_version: int | None = None  # as loaded; a newer saved one refuses
        self.editor.dirty_changed.connect(self._on_dirty)
        edit = Permission.EDIT
        self.defaults_btn = permits.button("Isi standar ba&waan", self.fill_defaults, needs=edit)
        self.copy_btn = permits.button("Sa&lin ke jabatan lain…", self.copy_to_others,
                                       needs=edit)
        self.technical_btn = permits.button("Tambah k&ompetensi teknis…", self.add_technical,
                                            needs=edit)
        self.revert_btn, self.save_btn = self.save_buttons(
            self.revert, self.save_standard, needs=edit, what="standar")
        self.save_btn.setDefault(True)
        self.defaults_btn.setToolTip("Isi 9 kompetensi manajerial dan sosial kultural dengan "
                                     "level bawaan jenis jabatan; kompetensi teknis dipertahankan")
        self._layout()
        self._update_buttons()

    def _layout(self) -> None:
        # buttons in two rows: the three panes fit side by side at 150 %
        left = boxed(vbox((self.tree, 1),
                          grid(self.add_unit_btn, self.edit_unit_btn, self.delete_unit_btn),
                          margins=NO_MARGINS))
        middle = boxed(vbox(hbox((self.search, 1), self.without_standard), (self.table, 1),
                            self.count, hbox(1, self.bulk_defaults_btn),
                            grid(self.add_btn, self.edit_btn, self.delete_btn),
                            margins=NO_MARGINS))
        for label in (self.heading, self.subheading, self.unsaved, self.status):
            label.setWordWrap(True)
        right = boxed(vbox(self.heading, self.subheading,
                           (scrolled(self.editor), 1),  # the level grid scrolls at 150 %
                           grid(self.defaults_btn, self.copy_btn, self.technical_btn, columns=1),
                           self.unsaved, self.status, hbox(1, self.revert_btn, self.save_btn),
                           margins=NO_MARGINS))
        self.frame("Jabatan & Standar Kompetensi", left, middle, right,
                   sizes=(180, 400, 580), stretch=(0, 1, 2))

    # --- loading
    def load(self) -> None:
        self.all_rows = self.ctx.call(svc.list_positions)
        self.units = self.ctx.call(svc.list_units)
        self._fill_tree()
        self.apply_filter()
        if self.current is not None:
            fresh = next((r for r in self.all_rows if r.id == self.current.id), None)
            if fresh is None:
                self._show_position(None)
            else:
                self.current = fresh
                self._show_heading()
                if not self.editor.is_dirty():
                    self._load_standard()
                self.select_id(fresh.id)

    def _fill_tree(self) -> None:
        unit_tree.fill(self.tree, self.units,
                       lambda u: f"{u.code} — {u.name}\n{u.positions} jabatan, "
                                 f"{u.employees} pegawai aktif", key=lambda u: u.name)

    def selected_unit_id(self) -> int | None:
        return unit_tree.chosen(self.tree)

    # --- filtering
    def apply_filter(self) -> None:
        rows = self.all_rows
        unit_id = self.selected_unit_id()
        if unit_id is not None:
            under = dialogs.subtree_ids(self.units, unit_id)
            rows = [r for r in rows if r.unit_id in under]
        words = self.search.text().lower().split()
        if words:
            rows = [r for r in rows
                    if all(w in f"{r.name} {r.unit_path} {r.kind_name}".lower() for w in words)]
        if self.without_standard.isChecked():
            rows = [r for r in rows if not r.has_standard]
        self.show_rows(rows)
        self.count.setText(f"{len(rows):,} dari {len(self.all_rows):,} jabatan".replace(",", "."))
        self.bulk_defaults_btn.setVisible(self.without_standard.isChecked() and bool(rows))
        if self.current is not None:
            self.select_id(self.current.id)

    def apply_quick_filter(self, name: str) -> None:
        if name == "without_standard":
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
            self.search.clear()
            self.without_standard.setChecked(True)

    # --- master–detail hooks (ui.kit.master_detail)
    def shown_id(self) -> int | None:
        return self.current.id if self.current is not None else None

    def show_record(self, record_id: int) -> None:
        self._show_position(next((r for r in self.all_rows if r.id == record_id), None))

    def unsaved_question(self) -> str:
        name = self.current.name if self.current is not None else ""
        return f"Standar kompetensi \"{name}\" sudah diubah tetapi belum disimpan. Simpan sekarang?"

    def save_shown(self) -> bool:
        return self.save_standard()

    def _show_position(self, row: PositionRow | None) -> None:
        self.current = row
        self.status.setText("")
        self._show_heading()
        self._load_standard()
        self._update_buttons()

    def _show_heading(self) -> None:
        row = self.current
        self.heading.setText(row.name if row else "Pilih jabatan di tabel")
        self.subheading.setText(
            f"{row.unit_path or 'Tanpa unit'} · {row.kind_name} · {row.employees} pegawai aktif"
            if row else "")

    def _load_standard(self) -> None:
        lines = self.ctx.call(svc.get_standard, self.current.id) if self.current else []
        self._standard_version = (self.ctx.call(svc.standard_version, self.current.id)
                                  if self.current else None)
        self.editor.show_lines(lines, saved=True, has_position=self.current is not None)

    def has_unsaved_changes(self) -> bool:
        return self.current is not None and self.editor.is_dirty()

    def _on_dirty(self, dirty: bool) -> None:
        self.unsaved.setVisible(dirty)
        if dirty:
            self.status.setText("")
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current is not None
        dirty = has and self.editor.is_dirty()
        for btn in (self.defaults_btn, self.copy_btn, self.technical_btn, self.edit_btn,
                    self.delete_btn):
            btn.setEnabled(has)
        self.save_btn.setEnabled(dirty)
        self.revert_btn.setEnabled(dirty)

    # --- standard actions
    def fill_defaults(self) -> None:
        if self.current is None:
            return
        lines = self.ctx.call(svc.default_standard, self.current.id)
        self.editor.show_lines(lines, saved=False)
        self.status.setText("Level bawaan diisi; periksa lalu klik Simpan.")

    def revert(self) -> None:
        self._load_standard()
        self.status.setText("Perubahan dibatalkan.")

    def save_standard(self) -> bool:
        if self.current is None or not self.editor.is_dirty():
            return True
        try:
            self.ctx.call(svc.set_standard, self.current.id, self.editor.levels(),
                          self._standard_version)
        except ValidationError as exc:  # a ConflictError too: "Kembalikan" loads the saved one
            QMessageBox.warning(self, "Standar belum disimpan", "\n".join(exc.messages))
            return False
        self._load_standard()
        self.status.setText("Standar tersimpan.")
        self.ctx.changed("standards")
        return True

    def add_technical(self) -> None:
        if self.current is None:
            return
        present = set(self.editor.lines)
        choices = [c for c in self.ctx.call(comp_svc.list_competencies, "teknis")
                   if c.id not in present]
        default = max(self.editor.levels().values(), default=2)
        dialog = dialogs.AddTechnicalDialog(choices, self.current.field, default, self)
        if dialog.exec() and (picked := dialog.selected()):
            cid, level = picked
            self.editor.add_line(self.ctx.call(svc.describe, {cid: level})[0])

    def copy_to_others(self) -> None:
        if self.current is None:
            return
        if self.has_unsaved_changes() and not self.save_standard():
            return
        dialog = dialogs.CopyStandardDialog(self.current, self.all_rows, self)
        if not dialog.exec():
            return
        try:
            n = self.ctx.call(svc.copy_standard, self.current.id, dialog.selected_ids())
        except ValidationError as exc:
            QMessageBox.warning(self, "Standar tidak disalin", "\n".join(exc.messages))
            return
        self.status.setText(f"Standar disalin ke {n} jabatan.")
        self.ctx.changed("standards")

    def fill_defaults_for_shown(self) -> None:
        ids = [r.id for r in self.model.rows()]
        answer = QMessageBox.question(
            self, "Isi standar bawaan",
            f"Isi standar bawaan (level sesuai jenis jabatan) untuk {len(ids)} jabatan yang "
            "tampil dan belum memiliki standar?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        n = self.ctx.call(svc.apply_defaults, ids)
        self.status.setText(f"Standar bawaan diisi untuk {n} jabatan.")
        self.ctx.changed("standards")

    # --- positions and units
    def add_position(self) -> None:
        if not self.maybe_leave():
            return
        dialog = dialogs.PositionDialog(self.ctx, None, self.selected_unit_id(), self)
        if dialog.exec() and dialog.saved_id:
            self.ctx.changed("positions")
            self.search.clear()
            self.without_standard.setChecked(False)
            self.apply_filter()
            self.select_id(dialog.saved_id)

    def edit_position(self) -> None:
        if self.current is None:
            return
        dialog = dialogs.PositionDialog(self.ctx, self.current.id, parent=self)
        if dialog.exec():
            self.ctx.changed("positions")

    def delete_position(self) -> None:
        row = self.current
        if row is None:
            return
        if not confirm(self, "Hapus jabatan", f"Hapus jabatan \"{row.name}\" ({row.unit_path}) "
                       "beserta standar kompetensinya?") or not call_or_explain(
                self, self.ctx, "Jabatan tidak dihapus", svc.delete_position, row.id):
            return
        self._show_position(None)
        self.ctx.changed("positions")

    def add_unit(self) -> None:
        dialog = dialogs.UnitDialog(self.ctx, None, self.selected_unit_id(), self)
        if dialog.exec():
            self.ctx.changed("units")

    def edit_unit(self) -> None:
        unit_id = self.selected_unit_id()
        if not have_selection(unit_id, self, "Unit kerja", "unit yang akan diubah"):
            return
        if dialogs.UnitDialog(self.ctx, unit_id, parent=self).exec():
            self.ctx.changed("units")

    def delete_unit(self) -> None:
        unit_id = self.selected_unit_id()
        unit = next((u for u in self.units if u.id == unit_id), None)
        if not have_selection(unit, self, "Unit kerja", "unit yang akan dihapus"):
            return
        if confirm(self, "Hapus unit kerja", f"Hapus unit \"{unit.name}\"?") and call_or_explain(
                self, self.ctx, "Unit tidak dihapus", svc.delete_unit, unit.id):
            self.ctx.changed("units")

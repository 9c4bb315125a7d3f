"""Small dialogs of the positions page: a unit, a position, copying a standard, adding a
technical competency to a standard."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QWidget,
)

from karier_desktop.domain import org_tree
from karier_desktop.services import positions as svc
from karier_desktop.services.competencies import CompetencyRow
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.form_dialog import FormDialog, add_or_change, error_label
from karier_desktop.ui.kit.forms import add_rows, choose, combo, form_of, text_field
from karier_desktop.ui.kit.layouts import NO_MARGINS, fill, hbox, vbox
from karier_desktop.ui.kit.widgets import limit_lengths, ok_cancel

UNIT_KIND_LABELS = {"sekretariat": "Sekretariat", "dinas": "Dinas", "badan": "Badan",
                    "inspektorat": "Inspektorat", "kecamatan": "Kecamatan", "rsud": "RSUD",
                    "satpol": "Satpol PP", "subunit": "Sub-unit (bidang/bagian/seksi)"}


def ordered_units(units: Sequence[svc.UnitRow]) -> list[tuple[svc.UnitRow, int]]:
    """Units depth-first (parents before children, by name) with their depth."""
    by_id = {u.id: u for u in units}
    order = org_tree.depth_first({u.id: u.parent_id for u in units}, key=lambda i: by_id[i].name)
    return [(by_id[uid], depth) for uid, depth in order]


def unit_labels(units: Sequence[svc.UnitRow]) -> list[tuple[int, str]]:
    """(id, "OPD › sub-unit › …") in tree order, for combo boxes that name a unit unambiguously
    (many OPDs have a "Sekretariat" or a "Bagian Umum")."""
    by_id = {u.id: u for u in units}
    parents = {u.id: u.parent_id for u in units}
    return [(unit.id, " › ".join(by_id[a].name for a in reversed(org_tree.ancestors(parents,
                                                                                     unit.id))))
            for unit, _depth in ordered_units(units)]


class UnitDialog(FormDialog):
    """Add a unit under a parent, or rename/move/re-code one."""

    def __init__(self, ctx: AppContext, unit_id: int | None, parent_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, add_or_change("unit kerja", unit_id), parent, min_width=620)
        self.unit_id = unit_id
        units = ctx.call(svc.list_units)
        current = next((u for u in units if u.id == unit_id), None)
        # its version goes back with the save (a newer change refuses)
        self.loaded_version = current.version if current else None
        self.name = QLineEdit(current.name if current else "")
        self.code = text_field("kosongkan agar dibuat otomatis", current.code if current else "")
        limit_lengths("units", {"name": self.name, "code": self.code})
        self.kind = combo(((label, code) for code, label in UNIT_KIND_LABELS.items()),
                          current.kind if current else ("subunit" if parent_id else "dinas"))
        below = subtree_ids(units, unit_id) if unit_id is not None else set()
        self.parent_unit = combo(
            [("— tingkat teratas (OPD) —", None)]
            + [(label, uid) for uid, label in unit_labels(units) if uid not in below],
            current.parent_id if current else parent_id)
        add_rows(self.fields, ("&Nama unit *", self.name), ("&Unit induk", self.parent_unit),
                 ("&Jenis", self.kind), ("&Kode", self.code))

    def reload_saved(self) -> None:
        """After a conflict: show the unit as saved meanwhile (the clerk's typing is dropped)."""
        current = next((u for u in self.ctx.call(svc.list_units) if u.id == self.unit_id), None)
        if current is not None:
            self.loaded_version = current.version
            self.name.setText(current.name)
            self.code.setText(current.code)
            choose(self.kind, current.kind)
            choose(self.parent_unit, current.parent_id)

    def save(self) -> None:
        data = svc.UnitInput(self.name.text(), self.parent_unit.currentData(),
                             self.kind.currentData(), self.code.text())
        self.saved_id = self.ctx.call(svc.save_unit, data, self.unit_id, self.loaded_version)


def subtree_ids(units: Sequence[svc.UnitRow], root: int) -> set[int]:
    """The unit `root` and all units below it."""
    return set(org_tree.descendants({u.id: u.parent_id for u in units}, root))


class PositionDialog(FormDialog):
    """Add or edit a position: name, kind, unit and field."""

    def __init__(self, ctx: AppContext, position_id: int | None, unit_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, add_or_change("jabatan", position_id), parent, min_width=660)
        self.position_id = position_id
        data = self.read_saved(svc.load_position, position_id) if position_id is not None \
            else None
        self.name = text_field("mis. Analis Kepegawaian Ahli Muda", data.name if data else "")
        self.kind = combo(((f"{k.name.removeprefix('Jabatan ')} (level bawaan {k.default_level})",
                            k.code) for k in ctx.call(svc.position_kinds)),
                          data.kind_code if data else "pelaksana")
        self.unit = combo([("— pilih unit kerja —", None)]
                          + [(label, uid) for uid, label in unit_labels(ctx.call(svc.list_units))],
                          data.unit_id if data else unit_id)
        self.field = QLineEdit(data.field if data else "")
        self.field.setPlaceholderText("bidang teknis, mis. Kepegawaian (boleh kosong)")
        limit_lengths("positions", {"name": self.name, "field": self.field})
        from karier_desktop.services import retirement as bup

        self.bup = bup
        self.retirement = QSpinBox()
        self.retirement.setRange(0, bup.MAX_AGE)
        self.retirement.setSpecialValueText("ikut aturan")
        self.retirement.setSuffix(" tahun")
        self.retirement.setToolTip("Pengecualian batas usia pensiun (BUP) untuk jabatan ini saja; "
                                   "biarkan 'ikut aturan' untuk memakai BUP rumpun atau jenis "
                                   "jabatan (PP 11/2017 Pasal 239).")
        current = ctx.call(bup.position_retirement, position_id)
        self.retirement.setValue(current.exception or 0)
        self.retirement_rule = QLabel("")
        self.retirement_rule.setWordWrap(True)
        self.defaults = QCheckBox("Langsung isi standar &bawaan sesuai jenis jabatan")
        self.defaults.setChecked(True)
        self.defaults.setVisible(position_id is None)
        add_rows(self.fields, ("&Nama jabatan *", self.name), ("&Jenis jabatan *", self.kind),
                 ("&Unit kerja *", self.unit), ("B&idang", self.field),
                 ("Batas usia &pensiun", self.retirement), self.retirement_rule,
                 self.defaults)
        self.kind.currentIndexChanged.connect(self._show_rule)
        self.name.editingFinished.connect(self._show_rule)
        self.retirement.valueChanged.connect(self._show_rule)
        self._show_rule()

    def reload_saved(self) -> None:
        """After a conflict: show the position as saved meanwhile."""
        data = self.read_saved(svc.load_position, self.position_id)
        self.name.setText(data.name)
        choose(self.kind, data.kind_code)
        choose(self.unit, data.unit_id)
        self.field.setText(data.field)

    def _show_rule(self) -> None:
        info = self.ctx.call(self.bup.position_retirement, None, self.kind.currentData() or "",
                             self.name.text())
        rule = (f"Tanpa pengecualian: {info.effective.age} tahun ({info.effective.basis})."
                if not info.family else
                f"Tanpa pengecualian: {info.effective.age} tahun, rumpun {info.family}; "
                f"jenis jabatan saja {info.kind_age} tahun (PP 11/2017 Pasal 239).")
        if self.retirement.value():
            rule = f"Berlaku {self.retirement.value()} tahun (pengecualian kantor). " + rule
        self.retirement_rule.setText(rule)

    def save(self) -> None:
        data = svc.PositionInput(self.name.text(), self.kind.currentData() or "",
                                 self.unit.currentData(), self.field.text(),
                                 self.loaded_version)
        self.saved_id = self.ctx.call(self.bup.save_position_with_retirement, data,
                                      self.position_id,
                                      self.position_id is None and self.defaults.isChecked(),
                                      self.retirement.value() or None)


class _CheckList(QWidget):
    """A filterable list of checkable items (id, label)."""

    def __init__(self, items: Iterable[tuple[int, str, bool]], placeholder: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setUniformItemSizes(True)
        for item_id, label, checked in items:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, item_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.search.textChanged.connect(self._filter)
        vbox(self.search, (self.list, 1), owner=self, margins=NO_MARGINS)

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        for item in self.items():
            label = item.text().lower()
            item.setHidden(not all(w in label for w in words))

    def set_visible_checked(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for item in self.items():
            if not item.isHidden():
                item.setCheckState(state)

    def checked_ids(self) -> list[int]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.items()
                if item.checkState() == Qt.CheckState.Checked]


class CopyStandardDialog(QDialog):
    """Choose the positions that receive a copy of one position's standard."""

    def __init__(self, source: svc.PositionRow, rows: Sequence[svc.PositionRow],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Salin standar ke jabatan lain")
        self.resize(620, 560)
        others = [r for r in rows if r.id != source.id]
        others.sort(key=lambda r: (r.name != source.name, r.name.lower(), r.unit.lower()))
        self.choices = _CheckList(
            ((r.id, f"{r.name} — {r.unit_path or '-'}"
              + ("" if r.has_standard else "   (belum ada standar)"), r.name == source.name)
             for r in others), "Saring nama jabatan atau unit…  (mis. kepala seksi)")
        intro = QLabel(f"Standar <b>{_escape(source.name)}</b> ({_escape(source.unit_path)}) akan "
                       "<b>menggantikan</b> standar jabatan yang dicentang. Jabatan dengan nama "
                       "sama di unit lain sudah dicentang.")
        intro.setWordWrap(True)
        self.count = QLabel()
        self.all_btn = QPushButton("Centang semu&a yang tampil")
        self.none_btn = QPushButton("&Kosongkan yang tampil")
        self.all_btn.clicked.connect(lambda: self.choices.set_visible_checked(True))
        self.none_btn.clicked.connect(lambda: self.choices.set_visible_checked(False))
        self.choices.list.itemChanged.connect(lambda _i: self._update_count())
        self.errors = error_label()
        vbox(intro, (self.choices, 1), hbox((self.count, 1), self.all_btn, self.none_btn),
             self.errors, ok_cancel(self, self._accept, "Sa&lin"), owner=self)
        self._update_count()
        self.choices.search.setFocus()

    def _update_count(self) -> None:
        self.count.setText(f"{len(self.choices.checked_ids())} jabatan dicentang")

    def selected_ids(self) -> list[int]:
        return self.choices.checked_ids()

    def _accept(self) -> None:
        if not self.selected_ids():
            self.errors.setText("Centang sedikitnya satu jabatan tujuan.")
            return
        self.accept()


class AddTechnicalDialog(QDialog):
    """Pick a technical competency (not yet in the standard) and its required level."""

    def __init__(self, choices: Sequence[CompetencyRow], field: str, default_level: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tambah kompetensi teknis ke standar")
        self.resize(560, 460)
        ordered = sorted(choices, key=lambda c: (c.field != field, c.field, c.code))
        self.search = text_field("Saring kode, nama atau bidang…")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        for c in ordered:
            item = QListWidgetItem(f"{c.code}  {c.name}  —  {c.field or 'tanpa bidang'}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.level = QSpinBox()
        self.level.setRange(1, 5)
        self.level.setValue(max(1, min(5, default_level)))
        self.errors = error_label()
        self.search.textChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda _i: self._accept())
        layout = vbox(owner=self)
        if not ordered:
            layout.addWidget(QLabel("Semua kompetensi teknis di kamus sudah ada di standar ini. "
                                    "Tambahkan kompetensi baru di halaman Kamus Kompetensi."))
        fill(layout, self.search, (self.list, 1),
             form_of(("&Level yang dipersyaratkan", self.level)), self.errors,
             ok_cancel(self, self._accept, "&Tambahkan"))

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hidden = not all(w in item.text().lower() for w in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def selected(self) -> tuple[int, int] | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return item.data(Qt.ItemDataRole.UserRole), self.level.value()

    def _accept(self) -> None:
        if self.selected() is None:
            self.errors.setText("Pilih satu kompetensi teknis dari daftar.")
            return
        self.accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""Pengaturan: office identity and letterhead, JPM thresholds and rules, the reference tables
the office may adjust (position kinds' default level and BUP; JP conversion per form; BUP per
family of positions), and a note on which defaults are the office's and where each number comes
from.

Everything on the page is saved together in one transaction, after validation; an
inconsistent value is refused with a message saying what to fix, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from html import escape
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.domain.competency import JpmThresholds
from karier_desktop.domain.jp import JP_UNITS, UNIT_LABELS
from karier_desktop.domain.textfmt import format_number
from karier_desktop.services import reference_data as ref
from karier_desktop.services import settings as settings_service
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.ui.connection_form import ServerSection
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.forms import choose, form_of, number_spin, whole_spin
from karier_desktop.ui.kit.layouts import hbox, hint_label, page_frame, vbox
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.tables import make_table
from karier_desktop.ui.office_form import OfficeForm
from karier_desktop.ui.topics import Topic

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
EDITABLE_BG = "#eaf2fa"


@dataclass(frozen=True)
class EditSpec(Generic[R]):
    """How one column is edited: its native value, how a new value makes a new row, and the
    editor (an int or float spin box with a range, or a choice list)."""

    value: Callable[[R], Any]
    apply: Callable[[R, Any], R]
    minimum: float = 0
    maximum: float = 100
    decimals: int = 0
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    special_text: str = ""  # shown for the minimum (e.g. "—" for "no cap")
    enabled: Callable[[R], bool] | None = None  # some rows may not take this value


class EditableRowModel(RowTableModel[R]):
    """A RowTableModel whose rows (frozen dataclasses) are replaced when a cell is edited."""

    def __init__(self, columns: list[Column[R]], edits: dict[int, EditSpec[R]],
                 parent: Any = None) -> None:
        super().__init__(columns, parent)
        self.edits = edits

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        spec = self.edits.get(index.column()) if index.isValid() else None
        row = self.row_at(index.row()) if index.isValid() else None
        if spec is not None and row is not None and (spec.enabled is None or spec.enabled(row)):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid() and index.column() in self.edits:
            row = self.row_at(index.row())
            return None if row is None else self.edits[index.column()].value(row)
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        spec = self.edits.get(index.column()) if index.isValid() else None
        row = self.row_at(index.row()) if index.isValid() else None
        if role != Qt.ItemDataRole.EditRole or spec is None or row is None:
            return False
        if spec.enabled is not None and not spec.enabled(row):
            return False
        try:
            self._rows[index.row()] = spec.apply(row, value)
        except (TypeError, ValueError):
            return False
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), self.columnCount() - 1))
        return True


class SpecDelegate(QStyledItemDelegate):
    """Creates the editor an EditSpec describes."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        model = index.model()
        spec = getattr(model, "edits", {}).get(index.column())
        if spec is None:
            return super().createEditor(parent, option, index)
        if spec.choices:
            combo = QComboBox(parent)
            for value, label in spec.choices:
                combo.addItem(label, value)
            return combo
        spin: QSpinBox | QDoubleSpinBox
        if spec.decimals:
            spin = QDoubleSpinBox(parent)
            spin.setDecimals(spec.decimals)
        else:
            spin = QSpinBox(parent)
        spin.setRange(spec.minimum, spec.maximum)
        spin.setSpecialValueText(spec.special_text)
        return spin

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            choose(editor, value)
        elif isinstance(editor, QSpinBox | QDoubleSpinBox):
            editor.setValue(editor.minimum() if value is None else value)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QSpinBox | QDoubleSpinBox):
            editor.interpretText()
            model.setData(index, editor.value())
        else:
            super().setModelData(editor, model, index)


K = ref.PositionKindRow
F = ref.DevelopmentFormRow
GROUP_LABELS = {"manajerial": "Manajerial", "nonmanajerial": "Nonmanajerial"}
KIND_COLUMNS: list[Column[K]] = [
    Column("Jenis / jenjang jabatan", lambda r: r.name, tooltip=lambda r: r.name),
    Column("Kelompok", lambda r: GROUP_LABELS.get(r.group, r.group.capitalize())),
    Column("Level standar", lambda r: str(r.default_level), align_right=True,
           background=lambda r: EDITABLE_BG),
    Column("BUP (tahun)", lambda r: str(r.retirement_age), align_right=True,
           background=lambda r: EDITABLE_BG),
]
KIND_EDITS: dict[int, EditSpec[K]] = {
    2: EditSpec(lambda r: r.default_level, lambda r, v: replace(r, default_level=int(v)), 1, 5),
    3: EditSpec(lambda r: r.retirement_age, lambda r, v: replace(r, retirement_age=int(v)),
                ref.MIN_RETIREMENT_AGE, ref.MAX_RETIREMENT_AGE),
}
B = ref.FamilyRow
FAMILY_COLUMNS: list[Column[B]] = [
    Column("Rumpun jabatan", lambda r: r.name, tooltip=lambda r: r.source),
    Column("Nama jabatan diawali", lambda r: r.keywords, tooltip=lambda r: r.keywords),
    Column("BUP (tahun)", lambda r: str(r.retirement_age) if r.retirement_age
           else "ikut PP 11/2017", align_right=True, background=lambda r: EDITABLE_BG,
           tooltip=lambda r: r.source),
    Column("Dasar", lambda r: r.source, tooltip=lambda r: r.source),
]
FAMILY_EDITS: dict[int, EditSpec[B]] = {
    2: EditSpec(lambda r: r.retirement_age or 0,
                lambda r, v: replace(r, retirement_age=int(v) or None), 0,
                ref.MAX_RETIREMENT_AGE, special_text="ikut PP 11/2017"),
}
FORM_COLUMNS: list[Column[F]] = [
    Column("Kode", lambda r: r.code),
    Column("Bentuk pengembangan", lambda r: r.name, tooltip=lambda r: r.jp_note or r.name),
    Column("Satuan", lambda r: UNIT_LABELS.get(r.jp_unit, r.jp_unit),
           background=lambda r: EDITABLE_BG, tooltip=lambda r: r.rule_text),
    Column("JP per satuan", lambda r: "60/45" if r.jp_unit == "jam" else
           format_number(r.jp_per_unit, 2), align_right=True,
           background=lambda r: None if r.jp_unit == "jam" else EDITABLE_BG,
           tooltip=lambda r: r.rule_text),
    Column("Maks. per bulan", lambda r: "—" if not r.max_units_per_month
           else f"{r.max_units_per_month:g}", align_right=True,
           background=lambda r: EDITABLE_BG, tooltip=lambda r: r.rule_text),
]
FORM_EDITS: dict[int, EditSpec[F]] = {
    2: EditSpec(lambda r: r.jp_unit, lambda r, v: replace(r, jp_unit=str(v)),
                choices=tuple((u, UNIT_LABELS[u]) for u in JP_UNITS)),
    3: EditSpec(lambda r: r.jp_per_unit, lambda r, v: replace(r, jp_per_unit=float(v)),
                0, ref.MAX_JP_PER_UNIT, 2, enabled=lambda r: r.jp_unit != "jam"),
    4: EditSpec(lambda r: r.max_units_per_month or 0,
                lambda r, v: replace(r, max_units_per_month=float(v) or None), 0, 31, 0,
                special_text="—"),
}


def percent_spin(maximum: float = 200) -> QDoubleSpinBox:
    return number_spin(0, maximum, decimals=1, suffix=" %")


def notes_html(notes: list[ref.OfficeDefaultNote]) -> str:
    """The defaults the office sets, each with its value and the source of the number."""
    parts = ["<p>Angka di halaman ini adalah <b>bawaan yang dapat diubah kantor</b>. Yang "
             "ditandai <i>pilihan kantor</i> tidak ditetapkan seragam oleh peraturan.</p>"]
    for n in notes:
        tag = "diatur peraturan" if n.regulated else "<i>pilihan kantor</i>"
        parts.append(f"<p><b>{escape(n.setting)}</b> ({tag}): {escape(n.value)}<br>"
                     f"<span style='color:#555'>Sumber: {escape(n.source)}</span></p>")
    return "".join(parts)


class SettingsPage(Page):
    topics = (Topic.SETTINGS,)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.current = settings_service.OfficeSettings()
        self.office = OfficeForm()
        office_box = QGroupBox("Identitas kantor dan kop surat")
        QVBoxLayout(office_box).addWidget(self.office)

        self.optimal = percent_spin()
        self.cukup = percent_spin()
        self.ms = percent_spin()
        self.mms = percent_spin()
        self.cap = QCheckBox("Batasi JPM &maksimal 100 %")
        self.unassessed_zero = QCheckBox("Yang belum diases dihitung level &0")
        self.unassessed_zero.setToolTip(
            "Tidak dicentang: JPM dihitung dari kompetensi yang sudah diases saja (jumlahnya "
            "ditampilkan di samping JPM). Dicentang: yang belum diases atau kedaluwarsa ikut "
            "dihitung sebagai level 0.")
        self.min_jp = number_spin(0, 1000, suffix=" JP")
        self.validity = whole_spin(1, 10, suffix=" tahun")
        self.pot_low = percent_spin(100)
        self.pot_high = percent_spin(100)
        rules_box = QGroupBox("Ambang JPM dan aturan")
        rules_box.setLayout(form_of(
            ("&Optimal mulai", self.optimal), ("&Cukup Optimal mulai", self.cukup),
            ("Memenuhi S&yarat (MS) mulai", self.ms),
            ("Masi&h Memenuhi Syarat (MMS) mulai", self.mms), self.cap, self.unassessed_zero,
            ("Minimal &JP per tahun", self.min_jp), ("Masa &berlaku asesmen", self.validity),
            ("Potensial &rendah di bawah", self.pot_low),
            ("Potensial tin&ggi mulai", self.pot_high)))

        self.kinds: EditableRowModel[K] = EditableRowModel(KIND_COLUMNS, KIND_EDITS, self)
        self.kind_table = make_table(self.kinds, (300, 130, 110, 100), fit_headers=False)
        self.forms: EditableRowModel[F] = EditableRowModel(FORM_COLUMNS, FORM_EDITS, self)
        self.form_table = make_table(self.forms, (60, 290, 80, 110, 110), fit_headers=False)
        self.families: EditableRowModel[B] = EditableRowModel(FAMILY_COLUMNS, FAMILY_EDITS, self)
        self.family_table = make_table(self.families, (130, 210, 110, 400), fit_headers=False)
        self.delegate = SpecDelegate(self)
        for table in (self.kind_table, self.form_table, self.family_table):
            table.setSortingEnabled(False)
            table.setItemDelegate(self.delegate)
            table.setEditTriggers(table.EditTrigger.DoubleClicked
                                  | table.EditTrigger.EditKeyPressed
                                  | table.EditTrigger.AnyKeyPressed)
        hint = hint_label("Sel berwarna biru muda dapat diubah: klik dua kali atau tekan F2.")
        self.tables = QTabWidget()
        self.tables.addTab(self.kind_table, "Jenis jabatan: level standar && BUP")
        self.tables.addTab(self.form_table, "Konversi JP per bentuk")
        self.tables.addTab(self.family_table, "BUP per rumpun jabatan")
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        notes_scroll = QScrollArea()
        notes_scroll.setWidgetResizable(True)
        notes_scroll.setWidget(self.notes)
        self.tables.addTab(notes_scroll, "Dasar angka bawaan")

        self.message = QLabel("")
        self.message.setObjectName("errors")
        self.message.setWordWrap(True)
        self.save_btn = QPushButton("Simpan p&engaturan")
        self.save_btn.setDefault(True)
        self.save_btn.clicked.connect(self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.revert_btn = permits.button("Batalkan perubaha&n", self.reload, needs=None)
        permits.needs(Permission.SETTINGS, self.save_btn, self.cap, self.unassessed_zero,
                      *self.office.findChildren(QAbstractButton))
        self.server_section = ServerSection()  # where the app works: this file or a server
        permits.needs(Permission.SETTINGS, self.server_section.change_btn)
        permits.reading(self.server_section.local_btn)  # this computer's choice only
        left = vbox(office_box, rules_box, self.server_section, 1)
        right = vbox((self.tables, 1), hint)
        page_frame(self, "Pengaturan", (hbox((left, 4), (right, 6)), 1),
                   hbox((self.message, 1), self.revert_btn, self.save_btn))

    def load(self) -> None:
        s = self.current = self.ctx.call(settings_service.load)
        self.office.load(s)
        t = s.thresholds
        for spin, value in ((self.optimal, t.optimal), (self.cukup, t.cukup_optimal),
                            (self.ms, t.ms), (self.mms, t.mms),
                            (self.min_jp, s.yearly_minimum_jp), (self.pot_low, s.potensial_low),
                            (self.pot_high, s.potensial_high)):
            spin.setValue(value)
        self.cap.setChecked(s.jpm_cap_at_100)
        self.unassessed_zero.setChecked(s.jpm_unassessed_as_zero)
        self.validity.setValue(s.assessment_validity_years)
        self.kinds.set_rows(self.ctx.call(ref.list_position_kinds))
        self.forms.set_rows(self.ctx.call(ref.list_development_forms))
        self.families.set_rows(self.ctx.call(ref.list_families))
        self.notes.setText(notes_html(ref.office_default_notes()))
        self.message.setText("")

    def collect(self) -> settings_service.OfficeSettings:
        """The settings as entered; ValueError when the thresholds contradict each other."""
        thresholds = JpmThresholds(optimal=self.optimal.value(),
                                   cukup_optimal=self.cukup.value(), ms=self.ms.value(),
                                   mms=self.mms.value())
        return self.office.apply_to(replace(
            self.current, thresholds=thresholds, jpm_cap_at_100=self.cap.isChecked(),
            jpm_unassessed_as_zero=self.unassessed_zero.isChecked(),
            yearly_minimum_jp=self.min_jp.value(),
            assessment_validity_years=self.validity.value(),
            potensial_low=self.pot_low.value(), potensial_high=self.pot_high.value()))

    def _show(self, text: str, ok: bool) -> None:
        self.message.setStyleSheet("color:#2e6b3f" if ok else "color:#b3261e")
        self.message.setText(text)

    def save(self) -> None:
        editor = QApplication.focusWidget()
        for table in (self.kind_table, self.form_table, self.family_table):  # open editors too
            if editor is not None and table.isAncestorOf(editor):
                table.commitData(editor)
        try:
            office = self.collect()
            self.ctx.call(ref.save_configuration, office, self.kinds.rows(), self.forms.rows(),
                          self.families.rows())
        except ref.ValidationError as exc:
            self._show("Belum dapat disimpan:\n• " + "\n• ".join(exc.messages), False)
            return
        except ValueError as exc:
            self._show(f"Belum dapat disimpan:\n• {exc}", False)
            return
        self.ctx.changed("settings")
        self._show("Pengaturan tersimpan.", True)

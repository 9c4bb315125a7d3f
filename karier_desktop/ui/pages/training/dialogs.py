"""Dialogs of the Pelatihan page: a catalogue programme with its target competencies, and a
training record (from a programme, which fills the fields, or with a free title) with a JP
calculator that uses the form's conversion (e.g. 3 hari seminar -> 12 JP)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from karier_desktop.domain.textfmt import format_number
from karier_desktop.services import reference_data
from karier_desktop.services import training as svc
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.dialogs.assessment_dialog import EmployeePicker
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.form_dialog import FormDialog
from karier_desktop.ui.kit.forms import ID_LOCALE, add_rows, money_spin, number_spin, whole_spin
from karier_desktop.ui.kit.layouts import hbox, vbox
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.widgets import DateField, limit_lengths

MONEY_MAX = 2_000_000_000
STATUS_LABELS = {"selesai": "Selesai", "rencana": "Rencana", "batal": "Batal"}


def optional_number(minimum: float, maximum: float, decimals: int) -> QDoubleSpinBox:
    """A number that may be left empty: the value just below `minimum` shows "—"."""
    spin = QDoubleSpinBox()
    spin.setLocale(ID_LOCALE)
    step = 10 ** -decimals
    spin.setDecimals(decimals)
    spin.setRange(minimum - step, maximum)
    spin.setSingleStep(step if decimals else 1)
    spin.setSpecialValueText("—")
    spin.setValue(minimum - step)
    return spin


def optional_value(spin: QDoubleSpinBox) -> float | None:
    return None if spin.value() == spin.minimum() else spin.value()


@dataclass(frozen=True)
class TargetLine:
    competency_id: int
    label: str
    to_level: int
    gain: int


TARGET_COLUMNS: list[Column[TargetLine]] = [
    Column("Kompetensi", lambda t: t.label),
    Column("Level sasaran", lambda t: str(t.to_level), lambda t: t.to_level, align_right=True),
    Column("Kenaikan", lambda t: f"+{t.gain}", lambda t: t.gain, align_right=True),
]


class ProgrammeDialog(FormDialog):
    def __init__(self, ctx: AppContext, programme_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Tambah program" if programme_id is None else "Ubah program",
                         parent, min_width=720)
        self.programme_id = programme_id
        self.position_kinds = ""
        self.forms = ctx.call(reference_data.list_development_forms)
        self.competencies = {c.id: c for c in ctx.call(reference_data.competency_choices)}

        self.code = QLineEdit()
        self.code.setMaxLength(20)
        self.code.setPlaceholderText("mis. P081")
        self.title = QLineEdit()
        self.form = QComboBox()
        self.form.addItem("— pilih bentuk —", "")
        for f in self.forms:
            self.form.addItem(f.label, f.code)
        self.form_rule = QLabel("")
        self.form_rule.setProperty("role", "hint")
        self.form.currentIndexChanged.connect(self._show_rule)
        self.provider = QLineEdit()
        self.jp = number_spin(0, 5000, decimals=1, suffix=" JP")
        self.basis = QComboBox()
        for key, label in svc.COST_BASES.items():
            self.basis.addItem(label.capitalize(), key)
        self.cost = money_spin(MONEY_MAX)
        self.class_cost = money_spin(MONEY_MAX)
        self.basis.currentIndexChanged.connect(self._basis_changed)
        self.min_p = whole_spin(1, 1000)
        self.max_p = whole_spin(1, 1000, value=30)
        self.active = QCheckBox("&Aktif (ditawarkan di katalog dan rencana)")
        self.active.setChecked(True)
        participants = hbox(QLabel("minimal"), self.min_p, QLabel("maksimal"), self.max_p, 1)
        add_rows(self.fields, ("&Kode *", self.code), ("J&udul *", self.title),
                 ("Be&ntuk pengembangan *", self.form), self.form_rule,
                 ("Penyelen&ggara", self.provider), ("&JP", self.jp),
                 ("&Dasar biaya", self.basis), ("Biaya per p&eserta", self.cost),
                 ("Biaya per ke&las", self.class_cost),
                 ("Jumlah pese&rta", participants, self.min_p), self.active)

        self.target_comp = QComboBox()
        self.target_comp.setEditable(True)
        self.target_comp.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for c in self.competencies.values():
            self.target_comp.addItem(c.label, c.id)
        self.target_comp.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.target_comp.completer().setCompletionMode(
            self.target_comp.completer().CompletionMode.PopupCompletion)
        self.target_level = whole_spin(1, 5, prefix="level ", value=3)
        self.target_gain = whole_spin(1, 4, prefix="+")
        # the dialog is opened by a button that needs EDIT; its own buttons change the form only
        add = permits.button("&Tambah sasaran", self.add_target, needs=None)
        remove = permits.button("&Hapus sasaran", self.remove_target, needs=None)
        self.targets: RowTableModel[TargetLine] = RowTableModel(TARGET_COLUMNS, self)
        self.target_table = QTableView()
        self.target_table.setModel(self.targets)
        self.target_table.verticalHeader().setVisible(False)
        self.target_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.target_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.target_table.setColumnWidth(0, 380)
        self.target_table.horizontalHeader().setStretchLastSection(True)
        self.target_table.setMinimumHeight(120)
        group = QGroupBox("Kompetensi sasaran (yang ditingkatkan program ini)")
        vbox(hbox((self.target_comp, 1), self.target_level, self.target_gain, add),
             self.target_table, hbox(1, remove), owner=group)

        self.add_below_form(group, 1)
        self._basis_changed()
        self.loaded_version: int | None = None  # passed back on save (a newer change refuses)
        if programme_id is not None:
            self.reload_saved()
        limit_lengths("programmes", {"title": self.title, "provider": self.provider})

    def reload_saved(self) -> None:
        self._load(self.read_saved(svc.load_programme, self.programme_id))

    def _show_rule(self) -> None:
        form = next((f for f in self.forms if f.code == self.form.currentData()), None)
        self.form_rule.setText(f"Konversi JP: {form.rule_text}" if form else "")

    def _basis_changed(self) -> None:
        self.class_cost.setEnabled(self.basis.currentData() == "per_class")

    def _typed_competency(self) -> int | None:
        """The competency whose label was typed: exact, else the only one containing it."""
        text = self.target_comp.currentText().strip().lower()
        labels = {c.label.lower(): cid for cid, c in self.competencies.items()}
        if text in labels:
            return labels[text]
        found = [cid for label, cid in labels.items() if text and label.startswith(text)]
        if len(found) != 1:
            found = [cid for label, cid in labels.items() if text and text in label]
        return found[0] if len(found) == 1 else None

    def add_target(self) -> None:
        cid = self._typed_competency()
        if cid is None:
            self.errors.setText("Pilih kompetensi sasaran dari daftar (ketik kode atau nama).")
            return
        rows = [t for t in self.targets.rows() if t.competency_id != cid]
        rows.append(TargetLine(cid, self.competencies[cid].label, self.target_level.value(),
                               self.target_gain.value()))
        self.targets.set_rows(sorted(rows, key=lambda t: t.label))
        self.target_comp.setCurrentText(self.competencies[cid].label)
        self.errors.setText("")

    def remove_target(self) -> None:
        selected = {i.row() for i in self.target_table.selectionModel().selectedRows()}
        self.targets.set_rows([t for i, t in enumerate(self.targets.rows()) if i not in selected])

    def _load(self, d: svc.ProgrammeInput) -> None:
        self.code.setText(d.code)
        self.title.setText(d.title)
        self.form.setCurrentIndex(max(0, self.form.findData(d.form_code)))
        self.provider.setText(d.provider)
        self.jp.setValue(d.jp)
        self.basis.setCurrentIndex(max(0, self.basis.findData(d.cost_basis)))
        self.cost.setValue(d.cost_per_participant)
        self.class_cost.setValue(d.class_cost or 0)
        self.min_p.setValue(d.min_participants)
        self.max_p.setValue(d.max_participants)
        self.active.setChecked(d.active)
        self.position_kinds = d.position_kinds
        self.targets.set_rows(sorted(
            (TargetLine(t.competency_id, self.competencies[t.competency_id].label, t.to_level,
                        t.gain) for t in d.targets if t.competency_id in self.competencies),
            key=lambda t: t.label))

    def collect(self) -> svc.ProgrammeInput:
        per_class = self.basis.currentData() == "per_class"
        return svc.ProgrammeInput(
            code=self.code.text(), title=self.title.text(), form_code=self.form.currentData(),
            provider=self.provider.text(), jp=self.jp.value(),
            cost_per_participant=round(self.cost.value()), cost_basis=self.basis.currentData(),
            class_cost=round(self.class_cost.value()) if per_class else None,
            min_participants=self.min_p.value(), max_participants=self.max_p.value(),
            position_kinds=self.position_kinds, active=self.active.isChecked(),
            targets=tuple(svc.TargetInput(t.competency_id, t.to_level, t.gain)
                          for t in self.targets.rows()), version=self.loaded_version)

    def save(self) -> None:
        self.saved_id = self.ctx.call(svc.save_programme, self.collect(), self.programme_id)


class RecordDialog(FormDialog):
    def __init__(self, ctx: AppContext, record_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Tambah riwayat pelatihan" if record_id is None
                         else "Ubah riwayat pelatihan", parent, min_width=720)
        self.record_id = record_id
        self.forms = ctx.call(reference_data.list_development_forms)

        self.picker = EmployeePicker(ctx)
        self.programme = QComboBox()
        self.programme.addItem("— tanpa program katalog (judul bebas) —", None)
        self.all_programmes = ctx.call(svc.list_programmes)
        for p in self.all_programmes:
            if p.active:
                self.programme.addItem(f"{p.code} — {p.title}", p.id)
        self.programme.currentIndexChanged.connect(self._programme_chosen)
        self.title = QLineEdit()
        self.form = QComboBox()
        self.form.addItem("— tidak diisi —", "")
        for f in self.forms:
            self.form.addItem(f.label, f.code)
        self.provider = QLineEdit()
        self.start = DateField()
        self.end = DateField()
        dates = hbox(self.start, QLabel("s.d."), self.end, 1)
        self.jp = number_spin(0, 5000, decimals=2, suffix=" JP")
        self.quantity = number_spin(0, 10000, decimals=1)
        self.calc_rule = QLabel("")
        self.calc_rule.setProperty("role", "hint")
        self.use_calc = permits.button("&Hitung JP", self.apply_calculator, needs=None)
        calc = hbox(self.jp, QLabel("Kalkulator:"), self.quantity, (self.calc_rule, 1),
                    self.use_calc)
        calc.insertSpacing(1, 12)
        self.cost = money_spin(MONEY_MAX)
        self.certificate = QLineEdit()
        self.status = QComboBox()
        for key, label in STATUS_LABELS.items():
            self.status.addItem(label, key)
        self.reaction = optional_number(1, 5, 1)
        self.pre = optional_number(0, 100, 0)
        self.post = optional_number(0, 100, 0)
        evaluation = hbox(QLabel("Kepuasan (1–5)"), self.reaction, QLabel("Pre-test"), self.pre,
                          QLabel("Post-test"), self.post, 1)
        add_rows(self.fields, ("&Pegawai *", self.picker), ("P&rogram katalog", self.programme),
                 ("J&udul kegiatan *", self.title), ("Be&ntuk pengembangan", self.form),
                 ("Penyelen&ggara", self.provider), ("&Tanggal *", dates, self.start),
                 ("&JP *", calc, self.jp), ("Bia&ya", self.cost),
                 ("No. s&ertifikat", self.certificate), ("St&atus", self.status),
                 ("Evaluasi", evaluation))
        self.body.addStretch(1)
        self.form.currentIndexChanged.connect(self._update_calculator)
        self.start.dateChanged.connect(self._dates_changed)
        self.end.dateChanged.connect(self._dates_changed)
        self.quantity.valueChanged.connect(self._update_calculator)
        self._update_calculator()
        self.loaded_version: int | None = None  # passed back on save (a newer change refuses)
        if record_id is not None:
            self.reload_saved()
        limit_lengths("training_records", {"title": self.title, "provider": self.provider,
                                           "certificate_no": self.certificate})

    def reload_saved(self) -> None:
        self._load(self.read_saved(svc.load_record, self.record_id))

    # --- programme and JP calculator
    def _programme_chosen(self) -> None:
        pid = self.programme.currentData()
        if pid is None:
            return
        d = self.ctx.call(svc.programme_defaults, pid)
        self.title.setText(d.title)
        self.form.setCurrentIndex(max(0, self.form.findData(d.form_code)))
        self.provider.setText(d.provider)
        self.jp.setValue(d.jp or 0)
        self.cost.setValue(d.cost or 0)

    def current_form(self) -> reference_data.DevelopmentFormRow | None:
        return next((f for f in self.forms if f.code == self.form.currentData()), None)

    def _dates_changed(self) -> None:
        form = self.current_form()
        start, end = self.start.value(), self.end.value()
        if form is not None and form.jp_unit == "hari" and start and end and end >= start:
            self.quantity.setValue((end - start).days + 1)

    def _update_calculator(self) -> None:
        form = self.current_form()
        self.use_calc.setEnabled(form is not None)
        self.quantity.setEnabled(form is not None)
        if form is None:
            self.quantity.setSuffix("")
            self.calc_rule.setText("pilih bentuk pengembangan untuk menghitung JP")
            return
        self.quantity.setSuffix(f" {form.jp_unit}")
        jp = svc.estimate_jp(form, self.quantity.value(), self._months())
        self.calc_rule.setText(f"{form.rule_text} → {format_number(jp, 2)} JP")

    def _months(self) -> int:
        start, end = self.start.value(), self.end.value()
        if not start or not end or end < start:
            return 1
        return (end.year - start.year) * 12 + end.month - start.month + 1

    def apply_calculator(self) -> None:
        form = self.current_form()
        if form is not None:
            self.jp.setValue(svc.estimate_jp(form, self.quantity.value(), self._months()))

    # --- load and save
    def _load(self, d: svc.RecordInput) -> None:
        self.picker.choose(d.employee_id)
        self.programme.blockSignals(True)
        if d.programme_id is not None and self.programme.findData(d.programme_id) < 0:
            for p in self.all_programmes:  # a deactivated programme stays on its records
                if p.id == d.programme_id:
                    self.programme.addItem(f"{p.code} — {p.title} (nonaktif)", p.id)
        self.programme.setCurrentIndex(max(0, self.programme.findData(d.programme_id)))
        self.programme.blockSignals(False)
        self.title.setText(d.title)
        self.form.setCurrentIndex(max(0, self.form.findData(d.form_code or "")))
        self.provider.setText(d.provider)
        self.start.set_value(d.start_date)
        self.end.set_value(d.end_date)
        self.jp.setValue(d.jp or 0)
        self.cost.setValue(d.cost or 0)
        self.certificate.setText(d.certificate_no)
        self.status.setCurrentIndex(max(0, self.status.findData(d.status)))
        for spin, value in ((self.reaction, d.reaction_score), (self.pre, d.pre_test),
                            (self.post, d.post_test)):
            spin.setValue(spin.minimum() if value is None else value)

    def collect(self) -> svc.RecordInput:
        return svc.RecordInput(
            employee_id=self.picker.employee_id() or 0, start_date=self.start.value(),
            end_date=self.end.value(), title=self.title.text(),
            programme_id=self.programme.currentData(), form_code=self.form.currentData() or None,
            provider=self.provider.text(), jp=self.jp.value(), cost=round(self.cost.value()),
            certificate_no=self.certificate.text(), status=self.status.currentData(),
            reaction_score=optional_value(self.reaction), pre_test=optional_value(self.pre),
            post_test=optional_value(self.post), version=self.loaded_version)

    def save(self) -> None:
        self.saved_id = self.ctx.call(svc.save_record, self.collect(), self.record_id)

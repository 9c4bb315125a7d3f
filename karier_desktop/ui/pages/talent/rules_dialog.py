"""The office's succession rules: boxes, minimum golongan and education per level, leadership
training, the retirement horizon and the JPM thresholds of readiness."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from karier_desktop.services import talent
from karier_desktop.services.employees.edit import EDUCATION_LEVELS
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.form_dialog import FormDialog
from karier_desktop.ui.kit.forms import add_rows

LEVELS = (("pengawas", "Pengawas"), ("administrator", "Administrator"),
          ("jpt_pratama", "JPT Pratama"), ("jpt_madya", "JPT Madya"), ("jpt_utama", "JPT Utama"))
PNS_RANKS = tuple(f"{g}/{r}" for g, rs in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"),
                                           ("IV", "abcde")) for r in rs)


class RulesDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Aturan calon suksesi", parent)
        rules = ctx.read(talent.load_rules)
        self.boxes: dict[int, QCheckBox] = {}
        box_row = QHBoxLayout()
        for n in range(1, 10):
            check = QCheckBox(str(n))
            check.setChecked(n in rules.boxes)
            self.boxes[n] = check
            box_row.addWidget(check)
        grid_box = QGroupBox("Syarat per jenjang jabatan sasaran")
        grid = QGridLayout(grid_box)
        grid.addWidget(QLabel("Golongan paling rendah"), 0, 1)
        grid.addWidget(QLabel("Pendidikan paling rendah"), 0, 2)
        self.ranks: dict[str, QComboBox] = {}
        self.educations: dict[str, QComboBox] = {}
        for row, (code, label) in enumerate(LEVELS, start=1):
            grid.addWidget(QLabel(label), row, 0)
            rank, edu = QComboBox(), QComboBox()
            rank.addItem("(bebas)", None)
            for r in PNS_RANKS:
                rank.addItem(r, r)
            edu.addItem("(bebas)", None)
            for e in EDUCATION_LEVELS:
                edu.addItem(e, e)
            rank.setCurrentIndex(max(0, rank.findData(rules.min_rank.get(code))))
            edu.setCurrentIndex(max(0, edu.findData(rules.min_education.get(code))))
            self.ranks[code], self.educations[code] = rank, edu
            grid.addWidget(rank, row, 1)
            grid.addWidget(edu, row, 2)
        self.leadership = QCheckBox("Wajib sudah mengikuti pelatihan kepemimpinan jenjangnya "
                                    "(PKP/PKA/PKN); bila tidak, hanya menurunkan kesiapan")
        self.leadership.setChecked(rules.leadership_required)
        self.months = QSpinBox()
        self.months.setRange(0, 120)
        self.months.setSuffix(" bulan")
        self.months.setValue(rules.retiring_within_months)
        self.ready_now, self.ready_soon = QDoubleSpinBox(), QDoubleSpinBox()
        for spin, value in ((self.ready_now, rules.ready_now_jpm),
                            (self.ready_soon, rules.ready_soon_jpm)):
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            spin.setValue(value)
        self._rules = rules
        add_rows(self.fields, (QLabel("&Kotak talenta calon", buddy=self.boxes[1]), box_row),
                 ("Tidak pensiun &dalam", self.months),
                 ("JPM siap &sekarang paling rendah", self.ready_now),
                 ("JPM siap &1-2 tahun paling rendah", self.ready_soon))
        self.add_below_form(grid_box)
        self.add_below_form(self.leadership)

    def rules(self) -> talent.SuccessionRules:
        r = self._rules
        return talent.SuccessionRules(
            boxes=tuple(n for n, check in self.boxes.items() if check.isChecked()),
            # None ("bebas") is kept: it overrides the default of that level
            min_rank={**r.min_rank, **{c: combo.currentData() for c, combo in self.ranks.items()}},
            min_education={**r.min_education, **{c: combo.currentData() for c, combo
                                                 in self.educations.items()}},
            leadership=r.leadership, leadership_required=self.leadership.isChecked(),
            retiring_within_months=self.months.value(), ready_now_jpm=self.ready_now.value(),
            ready_soon_jpm=self.ready_soon.value())

    def save(self) -> None:
        self.ctx.call(talent.save_rules, self.rules())

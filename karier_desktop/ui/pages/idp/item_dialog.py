"""Add or change one activity of an IDP: competency, programme from the catalogue or free text,
form and route, provider, month, JP (with the conversion of non-classical forms), cost, the
source of funds (Sumber Dana) and the evidence of success."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from karier_desktop.domain.textfmt import MONTHS_ID, format_number
from karier_desktop.services import idp as idp_svc
from karier_desktop.services.idp import ItemInput, PlanItemRow
from karier_desktop.services.recommend import FormInfo, ItemChoices, form_jp
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.form_dialog import FormDialog

INDONESIAN = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
UNIT_WORDS = {"jam": "jam", "hari": "hari", "sesi": "sesi", "kali": "kali",
              "semester": "semester"}


class IdpItemDialog(FormDialog):
    """`item` None adds a new activity to `plan_id`; otherwise the item is changed."""

    def __init__(self, ctx: AppContext, plan_id: int, choices: ItemChoices,
                 item: PlanItemRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Tambah kegiatan IDP" if item is None else "Ubah kegiatan IDP",
                         parent, min_width=680)
        self.plan_id, self.item, self.choices = plan_id, item, choices
        self.forms = {f.code: f for f in choices.forms}
        self.programmes = {p.id: p for p in choices.programmes}

        self.competency = QComboBox()
        self.competency.addItem("— umum (tidak terkait satu kompetensi) —", None)
        for c in choices.competencies:
            if c.required is not None:
                actual = "–" if c.actual is None else str(c.actual)
                label = f"{c.name}  (standar {c.required}, aktual {actual})"
            else:
                label = f"{c.name}  (di luar standar jabatan)"
            self.competency.addItem(label, c.id)
        self.programme = QComboBox()
        self.programme.setMinimumContentsLength(40)
        self.competency.currentIndexChanged.connect(lambda *_: self._fill_programmes())
        self.programme.activated.connect(lambda *_: self._take_programme())
        self.goal = QLineEdit()
        self.goal.setPlaceholderText("mis. Integritas dari level 2 ke level 3")
        self.form = QComboBox()
        self.form.addItem("— pilih bentuk & jalur —", None)
        for f in choices.forms:
            self.form.addItem(f"{f.code} · {f.label}", f.code)
        self.form.currentIndexChanged.connect(lambda *_: self._on_form())
        self.activity = QLineEdit()
        self.provider = QLineEdit()
        self.month = QComboBox()
        for n, name in enumerate(MONTHS_ID, start=1):
            self.month.addItem(name, n)
        self.jp = QDoubleSpinBox()
        self.jp.setRange(0, 2000)
        self.jp.setDecimals(1)
        self.jp.setSuffix(" JP")
        self.units = QDoubleSpinBox()
        self.units.setRange(0, 1000)
        self.units.setDecimals(1)
        self.convert = QPushButton("&Hitung JP")
        self.convert.clicked.connect(self._convert)
        self.unit_hint = QLabel("")
        self.unit_hint.setProperty("role", "hint")
        jp_row = QHBoxLayout()
        jp_row.addWidget(self.jp)
        jp_row.addSpacing(12)
        jp_row.addWidget(QLabel("atau jumlah"))
        jp_row.addWidget(self.units)
        jp_row.addWidget(self.convert)
        jp_row.addWidget(self.unit_hint, 1)
        for spin in (self.jp, self.units):
            spin.setLocale(INDONESIAN)
        self.cost = QDoubleSpinBox()
        self.cost.setLocale(INDONESIAN)
        self.cost.setRange(0, 10_000_000_000)
        self.cost.setDecimals(0)
        self.cost.setGroupSeparatorShown(True)
        self.cost.setPrefix("Rp ")
        self.cost.setSingleStep(50_000)
        self.funding = QComboBox()
        self.funding.addItem("— otomatis (tanpa biaya / APBD – DPA OPD) —", None)
        for code, label in idp_svc.FUNDING_LABELS.items():
            self.funding.addItem(label, code)
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText("mis. Sertifikat; penerapan dalam output SKP")

        form = self.fields
        form.addRow("&Kompetensi", self.competency)
        form.addRow("Ambil dari &katalog", self.programme)
        form.addRow("Sasaran/in&dikator", self.goal)
        form.addRow("&Bentuk && jalur", self.form)
        form.addRow("Ke&giatan *", self.activity)
        form.addRow("&Penyelenggara", self.provider)
        form.addRow("Bula&n *", self.month)
        jp_label = QLabel("&JP")
        jp_label.setBuddy(self.jp)
        form.addRow(jp_label, jp_row)
        form.addRow("B&iaya", self.cost)
        form.addRow("S&umber dana", self.funding)
        form.addRow("Buk&ti keberhasilan", self.evidence)
        self._fill_programmes()
        if item is not None:
            self._load(item)
        self._on_form()

    # --- choices ---------------------------------------------------------------------------
    def _fill_programmes(self) -> None:
        cid = self.competency.currentData()
        self.programme.blockSignals(True)
        self.programme.clear()
        self.programme.addItem("— tidak dari katalog (isi sendiri) —", None)
        recommended = list(self.choices.recommended.get(cid, ())) if cid is not None else []
        for pid in recommended:
            p = self.programmes.get(pid)
            if p is not None:
                self.programme.addItem(f"★ {p.title} ({p.form.code}, {_jp(p.jp)} JP)", p.id)
        rest = [p for p in self.choices.programmes if p.id not in recommended
                and (cid is None or any(t.competency_id == cid for t in p.targets))]
        for p in rest:
            self.programme.addItem(f"{p.title} ({p.form.code}, {_jp(p.jp)} JP)", p.id)
        self.programme.blockSignals(False)

    def _take_programme(self) -> None:
        p = self.programmes.get(self.programme.currentData())
        if p is None:
            return
        self.activity.setText(p.title)
        self.provider.setText(p.provider)
        self.form.setCurrentIndex(max(0, self.form.findData(p.form.code)))
        self.jp.setValue(p.jp)
        self.cost.setValue(p.cost)
        c = self._competency_choice()
        if c is not None and c.gap is not None and c.gap < 0 and not self.goal.text().strip():
            # a year's goal is one level up (the indicator of that level is in the drafts)
            self.goal.setText(f"{c.name} dari level {c.actual} ke level {c.actual + 1}")

    def _competency_choice(self):  # type: ignore[no-untyped-def]
        cid = self.competency.currentData()
        return next((c for c in self.choices.competencies if c.id == cid), None)

    def _form_info(self) -> FormInfo | None:
        return self.forms.get(self.form.currentData())

    def _on_form(self) -> None:
        f = self._form_info()
        enabled = f is not None
        self.units.setEnabled(enabled)
        self.convert.setEnabled(enabled)
        if f is None:
            self.unit_hint.setText("")
        elif f.jp_unit == "jam":
            self.unit_hint.setText("jam × 60/45 (1 JP = 45 menit)")
        else:
            self.unit_hint.setText(f"{UNIT_WORDS.get(f.jp_unit, f.jp_unit)} × "
                                   f"{_jp(f.jp_per_unit)} JP")

    def _convert(self) -> None:
        f = self._form_info()
        if f is not None:
            self.jp.setValue(form_jp(f, self.units.value()))

    # --- load and save ---------------------------------------------------------------------
    def _load(self, item: PlanItemRow) -> None:
        self.competency.setCurrentIndex(max(0, self.competency.findData(item.competency_id)))
        self._fill_programmes()
        self.programme.setCurrentIndex(max(0, self.programme.findData(item.programme_id)))
        self.goal.setText(item.goal)
        self.form.setCurrentIndex(max(0, self.form.findData(item.form_code or None)))
        self.activity.setText(item.activity)
        self.provider.setText(item.provider)
        if item.month:
            self.month.setCurrentIndex(item.month - 1)
        self.jp.setValue(item.jp)
        self.cost.setValue(item.cost)
        self.funding.setCurrentIndex(max(0, self.funding.findData(item.funding_source)))
        self.evidence.setText(item.evidence)

    def collect(self) -> ItemInput:
        c = self._competency_choice()
        return ItemInput(
            activity=self.activity.text(), competency_id=self.competency.currentData(),
            gap=c.gap if c is not None else None, goal=self.goal.text(),
            form_code=self.form.currentData(), programme_id=self.programme.currentData(),
            provider=self.provider.text(), month=self.month.currentData(),
            jp=round(self.jp.value(), 2), cost=int(round(self.cost.value())),
            funding_source=self.funding.currentData(), evidence=self.evidence.text(),
            version=self.item.version if self.item is not None else None)

    def save(self) -> None:
        data = self.collect()
        if self.item is None:
            self.saved_id = self.ctx.call(idp_svc.add_item, self.plan_id, data)
        else:
            self.ctx.call(idp_svc.update_item, self.item.id, data)
            self.saved_id = self.item.id

    def reload_saved(self) -> None:
        """After a conflict: show the item as saved meanwhile (the clerk's typing is dropped)."""
        assert self.item is not None
        plan = self.ctx.call(idp_svc.get_plan, self.plan_id)
        saved = next((it for it in plan.items if it.id == self.item.id), None)
        if saved is not None:
            self.item = saved
            self._load(saved)


def _jp(value: float) -> str:
    return format_number(value, 0 if float(value).is_integer() else 1)

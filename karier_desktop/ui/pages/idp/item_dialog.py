"""Add or change one activity of an IDP: competency, programme from the catalogue or free text,
form and route, provider, month, JP (with the conversion of non-classical forms), cost, the
source of funds (Sumber Dana) and the evidence of success."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from karier_desktop.domain.textfmt import MONTHS_ID, format_number
from karier_desktop.services import idp as idp_svc
from karier_desktop.services.idp import ItemInput, PlanItemRow
from karier_desktop.services.recommend import FormInfo, ItemChoices, form_jp
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.form_dialog import FormDialog
from karier_desktop.ui.kit.forms import add_rows, choose, money_spin, number_spin, text_field
from karier_desktop.ui.kit.layouts import hbox, hint_label

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
        self.goal = text_field("mis. Integritas dari level 2 ke level 3")
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
        self.jp = number_spin(0, 2000, decimals=1, suffix=" JP")
        self.units = number_spin(0, 1000, decimals=1)
        self.convert = permits.button("&Hitung JP", self._convert, needs=None)
        self.unit_hint = hint_label()
        jp_row = hbox(self.jp, QLabel("atau jumlah"), self.units, self.convert,
                      (self.unit_hint, 1))
        jp_row.insertSpacing(1, 12)
        self.cost = money_spin()
        self.funding = QComboBox()
        self.funding.addItem("— otomatis (tanpa biaya / APBD – DPA OPD) —", None)
        for code, label in idp_svc.FUNDING_LABELS.items():
            self.funding.addItem(label, code)
        self.evidence = text_field("mis. Sertifikat; penerapan dalam output SKP")

        add_rows(self.fields, ("&Kompetensi", self.competency),
                 ("Ambil dari &katalog", self.programme), ("Sasaran/in&dikator", self.goal),
                 ("&Bentuk && jalur", self.form), ("Ke&giatan *", self.activity),
                 ("&Penyelenggara", self.provider), ("Bula&n *", self.month),
                 ("&JP", jp_row, self.jp), ("B&iaya", self.cost),
                 ("S&umber dana", self.funding), ("Buk&ti keberhasilan", self.evidence))
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
        choose(self.form, p.form.code)
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
        choose(self.competency, item.competency_id)
        self._fill_programmes()
        choose(self.programme, item.programme_id)
        self.goal.setText(item.goal)
        choose(self.form, item.form_code or None)
        self.activity.setText(item.activity)
        self.provider.setText(item.provider)
        if item.month:
            self.month.setCurrentIndex(item.month - 1)
        self.jp.setValue(item.jp)
        self.cost.setValue(item.cost)
        choose(self.funding, item.funding_source)
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

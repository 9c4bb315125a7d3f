"""Add or edit one employee, with the NIP decoded as it is typed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from karier_desktop.domain.nip import NipError, check_against, parse_nip
from karier_desktop.domain.textfmt import MONTHS_ID, format_date_id
from karier_desktop.services.employees import edit as svc
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.form_dialog import FormDialog
from karier_desktop.ui.kit.forms import add_rows, text_field
from karier_desktop.ui.kit.widgets import DateField, limit_lengths
from karier_desktop.ui.pages.employees import position_picker


class EmployeeDialog(FormDialog):
    def __init__(self, ctx: AppContext, employee_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Tambah pegawai" if employee_id is None else "Ubah data pegawai",
                         parent, min_width=560)
        self.employee_id = employee_id
        self.nip = text_field("18 digit, mis. 19850312 201001 1 005")
        self.nip_info = QLabel(" ")
        self.nip_info.setWordWrap(True)
        self.type = QComboBox()
        self.type.addItems(svc.EMPLOYEE_TYPES)
        self.front = QLineEdit()
        self.name = QLineEdit()
        self.back = QLineEdit()
        self.sex = QComboBox()
        self.sex.addItem("— pilih —", "")
        self.sex.addItem("Laki-laki", "L")
        self.sex.addItem("Perempuan", "P")
        self.birth_place = QLineEdit()
        self.birth_date = DateField(optional=True)
        self.rank = QComboBox()
        self.rank.setEditable(True)
        self.rank_tmt = DateField(optional=True)
        self.position = QComboBox()
        position_picker.fill(self.position, ((ch.id, ch.label) for ch in
                                             ctx.call(svc.position_choices)),
                             "— belum ada jabatan —")
        self.supervisor = QComboBox()
        self.education = QComboBox()
        self.education.addItem("", "")
        for level in svc.EDUCATION_LEVELS:
            self.education.addItem(level, level)
        self.status = QComboBox()
        self.status.addItems(svc.STATUSES)
        self.retired_on = DateField(optional=True)

        names = QHBoxLayout()
        names.addWidget(self.front, 1)
        names.addWidget(self.name, 4)
        names.addWidget(self.back, 2)
        self.front.setPlaceholderText("gelar depan")
        self.name.setPlaceholderText("nama lengkap tanpa gelar")
        self.back.setPlaceholderText("gelar belakang")
        add_rows(self.fields, ("&NIP *", self.nip), self.nip_info, ("&Jenis pegawai", self.type),
                 ("N&ama *", names, self.name), ("Jenis &kelamin *", self.sex),
                 ("Tempat lahir", self.birth_place), ("Tanggal &lahir *", self.birth_date),
                 ("&Golongan", self.rank), ("TMT golongan", self.rank_tmt),
                 ("Ja&batan", self.position), ("Atasan langsung", self.supervisor),
                 ("Pen&didikan", self.education), ("Stat&us", self.status),
                 ("Tanggal berhenti", self.retired_on))

        self.nip.textChanged.connect(self._decode_nip)
        self.type.currentTextChanged.connect(self._on_type)
        self.birth_date.dateChanged.connect(lambda *_: self._decode_nip())
        self.sex.currentIndexChanged.connect(lambda *_: self._decode_nip())
        self.position.currentIndexChanged.connect(lambda *_: self._fill_supervisors())
        self._on_type(self.type.currentText())
        if employee_id is not None:
            self.reload_saved()
        else:
            self._fill_supervisors()
        limit_lengths("employees", {"front_title": self.front, "name": self.name,
                                    "back_title": self.back, "birth_place": self.birth_place})

    def _on_type(self, etype: str) -> None:
        current = self.rank.currentText()
        system = "PPPK" if etype.startswith("PPPK") else "PNS"
        self.rank.clear()
        self.rank.addItem("")
        self.rank.addItems(self.ctx.call(svc.rank_choices, system))
        self.rank.setCurrentText(current)
        self._decode_nip()

    def _fill_supervisors(self, selected: int | None = None) -> None:
        keep = selected if selected is not None else self.supervisor.currentData()
        unit_id = None
        self.supervisor.clear()
        self.supervisor.addItem("— tidak diisi —", None)
        for ch in self.ctx.call(svc.supervisor_choices, unit_id):
            if ch.id != self.employee_id:
                self.supervisor.addItem(ch.label, ch.id)
        idx = self.supervisor.findData(keep)
        self.supervisor.setCurrentIndex(max(0, idx))

    def _decode_nip(self) -> None:
        text = self.nip.text()
        if not text.strip():
            self.nip_info.setText(" ")
            return
        try:
            info = parse_nip(text, self.type.currentText())
        except NipError as exc:
            self.nip_info.setText(str(exc))
            self.nip_info.setStyleSheet("color:#b3261e")
            return
        if self.birth_date.value() is None:
            self.birth_date.set_value(info.birth_date)
        if not self.sex.currentData():
            self.sex.setCurrentIndex(self.sex.findData(info.sex))
        tmt = (f"TMT CPNS {MONTHS_ID[info.tmt_month - 1]} {info.tmt_year}"
               if info.tmt_month else f"pengangkatan PPPK {info.tmt_year}")
        decoded = (f"Lahir {format_date_id(info.birth_date)} · {tmt} · "
                   f"{'Laki-laki' if info.sex == 'L' else 'Perempuan'} · urut {info.serial:03d}")
        problems = check_against(info, self.birth_date.value(), self.sex.currentData() or None)
        if problems:
            self.nip_info.setText(decoded + "\n⚠ " + "\n⚠ ".join(problems))
            self.nip_info.setStyleSheet("color:#b3261e")
        else:
            self.nip_info.setText(decoded)
            self.nip_info.setStyleSheet("color:#2e6b3f")

    def _load(self, d: svc.EmployeeInput) -> None:
        self.type.setCurrentText(d.employee_type)
        self.nip.setText(d.nip)
        self.front.setText(d.front_title)
        self.name.setText(d.name)
        self.back.setText(d.back_title)
        self.sex.setCurrentIndex(max(0, self.sex.findData(d.sex)))
        self.birth_place.setText(d.birth_place)
        self.birth_date.set_value(d.birth_date)
        self.rank.setCurrentText(d.rank)
        self.rank_tmt.set_value(d.rank_tmt)
        self.position.setCurrentIndex(max(0, self.position.findData(d.position_id)))
        self._fill_supervisors(d.supervisor_id)
        self.education.setCurrentIndex(max(0, self.education.findData(d.education)))
        self.status.setCurrentText(d.status)
        self.retired_on.set_value(d.retired_on)
        self._decode_nip()

    def collect(self) -> svc.EmployeeInput:
        return svc.EmployeeInput(
            nip=self.nip.text(), name=self.name.text(), sex=self.sex.currentData() or "",
            birth_date=self.birth_date.value(), employee_type=self.type.currentText(),
            front_title=self.front.text(), back_title=self.back.text(),
            birth_place=self.birth_place.text(), rank=self.rank.currentText(),
            rank_tmt=self.rank_tmt.value(), position_id=self.position.currentData(),
            supervisor_id=self.supervisor.currentData(), education=self.education.currentData() or "",
            status=self.status.currentText(), retired_on=self.retired_on.value())

    def reload_saved(self) -> None:
        self._load(self.read_saved(svc.load, self.employee_id).data)

    def save(self) -> None:
        self.saved_id = self.ctx.call(svc.save, self.collect(), self.employee_id,
                                      self.loaded_version)

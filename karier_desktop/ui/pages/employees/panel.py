"""The detail panel of the selected employee: identity, gaps as bars, history, plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.domain.textfmt import format_date_id, format_percent, format_rupiah
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.competency_bars import CompetencyBars
from karier_desktop.ui.kit.style import category_colour

if TYPE_CHECKING:
    from karier_desktop.services.employees.detail import EmployeeDetail


class EmployeePanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current: EmployeeDetail | None = None
        self.setMinimumWidth(230)  # the three tabs stay readable
        self.name = QLabel("Pilih pegawai di tabel")
        self.name.setWordWrap(True)
        self.name.setStyleSheet("font-size:12pt; font-weight:600")
        self.identity = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, label in (("nip", "NIP"), ("type", "Jenis pegawai"), ("rank", "Pangkat/gol."),
                           ("position", "Jabatan"), ("unit", "Unit kerja"),
                           ("birth", "Tempat, tgl lahir"), ("education", "Pendidikan"),
                           ("supervisor", "Atasan langsung"), ("retirement", "TMT pensiun"),
                           ("plan", "IDP")):
            value = QLabel("")
            value.setWordWrap(True)
            self.fields[key] = value
            self.identity.addRow(label, value)
        self.jpm = QLabel("")
        self.jpm.setWordWrap(True)
        self.bars = CompetencyBars()
        self.assessments = QTreeWidget()
        self.assessments.setHeaderLabels(["Tanggal", "Metode", "Penyelenggara", "Kompetensi"])
        self.assessments.setRootIsDecorated(False)
        self.trainings = QTreeWidget()
        self.trainings.setHeaderLabels(["Mulai", "Kegiatan", "Jalur", "JP", "Biaya"])
        self.trainings.setRootIsDecorated(False)
        body = QWidget()
        bl = QVBoxLayout(body)
        bl.addWidget(self.name)
        bl.addLayout(self.identity)
        bl.addWidget(self.jpm)
        bl.addWidget(QLabel("Standar (garis) dan level aktual (batang):"))
        bl.addWidget(self.bars)
        bl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "Profil")
        self.tabs.addTab(self.assessments, "Asesmen")
        self.tabs.addTab(self.trainings, "Pelatihan")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.tabs)

    def show_employee(self, employee_id: int | None) -> None:
        if employee_id is None:
            self.current = None
            self.name.setText("Pilih pegawai di tabel")
            for value in self.fields.values():
                value.setText("")
            self.jpm.setText("")
            self.bars.set_rows([])
            self.assessments.clear()
            self.trainings.clear()
            return
        from karier_desktop.services.employees.detail import detail
        from karier_desktop.services.retirement import retirement_of

        try:
            d = self.ctx.read(detail, employee_id)
        except LookupError as exc:
            self.name.setText(str(exc))
            return
        self.current = d
        g = d.gap
        self.name.setText(g.name)
        values = {"nip": d.nip_display, "type": d.employee_type, "rank": d.rank,
                  "position": g.position, "unit": g.unit, "birth": d.birth,
                  "education": d.education, "supervisor": d.supervisor, "plan": d.plan_status}
        pension = self.ctx.read(retirement_of, employee_id)
        if pension is not None:
            values["retirement"] = (f"{format_date_id(pension.on)} (BUP {pension.age} tahun, "
                                    f"{pension.basis})")
        self.fields["retirement"].setText("-")
        for key, text in values.items():
            self.fields[key].setText(text or "-")
        colour = category_colour(g.category) or "#eee"
        when = f" — asesmen terakhir {format_date_id(g.last_assessed_on)}" if g.last_assessed_on else ""
        counted = (f" ({g.coverage} kompetensi standar diases)" if g.lines
                   else " (jabatan belum memiliki standar)")
        self.jpm.setText(f"JPM {format_percent(g.jpm)}{counted} · {g.category}{when}")
        self.jpm.setStyleSheet(f"background:{colour}; padding:5px; border-radius:4px")
        self.bars.set_rows([(ln.name, ln.required, ln.actual) for ln in g.lines])
        self.assessments.clear()
        for a in d.assessments:
            self.assessments.addTopLevelItem(QTreeWidgetItem(
                [a.assessed_on.strftime("%d-%m-%Y"), a.method, a.assessor, str(a.levels)]))
        self.trainings.clear()
        for t in d.trainings:
            self.trainings.addTopLevelItem(QTreeWidgetItem(
                [t.start_date.strftime("%d-%m-%Y"), t.title, t.form_code, f"{t.jp:g}",
                 format_rupiah(t.cost)]))

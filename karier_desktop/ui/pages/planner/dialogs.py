"""The weights dialog of the planner page (what closing one level of a gap is worth)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QWidget,
)

from karier_desktop.services.planner.model import PlannerWeights
from karier_desktop.ui.kit.forms import number_spin
from karier_desktop.ui.kit.widgets import ok_cancel


class WeightsDialog(QDialog):
    FIELDS = (("base_per_level", "Nilai dasar per level"),
              ("managerial_structural_factor", "Faktor manajerial pejabat struktural"),
              ("under_minimum_jp_bonus", "Bonus pegawai di bawah minimal JP (0,25 = +25%)"),
              ("stale_factor", "Faktor asesmen kedaluwarsa (0 = tidak direncanakan)"),
              ("kind_manajerial", "Bobot kompetensi manajerial"),
              ("kind_sosial_kultural", "Bobot kompetensi sosial kultural"),
              ("kind_teknis", "Bobot kompetensi teknis"),
              ("ipasn_points", "Nilai per poin IP ASN dimensi kompetensi (0 = tidak dihitung)"))

    def __init__(self, weights: PlannerWeights, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Bobot nilai kesenjangan")
        form = QFormLayout(self)
        self.spins: dict[str, QDoubleSpinBox] = {}
        for name, label in self.FIELDS:
            spin = number_spin(0.0, 100.0, decimals=2, step=0.05)
            spin.setValue(getattr(weights, name))
            self.spins[name] = spin
            form.addRow(label, spin)
        form.addRow(ok_cancel(self))

    def weights(self) -> PlannerWeights:
        return PlannerWeights(**{n: s.value() for n, s in self.spins.items()})

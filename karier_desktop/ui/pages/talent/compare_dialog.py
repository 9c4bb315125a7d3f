"""Candidates side by side (up to five): attributes, then levels per competency."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.widgets import indonesian_buttons, read_only_table


class CompareDialog(QDialog):
    def __init__(self, parent: QWidget, position: str, header: tuple[str, ...],
                 rows: list[tuple[str, ...]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Bandingkan calon — {position}")
        self.resize(min(1100, 260 + 190 * (len(header) - 1)), 560)
        columns: list[Column[tuple[str, ...]]] = [
            Column(title or "Aspek", lambda r, i=i: r[i], tooltip=lambda r, i=i: r[i])
            for i, title in enumerate(header)]
        self.model: RowTableModel[tuple[str, ...]] = RowTableModel(columns, self)
        self.model.set_rows(rows)
        self.table = read_only_table(self.model, stretch_last=False)
        self.table.setColumnWidth(0, 240)
        for c in range(1, len(header)):
            self.table.setColumnWidth(c, 180)
        hint = QLabel("Level aktual (selisih terhadap standar jabatan sasaran); "
                      "– = belum diases atau kedaluwarsa.")
        hint.setProperty("role", "hint")
        buttons = indonesian_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

"""The 9-box grid with counts, the axis formula, and the drill-down list of one box."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.domain import ninebox
from karier_desktop.domain.textfmt import format_number
from karier_desktop.services import positions as positions_service
from karier_desktop.services import talent
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.gaps import unit as unit_gaps
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.actions import have_selection
from karier_desktop.ui.kit.jobs import run_job
from karier_desktop.ui.kit.layouts import hbox, vbox
from karier_desktop.ui.kit.page_loader import PageLoader, Progress
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.widgets import default_year, read_only_table, set_widths

if TYPE_CHECKING:
    from karier_desktop.ui.pages.talent.page import TalentPage

GRID_ROWS = ((4, 7, 9), (2, 5, 8), (1, 3, 6))  # kinerja atas … bawah; potensial rendah … tinggi
BOX_COLOURS = {9: "#8fd19e", 8: "#b7e1c0", 7: "#b7e1c0", 6: "#fbe7a1", 5: "#fbe7a1",
               4: "#fbe7a1", 3: "#f6c7b6", 2: "#f6c7b6", 1: "#f2a7a0"}


def _num(v: float | None) -> str:
    return "–" if v is None else format_number(v, 2)


P = talent.Placement
COLUMNS: list[Column[P]] = [
    Column("Nama", lambda p: p.name, lambda p: p.name.lower()),
    Column("NIP", lambda p: p.nip),
    Column("Jabatan", lambda p: p.position, tooltip=lambda p: f"{p.kind_name}\n{p.unit}"),
    Column("OPD", lambda p: p.opd),
    Column("Sumbu X", lambda p: _num(p.x), lambda p: p.x, align_right=True),
    Column("Sumbu Y", lambda p: _num(p.y), lambda p: p.y, align_right=True),
    Column("Kotak", lambda p: "–" if p.box is None else
           f"{p.box}{' *' if p.box != p.computed_box else ''}", lambda p: p.box,
           align_right=True, background=lambda p: BOX_COLOURS.get(p.box or 0),
           tooltip=lambda p: (f"Diubah komite: {p.override_reason} (disetujui "
                              f"{p.override_by}); hasil rumus {p.computed_box}")
           if p.box != p.computed_box else ninebox.BOX_NAMES.get(p.box or 0, "")),
]


class MapTab(QWidget):
    def __init__(self, page: TalentPage) -> None:
        super().__init__(page)
        self.page = page
        self.selected_box: int | None = None
        self.opd = QComboBox()
        self.kind = QComboBox()
        self.opd.currentIndexChanged.connect(self._update)
        self.kind.currentIndexChanged.connect(self._update)
        self._filled = False
        filters = QHBoxLayout()
        for text, combo in (("&OPD", self.opd), ("&Jenjang jabatan", self.kind)):
            label = QLabel(text)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo, 1)
        self.buttons: dict[int, QPushButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        grid = QGridLayout()
        grid.setSpacing(4)
        for r, (label_text) in enumerate(("Di atas\nekspektasi", "Sesuai\nekspektasi",
                                          "Di bawah\nekspektasi")):
            side = QLabel(label_text)
            side.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(side, r, 0)
            for c, number in enumerate(GRID_ROWS[r]):
                btn = QPushButton()
                btn.setCheckable(True)
                permits.reading(btn)  # picks the box whose people are listed
                btn.setMinimumSize(150, 62)
                btn.setObjectName(f"box{number}")
                btn.setToolTip(ninebox.BOX_NAMES[number] + "\n"
                               + ninebox.BOX_RECOMMENDATIONS[number])
                btn.setStyleSheet(
                    f"QPushButton {{ background: {BOX_COLOURS[number]}; "
                    "border: 1px solid #8a939b; border-radius: 4px; font-size: 10pt; } "
                    "QPushButton:checked { border: 3px solid #1f5f8b; font-weight: 600; } "
                    "QPushButton:focus { border: 2px dashed #1f5f8b; }")
                btn.clicked.connect(lambda _=False, n=number: self.select_box(n))
                self.group.addButton(btn, number)
                self.buttons[number] = btn
                grid.addWidget(btn, r, c + 1)
        for c, text in enumerate(("Potensial rendah", "Potensial menengah", "Potensial tinggi")):
            bottom = QLabel(text)
            bottom.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(bottom, 3, c + 1)
        axis = QLabel("Sumbu Y: kinerja · Sumbu X: potensial")
        axis.setProperty("role", "hint")
        left = QVBoxLayout()
        left.addLayout(filters)
        left.addLayout(grid)
        left.addWidget(axis)
        top = QHBoxLayout()
        top.addLayout(left, 3)
        top.addWidget(self._formula_box(), 2)
        self.model: RowTableModel[P] = RowTableModel(COLUMNS, self)
        self.table = read_only_table(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        set_widths(self.table, (210, 150, 220, 200, 70, 70, 60))
        self.table.doubleClicked.connect(lambda *_: self.open_card())
        self.table.activated.connect(lambda *_: self.open_card())
        self.list_title = QLabel("Pilih kotak untuk melihat pegawainya.")
        self.card_btn = permits.button("&Kartu talenta", self.open_card, needs=None)
        self.export_btn = QPushButton("&Ekspor SIASN…")
        self.export_btn.setToolTip("Simpan penempatan (NIP, box, sumbu_x, sumbu_y, total) "
                                   "ke Excel untuk pemetaan talenta SIASN")
        self.export_btn.clicked.connect(lambda: self.export_siasn())
        self.idp_btn = QPushButton("Tindakan kotak ke &IDP…")
        self.idp_btn.setToolTip("Tambahkan tindakan pengembangan kotak ini ke IDP setiap "
                                "pegawai dalam daftar")
        self.idp_btn.clicked.connect(lambda: self.actions_to_idp())
        permits.reading(self.export_btn)
        permits.needs(Permission.EDIT, self.idp_btn)
        self.task: object | None = None
        self._wanted: list[int] = []
        self.people = PageLoader(self, page.ctx, "Memuat pegawai kotak", self._fetch_people,
                                 self._show_people)
        vbox(top, hbox((self.list_title, 1), self.idp_btn, self.card_btn, self.export_btn),
             (self.table, 1), owner=self, margins=(6, 6, 6, 4))

    # --- formula
    def _formula_box(self) -> QGroupBox:
        box = QGroupBox("Rumus sumbu (bobot dan batas)")
        form = QFormLayout(box)
        form.setVerticalSpacing(3)
        self.weights: dict[tuple[str, str], QDoubleSpinBox] = {}
        for axis, components in (("x", talent.X_COMPONENTS), ("y", talent.Y_COMPONENTS)):
            for key, label in components.items():
                spin = QDoubleSpinBox()
                spin.setRange(0, 100)
                spin.setDecimals(0)
                spin.setSuffix(" %")
                spin.setObjectName(f"weight_{axis}_{key}")
                self.weights[(axis, key)] = spin
                form.addRow(f"{'X' if axis == 'x' else 'Y'} · {label}", spin)
        self.cuts: dict[str, QDoubleSpinBox] = {}
        for key, label in (("x_low", "Batas X rendah/menengah"), ("x_high", "Batas X menengah/"
                                                                            "tinggi"),
                           ("y_low", "Batas Y bawah/sesuai"), ("y_high", "Batas Y sesuai/atas")):
            spin = QDoubleSpinBox()
            spin.setRange(0, 100)
            spin.setDecimals(1)
            self.cuts[key] = spin
            form.addRow(label, spin)
        self.apply_btn = permits.button("&Terapkan rumus", self.apply_formula,
                                        needs=Permission.EDIT)
        self.default_btn = permits.button("Rumus &bawaan",
                                          lambda: self._fill_formula(talent.TalentFormula()),
                                          needs=None)
        self.actions_btn = permits.button("Tindakan per &kotak…", self._edit_actions,
                                          needs=Permission.EDIT)
        row = QHBoxLayout()
        row.addWidget(self.actions_btn)
        row.addWidget(self.default_btn)
        row.addWidget(self.apply_btn)
        form.addRow(row)
        return box

    def _edit_actions(self) -> None:
        from karier_desktop.ui.pages.talent.actions_dialog import BoxActionsDialog

        BoxActionsDialog(self.page.ctx, self).exec()

    def _fill_formula(self, f: talent.TalentFormula) -> None:
        for (axis, key), spin in self.weights.items():
            spin.setValue((f.x if axis == "x" else f.y).weight(key))
        self.cuts["x_low"].setValue(f.x.low)
        self.cuts["x_high"].setValue(f.x.high)
        self.cuts["y_low"].setValue(f.y.low)
        self.cuts["y_high"].setValue(f.y.high)

    def formula(self) -> talent.TalentFormula:
        base = self.page.map.formula if self.page.map else talent.TalentFormula()
        x = talent.Axis(tuple((k, self.weights[("x", k)].value()) for k in talent.X_COMPONENTS),
                        self.cuts["x_low"].value(), self.cuts["x_high"].value())
        y = talent.Axis(tuple((k, self.weights[("y", k)].value()) for k in talent.Y_COMPONENTS),
                        self.cuts["y_low"].value(), self.cuts["y_high"].value())
        return talent.TalentFormula(x, y, base.predikat_scores, base.rating_scores,
                                    base.education_scores, base.yearly_jp)

    def apply_formula(self) -> bool:
        """Save the formula for the period (one transaction) and move the map."""
        try:
            self.page.ctx.call(talent.save_formula, self.page.current_period, self.formula())
        except ValidationError as exc:
            QMessageBox.warning(self, "Rumus talenta", "\n".join(exc.messages))
            return False
        self.page.changed()
        return True

    # --- showing
    def show_map(self, tm: talent.MapGrid) -> None:
        if not self._filled:
            self._fill_filters()
        self._fill_formula(tm.formula)
        self._update()

    def _fill_filters(self) -> None:
        self._filled = True
        for combo in (self.opd, self.kind):
            combo.blockSignals(True)
        self.opd.addItem("Semua OPD", None)
        for choice in self.page.ctx.read(unit_gaps.opd_choices):
            self.opd.addItem(choice.name, choice.id)
        self.kind.addItem("Semua jenjang", None)
        for kind in self.page.ctx.read(positions_service.position_kinds):
            self.kind.addItem(kind.name, kind.code)
        for combo in (self.opd, self.kind):
            combo.blockSignals(False)

    def counts(self) -> dict[int, int]:
        tm = self.page.map
        if tm is None:
            return dict.fromkeys(range(1, 10), 0)
        return tm.counts(self.opd.currentData(), self.kind.currentData())

    def _update(self, *_args: object) -> None:
        counts = self.counts()
        for number, btn in self.buttons.items():
            btn.setText(f"Kotak {number}\n{counts[number]} pegawai")
        self.select_box(self.selected_box)

    def select_box(self, number: int | None) -> None:
        """List the box's people: read when the box is opened (in a worker when large)."""
        self.selected_box = number
        tm = self.page.map
        if number is None or tm is None:
            self.model.set_rows([])
            return
        self.buttons[number].setChecked(True)
        self._wanted = tm.ids_in(number, self.opd.currentData(), self.kind.currentData())
        self.list_title.setText(f"Kotak {number} — {ninebox.BOX_NAMES[number]}: "
                                f"{len(self._wanted)} pegawai (memuat…)")
        self.people.load()

    def _fetch_people(self, _progress: Progress) -> tuple[int | None, tuple[P, ...]]:
        number, ids = self.selected_box, self._wanted
        return number, (self.page.fetch_people(ids) if ids else ())

    def _show_people(self, found: tuple[int | None, tuple[P, ...]]) -> None:
        number, rows = found
        if number != self.selected_box or number is None:
            return  # another box was opened meanwhile (its read follows)
        self.model.set_rows(list(rows))
        self.list_title.setText(f"Kotak {number} — {ninebox.BOX_NAMES[number]}: "
                                f"{len(rows)} pegawai")
        if rows:
            self.table.selectRow(0)

    def current(self) -> P | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def open_card(self) -> None:
        row = self.current()
        if not have_selection(row, self, "Kartu talenta", "seorang pegawai"):
            return
        from karier_desktop.ui.pages.talent.card_dialog import TalentCardDialog

        dialog = TalentCardDialog(self.page, row.employee_id)
        dialog.exec()

    def actions_to_idp(self, confirm: bool = True) -> bool:
        """Run the box's development actions into the IDPs of the listed employees."""
        rows = [r for r in self.model.rows() if r.box is not None]
        if self.selected_box is None or not rows:
            QMessageBox.information(self, "Tindakan kotak", "Pilih kotak yang berisi pegawai.")
            return False
        year = default_year(self.page.today)
        if confirm and QMessageBox.question(
                self, "Tindakan kotak", f"Tambahkan tindakan kotak {self.selected_box} ke IDP "
                f"{year} untuk {len(rows)} pegawai? IDP yang belum ada disusun lebih dulu."
                ) != QMessageBox.StandardButton.Yes:
            return False
        pairs = [(r.employee_id, r.box or 0) for r in rows]
        ctx, today = self.page.ctx, self.page.today

        def done(result: tuple[int, int, int]) -> None:
            plans, items, skipped = result
            ctx.changed("plans")
            note = f" {skipped} pegawai dilewati karena IDP {year}-nya sudah disetujui." \
                if skipped else ""
            QMessageBox.information(self, "Tindakan kotak", f"{items} kegiatan ditambahkan ke "
                                    f"{plans} IDP {year}.{note}")

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self, "Tindakan kotak", "Tidak ada yang disimpan: "
                                f"{exc or 'dibatalkan'}")

        self.task = run_job(self, "Tindakan kotak ke IDP", ctx, talent.add_box_actions_to_plans,
                            pairs, year, today, on_done=done, on_error=failed)
        return True

    def export_siasn(self, path: Path | None = None) -> Path | None:
        period = self.page.current_period
        if path is None:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation)
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Ekspor pemetaan talenta SIASN",
                str(Path(folder) / f"Pemetaan talenta {period}.xlsx"), "Excel (*.xlsx)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            written, rows = self.page.ctx.call(talent.export_siasn, period, path,
                                               self.page.today, self.opd.currentData())
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Ekspor SIASN", f"File tidak dapat disimpan: {exc}")
            return None
        QMessageBox.information(self, "Ekspor SIASN", f"{rows} penempatan disimpan ke "
                                f"{written.name}.")
        return written

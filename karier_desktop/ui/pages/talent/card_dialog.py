"""An employee's talent card: box and history, SKP/potential entry, override, career direction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.domain.textfmt import format_date_id, format_number, format_percent
from karier_desktop.services import talent
from karier_desktop.services.errors import ValidationError
from karier_desktop.ui.kit.forms import add_rows, text_field
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.widgets import (
    DateField,
    default_year,
    indonesian_buttons,
    read_only_table,
    set_widths,
)

if TYPE_CHECKING:
    from karier_desktop.ui.pages.talent.page import TalentPage


def _n(v: float | None) -> str:
    return "–" if v is None else format_number(v, 2)


HISTORY: list[Column[talent.YearBox]] = [
    Column("Periode", lambda h: str(h.period)),
    Column("Kotak", lambda h: "–" if h.box is None else f"{h.box}{' (komite)' if h.overridden else ''}"),
    Column("Sumbu X", lambda h: _n(h.x), align_right=True),
    Column("Sumbu Y", lambda h: _n(h.y), align_right=True),
]
SKP: list[Column[talent.SkpRow]] = [
    Column("Tahun", lambda r: str(r.year)), Column("Hasil kinerja", lambda r: r.hasil_kinerja),
    Column("Perilaku kerja", lambda r: r.perilaku_kerja), Column("Predikat", lambda r: r.predikat),
    Column("Sumber", lambda r: r.source)]
POT: list[Column[talent.PotentialRow]] = [
    Column("Tanggal", lambda r: format_date_id(r.assessed_on)),
    Column("Total", lambda r: _n(r.total), align_right=True),
    Column("Aspek", lambda r: ", ".join(f"{SHORT[k]} {v:g}" for k, v in r.aspects
                                        if v is not None))]
SHORT = {"berpikir_kritis": "Berpikir kritis", "intelektual": "Intelektual",
         "interpersonal": "Interpersonal", "kesadaran_diri": "Kesadaran diri",
         "motivasi_komitmen": "Motivasi", "total": "Total"}
GAP: list[Column[object]] = [
    Column("Kompetensi", lambda g: g.name),  # type: ignore[attr-defined]
    Column("Standar", lambda g: str(g.required), align_right=True),  # type: ignore[attr-defined]
    Column("Aktual", lambda g: "–" if g.actual is None else str(g.actual),  # type: ignore[attr-defined]
           align_right=True),
    Column("Selisih", lambda g: "–" if g.gap is None else f"{g.gap:+d}",  # type: ignore[attr-defined]
           align_right=True,
           background=lambda g: "#f9d6d5" if g.gap is not None and g.gap < 0 else None),  # type: ignore[attr-defined]
]


class TalentCardDialog(QDialog):
    def __init__(self, page: TalentPage, employee_id: int) -> None:
        super().__init__(page)
        self.page, self.ctx, self.employee_id = page, page.ctx, employee_id
        self.period = page.current_period
        self.year = default_year(page.today)
        self.changed = False
        self.plans_changed = False
        self.resize(940, 620)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._summary_tab(), "&Ringkasan")
        self.tabs.addTab(self._data_tab(), "&Data kinerja dan potensi")
        self.tabs.addTab(self._career_tab(), "&Arah karier")
        buttons = indonesian_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.load()

    # --- parts
    def _summary_tab(self) -> QWidget:
        w = QWidget()
        self.box_label = QLabel()
        self.box_label.setWordWrap(True)
        self.actions_label = QLabel()
        self.actions_label.setWordWrap(True)
        self.actions_btn = QPushButton(f"Masukkan tindakan kotak ke &IDP {self.year}")
        self.actions_btn.clicked.connect(self.add_actions)
        self.history: RowTableModel[talent.YearBox] = RowTableModel(HISTORY, self)
        history = read_only_table(self.history)
        history.setMaximumHeight(150)
        set_widths(history, (80, 110, 90, 90))
        over = QGroupBox("Ubah kotak oleh Komite Talenta")
        form = QFormLayout(over)
        self.over_box = QSpinBox()
        self.over_box.setRange(1, 9)
        self.over_reason = QLineEdit()
        self.over_by = text_field("mis. Sekretaris Daerah selaku Ketua Komite Talenta")
        save = QPushButton("Simpan perubahan &kotak")
        save.clicked.connect(self.save_override)
        clear = QPushButton("Kembalikan ke hasil rumus")
        clear.clicked.connect(self.clear_override)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addWidget(clear)
        add_rows(form, ("Kotak", self.over_box), ("Alasan", self.over_reason),
                 ("Disetujui oleh", self.over_by), row)
        lay = QVBoxLayout(w)
        lay.addWidget(self.box_label)
        lay.addWidget(self.actions_label)
        lay.addWidget(self.actions_btn)
        lay.addWidget(QLabel("Kotak dari tahun ke tahun"))
        lay.addWidget(history)
        lay.addWidget(over)
        return w

    def _data_tab(self) -> QWidget:
        w = QWidget()
        self.skp: RowTableModel[talent.SkpRow] = RowTableModel(SKP, self)
        self.pot: RowTableModel[talent.PotentialRow] = RowTableModel(POT, self)
        skp_box = QGroupBox("Tambah/ubah hasil SKP")
        self.skp_year = QSpinBox()
        self.skp_year.setRange(2000, 2100)
        self.skp_year.setValue(self.period)
        self.skp_hasil, self.skp_perilaku, self.skp_predikat = QComboBox(), QComboBox(), QComboBox()
        for combo, values in ((self.skp_hasil, talent.RATINGS), (self.skp_perilaku, talent.RATINGS),
                              (self.skp_predikat, talent.PREDIKATS)):
            combo.addItem("—", None)
            for v in values:
                combo.addItem(v, v)
        skp_save = QPushButton("Simpan &SKP")
        skp_save.clicked.connect(self.save_skp)
        skp_row = QHBoxLayout(skp_box)
        for label, widget in (("Tahun", self.skp_year), ("Hasil", self.skp_hasil),
                              ("Perilaku", self.skp_perilaku), ("Predikat", self.skp_predikat)):
            skp_row.addWidget(QLabel(label))
            skp_row.addWidget(widget)
        skp_row.addWidget(skp_save)
        pot_box = QGroupBox("Tambah hasil uji potensi (0-100; total kosong = rata-rata aspek)")
        self.pot_date = DateField()
        self.pot_aspects: dict[str, QDoubleSpinBox] = {}
        pot_row = QHBoxLayout(pot_box)
        pot_row.addWidget(self.pot_date)
        for key, label in [*talent.ASPECTS.items(), ("total", "Total")]:
            spin = QDoubleSpinBox()
            spin.setRange(-1, 100)
            spin.setSpecialValueText("—")
            spin.setValue(-1)
            spin.setToolTip(label)
            self.pot_aspects[key] = spin
            pot_row.addWidget(QLabel(SHORT[key]))
            pot_row.addWidget(spin)
        pot_save = QPushButton("Simpan &potensi")
        pot_save.clicked.connect(self.save_potential)
        pot_row.addWidget(pot_save)
        lay = QVBoxLayout(w)
        lay.addWidget(QLabel("Riwayat SKP"))
        skp_table = read_only_table(self.skp)
        set_widths(skp_table, (60, 160, 160, 120, 80))
        lay.addWidget(skp_table, 1)
        lay.addWidget(skp_box)
        lay.addWidget(QLabel("Riwayat uji potensi"))
        pot_table = read_only_table(self.pot)
        set_widths(pot_table, (140, 70, 500))
        lay.addWidget(pot_table, 1)
        lay.addWidget(pot_box)
        return w

    def _career_tab(self) -> QWidget:
        w = QWidget()
        self.target = QComboBox()
        self.target.currentIndexChanged.connect(lambda *_: self.show_target())
        self.target_info = QLabel()
        self.target_info.setWordWrap(True)
        self.gap: RowTableModel[object] = RowTableModel(GAP, self)
        self.career_btn = QPushButton(f"Susun IDP &karier {self.year}")
        self.career_btn.clicked.connect(self.draft_career)
        label = QLabel("&Jabatan sasaran (paling cocok menurut JPM lebih dulu)")
        label.setBuddy(self.target)
        lay = QVBoxLayout(w)
        lay.addWidget(label)
        lay.addWidget(self.target)
        lay.addWidget(self.target_info)
        gap_table = read_only_table(self.gap)
        set_widths(gap_table, (320, 70, 70, 70))
        lay.addWidget(gap_table, 1)
        lay.addWidget(self.career_btn)
        return w

    # --- data
    def load(self) -> None:
        card = self.ctx.read(talent.talent_card, self.employee_id, self.period, self.page.today)
        self.card = card
        p = card.placement
        retire = format_date_id(card.retirement_date) if card.retirement_date else "–"
        self.setWindowTitle(f"Kartu talenta — {p.name}")
        self.header.setText(f"<b>{p.name}</b> · NIP {p.nip}<br>{p.position} ({p.kind_name}) · "
                            f"{p.unit}, {p.opd}<br>Golongan {p.rank or '–'} · pendidikan "
                            f"{p.education or '–'} · lahir {format_date_id(card.birth_date)} · "
                            f"pensiun (BUP) {retire}")
        box = f"Kotak {p.box}" if p.box else "Belum dipetakan"
        override = (f"<br><i>Diubah komite dari kotak {p.computed_box}: {p.override_reason} "
                    f"(disetujui {p.override_by})</i>") if p.box != p.computed_box else ""
        self.box_label.setText(f"<b>{box} — {card.box_name}</b> (periode {self.period}) · "
                               f"sumbu X {_n(p.x)} · sumbu Y {_n(p.y)}{override}<br>"
                               f"{card.recommendation}")
        self.actions_label.setText("Tindakan pengembangan: " + ("; ".join(
            f"{a} ({f}, {jp:g} JP)" for a, f, jp in card.actions) or "–"))
        self.actions_btn.setEnabled(bool(card.actions))
        self.history.set_rows(list(card.history))
        self.skp.set_rows(list(card.skp))
        self.pot.set_rows(list(card.potential))
        if p.box:
            self.over_box.setValue(p.box)
        if self.target.count() == 0:
            self._fill_targets()

    def _fill_targets(self) -> None:
        fits = self.ctx.read(talent.best_positions, self.employee_id, self.page.today, 15)
        self.target.blockSignals(True)
        for f in fits:
            self.target.addItem(f"{f.name} — {f.opd} (JPM {format_percent(f.jpm)})",
                                f.position_id)
        for post in self.ctx.read(talent.critical_posts):
            self.target.addItem(f"{post.position} — {post.unit} (jabatan kritis)",
                                post.position_id)
        self.target.blockSignals(False)
        self.show_target()

    def show_target(self) -> None:
        pid = self.target.currentData()
        if pid is None:
            self.target_info.setText("Belum ada jabatan dengan standar yang dapat dibandingkan.")
            self.career_btn.setEnabled(False)
            return
        gap = self.ctx.read(talent.gap_to_position, self.employee_id, pid, self.page.today)
        self.target_info.setText(f"JPM terhadap standar {gap.target.name}: "
                                 f"<b>{format_percent(gap.jpm)}</b> ({gap.category}); "
                                 f"{len(gap.gaps)} kompetensi di bawah standar.")
        self.gap.set_rows(list(gap.lines))
        self.career_btn.setEnabled(True)

    # --- actions (one transaction each)
    def _run(self, title: str, fn, *args) -> bool:  # type: ignore[no-untyped-def]
        try:
            self.ctx.call(fn, *args)
        except ValidationError as exc:
            QMessageBox.warning(self, title, "\n".join(exc.messages))
            return False
        self.changed = True
        self.load()
        return True

    def save_override(self) -> bool:
        return self._run("Ubah kotak", talent.set_override, self.employee_id, self.period,
                         self.over_box.value(), self.over_reason.text(), self.over_by.text())

    def clear_override(self) -> bool:
        return self._run("Ubah kotak", talent.clear_override, self.employee_id, self.period)

    def save_skp(self) -> bool:
        data = talent.SkpInput(self.skp_year.value(), self.skp_predikat.currentData(),
                               self.skp_hasil.currentData(), self.skp_perilaku.currentData())
        return self._run("Hasil SKP", talent.save_skp, self.employee_id, data)

    def save_potential(self) -> bool:
        values = {k: (None if s.value() < 0 else s.value()) for k, s in self.pot_aspects.items()}
        total = values.pop("total")
        date = self.pot_date.value()
        assert date is not None
        data = talent.PotentialInput(date, tuple(values.items()), total)
        return self._run("Hasil uji potensi", talent.save_potential, self.employee_id, data,
                         self.page.today)

    def add_actions(self) -> None:
        p = self.card.placement
        if p.box and self._run("IDP", talent.add_box_actions, self.employee_id, self.year,
                               self.card.actions, p.box, self.page.today):
            self.plans_changed = True
            QMessageBox.information(self, "IDP", f"Tindakan kotak {p.box} ditambahkan ke IDP "
                                    f"{self.year}.")

    def draft_career(self) -> None:
        pid = self.target.currentData()
        if pid is not None and self._run("IDP karier", talent.draft_career_items,
                                         self.employee_id, pid, self.year, self.page.today):
            self.plans_changed = True
            QMessageBox.information(self, "IDP karier", f"Kegiatan pengembangan karier "
                                    f"ditambahkan ke IDP {self.year}; buka halaman IDP untuk "
                                    "menyunting dan mencetaknya.")

    def done(self, result: int) -> None:  # noqa: D102 - tell the pages after the dialog
        super().done(result)
        if self.plans_changed:
            self.ctx.changed("plans")
        if self.changed:
            self.page.changed()



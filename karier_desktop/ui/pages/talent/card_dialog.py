"""An employee's talent card: box and history, SKP/potential entry, override, career direction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from karier_desktop.domain.textfmt import format_date_id, format_number, format_percent
from karier_desktop.services import talent
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.errors import ValidationError
from karier_desktop.ui import permissions
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.forms import (
    buddied,
    buddy_label,
    form_of,
    text_field,
    whole_spin,
)
from karier_desktop.ui.kit.layouts import hbox, vbox
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.widgets import (
    DateField,
    close_button,
    default_year,
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
        vbox(self.header, (self.tabs, 1), close_button(self), owner=self)
        # anyone may look at the card; what changes data is off for a role that may not edit
        permissions.apply(self, getattr(self.ctx.db, "account", None))
        self.load()

    # --- parts
    def _summary_tab(self) -> QWidget:
        w = QWidget()
        self.box_label = QLabel()
        self.box_label.setWordWrap(True)
        self.actions_label = QLabel()
        self.actions_label.setWordWrap(True)
        self.actions_btn = permits.button(f"Masukkan tindakan kotak ke &IDP {self.year}",
                                          self.add_actions, needs=Permission.EDIT)
        self.history: RowTableModel[talent.YearBox] = RowTableModel(HISTORY, self)
        history = read_only_table(self.history)
        history.setMaximumHeight(150)
        set_widths(history, (80, 110, 90, 90))
        over = QGroupBox("Ubah kotak oleh Komite Talenta")
        self.over_box = whole_spin(1, 9)
        self.over_reason = QLineEdit()
        self.over_by = text_field("mis. Sekretaris Daerah selaku Ketua Komite Talenta")
        save = permits.button("Simpan perubahan &kotak", self.save_override,
                              needs=Permission.EDIT)
        clear = permits.button("Kembalikan ke hasil rumus", self.clear_override,
                               needs=Permission.EDIT)
        over.setLayout(form_of(("Kotak", self.over_box), ("Alasan", self.over_reason),
                               ("Disetujui oleh", self.over_by), hbox(save, clear)))
        vbox(self.box_label, self.actions_label, self.actions_btn,
             QLabel("Kotak dari tahun ke tahun"), history, over, owner=w)
        return w

    def _data_tab(self) -> QWidget:
        w = QWidget()
        self.skp: RowTableModel[talent.SkpRow] = RowTableModel(SKP, self)
        self.pot: RowTableModel[talent.PotentialRow] = RowTableModel(POT, self)
        skp_box = QGroupBox("Tambah/ubah hasil SKP")
        self.skp_year = whole_spin(2000, 2100, value=self.period)
        self.skp_hasil, self.skp_perilaku, self.skp_predikat = QComboBox(), QComboBox(), QComboBox()
        for combo, values in ((self.skp_hasil, talent.RATINGS), (self.skp_perilaku, talent.RATINGS),
                              (self.skp_predikat, talent.PREDIKATS)):
            combo.addItem("—", None)
            for v in values:
                combo.addItem(v, v)
        skp_save = permits.button("Simpan &SKP", self.save_skp, needs=Permission.EDIT)
        hbox(*buddied(("Tahun", self.skp_year), ("Hasil", self.skp_hasil),
                      ("Perilaku", self.skp_perilaku), ("Predikat", self.skp_predikat)),
             skp_save, owner=skp_box)
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
        pot_row.addWidget(permits.button("Simpan &potensi", self.save_potential,
                                         needs=Permission.EDIT))
        skp_table = read_only_table(self.skp)
        set_widths(skp_table, (60, 160, 160, 120, 80))
        pot_table = read_only_table(self.pot)
        set_widths(pot_table, (140, 70, 500))
        vbox(QLabel("Riwayat SKP"), (skp_table, 1), skp_box, QLabel("Riwayat uji potensi"),
             (pot_table, 1), pot_box, owner=w)
        return w

    def _career_tab(self) -> QWidget:
        w = QWidget()
        self.target = QComboBox()
        self.target.currentIndexChanged.connect(lambda *_: self.show_target())
        self.target_info = QLabel()
        self.target_info.setWordWrap(True)
        self.gap: RowTableModel[object] = RowTableModel(GAP, self)
        self.career_btn = permits.button(f"Susun IDP &karier {self.year}", self.draft_career,
                                         needs=Permission.EDIT)
        gap_table = read_only_table(self.gap)
        set_widths(gap_table, (320, 70, 70, 70))
        vbox(buddy_label("&Jabatan sasaran (paling cocok menurut JPM lebih dulu)", self.target),
             self.target, self.target_info, (gap_table, 1), self.career_btn, owner=w)
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



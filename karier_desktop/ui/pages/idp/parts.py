"""Pieces of the IDP page kept apart so the page reads in one sitting: table columns, the
signers box, the form box (aspiration, target position, commitment, the atasan's notes), a
and the messages after a unit batch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from karier_desktop.domain.nip import format_nip
from karier_desktop.domain.textfmt import format_date_id, format_number, format_rupiah
from karier_desktop.services import employees as emp_svc
from karier_desktop.services import idp as idp_svc
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.idp import PURPOSE_LABELS, PlanForm, PlanItemRow, PlanView, Signers
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.forms import text_field
from karier_desktop.ui.kit.style import GAP_OK
from karier_desktop.ui.kit.table_model import Column
from karier_desktop.ui.kit.worker import Cancelled


def jp_text(value: float) -> str:
    return format_number(value, 0 if float(value).is_integer() else 1)


E = emp_svc.EmployeeRow
EMPLOYEE_COLUMNS: list[Column[E]] = [
    Column("Nama", lambda r: r.name, lambda r: r.name.lower()),
    Column("NIP", lambda r: r.nip_display, lambda r: r.nip),
]
ITEM_COLUMNS: list[Column[PlanItemRow]] = [
    # what, when, how much first; the long texts after (full text in the tooltip), so a plan
    # reads on a 1366x768 screen without scrolling sideways
    Column("No", lambda i: str(i.seq), lambda i: i.seq, align_right=True),
    Column("Kompetensi", lambda i: i.competency_codes or i.competency
           or PURPOSE_LABELS.get(i.purpose, "Umum"),
           tooltip=lambda i: " · ".join(x for x in (PURPOSE_LABELS.get(i.purpose, ""),
                                                     i.competency) if x)),
    Column("Kegiatan", lambda i: i.activity, tooltip=lambda i: i.activity),
    Column("Bulan", lambda i: i.month_name, lambda i: i.month),
    Column("JP", lambda i: jp_text(i.jp), lambda i: i.jp, align_right=True),
    Column("Biaya", lambda i: format_rupiah(i.cost), lambda i: i.cost, align_right=True),
    Column("Sumber dana", lambda i: i.funding_label, tooltip=lambda i: i.funding_label),
    Column("Bentuk & jalur",
           lambda i: f"{i.form_code} · {i.form_label.split(' – ')[-1]}" if i.form_code else "",
           tooltip=lambda i: i.form_label),
    Column("Sasaran/indikator", lambda i: i.goal, tooltip=lambda i: i.goal),
    Column("Penyelenggara", lambda i: i.provider, tooltip=lambda i: i.provider),
    Column("Realisasi", lambda i: format_date_id(i.realised_on) if i.realised_on else "",
           background=lambda i: GAP_OK if i.realised_on else None),
]


def plan_texts(p: PlanView) -> tuple[str, str, str]:
    """The status line, its colour, and the totals against the JP rule of the employee type."""
    when = f" pada {format_date_id(p.approved_on)}" if p.approved_on else ""
    text = {"draf": f"Draf versi {p.version} — dapat diubah, lalu disetujui.",
            "disetujui": f"Disetujui{when} (versi {p.version}) — terkunci; buat versi "
                         "baru untuk mengubahnya.",
            "diganti": f"Versi {p.version} sudah diganti."}[p.status]
    colour = GAP_OK if p.status == "disetujui" else "#fdf0c8"
    if p.jp_kind == "maksimal":
        bound = f"maks. {jp_text(p.minimum_jp)} JP, {p.employee_type}"
        short = "" if p.meets_minimum else f" — lebih {jp_text(p.total_jp - p.minimum_jp)} JP"
    else:
        bound = f"minimal {jp_text(p.minimum_jp)} JP"
        short = "" if p.meets_minimum else f" — kurang {jp_text(p.minimum_jp - p.total_jp)} JP"
    totals = f"Total {jp_text(p.total_jp)} JP ({bound}){short} · {format_rupiah(p.total_cost)}"
    return text, colour, totals


class SignersBox(QGroupBox):
    """Supervisor and head of OPD (name, NIP) and the career direction; `save_requested` when
    the clerk presses "Simpan penanda tangan"."""

    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Penanda tangan dan arah karier", parent)
        self.sup_name, self.sup_nip = QLineEdit(), QLineEdit()
        self.head_name, self.head_nip = QLineEdit(), QLineEdit()
        self.career = text_field("mis. disiapkan untuk jabatan Kepala Bidang")
        for nip in (self.sup_nip, self.head_nip):
            nip.setPlaceholderText("NIP 18 digit")
            nip.setMinimumWidth(180)
            nip.setMaximumWidth(200)
        self.save_btn = QPushButton("Simpan penanda tan&gan")
        permits.needs(Permission.EDIT, self.save_btn)
        self.save_btn.clicked.connect(lambda *_: self.save_requested.emit())
        grid = QFormLayout(self)
        for label_text, name, nip in (("Atasan &langsung", self.sup_name, self.sup_nip),
                                      ("&Kepala perangkat daerah", self.head_name, self.head_nip)):
            row = QHBoxLayout()
            row.addWidget(name, 1)
            row.addWidget(nip)
            label = QLabel(label_text)
            label.setBuddy(name)
            grid.addRow(label, row)
        career_row = QHBoxLayout()
        career_row.addWidget(self.career, 1)
        career_row.addWidget(self.save_btn)
        career_label = QLabel("Arah ka&rier")
        career_label.setBuddy(self.career)
        grid.addRow(career_label, career_row)

    _captions: tuple[str, str] = ("", "")

    def set_signers(self, s: Signers) -> None:
        self._captions = (s.supervisor_caption, s.head_caption)
        self.sup_name.setToolTip(s.supervisor_caption)
        self.head_name.setToolTip(s.head_caption)
        self.sup_name.setText(s.supervisor_name)
        self.sup_nip.setText(format_nip(s.supervisor_nip))
        self.head_name.setText(s.head_name)
        self.head_nip.setText(format_nip(s.head_nip))
        self.career.setText(s.career_goal)

    def signers(self) -> Signers:
        # the captions derived from the unit tree travel through unchanged
        return Signers(self.sup_name.text(), self.sup_nip.text(), self.head_name.text(),
                       self.head_nip.text(), self.career.text(), self._captions[0],
                       self._captions[1])

    def set_editable(self, editable: bool) -> None:
        for w in (self.sup_name, self.sup_nip, self.head_name, self.head_nip, self.career,
                  self.save_btn):
            w.setEnabled(editable)


class PlanFormBox(QWidget):
    """The employee's career aspiration, target position and commitment sentence, and the
    atasan's notes, as printed in sections IV and V; `save_requested` on "Simpan"."""

    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.aspiration = text_field("dengan kata-kata pegawai, untuk 2 tahun ke depan")
        self.target = text_field("mis. Kepala Subbagian Perundang-undangan")
        self.commitment = QPlainTextEdit()
        self.notes = QPlainTextEdit()
        for box in (self.commitment, self.notes):
            box.setTabChangesFocus(True)
            box.setFixedHeight(44)
        self.save_btn = QPushButton("Simpan aspirasi dan k&omitmen")
        permits.needs(Permission.EDIT, self.save_btn)
        self.save_btn.clicked.connect(lambda *_: self.save_requested.emit())
        grid = QFormLayout(self)
        for text_, widget in (("Aspirasi ka&rier", self.aspiration),
                              ("Jabatan targ&et", self.target),
                              ("Ko&mitmen pegawai", self.commitment),
                              ("Catatan ata&san", self.notes)):
            label = QLabel(text_)
            label.setBuddy(widget)
            grid.addRow(label, widget)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_btn)
        grid.addRow(row)

    def set_form(self, f: PlanForm) -> None:
        self.aspiration.setText(f.aspiration)
        self.target.setText(f.target_position)
        self.commitment.setPlainText(f.commitment)
        self.notes.setPlainText(f.supervisor_notes)

    def form(self) -> PlanForm:
        return PlanForm(self.aspiration.text(), self.target.text(),
                        self.commitment.toPlainText(), self.notes.toPlainText())

    def set_editable(self, editable: bool) -> None:
        for w in (self.aspiration, self.target, self.commitment, self.notes, self.save_btn):
            w.setEnabled(editable)


def batch_report(result: idp_svc.BatchResult) -> tuple[str, Path | None]:
    """What to tell the clerk after a unit batch, and the folder or file to open."""
    lines = [f"{result.documents} IDP dicetak."]
    if result.drafted:
        lines.append(f"{result.drafted} pegawai belum punya IDP; drafnya disusun dan disimpan.")
    if result.skipped:
        lines.append(f"{result.skipped} pegawai dilewati karena belum punya IDP.")
    lines.extend(result.messages)
    where = result.combined or (result.files[0].parent if result.files else None)
    if where is not None:
        lines.append(f"Lokasi: {where}")
    return "\n".join(lines), where


def batch_error_text(exc: BaseException) -> str:
    if isinstance(exc, Cancelled):
        return ("Pencetakan dibatalkan. File yang sudah selesai tetap tersimpan; tidak ada "
                "file setengah jadi.")
    if isinstance(exc, idp_svc.BatchError):
        return str(exc)
    if isinstance(exc, OSError):
        return (f"File tidak dapat disimpan: {exc.strerror or exc}. Periksa folder tujuan "
                "(ruang kosong, izin menulis) lalu ulangi.")
    return f"Pencetakan gagal: {exc}"

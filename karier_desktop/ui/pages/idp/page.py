"""IDP: the Individual Development Plan of one employee for one year — draft, edit, approve,
make a new version, print; and print a whole unit in the background."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from karier_desktop.domain.textfmt import format_rupiah
from karier_desktop.services import employees as emp_svc
from karier_desktop.services import idp as svc
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.gaps.unit import opd_choices
from karier_desktop.services.idp import PlanForm, PlanItemRow, PlanView, Signers
from karier_desktop.services.recommend import item_choices
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.actions import have_selection
from karier_desktop.ui.kit.forms import buddied, whole_spin
from karier_desktop.ui.kit.layouts import NO_MARGINS, boxed, hbox, page_frame, splitter, vbox
from karier_desktop.ui.kit.page import Page
from karier_desktop.ui.kit.save_pdf import save_pdf
from karier_desktop.ui.kit.style import GAP_NEGATIVE
from karier_desktop.ui.kit.table_model import RowTableModel
from karier_desktop.ui.kit.widgets import default_year, read_only_table, search_field, set_widths
from karier_desktop.ui.kit.worker import Task, run_task
from karier_desktop.ui.pages.idp.parts import (
    EMPLOYEE_COLUMNS,
    ITEM_COLUMNS,
    E,
    PlanFormBox,
    SignersBox,
    batch_error_text,
    batch_report,
    jp_text,
    plan_texts,
)
from karier_desktop.ui.topics import Topic


class IdpPage(Page):
    topics = (Topic.EMPLOYEES, Topic.PLANS, Topic.TRAINING, Topic.ASSESSMENTS, Topic.STANDARDS,
              Topic.SETTINGS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = dt.date.today()
        self.all_rows: list[E] = []
        self.employee_id: int | None = None
        self.plan: PlanView | None = None
        self.last_saved: Path | None = None
        self.last_result: svc.BatchResult | None = None
        self._task: Task | None = None
        page_frame(self, "IDP — Rencana Pengembangan Individu",
                   (splitter(self._left(), self._right(), sizes=(290, 880), stretch=(0, 1)), 1))
        self._update_buttons()

    # --- building --------------------------------------------------------------------------
    def _left(self) -> QWidget:
        self.search = search_field("Cari nama atau NIP…", self._filter, focus_key_on=self)
        self.emp_model: RowTableModel[E] = RowTableModel(EMPLOYEE_COLUMNS, self)
        self.emp_table = read_only_table(self.emp_model)
        self.emp_table.setColumnWidth(0, 150)
        self.emp_table.selectionModel().selectionChanged.connect(lambda *_: self._pick.start())
        self._pick = QTimer(self, singleShot=True, interval=120)
        self._pick.timeout.connect(self._on_pick)
        return boxed(vbox(self.search, (self.emp_table, 1), margins=NO_MARGINS))

    def _right(self) -> QWidget:
        self.who = QLabel("Pilih pegawai di daftar kiri.")
        self.who.setStyleSheet("font-size:11.5pt; font-weight:600")
        self.who.setWordWrap(True)
        self.year = whole_spin(2000, 2100, value=default_year(self.today))
        self.year.valueChanged.connect(lambda *_: self.load_plan())
        self.status = QLabel("")
        self.status.setObjectName("plan_status")
        edit = Permission.EDIT
        self.draft_btn = permits.button("Susun &draf otomatis", self.draft, needs=edit)
        self.approve_btn = permits.button("Setu&jui…", self.approve, needs=Permission.APPROVE)
        self.version_btn = permits.button("Buat &versi baru", self.new_version, needs=edit)
        self.print_btn = permits.button("&Cetak PDF…", self.print_pdf, needs=None)
        self.unit_btn = permits.button("Cetak satu &unit…", self.print_unit, needs=None)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_pdf)

        self.item_model: RowTableModel[PlanItemRow] = RowTableModel(ITEM_COLUMNS, self)
        self.items = read_only_table(self.item_model)
        set_widths(self.items, (34, 110, 230, 70, 40, 100, 110, 150, 200, 140))
        self.items.doubleClicked.connect(lambda *_: self.edit_item())
        self.add_btn = permits.button("T&ambah…", self.add_item, needs=edit)
        self.edit_btn = permits.button("U&bah…", self.edit_item, needs=edit)
        self.remove_btn = permits.button("Ha&pus", self.remove_item, needs=edit)
        self.up_btn = permits.button("&Naik", lambda: self.move(-1), needs=edit)
        self.down_btn = permits.button("&Turun", lambda: self.move(+1), needs=edit)
        # linking training records to the items is a change
        self.realise_btn = permits.button("Cek real&isasi", self.realise, needs=edit)
        self.totals = QLabel("")
        self.totals.setObjectName("totals")
        QShortcut(QKeySequence("Ctrl+Up"), self.items, activated=lambda: self.move(-1))
        QShortcut(QKeySequence("Ctrl+Down"), self.items, activated=lambda: self.move(+1))
        QShortcut(QKeySequence(Qt.Key.Key_Insert), self.items, activated=self.add_item)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.items, activated=self.remove_item)

        self.signers = SignersBox()
        self.signers.save_requested.connect(self.save_signers)
        self.plan_form = PlanFormBox()
        self.plan_form.save_requested.connect(self.save_form)
        self.bottom = QTabWidget()
        self.bottom.addTab(self.signers, "Penanda tangan")
        self.bottom.addTab(self.plan_form, "Aspirasi, komitmen dan catatan atasan")
        self.warnings = QLabel("")
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("background:#fff4d6; padding:3px")
        self.warnings.hide()

        return boxed(vbox(
            hbox((self.who, 1), *buddied(("Ta&hun", self.year))), self.status,
            hbox(self.draft_btn, self.approve_btn, self.version_btn, 1, self.print_btn,
                 self.unit_btn),
            (self.items, 1),
            hbox(self.add_btn, self.edit_btn, self.remove_btn, self.up_btn, self.down_btn,
                 self.realise_btn, 1, self.totals),
            self.warnings, self.bottom, margins=(6, 0, 0, 0)))

    # --- loading ---------------------------------------------------------------------------
    def load(self) -> None:
        self.all_rows = self.ctx.employee_rows()
        self._filter()
        self.load_plan()

    def _filter(self) -> None:
        rows = emp_svc.apply_filter(self.all_rows, emp_svc.EmployeeFilter(text=self.search.text()))
        rows.sort(key=lambda r: r.name.lower())
        self.emp_model.set_rows(rows)

    def _on_pick(self) -> None:
        sel = self.emp_table.selectionModel().selectedRows()
        row = self.emp_model.row_at(sel[0].row()) if sel else None
        if row is not None and row.id != self.employee_id:
            self.employee_id = row.id
            self.load_plan()

    def select_employee(self, employee_id: int, year: int | None = None) -> None:
        if year is not None:
            self.year.blockSignals(True)
            self.year.setValue(year)
            self.year.blockSignals(False)
        self.employee_id = employee_id
        for i, row in enumerate(self.emp_model.rows()):
            if row.id == employee_id:
                self.emp_table.blockSignals(True)
                self.emp_table.selectRow(i)
                self.emp_table.blockSignals(False)
                break
        self.load_plan()

    def load_plan(self) -> None:
        row = next((r for r in self.all_rows if r.id == self.employee_id), None)
        self.who.setText(f"{row.name} · NIP {row.nip_display}\n{row.position} — {row.unit}"
                         if row else "Pilih pegawai di daftar kiri.")
        plan_id = (self.ctx.call(svc.find_plan, self.employee_id, self.year.value())
                   if self.employee_id is not None else None)
        self.plan = self.ctx.call(svc.get_plan, plan_id) if plan_id is not None else None
        p = self.plan
        self.item_model.set_rows(list(p.items) if p else [])
        if p is None:
            self.status.setText(f"Belum ada IDP tahun {self.year.value()}. Tekan “Susun draf "
                                "otomatis” untuk menyusunnya dari kesenjangan kompetensi."
                                if self.employee_id is not None else "")
            self.status.setStyleSheet("")
            self.totals.setText("")
        else:
            text, colour, totals = plan_texts(p)
            self.status.setText(text)
            self.status.setStyleSheet(f"background:{colour}; padding:4px; border-radius:4px")
            self.totals.setText(totals)
            self.totals.setToolTip(p.jp_rule)
            self.totals.setStyleSheet("" if p.meets_minimum else f"background:{GAP_NEGATIVE}")
        self.warnings.setText("Perhatian: " + " ".join(p.warnings) if p and p.warnings else "")
        self.warnings.setVisible(bool(p and p.warnings))
        self.signers.set_signers(p.signers if p else Signers())
        self.plan_form.set_form(p.form if p else PlanForm())
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_emp = self.employee_id is not None
        p = self.plan
        editable = p is not None and p.status == "draf"
        self.draft_btn.setEnabled(has_emp and (p is None or editable))
        self.approve_btn.setEnabled(editable)
        self.version_btn.setEnabled(p is not None and p.status == "disetujui")
        self.print_btn.setEnabled(p is not None)
        for w in (self.add_btn, self.edit_btn, self.remove_btn, self.up_btn, self.down_btn):
            w.setEnabled(editable)
        self.signers.set_editable(editable)
        self.plan_form.set_editable(editable)
        self.realise_btn.setEnabled(p is not None)

    def selected_item(self) -> PlanItemRow | None:
        sel = self.items.selectionModel().selectedRows()
        return self.item_model.row_at(sel[0].row()) if sel else None

    def _select_item(self, item_id: int | None) -> None:
        for i, it in enumerate(self.item_model.rows()):
            if it.id == item_id:
                self.items.selectRow(i)
                return

    # --- actions ---------------------------------------------------------------------------
    def _run(self, fn: Any, *args: Any) -> bool:
        """Call a service; Indonesian validation messages go to a message box."""
        try:
            self.ctx.call(fn, *args)
        except ValidationError as exc:
            QMessageBox.warning(self, "IDP", "\n".join(exc.messages))
            return False
        except LookupError as exc:
            QMessageBox.warning(self, "IDP", str(exc))
            return False
        return True

    def _changed(self, keep_item: int | None = None) -> None:
        self.ctx.changed("plans")
        self.load_plan()
        self._select_item(keep_item)

    def draft(self) -> None:
        if self.employee_id is None:
            return
        replace = self.plan is not None
        if replace and QMessageBox.question(
                self, "Susun ulang draf", "Isi draf IDP ini akan diganti dengan susunan "
                "otomatis dari kesenjangan kompetensi. Lanjutkan?") != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.call(svc.draft_plan, self.employee_id, self.year.value(), self.today, replace)
        except ValidationError as exc:
            QMessageBox.warning(self, "IDP", "\n".join(exc.messages))
            return
        self._changed()

    def _item_dialog(self, item: PlanItemRow | None) -> None:
        from karier_desktop.ui.pages.idp.item_dialog import IdpItemDialog

        if self.plan is None or self.employee_id is None:
            return
        choices = self.ctx.call(item_choices, self.employee_id, self.today)
        dialog = IdpItemDialog(self.ctx, self.plan.id, choices, item, self)
        if dialog.exec():
            self._changed(dialog.saved_id)

    def add_item(self) -> None:
        if self.plan is not None and self.plan.status == "draf":
            self._item_dialog(None)

    def edit_item(self) -> None:
        item = self.selected_item()
        if not have_selection(item, self, "IDP", "kegiatan yang akan diubah"):
            return
        if self.plan is not None and self.plan.locked:
            QMessageBox.information(self, "IDP", svc.LOCKED_MESSAGE + ".")
            return
        self._item_dialog(item)

    def remove_item(self) -> None:
        item = self.selected_item()
        if item is None or self.plan is None or self.plan.locked:
            return
        if QMessageBox.question(self, "Hapus kegiatan", f"Hapus kegiatan “{item.activity}” "
                                "dari IDP?") != QMessageBox.StandardButton.Yes:
            return
        if self._run(svc.remove_item, item.id):
            self._changed()

    def move(self, delta: int) -> None:
        item = self.selected_item()
        if item is not None and self._run(svc.move_item, item.id, delta):
            self._changed(item.id)

    def save_signers(self) -> None:
        if self.plan is None:
            return
        if self._run(svc.update_signers, self.plan.id, self.signers.signers()):
            self._changed()

    def save_form(self) -> None:
        if self.plan is None:
            return
        if self._run(svc.update_form, self.plan.id, self.plan_form.form()):
            self._changed()

    def approve(self) -> None:
        p = self.plan
        if p is None or p.locked:
            return
        warn = "" if p.meets_minimum else (
            f"\n\nPerhatian: total {jp_text(p.total_jp)} JP tidak sesuai ketentuan "
            f"{'paling lama' if p.jp_kind == 'maksimal' else 'minimal'} "
            f"{jp_text(p.minimum_jp)} JP per tahun untuk {p.employee_type}.")
        if QMessageBox.question(
                self, "Setujui IDP", f"Setujui IDP {p.year} {p.employee_name} ({len(p.items)} "
                f"kegiatan, {jp_text(p.total_jp)} JP, {format_rupiah(p.total_cost)})? Setelah "
                f"disetujui IDP terkunci; perubahan dibuat sebagai versi baru.{warn}"
        ) != QMessageBox.StandardButton.Yes:
            return
        if self._run(svc.approve, p.id, self.today):
            self._changed()

    def new_version(self) -> None:
        if self.plan is not None and self._run(svc.new_version, self.plan.id):
            self._changed()

    def realise(self) -> None:
        if self.plan is None:
            return
        rows = self.ctx.call(svc.realisation, self.plan.id)
        done = sum(1 for r in rows if r.realised)
        self._changed()
        QMessageBox.information(self, "Realisasi IDP", f"{done} dari {len(rows)} kegiatan sudah "
                                "terealisasi menurut riwayat pelatihan tahun ini.")

    # --- printing --------------------------------------------------------------------------
    def print_pdf(self, path: Path | None = None) -> Path | None:
        """Save this plan as PDF (asking for a file unless `path` is given), then open it."""
        from karier_desktop.services.documents import save_idp

        if self.plan is None:
            return None
        doc = self.ctx.call(svc.plan_for_print, self.plan.id, self.today)
        written = save_pdf(self, "Cetak IDP", f"{doc.file_stem}.pdf", lambda p: save_idp(doc, p),
                           path, dialog_title="Simpan IDP sebagai PDF", kept_as="IDP")
        if written is not None:
            self.last_saved = written
        return written

    def print_unit(self) -> None:
        from karier_desktop.ui.pages.idp.batch_dialog import UnitPrintDialog

        if self._task is not None and self._task.running:
            return
        dialog = UnitPrintDialog(self.ctx.call(opd_choices), self.year.value(), self)
        if not dialog.exec():
            return
        unit_id, folder, combined, draft_missing, with_nip = dialog.choice()
        self.start_batch(svc.BatchParams(
            db=self.ctx.db, year=self.year.value(), unit_id=unit_id, out_dir=folder,
            combined_path=combined, today=self.today, draft_missing=draft_missing,
            with_nip=with_nip))

    def start_batch(self, params: svc.BatchParams) -> Task:
        self._task = run_task(self, "Mencetak IDP satu unit",
                              lambda progress: svc.run_batch(params, progress),
                              self._batch_done, self._batch_failed)
        return self._task

    def _batch_done(self, result: svc.BatchResult) -> None:
        self.last_result = result
        self.ctx.changed("plans")
        text, where = batch_report(result)
        QMessageBox.information(self, "Cetak IDP satu unit", text)
        if where is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(where)))

    def _batch_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, "Cetak IDP satu unit", batch_error_text(exc))

"""First start: office identity, then an empty database, the demo regency or an Excel import."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.services import settings as settings_service
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.jobs import run_job
from karier_desktop.ui.kit.layouts import hbox, vbox
from karier_desktop.ui.kit.worker import Cancelled, Task
from karier_desktop.ui.office_form import OfficeForm


class WelcomeDialog(QDialog):
    finished_choice = Signal(str)  # "kosong", "demo", "impor"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.setWindowTitle("Selamat datang di Karier ASN")
        self.setMinimumWidth(620)
        intro = QLabel(
            "<h2>Selamat datang</h2><p>Database ini belum berisi pegawai. Isi identitas kantor "
            "untuk kop surat, lalu pilih cara memulai: impor pegawai dari Excel, data demo "
            "untuk mencoba, atau mulai kosong. Langkah hari pertama: tekan F1.</p>")
        intro.setWordWrap(True)
        self.form = OfficeForm()
        self.form.load(ctx.call(settings_service.load))
        box = QGroupBox("Identitas kantor")
        QVBoxLayout(box).addWidget(self.form)
        self.demo_count = QSpinBox()
        self.demo_count.setRange(50, 100_000)
        self.demo_count.setSingleStep(500)
        self.demo_count.setValue(2000)
        self.demo_count.setSuffix(" pegawai")
        # the first start: nobody is signed in yet, the one who starts may do all of it
        self.empty_btn = permits.button("Mulai &kosong", self._start_empty, needs=None)
        self.demo_btn = permits.button("Muat &data demo", self._start_demo, needs=None)
        self.import_btn = permits.button("&Impor dari Excel…", self._start_import, needs=None)
        self.server_btn = permits.button("Basis data &server…", self._choose_server, needs=None)
        self.server_btn.setToolTip("Kantor dengan beberapa petugas: pakai database bersama di "
                                   "server PostgreSQL kantor")
        layout = vbox(intro, box, hbox(self.empty_btn, self.demo_btn, self.demo_count, 1,
                                       self.import_btn), owner=self)
        server_row = QHBoxLayout()
        server_row.addWidget(QLabel("Kantor dengan database bersama di server?"))
        server_row.addWidget(self.server_btn)
        server_row.addStretch(1)
        layout.addLayout(server_row)

    def _choose_server(self) -> bool:
        """Save a server connection; the next start opens it (this start stays local)."""
        from karier_desktop.ui.connection_form import ConnectionDialog

        dialog = ConnectionDialog(self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if dialog.switching:  # the window now works on the server: nothing to set up here
            self.reject()
        return accepted

    def _save_identity(self) -> bool:
        current = self.ctx.call(settings_service.load)
        updated = self.form.apply_to(current)
        errors = settings_service.validate(updated)
        if errors:
            QMessageBox.warning(self, "Identitas kantor belum lengkap", "\n".join(errors))
            return False
        self.ctx.call(settings_service.save, updated)
        return True

    def _start_empty(self) -> None:
        if self._save_identity():
            self._done("kosong")

    def _start_import(self) -> None:
        if self._save_identity():
            self._done("impor")

    def _start_demo(self) -> None:
        if not self._save_identity():
            return
        from karier_desktop.services.demo import generate

        self.setEnabled(False)
        self.task = run_job(self, "Membuat data demo", self.ctx, generate,
                            self.demo_count.value(), on_done=self._demo_done,
                            on_error=self._demo_failed, seed=1)

    def _demo_done(self, _counts: object) -> None:
        self.setEnabled(True)
        self._done("demo")

    def _demo_failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        if not isinstance(exc, Cancelled):
            QMessageBox.critical(self, "Data demo gagal dibuat", str(exc))

    def _done(self, choice: str) -> None:
        self.ctx.changed("all")
        self.finished_choice.emit(choice)
        self.accept()

"""File-menu actions for import, export, backup, restore and the database check.

`install(window)` adds the actions to `window.file_menu` (before "Keluar") and starts a timer
that makes an automatic backup every 30 minutes of changes (checked every 5 minutes).
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
)

from karier_desktop.services import importing, safety
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.ui.dialogs.import_dialog import open_import_dialog
from karier_desktop.ui.dialogs.restore import RestoreDialog
from karier_desktop.ui.dialogs.usb_backup import PassphraseDialog, UsbBackupDialog
from karier_desktop.ui.kit import file_dialogs, permits
from karier_desktop.ui.kit.actions import confirm as ask
from karier_desktop.ui.kit.jobs import run_job
from karier_desktop.ui.kit.worker import Cancelled, Task, run_task

TICK_MS = 5 * 60 * 1000
RESTORE_WAIT_S = 30.0  # how long a restore waits for background work to let go of the file
# what the File menu's actions need (the others only read: exports, backup, check)
ACTION_NEEDS = {"import": Permission.EDIT, "restore": Permission.SETTINGS}
EXPORT_FILTER = "Excel (*.xlsx);;CSV untuk Excel (*.csv)"


class IoActions(QObject):
    backup_made = Signal(str)  # emitted from the backup thread; handled on the GUI thread

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx: Any = window.ctx  # type: ignore[attr-defined]
        self.dirty = False
        self.task: Task | None = None
        self.restoring = False  # no automatic backup while a restore swaps or loads the data
        self._backup_thread: threading.Thread | None = None
        self.ctx.data_changed.connect(self._mark_dirty)
        self.backup_made.connect(self._on_backup_made)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.backup_tick)
        self.timer.start()
        self.actions: dict[str, QAction] = {}
        self._build_menu()

    # --- menu
    def _action(self, key: str, text: str, slot: Any, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        permits.needs(ACTION_NEEDS.get(key), action)  # the exports and the check only read
        self.actions[key] = action
        return action

    def _build_menu(self) -> None:
        menu = self.window.file_menu  # type: ignore[attr-defined]
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, self._action("import", "&Impor dari Excel…", self.open_import,
                                              "Ctrl+I"))
        export_menu = QMenu("&Ekspor ke Excel…", menu)
        menu.insertMenu(first, export_menu)
        for kind in importing.KINDS:
            export_menu.addAction(self._action(f"export_{kind}", importing.kind_label(kind) + "…",
                                               lambda k=kind: self.export(k)))
        from karier_desktop.services.export_tables import EXTRA

        for kind, (label, _build) in EXTRA.items():
            export_menu.addAction(self._action(f"export_{kind}", label + "…",
                                               lambda k=kind: self.export(k)))
        menu.insertSeparator(first)
        menu.insertAction(first, self._action("backup", "&Cadangkan ke…", self.backup_to))
        menu.insertAction(first, self._action("restore", "&Pulihkan dari cadangan…",
                                              self.restore))
        menu.insertAction(first, self._action("check", "Periksa &database", self.check))
        menu.insertSeparator(first)

    @property
    def db_path(self) -> Path | None:
        return self.ctx.db.path

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10_000)

    # --- import / export
    def open_import(self) -> Any:
        # what the clerk is looking at decides what the file most likely holds
        page = getattr(self.window, "current_key", lambda: "")()
        kind = {"asesmen": "asesmen", "pelatihan": "pelatihan"}.get(page, "pegawai")
        return open_import_dialog(self.ctx, self.window, kind)

    def export(self, kind: str, path: Path | None = None) -> Task | None:
        if path is None:
            default = f"{kind}-{dt.date.today():%Y-%m-%d}.xlsx"
            name = file_dialogs.save_file(self.window, "Ekspor ke Excel", default,
                                                  EXPORT_FILTER)
            if not name:
                return None
            path = Path(name)
            if path.suffix.lower() not in (".xlsx", ".csv"):
                path = path.with_name(path.name + ".xlsx")
        from karier_desktop.services.exporting import export_table

        # a unit of work that writes: the export also writes its audit row
        self.task = run_job(self.window, "Mengekspor", self.ctx, export_table, kind, path,
                            on_done=self._exported, on_error=self._failed,
                            reports_progress=False, first_step="Menyiapkan data")
        return self.task

    def _exported(self, result: Any) -> None:
        self._status(f"{result.rows} baris diekspor ke {result.path}")

    # --- backup / restore / check
    def backup_to(self, target: Path | None = None,
                  passphrase: str | None = None) -> Task | None:
        """Back up to a chosen file (the USB dialog asks where and whether to encrypt, unless
        `target` is given); with `passphrase` the file is an encrypted backup (.dbenc)."""
        path = self.db_path
        if path is None:
            return self._backup_server_to(target)
        if target is None:
            dialog = UsbBackupDialog(self.window)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.target is None:
                return None
            target, passphrase = dialog.target, dialog.passphrase
        secret = passphrase

        def work(progress):  # type: ignore[no-untyped-def]
            if secret is None:
                progress("Menyalin dan memeriksa cadangan", 0.2)
                return safety.backup_to(path, target)
            progress("Menyalin, mengenkripsi dan memeriksa cadangan", 0.05)
            return safety.backup_encrypted_to(
                path, target, secret,
                progress=lambda f: progress("Mengenkripsi dan memeriksa cadangan", f))

        return self._run_backup(work, "Cadangan terenkripsi" if secret else "Cadangan")

    def _run_backup(self, work: Any, kind: str) -> Task:
        """Run a backup job; when done, say where the checked copy is."""
        self.task = run_task(self.window, "Mencadangkan", work,
                             lambda made: QMessageBox.information(
                                 self.window, "Cadangan tersimpan",
                                 f"{kind} tersimpan dan sudah diperiksa:\n{made}"),
                             self._failed)
        return self.task

    def _ask_passphrase(self, chosen: Path) -> str | None:
        """The passphrase of an encrypted backup, checked against its key check (None: the
        clerk cancelled, or the file is no usable backup: said in a message)."""
        error = ""
        while True:
            dialog = PassphraseDialog(chosen.name, self.window, error)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            try:
                safety.check_backup_passphrase(chosen, dialog.passphrase)
            except safety.PassphraseError as exc:
                error = str(exc)
                continue
            except safety.SafetyError as exc:
                QMessageBox.warning(self.window, "Pemulihan gagal", str(exc))
                return None
            return dialog.passphrase

    def restore(self, chosen: Path | None = None, confirm: bool = True,
                passphrase: str | None = None) -> Task | None:
        """File → Pulihkan: choose, confirm, then restore in a worker behind a modal progress
        dialog; the running Task (None when nothing started)."""
        path = self.db_path
        if path is None:
            return self._restore_server(chosen, confirm)
        if chosen is None:
            dialog = RestoreDialog(safety.list_backups(path), self.window)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
                return None
            chosen = dialog.chosen
        if passphrase is None and safety.is_encrypted(chosen):
            passphrase = self._ask_passphrase(chosen)
            if passphrase is None:
                return None
        if confirm and not ask(
                self.window, "Pulihkan database",
                f"Ganti isi database dengan cadangan {chosen.name}?\n\nDatabase sekarang "
                "dicadangkan dulu, jadi langkah ini dapat dibatalkan dengan memulihkan "
                "cadangan 'sebelum pemulihan'."):
            return None
        from karier_desktop.services.database import DatabaseOpenError, open_database

        # Every connection must be closed before the swap (on Windows an open file cannot be
        # replaced): the automatic backup first, then the workers' units of work.
        if self._backup_thread is not None:
            self._backup_thread.join()
        if not self.ctx.db.close_and_wait(RESTORE_WAIT_S):
            busy = self.window.running_tasks()  # type: ignore[attr-defined]
            QMessageBox.information(
                self.window, "Pulihkan database",
                "Pekerjaan lain masih memakai database"
                + (f" (\"{busy[0]}\")" if busy else "") + ". Tunggu sampai selesai (atau "
                "batalkan), lalu ulangi pemulihan; database tidak diubah.")
            return None
        source, secret = chosen, passphrase
        account = getattr(self.ctx.db, "account", None)
        actor = getattr(account, "username", None)

        def work(progress):  # type: ignore[no-untyped-def]
            if secret is None:
                progress("Memeriksa dan memulihkan cadangan", 0.1)
                return safety.restore(path, source, actor=actor)

            total_mb = source.stat().st_size / 2**20

            def decrypted(fraction: float) -> None:  # Batal stops it until the swap
                if fraction < 1.0:
                    progress(f"Mendekripsi cadangan ({fraction * total_mb:.0f} dari "
                             f"{total_mb:.0f} MB)", 0.05 + 0.75 * fraction)
                else:
                    progress("Memeriksa dan memulihkan cadangan (tidak dapat dibatalkan lagi)",
                             0.85)

            return safety.restore(path, source, passphrase=secret, progress=decrypted,
                                  actor=actor)

        def reopened() -> bool:
            try:
                self.ctx.db = open_database(path)
            except DatabaseOpenError as exc:
                QMessageBox.critical(self.window, "Pemulihan",
                                     f"{exc}\nTutup aplikasi lalu buka kembali.")
                return False
            return account is None or self._signed_in_again(account)

        def done(result: Any) -> None:
            if not reopened():
                return
            self.window.reload()  # type: ignore[attr-defined]  # pages and watchers: new file
            when = (f" ({result.taken_at:%d-%m-%Y %H:%M})" if result.taken_at else "")
            self._restored(f"Database dipulihkan dari {source.name}{when}.")

        def failed(exc: BaseException) -> None:
            if reopened():
                self._restore_failed(exc)

        # the decryption may be stopped, the swap (crash-safe) not: no Batal for a plain file
        return self._run_restore(work, done, failed, cancellable=secret is not None)

    def _signed_in_again(self, account: Any) -> bool:
        """The reopened file acts as the clerk who restored it when the restored file still
        knows them (active, not locked; its role); else a login is asked (cancelled: the
        window closes, False)."""
        from karier_desktop.services.accounts import login
        from karier_desktop.services.accounts.session import sign_in
        from karier_desktop.ui.login import sign_in_or_quit

        db = self.ctx.db
        with db.session_scope() as session:
            known = login.still_valid(session, account)
        if known is not None:
            sign_in(db, known)
            return True
        if sign_in_or_quit(db, self.window):
            return True
        self.window.close()
        return False

    def _run_restore(self, work: Any, done: Any, failed: Any, cancellable: bool) -> Task:
        """A restore in a worker: its progress shown at once, the rest of the window disabled
        until it ends (nothing may read or write the database meanwhile)."""
        parts = [w for w in (self.window.centralWidget(), self.window.menuBar()) if w]
        for part in parts:
            part.setEnabled(False)
        self.restoring = True

        def ended(then: Any, outcome: Any) -> None:
            self.restoring = False
            for part in parts:
                part.setEnabled(True)
            then(outcome)

        task = Task(self.window, "Memulihkan database", work, cancellable, modal=True)
        task.done.connect(lambda result: ended(done, result))
        task.error.connect(lambda exc: ended(failed, exc))
        self.task = task
        task.start()
        return task

    def _restored(self, message: str) -> None:
        self.dirty = False
        self.ctx.changed("all")
        QMessageBox.information(self.window, "Pemulihan selesai", message)

    def _restore_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            QMessageBox.information(self.window, "Pemulihan dibatalkan",
                                    "Pemulihan dibatalkan; database tidak diubah.")
            return
        QMessageBox.warning(self.window, "Pemulihan gagal", str(exc))

    # --- a database on a PostgreSQL server: pg_dump, or the app's export without it
    def _backup_server_to(self, target: Path | None) -> Task | None:
        from karier_desktop.services import database

        suffix = ".dump" if database.dump_tools_missing() is None else ".karier-server"
        if target is None:
            default = f"karier-server-{dt.datetime.now():%Y%m%d-%H%M}{suffix}"
            name = file_dialogs.save_file(self.window, "Cadangkan database server ke",
                                          default, database.FILE_FILTER)
            if not name:
                return None
            target = Path(name)
        db = self.ctx.db
        how = "pg_dump" if suffix == ".dump" else "ekspor logis"

        def work(progress):  # type: ignore[no-untyped-def]
            progress(f"Membuat dan memeriksa cadangan server ({how})", 0.2)
            return database.backup_server_to(db, target)

        return self._run_backup(work, "Cadangan database server")

    def _restore_server(self, chosen: Path | None, confirm: bool) -> Task | None:
        from karier_desktop.services import database

        if chosen is None:
            dialog = RestoreDialog(
                database.server_dumps(self.ctx.db), self.window, database.FILE_FILTER,
                "Cadangan database server di komputer ini, terbaru di atas: dibuat otomatis "
                "setiap 30 menit bila ada perubahan, dan selalu sebelum impor dan pemulihan.")
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
                return None
            chosen = dialog.chosen
        if confirm and not ask(
                self.window, "Pulihkan database server",
                f"Ganti isi database server dengan cadangan {chosen.name}?\n\nSemua petugas "
                "yang memakai server ini akan melihat isi cadangan. Isi sekarang dicadangkan "
                "dulu, jadi langkah ini dapat dibatalkan."):
            return None
        db, source = self.ctx.db, chosen

        def work(progress):  # type: ignore[no-untyped-def]
            return database.restore_server(db, source, progress)

        def done(result: Any) -> None:
            self._restored(f"Database server dipulihkan dari {source.name}. Isi sebelumnya "
                           f"disimpan di {result.safety_copy}.")

        return self._run_restore(work, done, self._restore_failed,
                                 database.restore_cancellable(source))

    def check(self) -> Any:
        from karier_desktop.services.check import repair, run_check

        title = "Periksa database"
        backup_note = ""
        if self.db_path is not None:
            try:
                safety.backup_now(self.db_path, reason="periksa")
            except safety.SafetyError as exc:  # e.g. the file itself fails the check: say so
                backup_note = f"\n\nCatatan: cadangan sebelum pemeriksaan tidak dibuat ({exc})."
        report = self.ctx.call(run_check)
        if report.healthy:
            QMessageBox.information(self.window, title,
                                    "Database sehat: integritas baik dan data valid." + backup_note)
            return report
        text = "Database bermasalah:\n" + "\n".join(report.problems[:30]) + backup_note
        if not report.repairable:
            QMessageBox.warning(self.window, title, text)
            return report
        if not ask(self.window, title,
                   text + "\n\nSusun ulang indeks sekarang? Data tabel tidak diubah."):
            return report
        self.ctx.call(repair)
        report = self.ctx.call(run_check)
        if report.healthy:
            QMessageBox.information(self.window, title, "Indeks sudah disusun ulang. Database "
                                    "sehat: integritas baik dan data valid.")
        else:
            QMessageBox.warning(self.window, title, "Sesudah indeks disusun ulang database masih "
                                "bermasalah:\n" + "\n".join(report.problems[:30]))
        return report

    # --- automatic backups
    def _mark_dirty(self, _what: str) -> None:
        self.dirty = True

    def backup_tick(self, now: dt.datetime | None = None, wait: bool = False) -> None:
        """Timer slot: back up in a background thread when data changed and 30 min passed."""
        from karier_desktop.services import database

        path, db = self.db_path, self.ctx.db
        if not self.dirty or self.restoring:
            return
        if self._backup_thread is not None and self._backup_thread.is_alive():
            return
        moment = now or dt.datetime.now()

        def work() -> None:
            try:
                if path is None:  # a server database: into the server backup folder
                    made, _ = database.maybe_backup_server(db, moment, True)
                else:
                    made = safety.maybe_backup(path, moment, True)
            except safety.SafetyError as exc:
                self.backup_made.emit(f"!{exc}")
                return
            if made is not None:
                self.backup_made.emit(str(made))

        self._backup_thread = threading.Thread(target=work, name="cadangan-otomatis",
                                               daemon=True)
        self._backup_thread.start()
        if wait:
            self._backup_thread.join()

    def _on_backup_made(self, message: str) -> None:
        if message.startswith("!"):
            self._status(message[1:])
            return
        self.dirty = False
        self._status(f"Cadangan otomatis dibuat: {Path(message).name}")

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self._status("Dibatalkan.")
            return
        QMessageBox.warning(self.window, "Gagal", str(exc))


def install(window: QMainWindow) -> IoActions:
    """Add the import/export/backup actions to `window.file_menu`; keep the returned object."""
    actions = IoActions(window)
    window.io_actions = actions  # type: ignore[attr-defined]
    return actions

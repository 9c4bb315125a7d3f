"""Basis data server: the saved connection to the office's PostgreSQL server.

`ConnectionDialog` (from the welcome screen and from Pengaturan) takes host, port, database,
user and password, tests them ("Uji koneksi", off the GUI thread) and saves them; the password
goes to the OS keyring, never into a file. `ServerSection` is the group on the settings page.
`saved_server_target` is what the start-up asks: the saved server's URL, with the password from
the keyring or asked for.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from karier_desktop.services import connection as svc
from karier_desktop.ui.kit.worker import Task, run_task

TITLE = "Basis data server"


class ConnectionForm(QWidget):
    """The fields and "Uji koneksi"; `checked(ok, message)` after each test."""

    checked = Signal(bool, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task: Task | None = None
        self.last_ok: svc.ServerConnection | None = None  # the values the last good test used
        self.host = QLineEdit()
        self.host.setPlaceholderText("nama komputer server atau IP, mis. 192.168.1.10")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit()
        self.database.setPlaceholderText("mis. karier")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("disimpan di brankas kata sandi sistem, bukan di file")
        self.test_btn = QPushButton("&Uji koneksi")
        self.test_btn.clicked.connect(self.run_check)
        self.result = QLabel(" ")
        self.result.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Server:", self.host)
        form.addRow("&Port:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&Pengguna:", self.user)
        form.addRow("&Kata sandi:", self.password)
        # room for a three-line message, so a long one is never cut off
        self.result.setMinimumHeight(self.result.fontMetrics().lineSpacing() * 3 + 4)
        row = QHBoxLayout()
        row.addWidget(self.test_btn)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.result)

    def connection(self) -> svc.ServerConnection:
        return svc.ServerConnection(host=self.host.text().strip(),
                                    database=self.database.text().strip(),
                                    user=self.user.text().strip(), port=self.port.value())

    def set_connection(self, conn: svc.ServerConnection) -> None:
        self.host.setText(conn.host)
        self.port.setValue(conn.port)
        self.database.setText(conn.database)
        self.user.setText(conn.user)

    def run_check(self) -> Task | None:
        conn, password = self.connection(), self.password.text()
        problems = conn.problems()
        if problems:
            self._show(False, " ".join(problems))
            return None
        self.test_btn.setEnabled(False)
        self.result.setText("Menghubungi server…")

        def work(_progress):  # type: ignore[no-untyped-def]
            return svc.check_connection(conn, password)

        def done(check: svc.ConnectionCheck) -> None:
            self.last_ok = conn if check.ok else None
            self._show(check.ok, check.message)

        def failed(exc: BaseException) -> None:
            self._show(False, svc.explain_failure(conn, exc))

        self.task = run_task(self, "Menguji koneksi", work, done, failed, cancellable=False)
        return self.task

    def _show(self, ok: bool, message: str) -> None:
        self.test_btn.setEnabled(True)
        self.result.setText(("✔ " if ok else "✘ ") + message)
        self.result.setProperty("role", "ok" if ok else "error")
        self.checked.emit(ok, message)


class ConnectionDialog(QDialog):
    """Test and save the server connection; the next start opens it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(560)
        intro = QLabel("Untuk kantor dengan beberapa petugas: Karier ASN memakai database "
                       "bersama di server PostgreSQL kantor. Isi data dari admin server, tekan "
                       "Uji koneksi, lalu Simpan. Aplikasi membuka server ini saat dimulai "
                       "berikutnya.")
        intro.setWordWrap(True)
        self.form = ConnectionForm()
        saved = svc.load_saved()
        if saved is not None:
            self.form.set_connection(saved)
        self.form.checked.connect(lambda ok, _m: self.save_btn.setEnabled(ok))
        self.save_btn = QPushButton("&Simpan")
        self.save_btn.setEnabled(False)  # only what passed "Uji koneksi" is saved
        self.save_btn.clicked.connect(self.save)
        cancel = QPushButton("&Batal")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_btn)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        self.saved_message = ""
        self.switching = False  # the window is about to open the server just saved

    def save(self) -> bool:
        conn = self.form.connection()
        if self.form.last_ok != conn:
            QMessageBox.information(self, TITLE, "Isian berubah sejak diuji. Tekan Uji koneksi "
                                                 "lagi sebelum menyimpan.")
            self.save_btn.setEnabled(False)
            return False
        try:
            in_keyring = svc.save(conn, self.form.password.text())
        except OSError as exc:
            QMessageBox.warning(self, TITLE, f"Koneksi tidak dapat disimpan: "
                                             f"{exc.strerror or exc}")
            return False
        note = ("Kata sandi disimpan di brankas kata sandi sistem." if in_keyring else
                "Komputer ini tidak punya brankas kata sandi, jadi kata sandi tidak disimpan: "
                "aplikasi menanyakannya setiap kali dimulai.")
        self.saved_message = f"Koneksi ke {conn.label} disimpan. {note}"
        window = _main_window(self)
        if window is None:
            QMessageBox.information(self, TITLE, self.saved_message + " Tutup lalu buka lagi "
                                    "Karier ASN untuk memakai database server.")
            self.accept()
            return True
        now = self.ask_connect_now(window)
        url = conn.url(self.form.password.text())
        self.accept()
        if now:  # once this dialog (and the page that opened it) is out of the way
            from karier_desktop.ui.account_menu import connect_server

            self.switching = True
            QTimer.singleShot(0, window, lambda: connect_server(window, url))  # type: ignore[arg-type]
        return True

    def ask_connect_now(self, window: QWidget) -> bool:
        """"Sambungkan sekarang" (close this database, open the server in this window) or
        later (the next start opens the server)."""
        box = QMessageBox(QMessageBox.Icon.Question, TITLE, self.saved_message + "\n\n"
                          "Sambungkan sekarang? Database yang sedang terbuka ditutup dengan "
                          "rapi dan database server dibuka di jendela ini.", parent=self)
        now = box.addButton("Sambungkan &sekarang", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Nanti (saat aplikasi dibuka lagi)", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(now)
        box.exec()
        return box.clickedButton() is now


def _main_window(widget: QWidget) -> QWidget | None:
    """The main window `widget` belongs to (it can change its database), if any."""
    current: QWidget | None = widget.parentWidget()
    while current is not None:
        if hasattr(current, "account_menu") and hasattr(current, "reload"):
            return current
        current = current.parentWidget()
    return None


class ServerSection(QGroupBox):
    """Pengaturan → Basis data server: where the app works, change it, or go back to the file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, parent)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.change_btn = QPushButton("Atur basis data &server…")
        self.change_btn.clicked.connect(self.change)
        self.local_btn = QPushButton("Kembali ke file lo&kal")
        self.local_btn.clicked.connect(self.use_local)
        row = QHBoxLayout()
        row.addWidget(self.change_btn)
        row.addWidget(self.local_btn)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        saved = svc.load_saved()
        self.local_btn.setEnabled(saved is not None)
        self.state.setText(f"Saat dimulai, aplikasi membuka server {saved.label}." if saved else
                           "Saat dimulai, aplikasi membuka file database di laptop ini.")

    def change(self) -> None:
        dialog = ConnectionDialog(self)
        dialog.exec()
        if not dialog.switching:  # a switch rebuilds this page anyway
            self.refresh()

    def use_local(self) -> None:
        if QMessageBox.question(self, TITLE, "Lupakan koneksi server (dan kata sandinya) dan "
                                "kembali memakai file database di laptop ini saat dimulai "
                                "berikutnya?") != QMessageBox.StandardButton.Yes:
            return
        svc.forget()
        self.refresh()


def ask_password(conn: svc.ServerConnection, parent: QWidget | None = None) -> str | None:
    """The password for `conn`, typed in (never stored); None when the clerk cancels."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(TITLE)
    dialog.setLabelText(f"Kata sandi untuk {conn.label}:")
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setOkButtonText("OK")
    dialog.setCancelButtonText("Batal")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.textValue()


def saved_server_target(parent: QWidget | None = None) -> tuple[str | None, bool]:
    """(URL of the saved server or None for the local file, False when the clerk chose to
    close). A saved server that cannot be used is told first, with the choice to change the
    connection, to open the local file this once, or to close; never a dead end."""
    while True:
        conn = svc.load_saved()
        if conn is None:
            return None, True
        password = svc.stored_password(conn)
        if password is None:
            password = ask_password(conn, parent)
            if password is None:
                return None, False
        check = svc.check_connection(conn, password)
        if check.ok:
            return conn.url(password), True
        choice = _server_failed(conn, check.message, parent)
        if choice == "local":
            return None, True
        if choice == "close":
            return None, False
        ConnectionDialog(parent).exec()  # "change": then try the saved connection again


def _server_failed(conn: svc.ServerConnection, message: str, parent: QWidget | None) -> str:
    box = QMessageBox(QMessageBox.Icon.Warning, TITLE,
                      f"Database server {conn.label} tidak dapat dipakai.\n\n{message}", parent=parent)
    change = box.addButton("&Ubah koneksi…", QMessageBox.ButtonRole.AcceptRole)
    local = box.addButton("Buka file &lokal kali ini", QMessageBox.ButtonRole.ActionRole)
    close = box.addButton("&Tutup", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(change)
    box.exec()
    clicked = box.clickedButton()
    return "change" if clicked is change else "local" if clicked is local else \
        "close" if clicked is close else "close"

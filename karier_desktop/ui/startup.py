"""Start-up: one instance per user, open (or create) the database, then the main window."""

from __future__ import annotations

import getpass
import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from karier_desktop import APP_NAME
from karier_desktop.paths import default_db_path, risky_location, user_data_dir

log = logging.getLogger(__name__)
SERVER_PREFIX = "karier-asn-instance"


def server_name() -> str:
    """The local-socket name of this user's running copy.

    On Windows a local server is a named pipe, and pipe names are machine-wide: with one fixed
    name a second user of a shared PC reached (or was blocked by) the first user's copy. The
    name carries a digest of the user and the data folder instead.
    """
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment
        user = ""
    digest = hashlib.sha256(f"{user}\0{user_data_dir()}".encode()).hexdigest()[:16]
    return f"{SERVER_PREFIX}-{digest}"


class SingleInstance:
    """A lock file in the data folder; a second copy asks the first to come forward and exits."""

    def __init__(self) -> None:
        folder = user_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self.lock = QLockFile(str(folder / "karier.lock"))
        self.lock.setStaleLockTime(0)
        self.server: QLocalServer | None = None
        self.name = server_name()

    def acquire(self) -> bool:
        if self.lock.tryLock(100):
            QLocalServer.removeServer(self.name)
            self.server = QLocalServer()
            self.server.listen(self.name)
            return True
        if self.lock.removeStaleLockFile() and self.lock.tryLock(100):
            log.info("stale instance lock taken over")
            return self.acquire_after_takeover()
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if sock.waitForConnected(500):
            sock.write(b"raise")
            sock.waitForBytesWritten(500)
        return False

    def acquire_after_takeover(self) -> bool:
        QLocalServer.removeServer(self.name)
        self.server = QLocalServer()
        self.server.listen(self.name)
        return True

    def on_raise(self, window: QWidget) -> None:
        if self.server is None:
            return

        def _raise() -> None:
            conn = self.server.nextPendingConnection() if self.server else None
            if conn is not None:
                conn.close()
            window.showNormal()
            window.raise_()
            window.activateWindow()

        self.server.newConnection.connect(_raise)


def start(app: QApplication, db_path: Path | str | None) -> QWidget | None:
    """Start the window on a SQLite file (a Path; the user's default when None) or on a shared
    database on a PostgreSQL server (a URL string)."""
    from PySide6.QtCore import QLocale

    from karier_desktop.ui.kit.style import STYLE_SHEET
    from karier_desktop.ui.open_flow import open_or_welcome
    from karier_desktop.ui.translator import IndonesianTranslator

    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    translator = IndonesianTranslator(app)
    app.installTranslator(translator)
    app._id_translator = translator  # type: ignore[attr-defined]
    # One look on Windows 10, 11 and Linux: the native Windows 11 style draws our style sheet
    # differently, and Fusion is what the screens were checked with.
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE_SHEET)
    from PySide6.QtGui import QIcon

    from karier_desktop.paths import resource

    icon = resource("windows", "karier.ico")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    # One copy per computer guards the SQLite file (one writer). On a shared server every
    # clerk's window is its own connection, so a second window (another clerk at the same
    # computer) may open beside the first.
    guard = SingleInstance() if not isinstance(db_path, str) else None
    if guard is not None and not guard.acquire():
        QMessageBox.information(None, APP_NAME,
                                "Karier ASN sudah berjalan. Jendela yang terbuka ditampilkan.")
        return None
    from karier_desktop.store import writer_lock

    writer_lock.set_holder("jendela aplikasi Karier ASN")
    try:
        if isinstance(db_path, str):
            from karier_desktop.ui.open_flow import open_server_window

            window = open_server_window(db_path)
        else:
            from karier_desktop.services.accounts.gate import login_required_in_file
            from karier_desktop.ui.open_flow import open_local_with_login

            path = db_path or default_db_path()
            warn_if_risky(path)
            # the login step: only when the admin switched it on (the laptop default is off)
            window = open_local_with_login(path) if login_required_in_file(path) \
                else open_or_welcome(path)
    except Exception as exc:  # noqa: BLE001 - never PyInstaller's "Unhandled exception" box
        log.exception("opening the database failed")
        QMessageBox.critical(None, APP_NAME, opening_failed_message(exc))
        return None
    if window is None:
        return None
    if guard is not None:
        window._instance_guard = guard  # type: ignore[attr-defined]  # keep the lock alive
        guard.on_raise(window)
    window.show()
    return window


def opening_failed_message(exc: BaseException) -> str:
    """Indonesian words for an error that escaped the opening of the database."""
    from karier_desktop.diagnostics import log_file

    where = log_file()
    detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    if isinstance(exc, PermissionError):
        why = ("sebuah file database atau cadangannya sedang dipakai program lain (antivirus, "
               "OneDrive, atau Karier ASN yang lain). Tunggu sebentar, lalu buka lagi aplikasi.")
    elif isinstance(exc, OSError):
        why = f"file database tidak dapat dibaca atau ditulis ({detail})."
    else:
        why = f"terjadi kesalahan tak terduga ({type(exc).__name__}: {detail})."
    return (f"Database tidak dapat dibuka: {why}\n\nData tidak diubah."
            + (f" Rinciannya dicatat di {where.parent}." if where else ""))


class _ErrorBridge(QObject):
    """Carries an unexpected error's message from any thread to a dialog on the GUI thread."""

    message = Signal(str)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._showing = False
        self.message.connect(self._show)

    def _show(self, text: str) -> None:
        if self._showing:  # one box at a time; the log has every error
            return
        self._showing = True
        try:
            QMessageBox.critical(QApplication.activeWindow(), APP_NAME, text)
        finally:
            self._showing = False


def install_error_dialog(app: QApplication) -> None:
    """Unexpected errors (a slot, a worker thread) are logged and shown in Indonesian."""
    from karier_desktop.diagnostics import install_excepthooks, set_notifier

    bridge = _ErrorBridge(app)
    app._error_bridge = bridge  # type: ignore[attr-defined]
    install_excepthooks()
    set_notifier(bridge.message.emit)


def warn_if_risky(path: Path) -> str | None:
    """Warn (once per start) when the database lies on a network share or in OneDrive."""
    where = risky_location(path)
    if where is None:
        return None
    log.warning("database in a risky place: %s", where)
    QMessageBox.warning(
        None, APP_NAME,
        f"Database ini berada di {where}:\n{path}\n\nDatabase di folder jaringan atau folder "
        "yang disinkronkan (OneDrive) dapat rusak bila tersalin atau terputus saat aplikasi "
        "menulis. Pindahkan database ke folder lokal laptop (mis. lokasi bawaan aplikasi), "
        "lalu simpan cadangan ke flashdisk atau OneDrive lewat menu Berkas → Cadangkan ke…")
    return where


def open_log_folder(parent: QWidget | None = None) -> Path:
    """Bantuan → Buka folder log: show the log folder in the file manager (Explorer)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from karier_desktop.paths import log_dir

    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        QMessageBox.information(parent, APP_NAME, f"Folder log ada di:\n{folder}")
    return folder

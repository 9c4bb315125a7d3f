"""Start-up: one instance per user, open (or create) the database, then the main window."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLockFile
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from karier_desktop import APP_NAME
from karier_desktop.paths import default_db_path, user_data_dir

log = logging.getLogger(__name__)
SERVER_NAME = "karier-asn-instance"


class SingleInstance:
    """A lock file in the data folder; a second copy asks the first to come forward and exits."""

    def __init__(self) -> None:
        folder = user_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self.lock = QLockFile(str(folder / "karier.lock"))
        self.lock.setStaleLockTime(0)
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        if self.lock.tryLock(100):
            QLocalServer.removeServer(SERVER_NAME)
            self.server = QLocalServer()
            self.server.listen(SERVER_NAME)
            return True
        if self.lock.removeStaleLockFile() and self.lock.tryLock(100):
            log.info("stale instance lock taken over")
            return self.acquire_after_takeover()
        sock = QLocalSocket()
        sock.connectToServer(SERVER_NAME)
        if sock.waitForConnected(500):
            sock.write(b"raise")
            sock.waitForBytesWritten(500)
        return False

    def acquire_after_takeover(self) -> bool:
        QLocalServer.removeServer(SERVER_NAME)
        self.server = QLocalServer()
        self.server.listen(SERVER_NAME)
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


def start(app: QApplication, db_path: Path | None) -> QWidget | None:
    from PySide6.QtCore import QLocale

    from karier_desktop.ui.open_flow import open_or_welcome
    from karier_desktop.ui.style import STYLE_SHEET
    from karier_desktop.ui.translator import IndonesianTranslator

    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    translator = IndonesianTranslator(app)
    app.installTranslator(translator)
    app._id_translator = translator  # type: ignore[attr-defined]
    app.setStyleSheet(STYLE_SHEET)
    guard = SingleInstance()
    if not guard.acquire():
        QMessageBox.information(None, APP_NAME,
                                "Karier ASN sudah berjalan. Jendela yang terbuka ditampilkan.")
        return None
    from karier_desktop.store import writer_lock

    writer_lock.set_holder("jendela aplikasi Karier ASN")
    path = db_path or default_db_path()
    window = open_or_welcome(path)
    if window is None:
        return None
    window._instance_guard = guard  # type: ignore[attr-defined]  # keep the lock alive
    guard.on_raise(window)
    window.show()
    return window

"""Start-up on the clerk's laptop: errors at opening, the instance name, the style, the log
menu, unexpected errors and risky database folders (issue 23, items 5, 6, 9)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from karier_desktop import diagnostics, paths
from karier_desktop.store import lifecycle
from karier_desktop.store.backup import BackupError
from karier_desktop.store.db import Database
from karier_desktop.ui import startup
from karier_desktop.ui.main_window import MainWindow
from karier_desktop.ui.open_flow import open_or_welcome


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {"critical": [], "warning": [], "information": []}
    for kind in seen:
        monkeypatch.setattr(QMessageBox, kind,
                            lambda _p, _t, text, *a, k=kind, **kw: seen[k].append(text))
    return seen


def _existing_database(template: Path, folder: Path) -> Path:
    path = folder / "karier.db"
    shutil.copy(template, path)
    return path


def test_a_failed_backup_before_migration_is_explained(
        demo_template: Path, tmp_path: Path, boxes: dict[str, list[str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = _existing_database(demo_template, tmp_path)

    def scanning(*_a: object, **_k: object) -> None:  # the first start after an update
        raise BackupError(f"Cadangan gagal dibuat di {tmp_path / 'backup'}: [WinError 32] The "
                          "process cannot access the file")

    monkeypatch.setattr(lifecycle, "_migrate", scanning)
    assert open_or_welcome(path) is None
    assert "cadangannya harus dibuat dulu, tetapi gagal" in boxes["critical"][0]
    assert "Database tidak diubah" in boxes["critical"][0]


def test_a_locked_leftover_of_a_restore_is_explained(
        demo_template: Path, tmp_path: Path, boxes: dict[str, list[str]], hold_file) -> None:
    path = _existing_database(demo_template, tmp_path)
    leftover = path.with_name(path.name + ".restore.tmp")
    shutil.copy(path, leftover)
    hold_file(leftover)  # antivirus still scans what the killed restore wrote
    assert open_or_welcome(path) is None
    message = boxes["critical"][0]
    assert "karier.db.restore.tmp sedang dipakai program lain" in message
    assert "Traceback" not in message


def test_start_turns_any_escaping_error_into_a_message(
        tmp_path: Path, boxes: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch,
        qapp: QApplication) -> None:
    from karier_desktop.ui import open_flow

    def broken(_path: Path) -> None:
        raise PermissionError(13, "[WinError 5] Access is denied", str(tmp_path / "x.db"))

    monkeypatch.setattr(open_flow, "open_or_welcome", broken)
    styles: list[str] = []
    monkeypatch.setattr(QApplication, "setStyle", lambda _app, name: styles.append(name))
    sheet = qapp.styleSheet()
    try:
        assert startup.start(qapp, tmp_path / "karier.db") is None
    finally:
        qapp.setStyleSheet(sheet)
    assert styles == ["Fusion"]  # the look the screens were checked in, on Windows 10 and 11
    assert boxes["critical"][0].startswith("Database tidak dapat dibuka: sebuah file database")
    assert "Data tidak diubah" in boxes["critical"][0]


def test_the_instance_name_is_per_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(startup.getpass, "getuser", lambda: "operator1")
    first = startup.server_name()
    monkeypatch.setattr(startup.getpass, "getuser", lambda: "operator2")
    second = startup.server_name()
    assert first != second
    assert first.startswith(startup.SERVER_PREFIX) and startup.SingleInstance().name == second


def test_help_menu_opens_the_log_folder(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)
    window = MainWindow(db)
    qtbot.addWidget(window)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "Ban&tuan")
    action = next(a for a in help_menu.actions() if a.text() == "Buka folder &log")
    action.trigger()
    assert opened == [str(paths.log_dir())] and paths.log_dir().is_dir()
    qtbot.waitUntil(lambda: not window.running_tasks(), timeout=30_000)


def test_an_error_in_a_worker_thread_is_shown_in_indonesian(
        qtbot, qapp: QApplication, boxes: dict[str, list[str]]) -> None:  # type: ignore[no-untyped-def]
    import sys

    saved = sys.excepthook, threading.excepthook
    try:
        startup.install_error_dialog(qapp)

        def work() -> None:
            raise ValueError("data tidak terbaca")

        thread = threading.Thread(target=work, name="cadangan-otomatis")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(boxes["critical"]), timeout=10_000)
    finally:
        diagnostics.set_notifier(None)
        sys.excepthook, threading.excepthook = saved
    assert boxes["critical"][0].startswith("Terjadi kesalahan yang tidak terduga (ValueError")


@pytest.mark.parametrize(("where", "expected"), [
    (r"\\fileserver\bkpp\karier.db", "folder jaringan"),
    (r"C:\Users\andi\OneDrive - Pemerintah Kabupaten Mamuju\Documents\karier.db",
     "folder OneDrive"),
    (r"C:\Users\andi\OneDrive\Dokumen\karier.db", "folder OneDrive"),
    (r"C:\Users\andi\AppData\Local\KarierASN\karier.db", None),
    ("/home/andi/.local/share/KarierASN/karier.db", None),
])
def test_risky_database_folders(where: str, expected: str | None) -> None:
    found = paths.risky_location(where, env={}, drive_type=lambda _root: 3)  # 3: a fixed disk
    if expected is None:
        assert found is None
    else:
        assert found is not None and expected in found


def test_mapped_network_drive_and_redirected_documents() -> None:
    assert paths.risky_location(r"Z:\karier.db", env={},
                                drive_type=lambda root: 4 if root == "Z:\\" else 3) \
        == "drive jaringan (Z:)"
    assert paths.risky_location(r"D:\Dok\karier.db", env={"OneDrive": r"D:\Dok"},
                                drive_type=lambda _r: 3) == "folder OneDrive"


def test_a_database_in_onedrive_is_warned_about(boxes: dict[str, list[str]],
                                                tmp_path: Path) -> None:
    path = tmp_path / "OneDrive - Pemerintah Kabupaten Mamuju" / "Documents" / "karier.db"
    assert startup.warn_if_risky(path) == "folder OneDrive"
    assert "Pindahkan database ke folder lokal" in boxes["warning"][0]
    assert startup.warn_if_risky(tmp_path / "karier.db") is None
    assert len(boxes["warning"]) == 1

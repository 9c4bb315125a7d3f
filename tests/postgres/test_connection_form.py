"""Basis data server in the window: test, save (password to the keyring), open it next start."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from karier_desktop.paths import user_data_dir
from karier_desktop.services import connection as svc
from karier_desktop.ui.connection_form import ConnectionDialog, ServerSection, saved_server_target

SHOTS = os.environ.get("KARIER_SHOTS")  # a folder: screenshots to look at


def _fill(dialog: ConnectionDialog, pg_url: str, database: str | None = None) -> None:
    rest = pg_url.split("://", 1)[1]
    user, rest = rest.split("@", 1)
    hostport, name = rest.split("/", 1)
    host, port = hostport.rsplit(":", 1)
    form = dialog.form
    form.host.setText(host)
    form.port.setValue(int(port))
    form.database.setText(database or name)
    form.user.setText(user)
    form.password.setText("rahasia123")


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))


def test_a_tested_connection_is_saved_and_opened_at_the_next_start(  # type: ignore[no-untyped-def]
        qtbot, pg_url: str, memory_keyring, monkeypatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: told.append(text))
    dialog = ConnectionDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(dialog, pg_url, database="tidak_ada")
    qtbot.mouseClick(dialog.form.test_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.form.result.text().startswith("✘"), timeout=20_000)
    assert "Database \"tidak_ada\" tidak ada di server" in dialog.form.result.text()
    assert not dialog.save_btn.isEnabled()
    _shot(dialog, "koneksi-gagal.png")
    _fill(dialog, pg_url)
    with qtbot.waitSignal(dialog.form.checked, timeout=20_000):
        dialog.form.test_btn.click()
    assert dialog.form.result.text().startswith("✔ Koneksi berhasil")
    assert dialog.save_btn.isEnabled()
    _shot(dialog, "koneksi-berhasil.png")
    dialog.save_btn.click()
    assert "disimpan. Kata sandi disimpan di brankas kata sandi sistem" in told[-1]
    saved = (user_data_dir() / "server.json").read_text(encoding="utf-8")
    assert "rahasia123" not in saved and json.loads(saved)["database"] == pg_url.rsplit("/")[-1]
    url, go_on = saved_server_target()
    assert go_on and url == svc.load_saved().url("rahasia123")  # type: ignore[union-attr]
    section = ServerSection()
    qtbot.addWidget(section)
    assert "aplikasi membuka server karier@" in section.state.text()
    _shot(section, "pengaturan-server.png")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    section.local_btn.click()
    assert svc.load_saved() is None and memory_keyring.kept == {}
    assert "file database di laptop ini" in section.state.text()


def _parts(pg_url: str) -> svc.ServerConnection:
    rest = pg_url.split("://", 1)[1]
    user, rest = rest.split("@", 1)
    hostport, name = rest.split("/", 1)
    host, port = hostport.rsplit(":", 1)
    return svc.ServerConnection(host=host, port=int(port), database=name, user=user)


def _answer(kind: type, act) -> None:  # type: ignore[no-untyped-def]
    """Answer the next modal box of `kind` once it is up (the start-up asks modally)."""
    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, kind):
            act(box)
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)


def test_without_a_keyring_the_password_is_asked_at_start(  # type: ignore[no-untyped-def]
        qtbot, pg_url: str, no_keyring) -> None:
    conn = _parts(pg_url)
    svc.save(conn, "rahasia123")

    def type_password(box: QInputDialog) -> None:
        _shot(box, "minta-kata-sandi.png")
        box.setTextValue("kata sandi baru")
        box.accept()

    _answer(QInputDialog, type_password)
    url, go_on = saved_server_target()
    assert go_on and url == conn.url("kata sandi baru")
    assert "kata%20sandi%20baru@" in url  # type: ignore[operator]
    _answer(QInputDialog, lambda box: box.reject())
    assert saved_server_target() == (None, False)  # the start stops; no local file instead


def test_a_saved_server_that_cannot_be_reached_is_told_with_a_way_out(  # type: ignore[no-untyped-def]
        qtbot, memory_keyring) -> None:
    svc.save(svc.ServerConnection("127.0.0.1", "kantor", "petugas", 1), "rahasia123")
    seen: list[str] = []

    def open_local(box: QMessageBox) -> None:
        seen.append(box.text())
        _shot(box, "server-tidak-dapat-dipakai.png")
        next(b for b in box.buttons() if "lokal" in b.text()).click()

    _answer(QMessageBox, open_local)
    assert saved_server_target() == (None, True)  # this once on the laptop's own file
    assert "petugas@127.0.0.1:1/kantor tidak dapat dipakai." in seen[0]
    assert "tidak dapat dihubungi" in seen[0] and "rahasia123" not in seen[0]
    assert svc.load_saved() is not None  # kept for the next start

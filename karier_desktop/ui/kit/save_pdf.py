"""Saving a printed document, the same way on every page: ask for a file (unless the caller
gives one), let a service write it (atomically; another name when the file is open in a PDF
viewer), say so when the name changed, and open the PDF in the system viewer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from karier_desktop.ui.kit import file_dialogs


def save_pdf(parent: QWidget, title: str, suggested_name: str,
             write: Callable[[Path], Path], path: Path | None = None, *,
             dialog_title: str = "", kept_as: str = "dokumen") -> Path | None:
    """`write(path)` saves through a service and returns the path written. `title` heads the
    messages; `kept_as` names the document in "… jadi {kept_as} disimpan sebagai …".
    Returns the file written, or None (cancelled, or the folder refused the file)."""
    if path is None:
        chosen = file_dialogs.save_file(parent, dialog_title or title, suggested_name,
                                        "PDF (*.pdf)")
        if not chosen:
            return None
        path = Path(chosen)
    try:
        written = write(path)
    except OSError as exc:
        QMessageBox.warning(parent, title, f"File tidak dapat disimpan: "
                            f"{exc.strerror or exc}. Pilih folder lain lalu ulangi.")
        return None
    if written != path:
        QMessageBox.information(parent, title, f"{path.name} sedang dibuka program lain "
                                f"(mis. penampil PDF), jadi {kept_as} disimpan sebagai "
                                f"{written.name}.")
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))
    return written

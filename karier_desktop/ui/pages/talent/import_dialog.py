"""Import SKP (kinerja) or potential results: choose a file, read the check, then import.

Same rules as the employee import: nothing is written while a row is wrong (unless the clerk
chooses to skip the wrong rows), a backup is made first, errors name the sheet's row.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from karier_desktop.services import talent
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.importing import ImportFileError
from karier_desktop.ui.context import AppContext

MAX_SHOWN = 15
SAMPLE_CHOICE = "Buat file contoh dari data pegawai (untuk latihan)"


def write_samples(ctx: AppContext, parent: QWidget, folder: Path | None = None
                  ) -> tuple[Path, Path] | None:
    """Write SKP and potential sheets for the active employees (demo and training)."""
    import datetime as dt

    if folder is None:
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = QFileDialog.getExistingDirectory(parent, "Folder file contoh", start)
        if not name:
            return None
        folder = Path(name)
    try:
        paths = ctx.read(talent.write_sample_files, dt.date.today().year, folder)
    except OSError as exc:
        QMessageBox.warning(parent, "File contoh", f"File tidak dapat disimpan: {exc}")
        return None
    QMessageBox.information(parent, "File contoh", "File contoh dibuat (nilai acak, hanya "
                            f"untuk latihan):\n{paths[0]}\n{paths[1]}\nImpor keduanya lewat "
                            "tombol Impor kinerja/potensi.")
    return paths


def _check_then_apply(session, kind: str, path: Path, skip: bool):  # type: ignore[no-untyped-def]
    preview = talent.build_import_preview(session, kind, path)
    if preview.problems or (preview.invalid_rows and not skip):
        return preview, None
    return preview, talent.apply_import(session, preview, skip_invalid=skip)


def run_import(ctx: AppContext, parent: QWidget, kind: str | None = None,
               path: Path | None = None) -> bool:
    """Ask for the kind and file (unless given); True when data was imported."""
    labels = [talent.IMPORT_KIND_LABELS[k] for k in talent.IMPORT_KINDS]
    if kind is None:
        chosen, ok = QInputDialog.getItem(parent, "Impor talenta", "Jenis data:",
                                          [*labels, SAMPLE_CHOICE], 0, False)
        if not ok:
            return False
        if chosen == SAMPLE_CHOICE:
            write_samples(ctx, parent)
            return False
        kind = talent.IMPORT_KINDS[labels.index(chosen)]
    if path is None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getOpenFileName(parent, f"Impor {talent.IMPORT_KIND_LABELS[kind]}",
                                              folder, "Excel/CSV (*.xlsx *.xls *.csv)")
        if not name:
            return False
        path = Path(name)
    title = f"Impor {talent.IMPORT_KIND_LABELS[kind].lower()}"
    try:
        preview = ctx.read(talent.build_import_preview, kind, path)
    except ImportFileError as exc:
        QMessageBox.warning(parent, title, str(exc))
        return False
    if preview.problems:
        QMessageBox.warning(parent, title, "\n".join(preview.problems))
        return False
    errors = [str(e) for e in preview.errors]
    text = f"{path.name}: {preview.summary()}."
    if preview.previous_import:
        text += "\n" + preview.previous_import
    skip = False
    if errors:
        shown = "\n".join(errors[:MAX_SHOWN])
        more = f"\n… dan {len(errors) - MAX_SHOWN} kesalahan lain." if len(errors) > MAX_SHOWN \
            else ""
        box = QMessageBox(QMessageBox.Icon.Warning, title, f"{text}\n\n{shown}{more}\n\n"
                          "Tidak ada data yang disimpan selama masih ada baris yang salah.",
                          parent=parent)
        skip_btn = box.addButton("Impor yang &valid saja", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Batal", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not skip_btn or not preview.valid_rows:
            return False
        skip = True
    elif QMessageBox.question(parent, title, f"{text}\n\nImpor sekarang? Cadangan dibuat "
                              "lebih dulu.") != QMessageBox.StandardButton.Yes:
        return False
    try:
        _preview, result = ctx.call(_check_then_apply, kind, path, skip)
    except (ValidationError, ImportFileError) as exc:
        QMessageBox.warning(parent, title, str(exc))
        return False
    if result is None:
        QMessageBox.warning(parent, title, "File berubah sejak diperiksa; ulangi impor.")
        return False
    QMessageBox.information(parent, title, f"Impor selesai: {result.summary()}.")
    return True

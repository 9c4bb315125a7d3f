"""Indonesian labels for Qt's own texts (standard buttons, edit menus, file dialogs).

Qt ships no Indonesian translation, so a small translator answers for the strings a clerk sees
most; anything else falls back to Qt's English text. The fallback needs a *null* answer (None):
an empty string is a translation to nothing, which blanked shortcut names ("Ctrl+Q" read "Q").
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

TEXTS = {
    "OK": "OK", "&OK": "&OK", "Save": "Simpan", "&Save": "&Simpan", "Save All": "Simpan Semua",
    "Open": "Buka", "&Open": "&Buka", "&Yes": "&Ya", "Yes to &All": "Ya untuk &semua",
    "&No": "&Tidak", "N&o to All": "&Tidak untuk semua", "Abort": "Batalkan", "Retry": "Ulangi",
    "Ignore": "Abaikan", "Close": "Tutup", "&Close": "&Tutup", "Cancel": "Batal",
    "&Cancel": "&Batal", "Discard": "Buang", "Don't Save": "Jangan Simpan", "Help": "Bantuan",
    "Apply": "Terapkan", "Reset": "Atur Ulang", "Restore Defaults": "Kembalikan Bawaan",
    "&Undo": "&Urungkan", "&Redo": "&Ulangi", "Cu&t": "Po&tong", "&Copy": "&Salin",
    "&Paste": "&Tempel", "Delete": "Hapus", "Select All": "Pilih Semua",
    "Look in:": "Cari di:", "File &name:": "&Nama file:", "Files of type:": "Jenis file:",
    "Directory:": "Folder:", "Choose": "Pilih", "&Choose": "&Pilih", "Detail View": "Rincian",
    "List View": "Daftar", "Back": "Kembali", "Forward": "Maju", "Parent Directory": "Folder induk",
    "Create New Folder": "Buat folder baru", "New Folder": "Folder Baru", "Name": "Nama",
    "Size": "Ukuran", "Type": "Jenis", "Date Modified": "Tanggal diubah",
    "All Files (*)": "Semua file (*)", "Computer": "Komputer",
}


class IndonesianTranslator(QTranslator):
    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return TEXTS.get(source)  # None: not ours, Qt keeps its own text

    def isEmpty(self) -> bool:
        return False

""""What next" hints: a line of text over a page's main table while it has no rows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QTableView, QWidget

HINTS = {
    "pegawai": "Belum ada pegawai. Impor dari Excel (Berkas → Impor dari Excel…, Ctrl+I) atau "
               "tambah satu per satu dengan tombol Tambah. Panduan: F1.",
    "asesmen": "Belum ada hasil asesmen. Impor file hasil asesmen (Ctrl+I, jenis data Asesmen) "
               "atau pilih pegawai lalu tambah hasilnya.",
    "pelatihan": "Katalog masih kosong. Tambah program, atau impor katalog dari Excel "
                 "(tombol Impor katalog…).",
    "kesenjangan": "Belum ada kesenjangan untuk ditampilkan: perlu pegawai dengan jabatan yang "
                   "memiliki standar, dan hasil asesmen yang masih berlaku.",
    "idp": "Belum ada pegawai. Impor pegawai dan hasil asesmen dulu; lalu pilih pegawai dan "
           "klik Susun draf otomatis.",
    "anggaran": "Isi pagu anggaran lalu klik Hitung. Perlu kesenjangan (hasil asesmen) dan "
                "katalog pelatihan yang berisi biaya.",
    "evaluasi": "Belum ada program untuk dievaluasi: perlu riwayat pelatihan dari katalog dan "
                "asesmen sebelum dan sesudah pelatihan.",
}


class EmptyHint(QObject):
    """Shows `text` centred over `view` while its model has no rows."""

    def __init__(self, view: QTableView, text: str) -> None:
        super().__init__(view)
        self.view = view
        self.label = QLabel(text, view.viewport())
        self.label.setObjectName("empty_hint")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("color:#5f6368; padding:16px")
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                       model.layoutChanged):
            signal.connect(self.update)
        self.update()

    def update(self, *_args: object) -> None:
        model = self.view.model()
        self.label.setVisible(model is not None and model.rowCount() == 0)
        self.label.setGeometry(self.view.viewport().rect().adjusted(8, 8, -8, -8))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.update()
        return False


def attach(page: QWidget, key: str) -> EmptyHint | None:
    """The hint for page `key` over its first table (the page's main list)."""
    text = HINTS.get(key)
    tables = page.findChildren(QTableView)
    if not text or not tables or tables[0].model() is None:
        return None
    hint = EmptyHint(tables[0], text)
    page._empty_hint = hint  # type: ignore[attr-defined]
    return hint

""""What next" hints: a line of text over a page's main table while it has no rows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QTableView, QWidget

HINTS: dict[str, tuple[tuple[str, str], ...]] = {  # page: (path to its table, text) …
    "pegawai": (("table", "Belum ada pegawai. Impor dari Excel (Berkas → Impor dari Excel…, "
                 "Ctrl+I) atau tambah satu per satu dengan tombol Tambah. Panduan: F1."),),
    "asesmen": (("table", "Belum ada hasil asesmen. Impor file hasil asesmen (Ctrl+I, jenis "
                 "data Hasil asesmen) atau pilih pegawai lalu tambah hasilnya."),),
    "pelatihan": (("catalogue.table", "Katalog masih kosong. Tambah program, atau impor "
                   "katalog dari Excel (tombol Impor katalog…)."),
                  ("records.table", "Belum ada riwayat pelatihan. Impor riwayat dari Excel "
                   "(Ctrl+I, jenis data Riwayat pelatihan) atau tambah satu per satu."),),
    "kesenjangan": (("emp_table", "Belum ada pegawai dengan jabatan yang memiliki standar. "
                     "Impor pegawai, lalu isi standar di Jabatan & Standar."),
                    ("line_table", "Pilih pegawai di daftar kiri. Tanpa hasil asesmen yang "
                     "berlaku, kesenjangan belum dapat dihitung: impor hasil asesmen."),),
    "idp": (("emp_table", "Belum ada pegawai. Impor pegawai dan hasil asesmen dulu."),
            ("items", "Belum ada kegiatan. Pilih pegawai, lalu klik Susun draf otomatis "
             "(kegiatan diambil dari katalog pelatihan)."),),
    "anggaran": (("rows_table", "Isi pagu anggaran lalu klik Hitung. Perlu kesenjangan (hasil "
                  "asesmen) dan katalog pelatihan yang berisi biaya."),),
    "evaluasi": (("table", "Belum ada program untuk dievaluasi: perlu riwayat pelatihan dari "
                  "katalog dan asesmen sebelum dan sesudah pelatihan."),),
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


def attach(page: QWidget, key: str) -> list[EmptyHint]:
    """The hints of page `key` over the tables it names (attribute paths like "catalogue.table")."""
    hints = []
    for path, text in HINTS.get(key, ()):
        target: object = page
        for part in path.split("."):
            target = getattr(target, part, None)
        if isinstance(target, QTableView) and target.model() is not None:
            hints.append(EmptyHint(target, text))
    page._empty_hints = hints  # type: ignore[attr-defined]
    return hints

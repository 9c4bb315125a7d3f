"""The office identity form (letterhead, city, paper), used on first start and in Pengaturan."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from karier_desktop.services.logo import LogoError, read_logo_file
from karier_desktop.services.settings import PAPER_SIZES, Letterhead, OfficeSettings
from karier_desktop.ui.kit import file_dialogs


class OfficeForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.government = QLineEdit()
        self.government.setPlaceholderText("mis. PEMERINTAH KABUPATEN MAMUJU")
        self.agency = QLineEdit()
        self.agency.setPlaceholderText("mis. BADAN KEPEGAWAIAN DAN PENGEMBANGAN SDM")
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.city = QLineEdit()
        self.city.setPlaceholderText("kota tempat penandatanganan, mis. Mamuju")
        self.paper = QComboBox()
        self.paper.addItems(PAPER_SIZES)
        self.logo = b""  # the image itself: the database keeps it, not the file's path
        self.logo_preview = QLabel("(tanpa logo)")
        self.logo_preview.setFixedHeight(56)
        choose = QPushButton("Pilih &logo…")
        choose.clicked.connect(self._choose_logo)
        clear = QPushButton("Hapus logo")
        clear.clicked.connect(lambda: self._set_logo(b""))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview, 1)
        logo_row.addWidget(choose)
        logo_row.addWidget(clear)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Pemerintah daerah *", self.government)
        form.addRow("I&nstansi / OPD *", self.agency)
        form.addRow("&Alamat", self.address)
        form.addRow("&Telepon", self.phone)
        form.addRow("Su&rel", self.email)
        form.addRow("K&ota", self.city)
        form.addRow("&Ukuran kertas", self.paper)
        form.addRow("Logo", logo_row)

    def _choose_logo(self) -> None:
        path = file_dialogs.open_file(self, "Pilih logo",
                                              "Gambar (*.png *.jpg *.jpeg)")
        if path:
            self.choose_logo_file(path)

    def choose_logo_file(self, path: str) -> bool:
        """Read the chosen image once (the file may vanish later); False when unusable."""
        try:
            data = read_logo_file(path)
        except LogoError as exc:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(f"({exc})")
            self.logo_preview.setWordWrap(True)
            return False
        self._set_logo(data)
        return True

    def _set_logo(self, data: bytes) -> None:
        self.logo = data
        if data:
            pix = QPixmap()
            if pix.loadFromData(data):
                self.logo_preview.setPixmap(pix.scaledToHeight(
                    52, Qt.TransformationMode.SmoothTransformation))
                return
            self.logo = b""
        self.logo_preview.setPixmap(QPixmap())
        self.logo_preview.setText("(tanpa logo)")

    def load(self, s: OfficeSettings) -> None:
        lh = s.letterhead
        self.government.setText(lh.government)
        self.agency.setText(lh.agency)
        self.address.setText(lh.address)
        self.phone.setText(lh.phone)
        self.email.setText(lh.email)
        self.city.setText(s.city)
        self.paper.setCurrentText(s.paper_size)
        self._set_logo(lh.logo)

    def apply_to(self, s: OfficeSettings) -> OfficeSettings:
        lh = Letterhead(
            government=self.government.text().strip(), agency=self.agency.text().strip(),
            address=self.address.text().strip(), phone=self.phone.text().strip(),
            email=self.email.text().strip(), logo=self.logo)
        return replace(s, letterhead=lh, city=self.city.text().strip(),
                       paper_size=self.paper.currentText())

"""The import wizard: choose what and which file, map unknown columns and values, preview, then
import. The preview names the file shape it recognised (SIASN export, DUK, nominatif …).

Reading the file and writing the rows run off the GUI thread (ui.kit.worker.run_task). Nothing is
written until the clerk presses "Impor" (only possible without errors) or, explicitly,
"Impor baris yang valid saja".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QWidget,
)

from karier_desktop.services import importing
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.services.importing import ImportPreview, ImportResult, PreviewRow, RowStatus
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.dialogs.import_values import ValueMappingBox
from karier_desktop.ui.kit import file_dialogs, permits
from karier_desktop.ui.kit.forms import buddy_label, choose, scrolled_form
from karier_desktop.ui.kit.jobs import run_job
from karier_desktop.ui.kit.layouts import NO_MARGINS, boxed, hbox, splitter, vbox
from karier_desktop.ui.kit.style import GAP_NEGATIVE
from karier_desktop.ui.kit.table_model import Column, RowTableModel
from karier_desktop.ui.kit.tables import make_table
from karier_desktop.ui.kit.worker import Cancelled, Task

FILE_FILTER = "Excel atau CSV (*.xlsx *.xls *.csv);;Semua file (*)"
CHANGED_WHAT = {"pegawai": "employees", "asesmen": "assessments", "pelatihan": "training"}
MAX_MAPPED = 40
STATUS_COLOURS = {RowStatus.NEW: "#d7efdc", RowStatus.CHANGED: "#fdf0c8",
                  RowStatus.INVALID: GAP_NEGATIVE}


def _columns(preview: ImportPreview) -> list[Column[PreviewRow]]:
    def bad(r: PreviewRow) -> str | None:
        return GAP_NEGATIVE if r.errors else None

    cols: list[Column[PreviewRow]] = [
        Column("Baris", lambda r: str(r.number), lambda r: r.number, align_right=True,
               background=bad),
        Column("Status", lambda r: r.status, background=lambda r: STATUS_COLOURS.get(r.status)),
    ]
    for key, label in zip(preview.columns, preview.column_labels, strict=True):
        cols.append(Column(label, lambda r, k=key: r.text(k), background=bad))
    cols.append(Column("Keterangan", lambda r: "; ".join(r.errors), background=bad,
                       tooltip=lambda r: "\n".join(r.errors)))
    return cols


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 kind: str = "pegawai") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: ImportPreview | None = None
        self.result: ImportResult | None = None
        self.task: Task | None = None
        self.mapping_boxes: dict[str, QComboBox] = {}
        self.setWindowTitle("Impor dari Excel")
        self.resize(1040, 640)

        self.kind = QComboBox()
        for key in importing.KINDS:
            self.kind.addItem(importing.kind_label(key), key)
        choose(self.kind, kind)
        self.kind.currentIndexChanged.connect(self._reload)
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setPlaceholderText("Pilih file .xlsx, .xls atau .csv")
        self.browse = QPushButton("&Pilih file…")
        self.browse.clicked.connect(self.choose_file)
        kind_label = QLabel("&Jenis data:")
        kind_label.setBuddy(self.kind)
        top = QHBoxLayout()
        top.addWidget(kind_label)
        top.addWidget(self.kind)
        top.addWidget(self.path, 1)
        top.addWidget(self.browse)

        self.info = QLabel("Pilih file untuk melihat pratinjau. Belum ada data yang disimpan.")
        self.info.setWordWrap(True)
        self.info.setObjectName("info")

        self.mapping_group = QGroupBox(
            "Pemetaan kolom: judul kolom yang tidak dikenal (pilih tujuannya, atau abaikan)")
        self.mapping_form = QFormLayout()
        # the mappings change only this preview; importing is what writes
        self.apply_mapping_btn = permits.button("Terapkan &pemetaan", self.apply_mapping,
                                                needs=None)
        self.mapping_scroll = scrolled_form(self.mapping_group, self.mapping_form,
                                            self.apply_mapping_btn)
        self.mapping_group.hide()
        self.values_box = ValueMappingBox(self)
        self.values_box.applied.connect(self.apply_value_mapping)

        self.model: RowTableModel[PreviewRow] = RowTableModel([], self)
        self.table = make_table(self.model, (), multi=True)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.errors = QListWidget()
        self.errors.setObjectName("errors")
        self.errors.currentItemChanged.connect(self._jump_to_error)
        self.errors_title = buddy_label("&Kesalahan", self.errors)
        split = splitter(self.table, boxed(vbox(self.errors_title, self.errors,
                                               margins=NO_MARGINS)),
                         sizes=(400, 150), vertical=True)

        self.summary = QLabel("")
        self.summary.setObjectName("summary")
        self.import_btn = permits.button("&Impor", lambda: self.start_import(False),
                                         needs=Permission.EDIT)
        self.import_btn.setDefault(True)
        self.import_valid_btn = permits.button("Impor baris yang &valid saja",
                                               lambda: self.start_import(True),
                                               needs=Permission.EDIT)
        self.close_btn = permits.button("&Tutup", self.reject, needs=None)
        vbox(top, self.info, self.mapping_group, self.values_box, (split, 1),
             hbox((self.summary, 1), self.import_valid_btn, self.import_btn, self.close_btn),
             owner=self)
        self._update_buttons()

    # --- choosing and previewing
    @property
    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def choose_file(self) -> None:
        name = file_dialogs.open_file(self, "Pilih file untuk diimpor", FILE_FILTER)
        if name:
            self.load(Path(name))

    def load(self, path: Path, mapping: dict[str, str] | None = None) -> None:
        """Read and check the file off the GUI thread, then show the preview."""
        self.path.setText(str(path))
        self.result = None
        self._busy(True, "Membaca dan memeriksa file…")
        self.task = run_job(self, "Membaca file", self.ctx, importing.build_preview,
                            self.current_kind, path, mapping, on_done=self.show_preview,
                            on_error=self._failed)

    def _reload(self) -> None:
        if self.path.text():
            self.load(Path(self.path.text()))

    def show_preview(self, preview: ImportPreview) -> None:
        self._busy(False)
        self.preview = preview
        self.model = RowTableModel(_columns(preview), self)
        self.table.setModel(self.model)
        self.model.set_rows(preview.rows)
        self.table.resizeColumnsToContents()
        for col in range(self.model.columnCount()):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 260))
        self.errors.clear()
        for err in preview.errors:
            item = QListWidgetItem(str(err))
            item.setData(Qt.ItemDataRole.UserRole, err.number)
            self.errors.addItem(item)
        self.errors_title.setText(f"&Kesalahan ({len(preview.errors)})")
        lines = []
        if preview.profile_label:
            lines.append(f"Bentuk file dikenali: {preview.profile_label}.")
        if preview.sheet:
            where = f"Lembar {preview.sheet}"
            if preview.header_row:
                where += f", judul kolom di baris {preview.header_row}"
            if preview.form:
                where += f", bentuk {preview.form}"
            if preview.skipped_rows:
                shown = ", ".join(str(n) for n in preview.skipped_rows[:6])
                more = ", …" if len(preview.skipped_rows) > 6 else ""
                where += (f"; {len(preview.skipped_rows)} baris bukan data (nomor kolom, judul "
                          f"berulang, tanda tangan) dilewati: baris {shown}{more}")
            lines.append(where + ".")
        if preview.previous_import:
            lines.append(preview.previous_import + " Data akan diperbarui, tidak digandakan.")
        lines.extend(preview.problems)
        if preview.invalid_rows and not preview.problems:
            lines.append("Perbaiki baris yang salah di file lalu pilih file lagi, atau impor "
                         "baris yang valid saja.")
        self.info.setText("\n".join(lines) or "Tidak ada kesalahan.")
        self.summary.setText(preview.summary() if preview.rows else "")
        self._build_mapping(preview)
        self.values_box.show_values(preview)
        self._update_buttons()

    def _build_mapping(self, preview: ImportPreview) -> None:
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.mapping_boxes = {}
        needs = bool(preview.problems) or bool(preview.unknown_headers)
        if not needs or not (preview.unknown_headers or preview.headers):
            self.mapping_group.hide()
            return
        fields = importing.FIELDS[preview.kind]
        for header in preview.unknown_headers[:MAX_MAPPED]:
            box = QComboBox()
            box.addItem("— abaikan —", importing.IGNORE)
            for f in fields:
                box.addItem(f.label + (" (wajib)" if f.required else ""), f.key)
            box.setObjectName(f"map_{header}")
            self.mapping_boxes[header] = box
            self.mapping_form.addRow(f"{header}:", box)
        self.mapping_scroll.setFixedHeight(min(160, 34 * len(self.mapping_boxes) + 14))
        self.mapping_group.setVisible(bool(self.mapping_boxes))

    def apply_mapping(self) -> None:
        """Remember the chosen columns for this kind of import and read the file again."""
        mapping = {h: str(b.currentData()) for h, b in self.mapping_boxes.items()}
        if not mapping or self.preview is None:
            return
        try:
            self.ctx.call(importing.remember_mapping, self.current_kind, mapping)
        except ValueError as exc:
            QMessageBox.warning(self, "Pemetaan kolom", str(exc))
            return
        self.load(self.preview.path, mapping)

    def apply_value_mapping(self, chosen: dict[str, dict[str, str]]) -> None:
        """Remember what the chosen values mean for this file shape and read the file again."""
        preview = self.preview
        if preview is None:
            return
        try:
            for vocab, mapping in chosen.items():
                self.ctx.call(importing.remember_value_mapping, preview, vocab, mapping)
        except ValueError as exc:
            QMessageBox.warning(self, "Pemetaan nilai", str(exc))
            return
        self.load(preview.path)

    def _jump_to_error(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is None:
            return
        number = item.data(Qt.ItemDataRole.UserRole)
        for i, row in enumerate(self.model.rows()):
            if row.number == number:
                self.table.selectRow(i)
                self.table.scrollTo(self.model.index(i, 0))
                break

    # --- importing
    def start_import(self, skip_invalid: bool) -> None:
        preview = self.preview
        if preview is None:
            return
        self._busy(True, "Mengimpor… (cadangan dibuat lebih dulu)")
        self.task = run_job(self, "Mengimpor data", self.ctx, importing.apply, preview,
                            on_done=self._imported, on_error=self._failed,
                            skip_invalid=skip_invalid)

    def _imported(self, result: ImportResult) -> None:
        self._busy(False)
        self.result = result
        self.summary.setText(f"Impor selesai: {result.summary()}.")
        text = f"Impor {importing.kind_label(result.kind).lower()} selesai: {result.summary()}."
        if result.repeated:
            text += " File ini pernah diimpor sebelumnya; data diperbarui, tidak digandakan."
        self.info.setText(text)
        self.ctx.changed(CHANGED_WHAT.get(result.kind, "all"), big=True)
        self.imported.emit(result)
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        if isinstance(exc, Cancelled):
            self.info.setText("Dibatalkan. Tidak ada data yang disimpan.")
        elif isinstance(exc, importing.ValidationError):
            QMessageBox.warning(self, "Impor tidak dilakukan", "\n".join(exc.messages[:30]))
        elif isinstance(exc, importing.ImportFileError):
            self.preview = None
            self.model.set_rows([])
            self.errors.clear()
            self.summary.setText("")
            self.info.setText(str(exc))
            QMessageBox.warning(self, "File tidak dapat dibaca", str(exc))
        else:
            QMessageBox.critical(self, "Impor gagal",
                                 f"Terjadi kesalahan; tidak ada data yang disimpan.\n{exc}")
        self._update_buttons()

    # --- state
    def _busy(self, busy: bool, message: str = "") -> None:
        for widget in (self.kind, self.browse, self.import_btn, self.import_valid_btn,
                       self.apply_mapping_btn, self.values_box.apply_btn):
            widget.setEnabled(not busy)
        if busy:
            self.info.setText(message)
        else:
            self.task = None

    def _update_buttons(self) -> None:
        p = self.preview
        done = self.result is not None
        self.import_btn.setEnabled(p is not None and p.can_import_all and not done)
        self.import_valid_btn.setEnabled(
            p is not None and p.can_import_valid and bool(p.invalid_rows) and not done)


def open_import_dialog(ctx: AppContext, parent: QWidget | None = None,
                       kind: str = "pegawai") -> ImportDialog:
    """Open the wizard (window-modal) and return it; `imported` fires after a good import."""
    dialog = ImportDialog(ctx, parent, kind)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

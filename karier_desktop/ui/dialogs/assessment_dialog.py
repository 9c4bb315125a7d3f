"""Enter or change one assessment: date, method, assessor and a level per competency.

The competencies are those of the employee's position standard; the description of the chosen
level is shown next to each chooser as it changes, and the level is coloured against the
standard (below it: red, at or above: green).
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from karier_desktop.services import assessments as svc
from karier_desktop.services.errors import ValidationError
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.kit.form_dialog import FormDialog, add_or_change
from karier_desktop.ui.kit.forms import add_rows, text_field
from karier_desktop.ui.kit.layouts import hint_label
from karier_desktop.ui.kit.style import GAP_NEGATIVE, GAP_OK
from karier_desktop.ui.kit.widgets import DateField

NOT_RATED = "—"


class EmployeePicker(QLineEdit):
    """Type part of a name or NIP (with or without spaces); a list of matching active
    employees drops down; Enter or a click picks one."""

    picked = Signal(int)
    LIMIT = 40

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Ketik nama atau NIP pegawai, lalu pilih dari daftar")
        choices = ctx.call(svc.employee_choices)
        self._ids: dict[str, int] = {c.label: c.id for c in choices}
        self._keys = [(c.label.lower() + " " + c.label.replace(" ", ""), c.label)
                      for c in choices]
        self._chosen: int | None = None
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        completer.activated.connect(self._take)
        self.textEdited.connect(self._typed)
        self.returnPressed.connect(lambda: self._take(self.text()))

    def matches(self, text: str) -> list[str]:
        needle = text.strip().lower()
        if not needle:
            return []
        digits = needle.replace(" ", "")
        if digits.isdigit():
            needle = digits
        found = []
        for key, label in self._keys:
            if needle in key:
                found.append(label)
                if len(found) >= self.LIMIT:
                    break
        return found

    def _typed(self, text: str) -> None:
        self._chosen = None
        self._model.setStringList(self.matches(text))
        if self._model.rowCount():
            self.completer().complete()

    def _take(self, label: str) -> None:
        eid = self._ids.get(label)
        if eid is None:
            found = self.matches(label)
            if len(found) != 1:
                return
            label, eid = found[0], self._ids[found[0]]
        self.setText(label)
        if eid != self._chosen:
            self._chosen = eid
            self.picked.emit(eid)

    def employee_id(self) -> int | None:
        return self._chosen

    def choose(self, employee_id: int) -> None:
        for label, eid in self._ids.items():
            if eid == employee_id:
                self._take(label)
                return


class AssessmentDialog(FormDialog):
    reload_text = "Muat &ulang nilai tersimpan"  # Alt+M is Metode here

    def __init__(self, ctx: AppContext, assessment_id: int | None = None,
                 employee_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, add_or_change("asesmen", assessment_id), parent)
        self.assessment_id = assessment_id
        self.form: svc.AssessmentForm | None = None
        self.level_boxes: dict[int, QComboBox] = {}
        self.setMinimumSize(880, 600)

        self.picker = EmployeePicker(ctx)
        self.picker.picked.connect(self._load_employee)
        self.employee_label = QLabel("")
        self.employee_label.setStyleSheet("font-weight:600")
        self.position = hint_label()
        self.date = DateField()
        self.method = QComboBox()
        self.method.setEditable(True)
        self.method.addItems(svc.METHODS)
        self.method.lineEdit().setPlaceholderText("atau ketik metode lain")
        self.assessor = text_field("mis. UPT Penilaian Kompetensi BKN, BPSDM Provinsi")
        self.note = QLineEdit()
        form = self.fields
        if assessment_id is None:
            form.addRow("&Pegawai *", self.picker)
        else:
            form.addRow("Pegawai", self.employee_label)
        add_rows(form, self.position, ("&Tanggal asesmen *", self.date), ("&Metode *", self.method),
                 ("&Asesor / penyelenggara", self.assessor), ("&Catatan", self.note))

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setColumnStretch(4, 1)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setWidget(self.grid_host)
        self.empty_hint = hint_label("Pilih pegawai dulu; kompetensi dari standar jabatannya "
                                     "akan tampil di sini.")
        self.grid.addWidget(self.empty_hint, 0, 0, 1, 5)

        title = QLabel("Level per kompetensi (kosongkan “—” bila tidak dinilai)")
        title.setStyleSheet("font-weight:600; margin-top:6px")
        self.add_below_form(title)
        self.add_below_form(scroll, 1)

        if assessment_id is not None:
            self.reload_saved()
        elif employee_id is not None:
            self.picker.choose(employee_id)

    def reload_saved(self) -> None:
        assert self.assessment_id is not None
        self._show_form(self.ctx.call(svc.get, self.assessment_id))

    # --- building the competency rows
    def _load_employee(self, employee_id: int) -> None:
        self._show_form(self.ctx.call(svc.new_form, employee_id))

    def _clear_grid(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None and widget is not self.empty_hint:
                widget.deleteLater()
        self.empty_hint.hide()
        self.level_boxes.clear()

    def _show_form(self, form: svc.AssessmentForm) -> None:
        self.form = form
        self.employee_label.setText(f"{form.employee_name} — {form.nip_display}")
        self.position.setText(f"Jabatan: {form.position or '(belum ada jabatan)'}")
        if form.assessment_id is not None:
            self.date.set_value(form.assessed_on)
            self.method.setCurrentText(form.method)
            self.assessor.setText(form.assessor)
            self.note.setText(form.note)
        self._clear_grid()
        for col, text in enumerate(("Kompetensi", "Standar", "Sebelumnya", "Level",
                                    "Deskripsi level yang dipilih")):
            head = QLabel(text)
            head.setStyleSheet("font-weight:600; color:#3c4650")
            self.grid.addWidget(head, 0, col)
        if not any(ln.required is not None for ln in form.lines):
            self.position.setText(self.position.text() + " — belum punya standar kompetensi; "
                                  "ditampilkan 9 kompetensi manajerial dan sosial kultural.")
        for row, line in enumerate(form.lines, start=1):
            name = QLabel(f"{line.code}  {line.name}")
            name.setWordWrap(True)
            name.setFixedWidth(270)
            required = QLabel("—" if line.required is None else str(line.required))
            previous = QLabel("—" if line.previous is None else str(line.previous))
            for lab in (required, previous):
                lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box = QComboBox()
            box.setObjectName(f"level_{line.code}")
            box.addItem(NOT_RATED, None)
            for level in range(1, 6):
                box.addItem(str(level), level)
            box.setAccessibleName(f"Level {line.name}")
            desc = hint_label(wrap=True)
            desc.setMinimumWidth(280)
            box.currentIndexChanged.connect(
                lambda _i, b=box, d=desc, ln=line: self._level_changed(b, d, ln))
            if line.level is not None:
                box.setCurrentIndex(line.level)
            self._level_changed(box, desc, line)
            for col, widget in enumerate((name, required, previous, box, desc)):
                self.grid.addWidget(widget, row, col,
                                    Qt.AlignmentFlag.AlignTop if col == 4 else
                                    Qt.AlignmentFlag.AlignVCenter)
            self.level_boxes[line.competency_id] = box
        self.grid.setRowStretch(len(form.lines) + 1, 1)
        first = next(iter(self.level_boxes.values()), None)
        if first is not None and self.assessment_id is None:
            self.date.setFocus()

    def _level_changed(self, box: QComboBox, desc: QLabel, line: svc.LevelLine) -> None:
        level = box.currentData()
        if level is None:
            desc.setText("")
            box.setStyleSheet("")
            return
        text = line.descriptions[level - 1] if level - 1 < len(line.descriptions) else ""
        desc.setText(f"Level {level}: {text}" if text else f"Level {level}")
        if line.required is not None:
            colour = GAP_NEGATIVE if level < line.required else GAP_OK
            box.setStyleSheet(f"QComboBox {{ background: {colour}; }}")

    # --- saving
    def levels(self) -> dict[int, int]:
        return {cid: box.currentData() for cid, box in self.level_boxes.items()
                if box.currentData() is not None}

    def save(self) -> None:
        if self.form is None:
            raise ValidationError(["Pilih pegawai yang dinilai dari daftar."])
        data = svc.AssessmentInput(
            employee_id=self.form.employee_id, assessed_on=self.date.value(),
            method=self.method.currentText(), assessor=self.assessor.text(),
            note=self.note.text(), levels=self.levels(),
            version=self.form.version)  # a newer saved change refuses (ConflictError)
        self.saved_id = self.ctx.call(svc.save, data, self.assessment_id)

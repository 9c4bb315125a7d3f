"""The standard editor of the Jabatan & Standar page: one row per competency with its required
level; the description of the chosen level is shown beside it and follows the level as it
changes, and changed rows are tinted until saved."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QWidget,
)

from karier_desktop.domain.competency import KIND_LABELS
from karier_desktop.services import positions as svc
from karier_desktop.services.accounts.roles import Permission
from karier_desktop.ui.kit import permits
from karier_desktop.ui.kit.layouts import hint_label

CHANGED_BG = "#fdf0c8"


class LevelSpin(QSpinBox):
    """A 1..5 level box that ignores the mouse wheel unless focused (the editor scrolls)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(1, 5)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFixedWidth(52)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class StandardEditor(QScrollArea):
    """Rows of (competency, level, description of that level); tracks unsaved changes."""

    dirty_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.lines: dict[int, svc.StandardLine] = {}
        self.saved: dict[int, int] = {}
        self.spins: dict[int, LevelSpin] = {}
        self.descriptions: dict[int, QLabel] = {}
        self._dirty = False
        self.has_position = False
        self.show_lines([], saved=True)

    def show_lines(self, lines: Sequence[svc.StandardLine], saved: bool,
                   has_position: bool | None = None) -> None:
        """Show `lines`; with saved=True they are what the database holds."""
        if has_position is not None:
            self.has_position = has_position
        self.lines = {ln.competency_id: ln for ln in lines}
        if saved:
            self.saved = {ln.competency_id: ln.required_level for ln in lines}
        self._build()

    def levels(self) -> dict[int, int]:
        return {cid: spin.value() for cid, spin in self.spins.items()}

    def is_dirty(self) -> bool:
        return self.levels() != self.saved

    def add_line(self, line: svc.StandardLine) -> None:
        current = self.levels()
        self.lines = {cid: _with_level(ln, current.get(cid, ln.required_level))
                      for cid, ln in self.lines.items()}
        self.lines[line.competency_id] = line
        self._build()

    def remove_line(self, competency_id: int) -> None:
        current = self.levels()
        self.lines = {cid: _with_level(ln, current[cid]) for cid, ln in self.lines.items()
                      if cid != competency_id}
        self._build()

    def _build(self) -> None:
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(2, 1)
        self.spins, self.descriptions = {}, {}
        row, kind = 0, None
        ordered = sorted(self.lines.values(),
                         key=lambda ln: (svc.KIND_ORDER.get(ln.kind, 9), ln.code))
        for ln in ordered:
            if ln.kind != kind:
                kind = ln.kind
                header = QLabel(KIND_LABELS.get(kind, kind))
                header.setStyleSheet("font-weight:600; color:#1f5f8b; padding-top:4px")
                grid.addWidget(header, row, 0, 1, 4)
                row += 1
            name = QLabel(f"<b>{ln.code}</b> {_escape(ln.name)}")
            name.setWordWrap(True)
            name.setFixedWidth(165)
            name.setToolTip(_all_levels(ln))
            spin = LevelSpin()
            spin.setValue(ln.required_level)
            spin.setAccessibleName(f"Level {ln.name}")
            spin.setToolTip(_all_levels(ln))
            desc = QLabel()
            desc.setWordWrap(True)
            desc.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            desc.setToolTip(_all_levels(ln))
            self.spins[ln.competency_id] = spin
            self.descriptions[ln.competency_id] = desc
            spin.valueChanged.connect(lambda _v, cid=ln.competency_id: self._on_level(cid))
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(spin, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(desc, row, 2)
            if ln.kind == "teknis":
                remove = QToolButton()
                remove.setText("✕")
                permits.needs(Permission.EDIT, remove)
                remove.setToolTip(f"Keluarkan {ln.name} dari standar")
                remove.clicked.connect(lambda _=False, cid=ln.competency_id: self.remove_line(cid))
                grid.addWidget(remove, row, 3, Qt.AlignmentFlag.AlignTop)
            self._on_level(ln.competency_id, notify=False)
            row += 1
        if not ordered:
            if not self.has_position:
                text = "Pilih jabatan di tabel untuk melihat dan mengubah standar kompetensinya."
            elif self.saved == {} and self.lines == {}:
                text = ("Jabatan ini belum memiliki standar kompetensi. Klik \"Isi standar "
                        "bawaan\" untuk memulai dari level bawaan jenis jabatannya.")
            else:
                text = ""
            empty = hint_label(text, wrap=True)
            grid.addWidget(empty, 0, 0, 1, 4)
        grid.setRowStretch(row + 1, 1)
        self.setWidget(body)
        self._notify()

    def _on_level(self, cid: int, notify: bool = True) -> None:
        spin, line = self.spins[cid], self.lines[cid]
        level = spin.value()
        self.descriptions[cid].setText(f"Level {level}: {line.level_description(level)}")
        changed = self.saved.get(cid) != level
        spin.setStyleSheet(f"background:{CHANGED_BG}" if changed else "")
        if notify:
            self._notify()

    def _notify(self) -> None:
        dirty = self.is_dirty()
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)


def _with_level(line: svc.StandardLine, level: int) -> svc.StandardLine:
    return svc.StandardLine(line.competency_id, line.code, line.name, line.kind, level,
                            line.descriptions)


def _all_levels(line: svc.StandardLine) -> str:
    return "<br>".join(f"<b>Level {n}</b>: {_escape(text)}"
                       for n, text in enumerate(line.descriptions, start=1))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""Small widgets of the planner page: a rupiah field and the budget curve."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QLineEdit,
    QWidget,
)

from karier_desktop.domain.textfmt import format_number, format_rupiah
from karier_desktop.ui.kit.style import ACCENT


def short_rupiah(amount: float) -> str:
    if amount >= 1e9:
        return f"Rp {format_number(amount / 1e9, 2).rstrip('0').rstrip(',')} M"
    if amount >= 1e6:
        return f"Rp {format_number(amount / 1e6, 1).rstrip('0').rstrip(',')} jt"
    return format_rupiah(amount)


class RupiahEdit(QLineEdit):
    """A rupiah amount typed with or without dots; shown as 1.500.000.000."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("misalnya 1.500.000.000")
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.textEdited.connect(self._reformat)

    def _reformat(self, text: str) -> None:
        digits_before = sum(ch.isdigit() for ch in text[:self.cursorPosition()])
        digits = "".join(ch for ch in text if ch.isdigit()).lstrip("0")
        shown = format_number(int(digits)) if digits else ""
        self.setText(shown)
        pos, seen = 0, 0
        while pos < len(shown) and seen < digits_before:
            seen += shown[pos].isdigit()
            pos += 1
        self.setCursorPosition(pos)

    def value(self) -> int | None:
        digits = "".join(ch for ch in self.text() if ch.isdigit())
        return int(digits) if digits else None

    def set_value(self, amount: int) -> None:
        self.setText(format_number(amount))


class CurveWidget(QWidget):
    """Value of the best plan at several budgets, drawn with QPainter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[int, float]] = []
        self.current: int | None = None
        self.setMinimumSize(300, 150)

    def set_points(self, points: list[tuple[int, float]], current: int | None) -> None:
        self.points, self.current = sorted(points), current
        self.update()

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        left, right, top, bottom = 56, self.width() - 12, 10, self.height() - 24
        p.setPen(QPen(QColor("#9aa5ae"), 1))
        p.drawLine(left, bottom, right, bottom)
        p.drawLine(left, top, left, bottom)
        if len(self.points) < 2:
            p.setPen(QColor("#5b6670"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Kurva anggaran muncul "
                       "setelah dihitung.")
            return
        max_b = max(b for b, _v in self.points) or 1
        max_v = max(v for _b, v in self.points) or 1.0

        def at(b: float, v: float) -> QPointF:
            return QPointF(left + (right - left) * b / max_b, bottom - (bottom - top) * v / max_v)

        p.setPen(QPen(QColor(ACCENT), 2))
        pts = [at(b, v) for b, v in [(0, 0.0), *self.points]]
        for a, b in zip(pts, pts[1:], strict=False):
            p.drawLine(a, b)
        font = p.font()
        font.setPointSizeF(7.5)
        p.setFont(font)
        metrics = p.fontMetrics()
        free_from = float(left)
        for b, v in self.points:
            pt = at(b, v)
            is_now = b == self.current
            p.setBrush(QColor("#d9822b" if is_now else ACCENT))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(pt, 4 if is_now else 3, 4 if is_now else 3)
            text = short_rupiah(b)
            width = metrics.horizontalAdvance(text)
            x = min(pt.x() - width / 2, self.width() - width - 2)
            if x >= free_from:  # skip a label that would overlap the previous one
                p.setPen(QColor("#d9822b" if is_now else "#1d2a36"))
                p.drawText(QPointF(x, bottom + 14), text)
                free_from = x + width + 6
        p.drawText(QPointF(4, top + 8), format_number(max_v, 0))
        p.drawText(QPointF(4, bottom), "0")

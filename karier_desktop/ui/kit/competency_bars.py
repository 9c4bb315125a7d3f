"""Standard vs actual level per competency, drawn as paired bars (no chart library needed)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

ROW_H = 20
LABEL_W = 170


class CompetencyBars(QWidget):
    """Rows of (name, required, actual|None); actual drawn over a grey required bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, int, int | None]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple[str, int, int | None]]) -> None:
        self._rows = rows
        self.setFixedHeight(max(ROW_H, len(rows) * ROW_H + 22))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, len(self._rows) * ROW_H + 22)

    def paintEvent(self, _event) -> None:  # type: ignore[no-untyped-def]
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(60, self.width() - LABEL_W - 30)
        step = width / 5
        p.setPen(QPen(QColor("#c8ced4")))
        for lvl in range(6):
            x = LABEL_W + lvl * step
            p.drawLine(int(x), 0, int(x), len(self._rows) * ROW_H)
            p.drawText(QRectF(x - 10, len(self._rows) * ROW_H + 2, 20, 16),
                       Qt.AlignmentFlag.AlignCenter, str(lvl))
        for i, (name, required, actual) in enumerate(self._rows):
            y = i * ROW_H
            p.setPen(QColor("#1d2a36"))
            shown = p.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, LABEL_W - 8)
            p.drawText(QRectF(0, y, LABEL_W - 6, ROW_H), Qt.AlignmentFlag.AlignVCenter
                       | Qt.AlignmentFlag.AlignRight, shown)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#dfe4e8"))
            p.drawRect(QRectF(LABEL_W, y + 3, required * step, ROW_H - 6))
            if actual is not None:
                colour = "#3c8d5a" if actual >= required else "#c0504d"
                p.setBrush(QColor(colour))
                p.drawRect(QRectF(LABEL_W, y + 7, actual * step, ROW_H - 14))
            else:
                # no valid result: a grey dash after the standard line, never over the bars
                # (the panel's JPM line says "belum diases" in words)
                p.setPen(QColor("#8a949c"))
                p.drawText(QRectF(LABEL_W + required * step + 5, y, 16, ROW_H),
                           Qt.AlignmentFlag.AlignVCenter, "–")
            if len(shown) < len(name):
                self.setToolTip("\n".join(n for n, _r, _a in self._rows))
            p.setPen(QPen(QColor("#1d2a36"), 2))
            x_req = LABEL_W + required * step
            p.drawLine(int(x_req), y + 2, int(x_req), y + ROW_H - 2)
        p.end()

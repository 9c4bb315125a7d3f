"""Small charts of the Renbangkom documents (reportlab.graphics), from plain numbers."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

PALETTE = ("#1f5f8b", "#4f9d69", "#e0a526", "#c4514a", "#7d6aa8", "#6b7c8a")


def _short(label: str, n: int = 34) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def pie(values: Sequence[tuple[str, float]], width: float, height: float, font: str
        ) -> Drawing:
    """A pie with a legend on the right; zero slices left out."""
    data = [(lbl, v) for lbl, v in values if v > 0]
    d = Drawing(width, height)
    if not data:
        d.add(String(4, height / 2, "Belum ada biaya direncanakan.", fontName=font, fontSize=8))
        return d
    p = Pie()
    size = min(height - 6 * mm, width * 0.4)
    p.x, p.y, p.width, p.height = 4 * mm, (height - size) / 2, size, size
    p.data = [v for _l, v in data]
    p.labels = None
    p.slices.strokeColor = colors.white
    total = sum(p.data)
    for i in range(len(data)):
        p.slices[i].fillColor = colors.HexColor(PALETTE[i % len(PALETTE)])
    d.add(p)
    y = height - 8 * mm
    for i, (label, v) in enumerate(data):
        d.add(String(size + 10 * mm, y, "■", fontName=font, fontSize=10,
                     fillColor=colors.HexColor(PALETTE[i % len(PALETTE)])))
        d.add(String(size + 15 * mm, y, f"{_short(label, 30)}  {v / total * 100:.0f}%",
                     fontName=font, fontSize=8))
        y -= 5 * mm
    return d


def hbars(values: Sequence[tuple[str, float]], width: float, font: str, value_max: float | None
          = None, reference: float | None = None, colour: str = PALETTE[0]) -> Drawing:
    """Horizontal bars, one per label, longest first as given; optional reference line."""
    rows = list(values) or [("–", 0.0)]
    bar_h = 4.2 * mm
    height = len(rows) * bar_h + 10 * mm
    d = Drawing(width, height)
    c = HorizontalBarChart()
    label_w = min(62 * mm, width * 0.4)
    c.x, c.y = label_w, 6 * mm
    c.width, c.height = width - label_w - 6 * mm, len(rows) * bar_h
    c.data = [[v for _l, v in reversed(rows)]]
    c.categoryAxis.categoryNames = [_short(lbl, 40) for lbl, _v in reversed(rows)]
    c.categoryAxis.labels.fontName = font
    c.categoryAxis.labels.fontSize = 6.5
    c.categoryAxis.labels.boxAnchor = "e"
    c.valueAxis.labels.fontName = font
    c.valueAxis.labels.fontSize = 6.5
    c.valueAxis.valueMin = 0
    top = value_max or max([v for _l, v in rows] + [reference or 0, 1])
    c.valueAxis.valueMax = top * 1.05
    c.bars[0].fillColor = colors.HexColor(colour)
    c.bars.strokeColor = None
    d.add(c)
    if reference:
        x = c.x + c.width * reference / c.valueAxis.valueMax
        from reportlab.graphics.shapes import Line

        d.add(Line(x, c.y, x, c.y + c.height, strokeColor=colors.HexColor("#c4514a"),
                   strokeDashArray=(2, 2), strokeWidth=0.8))
    return d


def vbars(values: Sequence[tuple[str, float]], width: float, height: float, font: str,
          value_max: float | None = None) -> Drawing:
    d = Drawing(width, height)
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 10 * mm, 8 * mm, width - 14 * mm, height - 12 * mm
    c.data = [[v for _l, v in values] or [0]]
    c.categoryAxis.categoryNames = [_short(lbl, 14) for lbl, _v in values] or ["–"]
    c.categoryAxis.labels.fontName = font
    c.categoryAxis.labels.fontSize = 6.5
    c.valueAxis.labels.fontName = font
    c.valueAxis.labels.fontSize = 6.5
    c.valueAxis.valueMin = 0
    if value_max:
        c.valueAxis.valueMax = value_max
    c.bars[0].fillColor = colors.HexColor(PALETTE[1])
    c.bars.strokeColor = None
    d.add(c)
    return d

"""PDF of the training effectiveness table with a bar chart of the difference in differences.

`render(doc) -> bytes` from a prepared `EffectivenessDoc`; no queries. Landscape A4 or F4,
header row repeated on every page, "Halaman X dari Y" in the footer.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from karier_desktop.domain.textfmt import format_date_id, format_number, format_rupiah

F4 = (215 * mm, 330 * mm)
MAX_BARS = 30
CHART_HEIGHT = 300  # points: the chart and the title fit on the first page
ACCENT = colors.HexColor("#1f5f8b")
MUTED = colors.HexColor("#9aa5ae")


@dataclass(frozen=True)
class EffectivenessRow:
    code: str
    title: str
    competencies: str
    participants: int
    measured: int
    mean_change: float | None
    comparison_n: int
    comparison_change: float | None
    did: float | None
    cost_per_level: float | None
    k1: float | None
    k2: float | None
    warning: str


@dataclass(frozen=True)
class EffectivenessDoc:
    government: str
    agency: str
    address: str
    period_text: str  # "Semua periode" or "1 Januari 2025 s.d. 31 Desember 2026"
    printed_on: dt.date
    rows: tuple[EffectivenessRow, ...]
    paper: str = "A4"
    city: str = ""


def signed(value: float | None, decimals: int = 2) -> str:
    if value is None:
        return "–"
    text = format_number(value, decimals)
    return f"+{text}" if value > 0 and text.strip("0,") else text


def plain(value: float | None, decimals: int = 2) -> str:
    return "–" if value is None else format_number(value, decimals)


class _NumberedCanvas(rl_canvas.Canvas):  # type: ignore[misc]
    """Keeps the pages until the end so that each can say 'Halaman X dari Y'."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, object]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont("Helvetica", 8)
            self.setFillColor(colors.grey)
            width = self._pagesize[0]
            self.drawRightString(width - 15 * mm, 8 * mm,
                                 f"Halaman {self._pageNumber} dari {total}")
            self.drawString(15 * mm, 8 * mm, "Evaluasi Efektivitas Pelatihan — Karier ASN")
            super().showPage()
        super().save()


def _chart(rows: tuple[EffectivenessRow, ...], width: float) -> tuple[Drawing, str]:
    shown = [r for r in rows if r.did is not None]
    shown.sort(key=lambda r: -(r.did or 0.0))
    note = ""
    if len(shown) > MAX_BARS:
        enough = [r for r in shown if not r.warning]
        few = [r for r in shown if r.warning]
        shown = (enough + few)[:MAX_BARS]
        shown.sort(key=lambda r: -(r.did or 0.0))
        note = (f"Ditampilkan {MAX_BARS} dari {len([r for r in rows if r.did is not None])} "
                "program (yang datanya cukup didahulukan).")
    bar_h = min(12.0, (CHART_HEIGHT - 40) / max(1, len(shown)))
    height = max(60, bar_h * len(shown) + 40)
    drawing = Drawing(width, height)
    if not shown:
        drawing.add(String(0, height / 2, "Belum ada program dengan data sebelum dan sesudah.",
                           fontName="Helvetica", fontSize=9))
        return drawing, note
    chart = HorizontalBarChart()
    chart.x, chart.y = 190, 25
    chart.width, chart.height = width - 230, bar_h * len(shown)
    # HorizontalBarChart draws the first value at the bottom: reverse for largest on top.
    ordered = list(reversed(shown))
    chart.data = [[r.did or 0.0 for r in ordered]]
    chart.categoryAxis.categoryNames = [f"{r.code} {_short(r.title, 34)}" for r in ordered]
    chart.categoryAxis.joinAxisMode = "left"  # labels at the left edge, not on the zero line
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: signed(v, 1)
    low = min(0.0, *(r.did or 0.0 for r in shown))
    high = max(0.0, *(r.did or 0.0 for r in shown))
    chart.valueAxis.valueMin = low - 0.1
    chart.valueAxis.valueMax = high + 0.1
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = ACCENT
    for i, r in enumerate(ordered):
        if r.warning:
            chart.bars[(0, i)].fillColor = MUTED
    chart.barSpacing = 1
    drawing.add(chart)
    drawing.add(String(190, 6, "Selisih perubahan level (peserta − pembanding); abu-abu: n < 5",
                       fontName="Helvetica", fontSize=7, fillColor=colors.grey))
    return drawing, note


def render(doc: EffectivenessDoc) -> bytes:
    page = landscape(F4 if doc.paper == "F4" else A4)
    buf = io.BytesIO()
    pdf = SimpleDocTemplate(buf, pagesize=page, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=12 * mm, bottomMargin=14 * mm,
                            title="Evaluasi Efektivitas Pelatihan", author=doc.agency)
    small = ParagraphStyle("small", fontName="Helvetica", fontSize=7.5, leading=9)
    head = ParagraphStyle("head", parent=small, fontName="Helvetica-Bold", alignment=1)
    centre = ParagraphStyle("centre", fontName="Helvetica-Bold", fontSize=11, leading=14,
                            alignment=1)
    sub = ParagraphStyle("sub", fontName="Helvetica", fontSize=9, leading=11, alignment=1)
    story: list[object] = []
    for text, style in ((doc.government.upper(), centre), (doc.agency.upper(), centre),
                        (doc.address, sub)):
        if text.strip():
            story.append(Paragraph(escape(text), style))
    story += [Spacer(1, 4 * mm),
              Paragraph("EVALUASI EFEKTIVITAS PELATIHAN", centre),
              Paragraph(escape(f"Periode pelatihan: {doc.period_text}"), sub),
              Spacer(1, 3 * mm)]
    chart, note = _chart(doc.rows, page[0] - 30 * mm)
    story.append(chart)
    if note:
        story.append(Paragraph(escape(note), small))
    story.append(Spacer(1, 3 * mm))
    header = ["Kode", "Program", "Kompetensi sasaran", "Peserta", "n terukur",
              "Perubahan peserta", "n pembanding", "Perubahan pembanding", "Selisih (DiD)",
              "Biaya per level", "Reaksi (K1)", "Tes pre→post (K2)", "Catatan"]
    data: list[list[object]] = [[Paragraph(h, head) for h in header]]
    for r in doc.rows:
        data.append([
            Paragraph(escape(r.code), small), Paragraph(escape(r.title), small),
            Paragraph(escape(r.competencies), small), str(r.participants), str(r.measured),
            signed(r.mean_change), str(r.comparison_n), signed(r.comparison_change),
            signed(r.did), "–" if r.cost_per_level is None else format_rupiah(r.cost_per_level),
            plain(r.k1, 1), signed(r.k2, 1), Paragraph(escape(r.warning), small)])
    if not doc.rows:
        data.append(["", Paragraph("Belum ada pelatihan selesai pada periode ini.", small)]
                    + [""] * 11)
    widths = [13 * mm, 50 * mm, 24 * mm, 15 * mm, 14 * mm, 20 * mm, 20 * mm, 20 * mm,
              16 * mm, 24 * mm, 13 * mm, 16 * mm]
    widths.append(page[0] - 30 * mm - sum(widths))
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 1), (-1, -1), "Helvetica", 7.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6edf3")),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#b8c2cc")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (3, 1), (11, -1), "RIGHT"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f8fa")]),
    ]))
    story += [table, Spacer(1, 4 * mm), Paragraph(escape(
        "Cara membaca: perubahan = level asesmen pertama sesudah pelatihan dikurangi level "
        "asesmen terakhir sebelumnya, pada kompetensi sasaran program. Pembanding = pegawai "
        "yang standar jabatannya memuat kompetensi yang sama dan tidak mengikuti program, "
        "diukur pada rentang waktu yang sama (median tanggal mulai dan selesai peserta). "
        "Selisih (DiD) = perubahan peserta − perubahan pembanding. Biaya per level = biaya "
        "peserta terukur ÷ jumlah level yang naik. Angka dengan n < 5 belum dapat dipercaya."),
        small), Spacer(1, 2 * mm), Paragraph(escape(
            f"Dicetak {(doc.city + ', ') if doc.city else ''}{format_date_id(doc.printed_on)}"),
            small)]
    pdf.build(story, canvasmaker=_NumberedCanvas)
    return buf.getvalue()


def _short(title: str, limit: int) -> str:
    """A bar label: the title cut at a whole word, with an ellipsis when cut."""
    if len(title) <= limit:
        return title
    cut = title[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–")
    return f"{cut}…"

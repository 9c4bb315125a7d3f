"""The unit recap PDF: a competency heat map over the sub-units and the JPM ranking of an OPD.

Landscape A4 or F4, from a prepared `UnitRecapDocument`. Each heat-map cell shows the average
gap (actual − required) and the share of assessed employees below standard, coloured from red
(far below) through yellow to green (at or above standard).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from karier_desktop.domain.textfmt import format_date_id, format_number, format_percent
from karier_desktop.reports.documents import HeatCellData, UnitRecapDocument
from karier_desktop.reports.landscape import LandscapeReport
from karier_desktop.reports.pdf_base import GRID, GROUP_BG, HEAD_BG, INK, text

MAX_UNIT_COLUMNS = 9  # more sub-units than this continue in a second heat-map table


def heat_colour(avg_gap: float | None) -> colors.Color:
    """Red for −2 and below, yellow around −0.75, green at 0 or above; grey when unknown."""
    if avg_gap is None:
        return colors.HexColor("#eceff1")
    if avg_gap >= 0:
        return colors.HexColor("#cfe9d4")
    if avg_gap >= -0.5:
        return colors.HexColor("#fbf1c4")
    if avg_gap >= -1.0:
        return colors.HexColor("#f9d9a8")
    if avg_gap >= -1.5:
        return colors.HexColor("#f5b7a8")
    return colors.HexColor("#ec8f86")


def cell_text(cell: HeatCellData) -> str:
    if cell.avg_gap is None:
        return "–"
    avg = format_number(cell.avg_gap, 2).replace("-", "−")
    share = format_number((cell.below_share or 0) * 100, 0)
    return f"{avg}\n{share}% kurang"


class UnitGapRenderer(LandscapeReport):
    def __init__(self) -> None:
        super().__init__()
        r, b = self.fonts.regular, self.fonts.bold
        self.s_section = ParagraphStyle("h", fontName=b, fontSize=10, leading=13, spaceBefore=6,
                                        spaceAfter=3, textColor=INK)
        self.s_cell = ParagraphStyle("c", fontName=r, fontSize=7.4, leading=9, textColor=INK,
                                     alignment=TA_LEFT)
        self.s_head = ParagraphStyle("hd", fontName=b, fontSize=7.2, leading=8.8,
                                     alignment=TA_CENTER, textColor=INK)

    def render(self, doc: UnitRecapDocument) -> bytes:
        sheet = self.start(
            doc.paper_size, f"Rekap kesenjangan kompetensi – {doc.opd}",
            f"Rekap kesenjangan kompetensi · {doc.opd} · {format_date_id(doc.generated_on)}",
            doc.letterhead, ("REKAPITULASI KESENJANGAN KOMPETENSI", doc.opd.upper()),
            f"Keadaan {format_date_id(doc.generated_on)}")
        width, story = sheet.width, sheet.story
        cats = ", ".join(f"{name} {count}" for name, count in doc.categories)
        story.append(Paragraph(
            f"Pegawai aktif: <b>{doc.employees}</b> · sudah diases (asesmen berlaku): "
            f"<b>{doc.assessed}</b> · rata-rata JPM: <b>{format_percent(doc.average_jpm)}</b> · "
            f"{text(cats)}.", self.s_body))
        story.append(Paragraph("A. PETA KESENJANGAN (KOMPETENSI × UNIT)", self.s_section))
        story.append(Paragraph(
            "Setiap sel: rata-rata selisih level (aktual − standar) pegawai yang sudah diases, dan "
            "persentase pegawai di bawah standar. Merah = jauh di bawah standar, hijau = memenuhi.",
            self.s_body))
        story.append(Spacer(1, 2 * mm))
        for start in range(0, max(1, len(doc.unit_names)), MAX_UNIT_COLUMNS):
            story.append(self._heat_table(doc, width, start))
            story.append(Spacer(1, 3 * mm))
        story.append(Paragraph("B. PERINGKAT PEGAWAI MENURUT JPM (TERENDAH DI ATAS)",
                               self.s_section))
        story.append(self._ranking_table(doc, width))
        return self.finish(sheet)

    def _heat_table(self, doc: UnitRecapDocument, width: float, start: int) -> Table:
        names = doc.unit_names[start:start + MAX_UNIT_COLUMNS]
        first = 58 * mm
        col = (width - first) / max(1, len(names))
        rows: list[list[Any]] = [[Paragraph("Kompetensi", self.s_head)]
                                 + [Paragraph(text(n), self.s_head) for n in names]]
        style: list[tuple[Any, ...]] = []
        for r, (comp, cells) in enumerate(zip(doc.competencies, doc.cells, strict=True), start=1):
            part = cells[start:start + MAX_UNIT_COLUMNS]
            rows.append([Paragraph(text(comp), self.s_cell)] + [cell_text(c) for c in part])
            for c, cell in enumerate(part, start=1):
                style.append(("BACKGROUND", (c, r), (c, r), heat_colour(cell.avg_gap)))
        if len(rows) == 1:
            rows.append([Paragraph("Belum ada standar kompetensi di unit ini.", self.s_cell)]
                        + [""] * len(names))
        table = Table(rows, colWidths=[first] + [col] * len(names), repeatRows=1)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), self.fonts.regular, 7.2), ("LEADING", (0, 0), (-1, -1), 8.6),
            ("GRID", (0, 0), (-1, -1), 0.45, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 1), (-1, -1), "CENTER"),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ] + style))
        return table

    def _ranking_table(self, doc: UnitRecapDocument, width: float) -> Table:
        fr = (10, 52, 36, 52, 40, 16, 24, 16, 14)
        widths = [width * f / sum(fr) for f in fr]
        head = ["No", "Nama", "NIP", "Jabatan", "Unit Kerja", "JPM", "Kategori",
                "Di bawah standar", "Belum diases"]
        rows: list[list[Any]] = [[Paragraph(h, self.s_head) for h in head]]
        style: list[tuple[Any, ...]] = []
        for i, r in enumerate(doc.ranking, start=1):
            rows.append([str(r.rank) if r.rank is not None else "–",
                         Paragraph(text(r.name), self.s_cell), r.nip,
                         Paragraph(text(r.position), self.s_cell),
                         Paragraph(text(r.unit), self.s_cell), format_percent(r.jpm), r.category,
                         str(r.below), str(r.not_assessed)])
            colour = {"Optimal": "#cfe9d4", "Cukup Optimal": "#fbf1c4",
                      "Kurang Optimal": "#f5b7a8"}.get(r.category)
            if colour:
                style.append(("BACKGROUND", (6, i), (6, i), colors.HexColor(colour)))
        if len(rows) == 1:
            rows.append(["", Paragraph("Tidak ada pegawai aktif.", self.s_cell)] + [""] * 7)
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), self.fonts.regular, 7.4), ("LEADING", (0, 0), (-1, -1), 9),
            ("GRID", (0, 0), (-1, -1), 0.45, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 1), (0, -1), "CENTER"),
            ("ALIGN", (5, 1), (5, -1), "RIGHT"), ("ALIGN", (7, 1), (-1, -1), "CENTER"),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("ROWBACKGROUNDS", (0, 1), (5, -1), [colors.white, GROUP_BG]),
        ] + style))
        return table


def render(doc: UnitRecapDocument) -> bytes:
    return UnitGapRenderer().render(doc)

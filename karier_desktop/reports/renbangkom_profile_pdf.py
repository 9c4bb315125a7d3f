"""One page per OPD for its head and the head of BKPP (portrait A4/F4), from a prepared
`ProfileDocument`: figures in boxes, charts where people would rather look than read."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from karier_desktop.domain.textfmt import format_date_id, format_number, format_rupiah
from karier_desktop.reports.fonts import document_fonts
from karier_desktop.reports.pdf_base import (
    GRID,
    GROUP_BG,
    HEAD_BG,
    INK,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    Section,
    SectionStart,
    document_template,
    numbered_canvas,
    page_size,
    text,
    title_styles,
)
from karier_desktop.reports.renbangkom_charts import hbars, vbars
from karier_desktop.reports.renbangkom_data import ProfileDocument


def pct(value: float) -> str:
    return f"{format_number(value * 100, 0)}%"


class ProfileRenderer:
    def __init__(self) -> None:
        self.fonts = document_fonts()
        r, b = self.fonts.regular, self.fonts.bold
        self.s_title, self.s_sub = title_styles(self.fonts, 12.5)
        self.s_h = ParagraphStyle("h", fontName=b, fontSize=8.8, leading=11, textColor=INK,
                                  spaceAfter=2)
        self.s_body = ParagraphStyle("b", fontName=r, fontSize=7.8, leading=9.8, textColor=INK)
        self.s_big = ParagraphStyle("g", fontName=b, fontSize=20, leading=23,
                                    alignment=TA_CENTER, textColor=colors.HexColor("#1f5f8b"))

    def render(self, doc: ProfileDocument) -> bytes:
        size = page_size(doc.paper_size)
        buf = io.BytesIO()
        template = document_template(buf, size, MARGIN_LEFT, MARGIN_RIGHT, 11 * mm,
                                     MARGIN_BOTTOM, title=f"Profil {doc.opd} {doc.year}",
                                     author=doc.letterhead.agency, creator="Karier ASN")
        width = size[0] - MARGIN_LEFT - MARGIN_RIGHT
        half = (width - 4 * mm) / 2
        footer = f"Profil perangkat daerah · {doc.opd} · {format_date_id(doc.generated_on)}"
        head = " · ".join(x for x in (doc.letterhead.government.upper(),
                                      doc.letterhead.agency.upper()) if x)
        story: list[Flowable] = [SectionStart(Section(0, footer, False))]
        if head:
            story.append(Paragraph(text(head), self.s_sub))
        story += [Paragraph(text(f"PROFIL PENGEMBANGAN KOMPETENSI · {doc.opd.upper()}"),
                            self.s_title),
                  Paragraph(text(f"Tahun rencana {doc.year} · keadaan "
                                 f"{format_date_id(doc.generated_on)} · {doc.rank_text}"),
                            self.s_sub), Spacer(1, 3 * mm)]
        total = sum(n for _t, n in doc.headcount)
        left = [Paragraph("Pegawai menurut jenis", self.s_h),
                self._pairs([(t, str(n)) for t, n in doc.headcount] + [("Jumlah", str(total))],
                            half),
                Spacer(1, 2 * mm), Paragraph("Kategori JPM", self.s_h),
                hbars([(c, float(n)) for c, n in doc.jpm_categories], half,
                      self.fonts.regular)]
        if doc.ip_dimensions:
            rows = [(f"{label} (maks. {format_number(top, 0)})", format_number(value, 2))
                    for label, value, top in doc.ip_dimensions]
            rows.append(("Indeks IP ASN (maks. 100)",
                         f"{format_number(doc.ip_index, 2)} · {doc.ip_index_band}"))
            left += [Spacer(1, 2 * mm), Paragraph("Indeks Profesionalitas ASN (rata-rata)",
                                                  self.s_h), self._pairs(rows, half)]
            if doc.ip_kinerja_missing:
                left.append(Paragraph(text(f"{doc.ip_kinerja_missing} pegawai belum ada "
                                           "predikat SKP (kinerja dihitung 0)."), self.s_body))
        right = [Paragraph("IP ASN — dimensi kompetensi (maks. 40)", self.s_h),
                 Paragraph(format_number(doc.ip_score, 1), self.s_big),
                 Paragraph(text(f"{doc.ip_band} · dengan rencana {doc.year}: "
                                f"{format_number(doc.ip_after, 1)}"), self.s_sub),
                 Spacer(1, 2 * mm),
                 Paragraph(text(f"Pegawai dengan ≥ 20 JP (tahun {doc.year - 1}): "
                                f"{pct(doc.share_20jp)}"), self.s_h),
                 vbars([(str(y), v * 100) for y, v in doc.trend], half, 30 * mm,
                       self.fonts.regular, value_max=100)]
        story.append(self._two(left, right, half))
        story.append(Spacer(1, 2 * mm))
        gap_rows = [(g.competency, f"{g.below} dari {g.assessed} di bawah standar")
                    for g in doc.top_gaps] or [("Belum ada hasil asesmen.", "")]
        box_rows = [(b, str(n)) for b, n in doc.ninebox] or [("Belum diketahui", "")]
        story.append(self._two(
            [Paragraph("Kesenjangan kompetensi terbesar", self.s_h), self._pairs(gap_rows, half)],
            [Paragraph("Sebaran kotak talenta (9-box)", self.s_h), self._pairs(box_rows, half)],
            half))
        story.append(Spacer(1, 2 * mm))
        retire = [(n, f"{p} · {d}") for n, p, d in doc.retiring] or [("Tidak ada", "")]
        plan = [("Status rencana", doc.plan_status), ("Kegiatan", str(doc.plan_lines)),
                ("Peserta", str(doc.plan_participants)), ("Biaya", format_rupiah(doc.plan_cost))]
        story.append(self._two(
            [Paragraph("Pensiun dalam 24 bulan", self.s_h), self._pairs(retire, half)],
            [Paragraph(f"Rencana pengembangan kompetensi {doc.year}", self.s_h),
             self._pairs(plan, half)], half))
        story += [Spacer(1, 2 * mm), Paragraph("Program yang paling berhasil", self.s_h),
                  Paragraph(text(doc.best_programme), self.s_body)]
        template.build(story, canvasmaker=numbered_canvas(self.fonts))
        return buf.getvalue()

    def _pairs(self, rows: list[tuple[str, str]], width: float) -> Table:
        data = [[Paragraph(text(a), self.s_body), Paragraph(text(b), self.s_body)]
                for a, b in rows]
        t = Table(data, colWidths=[width * 0.55, width * 0.45])
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, GRID),
                               ("ROWBACKGROUNDS", (0, 0), (-1, -1), [colors.white, GROUP_BG]),
                               ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
        return t

    def _two(self, left: list[Any], right: list[Any], half: float) -> Table:
        t = Table([[left, right]], colWidths=[half + 2 * mm, half + 2 * mm])
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BOX", (0, 0), (0, 0), 0.4, HEAD_BG),
                               ("BOX", (1, 0), (1, 0), 0.4, HEAD_BG),
                               ("LEFTPADDING", (0, 0), (-1, -1), 1),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 1)]))
        return t


def render(doc: ProfileDocument) -> bytes:
    return ProfileRenderer().render(doc)

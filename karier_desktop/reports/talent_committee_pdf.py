"""The Komite Talenta sheet: the candidates for one critical position, with a signature block.

Landscape A4/F4 from a prepared `CommitteeDocument`: the position (why it is critical, the
holder and the pension date, the acting holder), the rules applied, the ranked candidates with
box, JPM against the position's standard, readiness and gaps, then the committee's signatures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from karier_desktop.domain.textfmt import format_date_id, format_percent
from karier_desktop.reports.documents import LetterheadData
from karier_desktop.reports.landscape import LandscapeReport
from karier_desktop.reports.pdf_base import DOTS, GRID, GROUP_BG, HEAD_BG, INK, text

READINESS_COLOURS = {"Siap sekarang": "#cfe9d4", "Siap 1-2 tahun": "#fbf1c4",
                     "Siap > 2 tahun": "#f5d0c5"}


@dataclass(frozen=True)
class CandidateLine:
    rank: int
    name: str
    nip: str
    position: str
    golongan: str
    box: int
    jpm: float | None
    readiness: str
    gaps: str


@dataclass(frozen=True)
class CommitteeDocument:
    letterhead: LetterheadData
    paper_size: str
    city: str
    made_on: dt.date
    period: int
    position: str
    kind: str
    unit: str
    opd: str
    reason: str
    holder: str
    holder_retires_on: dt.date | None
    acting: str
    rules: str  # one sentence naming the rules applied
    candidates: tuple[CandidateLine, ...]
    signers: tuple[str, ...] = ("Ketua Komite Talenta", "Sekretaris Komite Talenta",
                                "Anggota Komite Talenta")


class CommitteeRenderer(LandscapeReport):
    def __init__(self) -> None:
        super().__init__()
        r, b = self.fonts.regular, self.fonts.bold
        self.s_cell = ParagraphStyle("c", fontName=r, fontSize=7.6, leading=9.2, textColor=INK)
        self.s_head = ParagraphStyle("h", fontName=b, fontSize=7.4, leading=9,
                                     alignment=TA_CENTER, textColor=INK)
        self.s_sign = ParagraphStyle("g", fontName=r, fontSize=8.5, leading=11,
                                     alignment=TA_CENTER, textColor=INK)

    def render(self, doc: CommitteeDocument) -> bytes:
        sheet = self.start(
            doc.paper_size, f"Komite Talenta – {doc.position}",
            f"Komite Talenta · {doc.position} · {format_date_id(doc.made_on)}", doc.letterhead,
            ("LEMBAR PEMBAHASAN KOMITE TALENTA", f"Calon Pengganti Jabatan {doc.position}"),
            f"Periode talenta {doc.period}")
        width, story = sheet.width, sheet.story
        retires = (format_date_id(doc.holder_retires_on) if doc.holder_retires_on else "-")
        facts = [("Jabatan", f"{doc.position} ({doc.kind})"),
                 ("Unit kerja / OPD", " / ".join(x for x in (doc.unit, doc.opd) if x) or "-"),
                 ("Alasan jabatan kritis", doc.reason or "-"),
                 ("Pejabat sekarang", f"{doc.holder} — pensiun (BUP) {retires}"),
                 ("Pelaksana tugas (Plt.)", doc.acting or "-"),
                 ("Aturan calon", doc.rules)]
        info = Table([[Paragraph(f"<b>{text(k)}</b>", self.s_body), Paragraph(text(v),
                                                                              self.s_body)]
                      for k, v in facts], colWidths=[48 * mm, width - 48 * mm])
        info.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("TOPPADDING", (0, 0), (-1, -1), 1),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        story += [info, Spacer(1, 3 * mm), self._candidates(doc, width), Spacer(1, 3 * mm)]
        story.append(Paragraph("Keputusan komite: ........................................."
                               "..........................................................",
                               self.s_body))
        story.append(Spacer(1, 3 * mm))
        story.append(KeepTogether(self._signatures(doc, width)))
        return self.finish(sheet)

    def _candidates(self, doc: CommitteeDocument, width: float) -> Table:
        fr = (10, 44, 38, 48, 14, 14, 16, 22, 64)
        widths = [width * f / sum(fr) for f in fr]
        head = ["No", "Nama", "NIP", "Jabatan sekarang", "Gol.", "Kotak", "JPM", "Kesiapan",
                "Kesenjangan yang perlu ditutup"]
        rows: list[list[Any]] = [[Paragraph(h, self.s_head) for h in head]]
        style: list[tuple[Any, ...]] = []
        for i, c in enumerate(doc.candidates, start=1):
            rows.append([str(c.rank), Paragraph(text(c.name), self.s_cell), c.nip,
                         Paragraph(text(c.position), self.s_cell), c.golongan, str(c.box),
                         format_percent(c.jpm), Paragraph(text(c.readiness), self.s_cell),
                         Paragraph(text(c.gaps), self.s_cell)])
            colour = READINESS_COLOURS.get(c.readiness)
            if colour:
                style.append(("BACKGROUND", (7, i), (7, i), colors.HexColor(colour)))
        if len(rows) == 1:
            rows.append(["", Paragraph("Belum ada calon yang memenuhi aturan.", self.s_cell)]
                        + [""] * 7)
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), self.fonts.regular, 7.6), ("LEADING", (0, 0), (-1, -1), 9),
            ("GRID", (0, 0), (-1, -1), 0.45, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 1), (0, -1), "CENTER"),
            ("ALIGN", (4, 1), (6, -1), "CENTER"),
            ("ROWBACKGROUNDS", (0, 1), (6, -1), [colors.white, GROUP_BG]),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ] + style))
        return table

    def _signatures(self, doc: CommitteeDocument, width: float) -> list[Flowable]:
        place = f"{doc.city}, {format_date_id(doc.made_on)}" if doc.city else \
            format_date_id(doc.made_on)
        cells = []
        for caption in doc.signers:
            cells.append([Paragraph(text(caption), self.s_sign), Spacer(1, 13 * mm),
                          Paragraph(f"({DOTS})", self.s_sign),
                          Paragraph("NIP " + "." * 30, self.s_sign)])
        col = width / max(1, len(cells))
        table = Table([cells], colWidths=[col] * len(cells))
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return [Paragraph(text(place), ParagraphStyle("p", parent=self.s_body,
                                                      alignment=2)), table]


def render(doc: CommitteeDocument) -> bytes:
    return CommitteeRenderer().render(doc)

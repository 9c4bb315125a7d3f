"""`LandscapeReport`: the frame of a landscape sheet (the unit recap, the committee sheet).

Written once: the document fonts with the title, sub-title and body styles, a landscape page
with the letterhead line and the title lines on top (`start`), and the finished PDF's bytes
(`finish`, every page numbered). A renderer subclasses it and adds its own styles and tables.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Paragraph, Spacer

from karier_desktop.reports.documents import LetterheadData
from karier_desktop.reports.fonts import document_fonts
from karier_desktop.reports.pdf_base import (
    INK,
    landscape_sheet,
    numbered_canvas,
    text,
    title_styles,
)


@dataclass
class Sheet:
    """A landscape sheet being written: add flowables to `story` within `width`."""

    template: BaseDocTemplate
    width: float  # of the frame
    story: list[Flowable]
    buf: io.BytesIO = field(default_factory=io.BytesIO)


class LandscapeReport:
    def __init__(self) -> None:
        self.fonts = document_fonts()
        self.s_title, self.s_sub = title_styles(self.fonts)
        self.s_body = ParagraphStyle("b", fontName=self.fonts.regular, fontSize=8.5, leading=11,
                                     textColor=INK)

    def start(self, paper: str, title: str, footer: str, letterhead: LetterheadData,
              headings: Sequence[str], sub: str) -> Sheet:
        """A sheet of `paper` (the PDF's `title`, the agency its author, `footer` on every
        page) beginning with the letterhead line, `headings` in the title style and `sub`."""
        buf = io.BytesIO()
        begun = landscape_sheet(buf, paper, title, letterhead.agency, footer,
                                letterhead.government, letterhead.agency, self.s_sub)
        story = begun.story
        story += [Paragraph(text(line), self.s_title) for line in headings]
        story += [Paragraph(text(sub), self.s_sub), Spacer(1, 3 * mm)]
        return Sheet(begun.template, begun.width, story, buf)

    def finish(self, sheet: Sheet) -> bytes:
        sheet.template.build(sheet.story, canvasmaker=numbered_canvas(self.fonts))
        return sheet.buf.getvalue()

"""Shared pieces of the printed documents: page sizes, colours, escaping, the page template,
and a canvas that numbers pages "Halaman X dari Y" per section (one section per employee, so a
combined PDF numbers each employee's pages on their own)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from karier_desktop.domain.textfmt import format_number
from karier_desktop.reports.fonts import FontPair

F4 = (215 * mm, 330 * mm)
PAGE_SIZES = {"A4": A4, "F4": F4}
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 20 * mm, 15 * mm, 13 * mm, 16 * mm
TITLE = "RENCANA PENGEMBANGAN INDIVIDU (INDIVIDUAL DEVELOPMENT PLAN)"
INK = colors.HexColor("#1a1a1a")
GREY = colors.HexColor("#5f6368")
HEAD_BG = colors.HexColor("#e4e9ef")
GROUP_BG = colors.HexColor("#f3f5f7")
RED_BG = colors.HexColor("#fbe3e2")
GREEN_BG = colors.HexColor("#e3f2e6")
GRID = colors.HexColor("#8a939b")
DOTS = "." * 42
KIND_ORDER = ("manajerial", "sosial_kultural", "teknis")


def title_styles(fonts: FontPair, title_size: float = 12) -> tuple[ParagraphStyle, ParagraphStyle]:
    """The centred title and subtitle of the landscape sheets (talent committee, unit gaps,
    OPD profile), written once."""
    title = ParagraphStyle("t", fontName=fonts.bold, fontSize=title_size, leading=15,
                           alignment=TA_CENTER, textColor=INK)
    sub = ParagraphStyle("s", fontName=fonts.regular, fontSize=8.5, leading=11,
                         alignment=TA_CENTER, textColor=INK)
    return title, sub


def page_size(name: str) -> tuple[float, float]:
    return PAGE_SIZES.get((name or "A4").upper(), A4)


def text(value: object) -> str:
    """Escape user text for Paragraph markup (&, <, >) and keep line breaks."""
    return escape(str(value or "")).replace("\n", "<br/>")


def jp_text(value: float) -> str:
    return format_number(value, 0 if float(value).is_integer() else 1)


def gap_text(value: int | None) -> str:
    if value is None:
        return "–"
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"−{-value}")


@dataclass(frozen=True)
class Section:
    """One employee's part of the PDF: its own page numbers and footer."""

    key: int
    footer: str
    draft: bool


class SectionStart(Flowable):
    """Zero-size marker: the pages from here on belong to `section`."""

    def __init__(self, section: Section) -> None:
        super().__init__()
        self.section = section
        self.width = self.height = 0

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.section = self.section  # type: ignore[attr-defined]


def numbered_canvas(fonts: FontPair) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Keeps pages until the end so each can say "Halaman X dari Y" for its section."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.section: Section | None = None
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            totals: dict[int, int] = {}
            for state in self._pages:
                sec = state.get("section")
                key = sec.key if sec else -1
                totals[key] = totals.get(key, 0) + 1
            seen: dict[int, int] = {}
            for state in self._pages:
                self.__dict__.update(state)
                sec = self.section
                key = sec.key if sec else -1
                seen[key] = seen.get(key, 0) + 1
                self._decorate(seen[key], totals[key], sec)
                Canvas.showPage(self)
            Canvas.save(self)

        def _decorate(self, number: int, total: int, sec: Section | None) -> None:
            width, _height = self._pagesize
            self.saveState()
            if sec is not None and sec.draft:
                self._watermark()
            self.setStrokeColor(GRID)
            self.setLineWidth(0.4)
            y = MARGIN_BOTTOM - 6 * mm
            self.line(MARGIN_LEFT, y + 3.2 * mm, width - MARGIN_RIGHT, y + 3.2 * mm)
            self.setFillColor(GREY)
            self.setFont(fonts.regular, 7)
            if sec is not None:
                room = width - MARGIN_LEFT - MARGIN_RIGHT - 32 * mm
                footer = sec.footer
                while footer and stringWidth(footer, fonts.regular, 7) > room:
                    footer = footer[:-2].rstrip() + "…"
                self.drawString(MARGIN_LEFT, y, footer)
            self.setFont(fonts.regular, 8)
            self.drawRightString(width - MARGIN_RIGHT, y, f"Halaman {number} dari {total}")
            self.restoreState()

        def _watermark(self) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFillColor(colors.HexColor("#9aa0a6"))
            self.setFillAlpha(0.13)
            self.translate(width / 2, height / 2)
            self.rotate(40)
            self.setFont(fonts.bold, 110)
            self.drawCentredString(0, -35, "DRAF")
            self.restoreState()

    return NumberedCanvas


def document_template(buf: io.BytesIO, size: tuple[float, float], left: float, right: float,
                      top: float, bottom: float, **info: Any) -> BaseDocTemplate:
    """A one-frame template whose frame has no inner padding (tables use the full width)."""
    template = BaseDocTemplate(buf, pagesize=size, leftMargin=left, rightMargin=right,
                               topMargin=top, bottomMargin=bottom, **info)
    frame = Frame(left, bottom, size[0] - left - right, size[1] - top - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    return template


@dataclass
class LandscapeStart:
    """What a landscape sheet (a recap, a committee sheet) begins with."""

    template: BaseDocTemplate
    width: float  # of the frame
    story: list[Flowable]


def landscape_sheet(buf: io.BytesIO, paper: str, title: str, author: str, footer: str,
                    government: str, agency: str, head_style: Any) -> LandscapeStart:
    """A landscape page of `paper` with the usual margins, the footer of every page, and the
    letterhead line ("PEMERINTAH … · BKPP …") first in the story."""
    from reportlab.lib.pagesizes import landscape
    from reportlab.platypus import Paragraph

    size = landscape(page_size(paper))
    right = 14 * mm
    template = document_template(buf, size, MARGIN_LEFT, right, 12 * mm, MARGIN_BOTTOM,
                                 title=title, author=author, creator="Karier ASN")
    story: list[Flowable] = [SectionStart(Section(0, footer, False))]
    head = " · ".join(x for x in (government.upper(), agency.upper()) if x)
    if head:
        story.append(Paragraph(text(head), head_style))
    return LandscapeStart(template, size[0] - MARGIN_LEFT - right, story)


@cache
def logo_reader(data: bytes) -> ImageReader | None:
    """The logo image from its bytes (the database keeps the image, not a path)."""
    try:
        return ImageReader(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - a missing or broken logo is simply left out
        return None



class Callback(Flowable):
    """Zero-size flowable that calls `fn(i)` when laid out (progress and cancellation)."""

    def __init__(self, fn: Any, index: int) -> None:
        super().__init__()
        self.fn, self.index = fn, index
        self.width = self.height = 0
        self._called = False

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        if not self._called:
            self._called = True
            self.fn(self.index)
        return 0, 0

    def draw(self) -> None:
        return None



"""The fonts of printed documents: DejaVu Sans from resources/fonts/, else Helvetica.

DejaVu Sans covers every character Indonesian names and addresses use (and more); the built-in
Helvetica covers Latin-1 only. The TTF files are bundled (Bitstream Vera licence, see
resources/fonts/LICENSE-DejaVu.txt). Registration happens once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from karier_desktop.paths import resource


@dataclass(frozen=True)
class FontPair:
    regular: str
    bold: str
    embedded: bool


@cache
def document_fonts() -> FontPair:
    """Register DejaVu Sans (regular and bold) if the files are there; Helvetica otherwise."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    regular, bold = resource("fonts", "DejaVuSans.ttf"), resource("fonts", "DejaVuSans-Bold.ttf")
    if regular.is_file() and bold.is_file():
        try:
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
        except (TTFError, OSError):
            return FontPair("Helvetica", "Helvetica-Bold", False)
        addMapping("DejaVuSans", 0, 0, "DejaVuSans")
        addMapping("DejaVuSans", 1, 0, "DejaVuSans-Bold")
        addMapping("DejaVuSans", 0, 1, "DejaVuSans")
        addMapping("DejaVuSans", 1, 1, "DejaVuSans-Bold")
        return FontPair("DejaVuSans", "DejaVuSans-Bold", True)
    return FontPair("Helvetica", "Helvetica-Bold", False)

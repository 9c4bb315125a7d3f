"""One rule for text a clerk types or imports: invisible characters and whitespace.

Names and NIPs copied from web pages, WhatsApp or PDFs can carry characters nobody sees:
zero-width spaces (U+200B), joiners, the BOM (U+FEFF), soft hyphens, bidi overrides (U+202E can
make "Andi" look like another name), or blank-looking letters (U+3164). Two names that look the
same would then be two people, and a NIP would fail for no visible reason. Such characters are
refused with a message that names the code point, so the clerk knows what to delete. Whitespace
of any kind (line breaks inside a cell, tabs, no-break spaces) becomes one plain space.
"""

from __future__ import annotations

import re
import unicodedata

# Visible-looking blanks that Unicode does not class as format characters (Cf) or whitespace.
_BLANK_LETTERS = "\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\u180e"
_DESCRIPTIONS = {
    "200B": "spasi lebar nol", "200C": "pemisah lebar nol", "200D": "penyambung lebar nol",
    "2060": "penyambung kata", "FEFF": "tanda BOM", "00AD": "tanda hubung lunak",
    "200E": "tanda arah teks", "200F": "tanda arah teks",
}
_BIDI = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x061C}
# Fast pre-check: anything outside printable ASCII needs the closer look below.
_SUSPECT = re.compile(r"[^\x20-\x7e]")


def invisible_chars(text: str) -> list[str]:
    """The distinct invisible or text-direction characters in `text`, in order of appearance."""
    if not _SUSPECT.search(text):
        return []
    found: list[str] = []
    for ch in text:
        if ch.isspace() or (unicodedata.category(ch) not in ("Cc", "Cf")
                            and ch not in _BLANK_LETTERS):
            continue
        if ch not in found:
            found.append(ch)
    return found


def describe(ch: str) -> str:
    """"U+200B (spasi lebar nol)" for a message."""
    point = f"{ord(ch):04X}"
    if ord(ch) in _BIDI:
        what = "pembalik arah teks"
    elif point in _DESCRIPTIONS:
        what = _DESCRIPTIONS[point]
    elif unicodedata.category(ch) in ("Cc", "Cf"):
        what = "karakter kendali tak terlihat"
    else:
        what = "karakter kosong tak terlihat"
    return f"U+{point} ({what})"


def invisible_message(text: str, label: str) -> str | None:
    """An Indonesian message when `text` holds invisible characters, else None."""
    found = invisible_chars(text)
    if not found:
        return None
    listed = ", ".join(describe(ch) for ch in found[:3])
    if not squeeze(_strip(text, found)):
        return (f"{label} hanya berisi karakter tak terlihat ({listed}); ketik ulang isinya")
    return (f"{label} berisi karakter tak terlihat {listed}; hapus karakter itu (ketik ulang "
            "isian ini tanpa menyalin)")


def squeeze(text: str) -> str:
    """Whitespace of any kind (line breaks, tabs, no-break spaces) as single spaces, trimmed."""
    return " ".join(text.split())


def _strip(text: str, chars: list[str]) -> str:
    return text.translate({ord(ch): None for ch in chars})


def search_text(typed: str) -> str:
    """What a list's search box looks for: lower case; a NIP typed with spaces as its digits."""
    text = typed.strip().lower()
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) == len(text.replace(" ", "")):
        return digits
    return text


def found_in(text: str, first: str, second: str) -> bool:
    """Whether `text` stands in a row kept as two search keys (e.g. the person, the activity).
    A text without a space cannot span both, so only then is the joined key built."""
    return text in first or text in second or (" " in text and text in f"{first} {second}")

"""Academic and honorific titles written inside a name: "Dr. Hasnawati, S.E., M.M.".

Registers such as the DUK write one cell per person with the titles around the name. The app
keeps gelar depan, nama and gelar belakang apart, so the cell is split here. Only what is
certainly a title is split off: a front title from a known list (``Muh.`` or ``St.`` stay part
of the name, they abbreviate Muhammad and Sitti), and back titles after the first comma when
every comma-separated part looks like a degree (``S.E.``, ``M.Kes``, ``A.Md.Kep``, ``SH``).
"""

from __future__ import annotations

import re

# Front titles (case-insensitive). Those in _NEEDS_DOT are only titles when written with a dot,
# because without it they may be an initial or part of a name.
_FRONT = ("prof", "dr", "drg", "drh", "drs", "dra", "ir", "h", "hj", "ns", "apt", "kh", "k.h",
          "dr(h.c)", "ners")
_NEEDS_DOT = frozenset({"dr", "ir", "h", "ns", "apt", "kh", "k.h"})
# Degrees clerks write without dots ("SH", "SKM"); other dotless words are not taken as titles.
_DOTLESS = frozenset({
    "SH", "SE", "ST", "SP", "SS", "SIP", "SAG", "SHI", "SPD", "SPDI", "SKM", "SKEP", "SKOM",
    "SSOS", "SFARM", "SSI", "SSTP", "SPT", "SPSI", "SKG", "SKED", "SGZ", "STP", "SAN", "SHUT",
    "MM", "MH", "MSI", "MPD", "MT", "MA", "MAP", "MAK", "MKES", "MKM", "MSC", "MBA", "MAG",
    "MPSI", "MPH", "AMD", "AMK", "AMKEP", "AMKEB", "PHD", "BA", "BSC", "LC", "SPOG", "SPA",
    "SPPD", "SPB", "SPM", "SPTHT", "SPKK", "SPRAD", "SPAN", "SPJP", "SPS", "SPKJ", "SPP",
})
_BACK_PART = re.compile(r"^[A-Za-z]{1,6}(?:\s?\.\s?[A-Za-z]{1,6})*\.?(?:\s?\([A-Za-z.]{1,8}\))?$")


def _front_token(token: str) -> bool:
    low = token.lower()
    bare = low.rstrip(".")
    if bare not in _FRONT:
        return False
    return low.endswith(".") or bare not in _NEEDS_DOT


def _is_back_title(part: str) -> bool:
    part = part.strip()
    if not part or not _BACK_PART.match(part):
        return False
    letters = part.replace(".", "").replace(" ", "")
    # "S.E." has a dot; "SH", "MM", "SKM" are known degrees; a word like "Andi" is neither.
    return ("." in part and len(letters) >= 2) or letters.upper() in _DOTLESS


def split_titles(text: str) -> tuple[str | None, str, str | None]:
    """``"Dr. Hasnawati, S.E., M.M."`` -> ``("Dr.", "Hasnawati", "S.E., M.M.")``.

    Returns (front titles or None, name, back titles or None). A text that holds no certain
    title comes back unchanged as the name. Spaces are collapsed.
    """
    cleaned = " ".join(text.split())
    if "." not in cleaned and "," not in cleaned:
        return None, cleaned, None  # the common case: a plain name
    head, back = cleaned, None
    if "," in cleaned:
        first, rest = cleaned.split(",", 1)
        parts = [p.strip() for p in rest.split(",")]
        if first.strip() and parts and all(_is_back_title(p) for p in parts):
            head = first.strip()
            back = ", ".join(parts)
    tokens = head.split(" ")
    front: list[str] = []
    while len(tokens) > 1 and _front_token(tokens[0]):
        front.append(tokens.pop(0))
    name = " ".join(tokens).strip()
    return (" ".join(front) or None), name, back

"""What a position's name and eselon say about its kind and jenjang (UU 20/2023, §6 of the rules).

- ``jenjang_from_name("Guru Ahli Muda")`` -> ``"ahli_muda"``; ``"Perawat Terampil"`` ->
  ``"terampil"``. The older names ``Guru Madya`` or ``Penyuluh Pelaksana Lanjutan`` are read only
  when the caller already knows the position is fungsional (``fungsional=True``), because words
  such as "Muda" or "Pelaksana" mean nothing on their own.
- ``parse_eselon("III.b")``, ``"III/b"``, ``"3b"``, ``"32"`` (SIMPEG code) -> ``"III.b"``;
  ``"Non Eselon"`` and ``"-"`` -> None.
"""

from __future__ import annotations

import re

JENJANG_AHLI = ("ahli_utama", "ahli_madya", "ahli_muda", "ahli_pertama")
JENJANG_TERAMPIL = ("penyelia", "mahir", "terampil", "pemula")

Patterns = tuple[tuple[re.Pattern[str], str], ...]


def _compiled(*pairs: tuple[str, str]) -> Patterns:
    """(regular expression, jenjang) pairs with their expressions compiled."""
    return tuple((re.compile(pattern), jenjang) for pattern, jenjang in pairs)


_EXPLICIT = _compiled(
    (r"\bahli\s+utama\b", "ahli_utama"), (r"\bahli\s+madya\b", "ahli_madya"),
    (r"\bahli\s+muda\b", "ahli_muda"), (r"\bahli\s+pertama\b", "ahli_pertama"),
    (r"\bpenyelia\b", "penyelia"), (r"\bmahir\b", "mahir"),
    (r"\bterampil\b", "terampil"), (r"\bpemula\b", "pemula"),
)
# Names from before the 2019 jenjang names, read only for a position known to be fungsional.
_OLDER = _compiled(
    (r"\bpelaksana\s+lanjutan\b", "mahir"), (r"\butama\s*$", "ahli_utama"),
    (r"\bmadya\s*$", "ahli_madya"), (r"\bmuda\s*$", "ahli_muda"),
    (r"\bpertama\s*$", "ahli_pertama"), (r"\bpelaksana\s*$", "terampil"),
)


def jenjang_from_name(name: str, fungsional: bool = False) -> str | None:
    """The jenjang a functional position's name states, or None."""
    low = " ".join(name.lower().replace("-", " ").split())
    for pattern, jenjang in _EXPLICIT:
        if pattern.search(low):
            return jenjang
    if fungsional:
        for pattern, jenjang in _OLDER:
            if pattern.search(low):
                return jenjang
    return None


_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V",
          "I": "I", "II": "II", "III": "III", "IV": "IV", "V": "V"}
_ESELON = re.compile(r"^(?:ESELON\s*)?(IV|III|II|I|V|[1-5])\s*[./\-]?\s*([AB])$")
_CODE = re.compile(r"^([1-5])([12])$")
_NONE = frozenset({"", "-", "NON ESELON", "NONESELON", "NON", "TIDAK ADA", "NULL", "0", "99"})


class EselonError(ValueError):
    """Text that is not an eselon; the message is Indonesian."""


def parse_eselon(text: object) -> str | None:
    """Canonical ``"II.b"``, or None for "no eselon"; raises EselonError for other text."""
    if text is None:
        return None
    raw = str(int(text)) if isinstance(text, float) and text.is_integer() else str(text)
    key = " ".join(raw.upper().replace("ESELON", " ").split())
    if key in _NONE:
        return None
    compact = key.replace(" ", "")
    code = _CODE.match(compact)
    if code:
        return f"{_ROMAN[code.group(1)]}.{'a' if code.group(2) == '1' else 'b'}"
    match = _ESELON.match(compact) or _ESELON.match(key)
    if match:
        return f"{_ROMAN[match.group(1)]}.{match.group(2).lower()}"
    raise EselonError(f"Eselon '{raw.strip()}' tidak dikenal (contoh: II.b, III.a, IV.a, "
                      "atau Non Eselon)")

"""Rows under the header that are not records: column numbers, repeated headers, footers.

Printed registers (DUK, daftar nominatif) put a row of column numbers (1, 2, 3 …) under the
header, repeat the header on every page, and end with totals and a signature block ("Mamuju,
… Kepala BKPP", a name, "NIP. …"). None of these is an employee or a training record.
"""

from __future__ import annotations

import re
from typing import Any

from karier_desktop.services.importing.headers import (
    HeaderMatch,
    looks_like_data,
    normalize_header,
)

MIN_NUMBERED = 3
FOOTER_MAX_CELLS = 2  # a record has at least three filled cells, or a NIP beside the name


def _filled(cells: tuple[Any, ...]) -> list[Any]:
    return [c for c in cells if c is not None and not (isinstance(c, str) and not c.strip())]


def is_column_numbers(cells: tuple[Any, ...]) -> bool:
    """1, 2, 3 … (numbers or digit text, "(1)" too), at least three, each one more."""
    numbers: list[int] = []
    for cell in _filled(cells):
        if isinstance(cell, bool):
            return False
        if isinstance(cell, int | float) and float(cell).is_integer():
            numbers.append(int(cell))
            continue
        text = str(cell).strip().strip("()")
        if not text.isdigit():
            return False
        numbers.append(int(text))
    return (len(numbers) >= MIN_NUMBERED and numbers[0] <= 1
            and all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False)))


def _nip_column(header: HeaderMatch) -> int | None:
    for col, key in header.columns.items():
        if key == "nip":
            return col
    return None


def _looks_like_footer(cells: tuple[Any, ...], nip_col: int | None) -> bool:
    filled = _filled(cells)
    if len(filled) > FOOTER_MAX_CELLS:
        return False
    if nip_col is None:
        return False
    nip = cells[nip_col] if nip_col < len(cells) else None
    if nip is None or (isinstance(nip, str) and not nip.strip()):
        return True
    if not isinstance(nip, str):
        return False
    # "NIP. 19700101 199803 1 005" under the signature is a caption, and "Mamuju, 1 Desember
    # 2026" or "Kepala BKPP" in the NIP column are no NIP at all
    text = nip.strip()
    return text.upper().startswith("NIP") or sum(ch.isdigit() for ch in text) < 9


def _holds_nip(cells: tuple[Any, ...], col: int) -> bool:
    value = cells[col] if col < len(cells) else None
    if type(value) is str:
        return len(value) == 18 and value.isdigit()
    return type(value) is int and value >= 10**8


def split_rows(rows: list[tuple[int, tuple[Any, ...]]], header: HeaderMatch
               ) -> tuple[list[tuple[int, tuple[Any, ...]]], tuple[int, ...]]:
    """(record rows, sheet numbers of the rows left out as not records)."""
    words = _header_words(header.raw)
    nip_col = _nip_column(header)
    kept: list[tuple[int, tuple[Any, ...]]] = []
    skipped: list[int] = []
    for number, cells in rows:
        if nip_col is not None and _holds_nip(cells, nip_col):
            kept.append((number, cells))  # the usual record: no further checks
        elif (is_column_numbers(cells) or _looks_like_footer(cells, nip_col)
                or _repeats_header(cells, words)):
            skipped.append(number)
        else:
            kept.append((number, cells))
    return kept, tuple(skipped)


def _header_words(labels: tuple[str, ...]) -> frozenset[str]:
    """Every label, and for "PANGKAT GOL/RUANG" also "PANGKAT" and "GOL/RUANG" (its two rows)."""
    words: set[str] = set()
    for label in labels:
        parts = label.split()
        for cut in range(len(parts) + 1):
            words.add(normalize_header(" ".join(parts[:cut])))
            words.add(normalize_header(" ".join(parts[cut:])))
    words.discard("")
    return frozenset(words)


def _repeats_header(cells: tuple[Any, ...], words: frozenset[str]) -> bool:
    """The header printed again at the top of a page (either of its rows)."""
    filled = _filled(cells)
    if len(filled) < 2 or looks_like_data(cells):
        return False
    return all(normalize_header(c) in words for c in filled)


_REGION = re.compile(r"\s+(?:PEMERINTAH\s+)?(?:KABUPATEN|KAB\.?|KOTA|PROVINSI)\b.*$")
_SMALL = frozenset({"dan", "serta", "di", "dengan", "atau"})


def unit_from_titles(rows: list[tuple[Any, ...]], starts: tuple[str, ...]) -> str | None:
    """"DINAS KESEHATAN KABUPATEN MAMUJU" above the header -> "Dinas Kesehatan"."""
    if not starts:
        return None
    for cells in rows:
        texts = [c for c in cells if isinstance(c, str) and c.strip()]
        if len(texts) != 1:
            continue
        text = " ".join(texts[0].upper().split())
        if any(text == s or text.startswith(s + " ") for s in starts):
            name = _REGION.sub("", text).strip(" ,.-")
            words = name.lower().split()
            return " ".join(w if w in _SMALL and i else w.capitalize()
                            for i, w in enumerate(words)) or None
    return None

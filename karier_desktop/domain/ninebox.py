"""Nine-box talent grid (kotak talenta) with the KemenPANRB numbering.

                 potensial rendah  menengah  tinggi
kinerja atas            4             7        9
kinerja sesuai          2             5        8
kinerja bawah           1             3        6
"""

from __future__ import annotations

KINERJA_LEVELS: tuple[str, ...] = ("bawah", "sesuai", "atas")
POTENSIAL_LEVELS: tuple[str, ...] = ("rendah", "menengah", "tinggi")

KINERJA_LABELS: dict[str, str] = {
    "bawah": "Kinerja di bawah ekspektasi",
    "sesuai": "Kinerja sesuai ekspektasi",
    "atas": "Kinerja di atas ekspektasi",
}
POTENSIAL_LABELS: dict[str, str] = {
    "rendah": "Potensial rendah",
    "menengah": "Potensial menengah",
    "tinggi": "Potensial tinggi",
}

_GRID: dict[tuple[str, str], int] = {
    ("bawah", "rendah"): 1,
    ("bawah", "menengah"): 3,
    ("bawah", "tinggi"): 6,
    ("sesuai", "rendah"): 2,
    ("sesuai", "menengah"): 5,
    ("sesuai", "tinggi"): 8,
    ("atas", "rendah"): 4,
    ("atas", "menengah"): 7,
    ("atas", "tinggi"): 9,
}
_POSITION: dict[int, tuple[str, str]] = {number: cell for cell, number in _GRID.items()}

BOX_NAMES: dict[int, str] = {
    number: f"{KINERJA_LABELS[k]} dan {POTENSIAL_LABELS[p].lower()}"
    for number, (k, p) in sorted(_POSITION.items())
}

BOX_RECOMMENDATIONS: dict[int, str] = {
    9: "Siapkan untuk promosi dan pertahankan; masukkan ke kelompok rencana suksesi "
    "instansi/nasional; berikan penghargaan.",
    8: "Pertahankan; masukkan ke kelompok rencana suksesi instansi; beri rotasi atau "
    "perluasan jabatan disertai bimbingan kinerja.",
    7: "Pertahankan; masukkan ke kelompok rencana suksesi instansi; beri rotasi atau "
    "pengayaan jabatan, pengembangan kompetensi, atau tugas belajar.",
    6: "Tempatkan pada jabatan yang lebih sesuai; berikan bimbingan dan konseling kinerja.",
    5: "Tempatkan pada jabatan yang sesuai; berikan bimbingan kinerja dan pengembangan kompetensi.",
    4: "Pertimbangkan rotasi; lanjutkan pengembangan kompetensi.",
    3: "Berikan bimbingan dan konseling kinerja serta pengembangan kompetensi; "
    "tinjau kesesuaian penempatan.",
    2: "Berikan bimbingan kinerja dan pengembangan kompetensi; tinjau kesesuaian penempatan.",
    1: "Tangani sesuai ketentuan peraturan perundang-undangan.",
}

TALENT_POOL_BOXES: frozenset[int] = frozenset({7, 8, 9})

_KINERJA_WORDS: dict[str, str] = {
    "bawah": "bawah",
    "di bawah ekspektasi": "bawah",
    "dibawah ekspektasi": "bawah",
    "sesuai": "sesuai",
    "sesuai ekspektasi": "sesuai",
    "atas": "atas",
    "di atas ekspektasi": "atas",
    "diatas ekspektasi": "atas",
}
_PREDIKAT: dict[str, str] = {
    "sangat baik": "atas",
    "baik": "sesuai",
    "butuh perbaikan": "bawah",
    "kurang": "bawah",
    "sangat kurang": "bawah",
}


def _words(text: str) -> str:
    return " ".join(str(text).replace("_", " ").lower().split())


def _kinerja(kinerja: str) -> str:
    key = _words(kinerja)
    key = key.removeprefix("kinerja ")
    level = _KINERJA_WORDS.get(key)
    if level is None:
        raise ValueError(
            f"Kinerja tidak dikenal: '{kinerja}' (pilih bawah, sesuai, atau atas ekspektasi)"
        )
    return level


def _potensial(potensial: str) -> str:
    key = _words(potensial).removeprefix("potensial ").removeprefix("potensi ")
    if key not in POTENSIAL_LEVELS:
        raise ValueError(
            f"Potensial tidak dikenal: '{potensial}' (pilih rendah, menengah, atau tinggi)"
        )
    return key


def box(kinerja: str, potensial: str) -> int:
    """Box number 1-9 for a kinerja level (bawah/sesuai/atas) and potensial (rendah/menengah/tinggi)."""
    return _GRID[(_kinerja(kinerja), _potensial(potensial))]


def box_position(number: int) -> tuple[str, str]:
    """``(kinerja, potensial)`` of a box number, e.g. 7 -> ("atas", "menengah")."""
    cell = _POSITION.get(number)
    if cell is None:
        raise ValueError(f"Nomor kotak talenta harus 1-9 (terisi {number})")
    return cell


def kinerja_from_predikat(predikat: str) -> str:
    """SKP predikat (PermenPANRB 6/2022) -> kinerja level."""
    level = _PREDIKAT.get(_words(predikat))
    if level is None:
        raise ValueError(
            f"Predikat kinerja tidak dikenal: '{predikat}' (pilih Sangat Baik, Baik, "
            "Butuh Perbaikan, Kurang, atau Sangat Kurang)"
        )
    return level


def potensial_from_score(score: float, low: float = 60, high: float = 80) -> str:
    """Score below ``low`` -> "rendah", below ``high`` -> "menengah", otherwise "tinggi"."""
    if low > high:
        raise ValueError(
            f"Batas potensial tidak konsisten: batas bawah ({low}) lebih besar dari batas atas ({high})"
        )
    if score < low:
        return "rendah"
    if score < high:
        return "menengah"
    return "tinggi"

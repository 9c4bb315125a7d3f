"""Accepted column headers per import kind, and finding the header row of a sheet.

Headers are compared after `normalize_header`: case, spaces, dots, underscores, slashes, dashes,
colons and brackets do not matter, so "GOL. RUANG", "gol_ruang" and "Gol Ruang" are one header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

KINDS = ("pegawai", "asesmen", "pelatihan")
KIND_LABELS = {"pegawai": "Pegawai", "asesmen": "Hasil asesmen", "pelatihan": "Riwayat pelatihan"}
HEADER_SCAN_ROWS = 30
IGNORE = ""  # mapping target meaning "ignore this column"

_STRIP = re.compile(r"[\s._/\\\-:()\[\]#*]+")


def normalize_header(text: object) -> str:
    """``"GOL. RUANG"`` -> ``"golruang"``; ``"NIP/NI PPPK"`` -> ``"nipnipppk"``."""
    if text is None:
        return ""
    return _STRIP.sub("", str(text)).lower()


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # Indonesian, shown in the mapping step and messages
    aliases: tuple[str, ...]
    required: bool = False


EMPLOYEE_FIELDS: tuple[Field, ...] = (
    Field("nip", "NIP", ("NIP", "NIP BARU", "NIP/NI PPPK", "NI PPPK", "NIP PPPK", "NIP 18"),
          required=True),
    Field("name", "Nama", ("NAMA", "NAMA LENGKAP", "NAMA PEGAWAI", "NAMA ASN"), required=True),
    Field("front_title", "Gelar depan", ("GELAR DEPAN", "GLR DEPAN")),
    Field("back_title", "Gelar belakang", ("GELAR BELAKANG", "GLR BELAKANG")),
    Field("birth_place", "Tempat lahir", ("TEMPAT LAHIR", "TMP LAHIR")),
    Field("birth_date", "Tanggal lahir", ("TANGGAL LAHIR", "TGL LAHIR", "TGL. LAHIR")),
    Field("sex", "Jenis kelamin", ("JENIS KELAMIN", "JK", "L/P", "KELAMIN")),
    Field("employee_type", "Jenis pegawai", ("JENIS PEGAWAI", "STATUS PEGAWAI", "STATUS ASN",
                                             "JENIS ASN")),
    Field("rank", "Golongan", ("GOLONGAN", "GOL", "GOL. RUANG", "GOLONGAN RUANG", "PANGKAT/GOL",
                               "PANGKAT/GOLONGAN", "PANGKAT GOL RUANG", "GOL/RUANG")),
    Field("rank_tmt", "TMT golongan", ("TMT GOLONGAN", "TMT PANGKAT", "TMT GOL", "TMT GOL. RUANG")),
    Field("position", "Jabatan", ("JABATAN", "NAMA JABATAN")),
    Field("position_kind", "Jenis jabatan", ("JENIS JABATAN",)),
    Field("unit", "Unit kerja", ("UNIT KERJA", "OPD", "SATUAN KERJA", "UNOR", "UNIT ORGANISASI",
                                 "PERANGKAT DAERAH", "SKPD")),
    Field("education", "Pendidikan", ("PENDIDIKAN", "PENDIDIKAN TERAKHIR", "TINGKAT PENDIDIKAN")),
)

ASSESSMENT_FIELDS: tuple[Field, ...] = (
    Field("nip", "NIP", ("NIP", "NIP BARU", "NIP/NI PPPK", "NI PPPK"), required=True),
    Field("competency", "Kompetensi", ("KODE KOMPETENSI", "KOMPETENSI", "NAMA KOMPETENSI",
                                       "KODE")),
    Field("level", "Level", ("LEVEL", "LEVEL KOMPETENSI", "NILAI", "LEVEL AKTUAL")),
    Field("date", "Tanggal", ("TANGGAL", "TANGGAL ASESMEN", "TGL ASESMEN", "TANGGAL PENILAIAN",
                              "TGL"), required=True),
    Field("method", "Metode", ("METODE", "METODE ASESMEN", "JENIS ASESMEN")),
    Field("assessor", "Penyelenggara", ("PENYELENGGARA", "ASESOR", "LEMBAGA")),
)

TRAINING_FIELDS: tuple[Field, ...] = (
    Field("nip", "NIP", ("NIP", "NIP BARU", "NIP/NI PPPK", "NI PPPK"), required=True),
    Field("title", "Nama pelatihan", ("NAMA PELATIHAN", "NAMA DIKLAT", "PELATIHAN", "DIKLAT",
                                      "NAMA KEGIATAN", "JUDUL"), required=True),
    Field("form", "Jenis/jalur", ("JENIS", "JALUR", "JENIS PELATIHAN", "JENIS DIKLAT",
                                  "JENIS/JALUR", "BENTUK")),
    Field("provider", "Penyelenggara", ("PENYELENGGARA", "LEMBAGA PENYELENGGARA")),
    Field("start", "Tanggal mulai", ("TANGGAL MULAI", "TGL MULAI", "MULAI"), required=True),
    Field("end", "Tanggal selesai", ("TANGGAL SELESAI", "TGL SELESAI", "SELESAI")),
    Field("jp", "JP", ("JP", "JUMLAH JAM", "JUMLAH JP", "JAM PELAJARAN"), required=True),
    Field("cost", "Biaya", ("BIAYA", "BIAYA (RP)", "BIAYA RP")),
    Field("certificate_no", "Nomor sertifikat", ("NOMOR SERTIFIKAT", "NO SERTIFIKAT",
                                                 "NO. SERTIFIKAT", "NOMOR STTPP", "NO STTPP")),
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "pegawai": EMPLOYEE_FIELDS, "asesmen": ASSESSMENT_FIELDS, "pelatihan": TRAINING_FIELDS,
}

# Columns that exports or SIMPEG sheets carry and that an import deliberately ignores.
IGNORED_HEADERS = frozenset(normalize_header(h) for h in (
    "NO", "NO.", "NOMOR", "NO URUT", "NOMOR URUT", "STATUS", "KETERANGAN", "KET", "USIA", "UMUR",
    "JPM", "KATEGORI", "NAMA LENGKAP DENGAN GELAR", "KODE UNIT", "KODE PELATIHAN", "NAMA",
))


def field_labels(kind: str) -> dict[str, str]:
    return {f.key: f.label for f in FIELDS[kind]}


def alias_table(kind: str, override: Mapping[str, str] | None = None) -> dict[str, str]:
    """Normalised header -> field key for a kind; `override` (header -> key or "") wins."""
    table: dict[str, str] = {}
    for f in FIELDS[kind]:
        for alias in f.aliases:
            table[normalize_header(alias)] = f.key
    for header, key in (override or {}).items():
        table[normalize_header(header)] = key
    return table


@dataclass(frozen=True)
class HeaderMatch:
    row: int  # index into the rows list given to `find_header`
    columns: dict[int, str]  # column index -> field key
    raw: tuple[str, ...]  # the header cells as written
    unknown: tuple[str, ...]  # non-empty header cells that map to nothing


def _score(cells: Iterable[object], table: Mapping[str, str]) -> int:
    return sum(1 for c in cells if table.get(normalize_header(c)))


def find_header(rows: list[tuple[object, ...]], kind: str,
                override: Mapping[str, str] | None = None,
                extra: Mapping[str, str] | None = None) -> HeaderMatch | None:
    """Find the header row among the first rows (title rows above it are skipped).

    The header is the first row holding the NIP column and at least one other known column;
    failing that, the row with the most known columns (at least two). `extra` maps further
    normalised headers (e.g. competency columns of a wide assessment sheet) to keys.
    """
    table = alias_table(kind, override)
    if extra:
        table = {**extra, **table}
    best: tuple[int, int] | None = None
    for i, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        keys = [table.get(normalize_header(c)) for c in cells]
        score = sum(1 for k in keys if k)
        if "nip" in keys and score >= 2:
            best = (i, score)
            break
        if score >= 2 and (best is None or score > best[1]):
            best = (i, score)
    if best is None:
        return None
    index = best[0]
    cells = rows[index]
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for col, cell in enumerate(cells):
        norm = normalize_header(cell)
        if not norm:
            continue
        key = table.get(norm)
        if key and key not in columns.values():
            columns[col] = key
        elif key is None and norm not in IGNORED_HEADERS:
            unknown.append(str(cell).strip())
    raw = tuple("" if c is None else str(c).strip() for c in cells)
    return HeaderMatch(index, columns, raw, tuple(unknown))


def guess_header_row(rows: list[tuple[object, ...]]) -> int | None:
    """For a sheet whose headers we do not know: the first row with two or more text cells."""
    for i, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = [c for c in cells if isinstance(c, str) and c.strip()]
        if len(texts) >= 2:
            return i
    return None

"""Accepted column headers per import kind, and finding the header row of a sheet.

Headers are compared after `normalize_header`: case, spaces, dots, underscores, slashes, dashes,
colons and brackets do not matter, so "GOL. RUANG", "gol_ruang" and "Gol Ruang" are one header.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
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
                                             "JENIS ASN", "STATUS KEPEGAWAIAN")),
    Field("kedudukan", "Kedudukan hukum", ("KEDUDUKAN HUKUM", "KEDUDUKAN")),
    Field("status_cpns", "Status CPNS/PNS", ("STATUS CPNS PNS", "STATUS CPNS/PNS", "CPNS/PNS")),
    Field("rank", "Golongan", ("GOLONGAN", "GOL", "GOL. RUANG", "GOLONGAN RUANG", "PANGKAT/GOL",
                               "PANGKAT/GOLONGAN", "PANGKAT GOL RUANG", "GOL/RUANG", "PANGKAT",
                               "GOL AKHIR")),
    Field("rank_tmt", "TMT golongan", ("TMT GOLONGAN", "TMT PANGKAT", "TMT GOL", "TMT GOL. RUANG",
                                       "PANGKAT TMT")),
    Field("position", "Jabatan", ("JABATAN", "NAMA JABATAN", "JABATAN NAMA")),
    Field("position_kind", "Jenis jabatan", ("JENIS JABATAN",)),
    Field("eselon", "Eselon", ("ESELON", "JABATAN ESELON")),
    Field("opd", "OPD", ("OPD", "SATUAN KERJA", "PERANGKAT DAERAH", "SKPD")),
    Field("unit_parent", "Unit induk", ("UNOR INDUK", "UNIT INDUK")),
    Field("unit", "Unit kerja", ("UNIT KERJA", "UNOR", "UNIT ORGANISASI")),
    Field("subunit", "Sub unit kerja", ("SUB UNIT KERJA", "SUB UNIT")),
    Field("education", "Pendidikan", ("PENDIDIKAN", "PENDIDIKAN TERAKHIR", "TINGKAT PENDIDIKAN")),
    Field("education_detail", "Nama pendidikan", ("NAMA PENDIDIKAN", "JURUSAN")),
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
    Field("form_name", "Nama jenis", ("NAMA JENIS", "NAMA JENIS DIKLAT")),
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "pegawai": EMPLOYEE_FIELDS, "asesmen": ASSESSMENT_FIELDS, "pelatihan": TRAINING_FIELDS,
}

# Columns that exports or SIMPEG sheets carry and that an import deliberately ignores.
IGNORED_HEADERS = frozenset(normalize_header(h) for h in (
    "NO", "NO.", "NOMOR", "NO URUT", "NOMOR URUT", "STATUS", "KETERANGAN", "KET", "USIA", "UMUR",
    "JPM", "KATEGORI", "NAMA LENGKAP DENGAN GELAR", "KODE UNIT", "KODE PELATIHAN", "NAMA",
    "NIP LAMA",  # the 9-digit number from before 2009: never the NIP
))


def field_labels(kind: str) -> dict[str, str]:
    return {f.key: f.label for f in FIELDS[kind]}


def alias_table(kind: str, override: Mapping[str, str] | None = None,
                profile_columns: Mapping[str, str] | None = None) -> dict[str, str]:
    """Normalised header -> field key for a kind.

    The built-in names, then the profile's own column names, then `override` (the clerk's
    header -> key or "" mapping) win in that order.
    """
    table: dict[str, str] = {}
    for f in FIELDS[kind]:
        for alias in f.aliases:
            table[normalize_header(alias)] = f.key
    table.update(profile_columns or {})
    for header, key in (override or {}).items():
        table[normalize_header(header)] = key
    return table


@dataclass(frozen=True)
class HeaderMatch:
    row: int  # index into the rows list given to `find_header` (the top header row)
    columns: dict[int, str]  # column index -> field key
    raw: tuple[str, ...]  # the header cells as written (two-row headers joined: "PANGKAT TMT")
    unknown: tuple[str, ...]  # non-empty header cells that map to nothing
    span: int = 1  # header rows: 2 for a merged two-row header


IDENTITY = frozenset({"nip", "name"})


def _text(cell: object) -> str:
    return "" if cell is None else " ".join(str(cell).split())


def looks_like_data(cells: tuple[object, ...]) -> bool:
    for cell in cells:
        if cell is None or cell == "":
            continue
        if not isinstance(cell, str):
            return True  # numbers, dates: a data row
        digits = cell.strip().lstrip("'")
        if sum(ch.isdigit() for ch in digits) >= 8:
            return True  # a NIP or a date written as text
    return False


def two_row_labels(top: tuple[object, ...], below: tuple[object, ...]
                   ) -> tuple[str, ...] | None:
    """Labels of a two-row merged header, or None when `below` is not a sub-header row.

    A merged "PANGKAT" over "GOL/RUANG" and "TMT" reads as "PANGKAT GOL/RUANG" and
    "PANGKAT TMT"; a column whose top cell stands alone keeps its own label.
    """
    if looks_like_data(below):
        return None
    texts = [i for i, c in enumerate(below) if _text(c)]
    if not texts:
        return None
    # the sub-header fills at least one column the top row leaves empty (the merged area)
    if not any(i >= len(top) or not _text(top[i]) for i in texts):
        return None
    labels: list[str] = []
    parent = ""
    for i in range(max(len(top), len(below))):
        own = _text(top[i]) if i < len(top) else ""
        sub = _text(below[i]) if i < len(below) else ""
        if own:
            parent = own
        if sub:
            labels.append(f"{parent} {sub}".strip() if parent else sub)
        else:
            labels.append(own)
            parent = own if own else parent
    return tuple(labels)


def _columns(labels: tuple[str, ...], subs: tuple[str, ...], table: Mapping[str, str],
             ignored: frozenset[str]) -> tuple[dict[int, str], list[str]]:
    columns: dict[int, str] = {}
    unknown: list[str] = []
    for col, label in enumerate(labels):
        norm = normalize_header(label)
        if not norm:
            continue
        key = table.get(norm)
        if key is None and norm not in ignored and col < len(subs) and subs[col]:
            sub = normalize_header(subs[col])
            key = table.get(sub)  # "GOL/RUANG" under an unknown parent
            if key in IDENTITY:
                key = None  # "NAMA" under "JABATAN" or "DIKLAT" is not the person's name
            if key is None and sub in ignored:
                continue
        if key and key not in columns.values():
            columns[col] = key
        elif key is None and norm not in ignored:
            unknown.append(label)
    return columns, unknown


def find_header(rows: list[tuple[object, ...]], kind: str,
                override: Mapping[str, str] | None = None,
                extra: Mapping[str, str] | None = None,
                profile_columns: Mapping[str, str] | None = None,
                profile_ignore: frozenset[str] = frozenset()) -> HeaderMatch | None:
    """Find the header row among the first rows (title rows above it are skipped).

    The header is the first row holding the NIP column and at least one other known column;
    failing that, the row with the most known columns (at least two). A row under it that only
    names sub-columns of merged cells makes a two-row header. `extra` maps further normalised
    headers (e.g. competency columns of a wide assessment sheet) to keys.
    """
    table = alias_table(kind, override, profile_columns)
    if extra:
        table = {**extra, **table}
    ignored = IGNORED_HEADERS | profile_ignore
    best: HeaderMatch | None = None
    best_score = 0
    for i, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        labels = tuple(_text(c) for c in cells)
        columns, unknown = _columns(labels, (), table, ignored)
        found = HeaderMatch(i, columns, labels, tuple(unknown))
        if i + 1 < len(rows) and sum(1 for t in labels if t) >= 2:
            merged = two_row_labels(cells, rows[i + 1])
            if merged is not None:
                subs = tuple(_text(c) for c in rows[i + 1])
                m_columns, m_unknown = _columns(merged, subs, table, ignored)
                if len(m_columns) > len(columns):
                    found = HeaderMatch(i, m_columns, merged, tuple(m_unknown), 2)
        score = len(found.columns)
        if "nip" in found.columns.values() and score >= 2:
            return found
        if score >= 2 and score > best_score:
            best, best_score = found, score
    return best


def guess_header_row(rows: list[tuple[object, ...]]) -> int | None:
    """For a sheet whose headers we do not know: the first row with two or more text cells."""
    for i, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = [c for c in cells if isinstance(c, str) and c.strip()]
        if len(texts) >= 2:
            return i
    return None

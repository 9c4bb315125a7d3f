"""Generated employee sheets for tests and the `import_10k` benchmark (valid, SIMPEG-like).

`write_employee_xlsx(path, n)` writes a title row, a blank row, then the header and n rows with
valid, distinct NIPs; `baseline_import(path, db_path)` is the benchmark's yardstick: the same
file read with openpyxl alone plus a raw sqlite3 executemany of the same rows.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path
from typing import Any

from karier_desktop.domain.nip import make_nip

HEADERS = ("NO", "NIP", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "TEMPAT LAHIR", "TGL LAHIR",
           "JK", "JENIS PEGAWAI", "GOL. RUANG", "TMT GOLONGAN", "JABATAN", "JENIS JABATAN",
           "UNIT KERJA", "PENDIDIKAN TERAKHIR")
_FIRST = ("Andi", "Budi", "Citra", "Dewi", "Eka", "Fajar", "Gita", "Hasan", "Indah", "Joko",
          "Kartika", "Lukman", "Maya", "Nur", "Putri", "Rahmat", "Sri", "Taufik", "Wahyuni")
_LAST = ("Wijaya", "Saputra", "Lestari", "Hidayat", "Rahman", "Pratama", "Sari", "Nugroho",
         "Kurniawan", "Syamsuddin", "Baharuddin", "Mappaseng")
_UNITS = ("Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan", "Badan Kepegawaian dan "
          "Pengembangan SDM", "Dinas Pekerjaan Umum", "Sekretariat Daerah")
_SUBUNITS = ("Sekretariat", "Bidang Pelayanan", "Bidang Program", "Sub Bagian Umum")
_POSITIONS = (("Pengadministrasi Umum", "Pelaksana"), ("Analis Kepegawaian Ahli Muda",
              "Fungsional Ahli Muda"), ("Kepala Sub Bagian Umum", "Pengawas"),
              ("Pranata Komputer Terampil", "Fungsional Terampil"))
_RANKS = ("II/a", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a")
_EDU = ("SMA", "D3", "S1", "S1", "S2")


def employee_rows(n: int, seed: int = 1, today: dt.date | None = None) -> list[tuple[Any, ...]]:
    """n valid employee rows in HEADERS order (NIP as text, dates as date values)."""
    today = today or dt.date(2026, 11, 29)
    rng = random.Random(seed)
    rows = []
    used: set[str] = set()
    for i in range(1, n + 1):
        sex = rng.choice("LP")
        birth = dt.date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
        tmt_year = min(rng.randint(birth.year + 20, birth.year + 30), today.year - 1)
        serial = rng.randint(1, 999)
        nip = make_nip(birth, tmt_year, rng.randint(1, 12), sex, serial)
        while nip in used:
            serial = serial % 999 + 1
            nip = make_nip(birth, tmt_year, rng.randint(1, 12), sex, serial)
        used.add(nip)
        position, kind = rng.choice(_POSITIONS)
        rows.append((
            i, nip, f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", None,
            rng.choice(("S.Kom.", "S.E.", "S.H.", None)), rng.choice(("Mamuju", "Majene",
                                                                      "Makassar")),
            birth, sex, "PNS", rng.choice(_RANKS), dt.date(rng.randint(tmt_year, today.year), 4, 1),
            position, kind, f"{rng.choice(_UNITS)} / {rng.choice(_SUBUNITS)}", rng.choice(_EDU)))
    return rows


def write_employee_xlsx(path: str | Path, n: int, seed: int = 1,
                        today: dt.date | None = None) -> Path:
    """Write an n-row employee sheet like SIMPEG exports (title rows above the header)."""
    import openpyxl

    path = Path(path)
    wb = openpyxl.Workbook()  # not write-only: that mode omits the <dimension> Excel writes
    ws = wb.active
    ws.title = "Pegawai"
    ws.append(["DAFTAR PEGAWAI NEGERI SIPIL"])
    ws.append([])
    ws.append(list(HEADERS))
    for row in employee_rows(n, seed, today):
        ws.append(list(row))
    wb.save(path)
    return path


def baseline_import(path: str | Path, db_path: str | Path) -> int:
    """The yardstick: openpyxl read-only reading plus a raw sqlite3 executemany, no checks."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    rows = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if number <= 3 or not values or values[1] is None:
            continue
        birth = values[6]
        rows.append((str(values[1]), values[2], values[3], values[4], values[5],
                     birth.date().isoformat() if hasattr(birth, "date") else birth, values[7],
                     values[8], values[9], values[14]))
    wb.close()
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            conn.executemany(
                "INSERT INTO employees (nip, name, front_title, back_title, birth_place, "
                "birth_date, sex, employee_type, rank_code, education, status) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'aktif')", rows)
    finally:
        conn.close()
    return len(rows)

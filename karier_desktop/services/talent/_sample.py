"""Generated SKP and potential sheets for the active employees (tests, benchmark, demo).

The sheets have SIASN-like headers (rw-skp22: NIP BARU, TAHUN, HASIL KINERJA, PERILAKU KERJA,
KUADRAN KINERJA; potential: NIP, TANGGAL, the five aspects, TOTAL) and valid values.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.services.talent._records import predikat_from_ratings
from karier_desktop.store import models as m

SKP_HEADERS = ("NO", "NIP BARU", "NAMA", "TAHUN", "HASIL KINERJA", "PERILAKU KERJA",
               "KUADRAN KINERJA")
POTENTIAL_HEADERS = ("NO", "NIP", "NAMA", "TANGGAL", "BERPIKIR KRITIS", "INTELEKTUAL",
                     "INTERPERSONAL", "KESADARAN DIRI", "MOTIVASI DAN KOMITMEN", "TOTAL")
_RATINGS = ("Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi")


def write_sample_files(session: Session, year: int, folder: Path, seed: int = 1
                       ) -> tuple[Path, Path]:
    rng = random.Random(seed)
    people = session.execute(select(m.Employee.nip, m.Employee.name)
                             .where(m.Employee.status == "aktif").order_by(m.Employee.id)).all()
    from openpyxl import Workbook  # with numpy: loaded when sheets are made, not with the window

    skp, pot = Workbook(), Workbook()
    ws_s, ws_p = skp.active, pot.active
    ws_s.title, ws_p.title = f"SKP {year}", "Potensi"
    ws_s.append(SKP_HEADERS)
    ws_p.append(POTENTIAL_HEADERS)
    tested_on = dt.date(year, 9, 15)
    for n, (nip, name) in enumerate(people, start=1):
        hasil = rng.choices(_RATINGS, (2, 7, 1))[0]
        perilaku = rng.choices(_RATINGS, (3, 6, 1))[0]
        ws_s.append((n, nip, name, year, hasil.upper(), perilaku.upper(),
                     predikat_from_ratings(hasil, perilaku).upper()))
        base = rng.gauss(70, 11)
        aspects = [max(0.0, min(100.0, round(base + rng.gauss(0, 6), 1))) for _ in range(5)]
        ws_p.append((n, nip, name, tested_on, *aspects, round(sum(aspects) / 5, 2)))
    folder.mkdir(parents=True, exist_ok=True)
    skp_path, pot_path = folder / f"skp_{year}.xlsx", folder / f"potensi_{year}.xlsx"
    skp.save(skp_path)
    pot.save(pot_path)
    return skp_path, pot_path

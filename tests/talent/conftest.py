"""A small regency whose talent map, candidates and JPM are computed by hand in the tests.

Target position: Kepala Bidang Pelayanan (administrator, DINKES), standard Integritas 4,
Kerjasama 3, Komunikasi 3 (sum 10). Kepala Seksi (pengawas): Integritas 3, Kerjasama 3.
Analis (pelaksana, BKPSDM): Integritas 2. Assessments 1 March 2026, potential 1 June 2026,
SKP 2026; today 29 November 2026, so the period 2026 is read on that day.

| who   | gol   | edu | own JPM           | potensi | SKP         | X     | box | as candidate         |
|-------|-------|-----|-------------------|---------|-------------|-------|-----|----------------------|
| Ani   | IV/a  | S2  | 7/6 -> 100 (cap)  | 85      | Sangat Baik | 92.00 | 9   | JPM 100, siap skrg   |
| Budi  | III/d | S1  | 5/6 = 83.33       | 80      | Baik        | 81.33 | 8   | JPM 80, 1-2 thn      |
| Citra | III/c | S1  | 100               | 90      | Sangat Baik | 92.00 | 9   | golongan too low     |
| Dedi  | IV/a  | S1  | 100               | 90      | Sangat Baik | 92.00 | 9   | retires 1 Apr 2027   |
| Eka   | IV/b  | SMA | 100               | 90      | Sangat Baik | 85.00 | 9   | education too low    |
| Fajar | IV/a  | SMA | -                 | 90      | Baik        | 75.00 | 5   | box 5                |
| Gita  | IV/a  | S1  | -                 | -       | -           | -     | -   | not placed           |
| Hasan | IV/b  | S2  | 100               | 90      | Sangat Baik | 94.00 | 9   | holds the position   |
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from karier_desktop.store import models as m
from karier_desktop.store.db import Database

TODAY = dt.date(2026, 11, 29)
PERIOD = 2026
INTEGRITAS, KERJASAMA, KOMUNIKASI = 1, 2, 3


@dataclass(frozen=True)
class World:
    db: Database
    ids: dict[str, int]  # employee name -> id
    target: int
    seksi: int
    analis: int
    dinkes: int
    bkpsdm: int


def _nip(birth: dt.date, sex: str, n: int) -> str:
    return f"{birth:%Y%m%d}201001{1 if sex == 'L' else 2}{n:03d}"


PEOPLE = (
    # name, sex, birth, rank, education, position key, levels (Integritas, Kerjasama, Komunikasi),
    # potensi, predikat
    ("Ani", "P", dt.date(1980, 5, 10), "IV/a", "S2", "seksi", (4, 3, 3), 85.0, "Sangat Baik"),
    ("Budi", "L", dt.date(1985, 1, 1), "III/d", "S1", "seksi", (3, 2, 3), 80.0, "Baik"),
    ("Citra", "P", dt.date(1988, 2, 2), "III/c", "S1", "analis", (3, None, None), 90.0,
     "Sangat Baik"),
    ("Dedi", "L", dt.date(1969, 3, 15), "IV/a", "S1", "analis", (3, None, None), 90.0,
     "Sangat Baik"),
    ("Eka", "P", dt.date(1982, 4, 4), "IV/b", "SMA", "analis", (3, None, None), 90.0,
     "Sangat Baik"),
    ("Fajar", "L", dt.date(1983, 6, 6), "IV/a", "SMA", "analis", (None, None, None), 90.0,
     "Baik"),
    ("Gita", "P", dt.date(1984, 7, 7), "IV/a", "S1", "analis", (None, None, None), None, None),
    ("Hasan", "L", dt.date(1968, 12, 20), "IV/b", "S2", "target", (4, 4, 4), 90.0,
     "Sangat Baik"),
)


def build_world(db: Database) -> World:
    with db.session_scope() as s:
        dinkes = m.Unit(code="DINKES", name="Dinas Kesehatan", kind="opd")
        bkpsdm = m.Unit(code="BKPSDM", name="Badan Kepegawaian", kind="opd")
        s.add_all([dinkes, bkpsdm])
        s.flush()
        yankes = m.Unit(code="DINKES.YAN", name="Bidang Pelayanan", parent_id=dinkes.id)
        s.add(yankes)
        s.flush()
        positions = {
            "target": m.Position(name="Kepala Bidang Pelayanan", kind_code="administrator",
                                 unit_id=yankes.id),
            "seksi": m.Position(name="Kepala Seksi Rujukan", kind_code="pengawas",
                                unit_id=yankes.id),
            "analis": m.Position(name="Analis SDM Aparatur", kind_code="pelaksana",
                                 unit_id=bkpsdm.id),
        }
        s.add_all(positions.values())
        s.flush()
        standards = {"target": ((INTEGRITAS, 4), (KERJASAMA, 3), (KOMUNIKASI, 3)),
                     "seksi": ((INTEGRITAS, 3), (KERJASAMA, 3)), "analis": ((INTEGRITAS, 2),)}
        for key, levels in standards.items():
            for cid, level in levels:
                s.add(m.PositionStandard(position_id=positions[key].id, competency_id=cid,
                                         required_level=level))
        ids: dict[str, int] = {}
        for n, (name, sex, birth, rank, edu, pos, levels, potensi, predikat) in enumerate(
                PEOPLE, start=1):
            unit = yankes.id if pos in ("target", "seksi") else bkpsdm.id
            emp = m.Employee(nip=_nip(birth, sex, n), name=name, sex=sex, birth_date=birth,
                             employee_type="PNS", rank_code=rank, education=edu,
                             position_id=positions[pos].id, unit_id=unit, status="aktif")
            s.add(emp)
            s.flush()
            ids[name] = emp.id
            if any(v is not None for v in levels):
                a = m.Assessment(employee_id=emp.id, assessed_on=dt.date(2026, 3, 1))
                s.add(a)
                s.flush()
                for cid, level in zip((INTEGRITAS, KERJASAMA, KOMUNIKASI), levels, strict=True):
                    if level is not None:
                        s.add(m.AssessmentResult(assessment_id=a.id, competency_id=cid,
                                                 level=level))
            if potensi is not None:
                s.add(m.PotentialResult(employee_id=emp.id, assessed_on=dt.date(2026, 6, 1),
                                        total=potensi))
            if predikat is not None:
                s.add(m.SkpResult(employee_id=emp.id, year=PERIOD, predikat=predikat))
        s.add(m.TrainingRecord(employee_id=ids["Ani"], title="Pelatihan Kepemimpinan "
                               "Administrator (PKA)", start_date=dt.date(2025, 3, 1),
                               end_date=dt.date(2025, 6, 30), jp=100, status="selesai"))
        return World(db, ids, positions["target"].id, positions["seksi"].id,
                     positions["analis"].id, dinkes.id, bkpsdm.id)


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)

"""Plausible people for the demo regency: employee type, education, rank, age and TMT that fit
the position (a Guru Ahli Madya is IV/a–IV/c, a CPNS is young and new, PPPK Paruh Waktu only
from 2025, nobody past the BUP of their position)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from karier_desktop.domain.nip import make_nip
from karier_desktop.domain.rank_fit import ENTRY_RANK, PNS_RANKS, rank_span

ENTRY_AGE = {"SD": (19, 25), "SMP": (19, 26), "SMA": (19, 27), "D3": (21, 28),
             "S1": (23, 31), "S2": (26, 34), "S3": (30, 35)}
EDUCATION = {
    "jpt": (("S2", 75), ("S1", 20), ("S3", 5)), "administrator": (("S2", 50), ("S1", 50)),
    "pengawas": (("S1", 70), ("S2", 30)), "ahli": (("S1", 80), ("S2", 20)),
    "ahli_senior": (("S1", 45), ("S2", 55)), "keterampilan": (("D3", 100),),
    "pemula": (("SMA", 100),), "pelaksana": (("SMA", 40), ("D3", 20), ("S1", 40)),
}
# Who a staff position is filled with; heads of units are always PNS.
TYPES_ENTRY = (("PNS", 62), ("PPPK", 30), ("CPNS", 8))
TYPES_PELAKSANA = (("PNS", 55), ("PPPK", 12), ("PPPK Paruh Waktu", 28), ("CPNS", 5))
PPPK_GRADE_BY_EDU = {"SD": "I", "SMP": "III", "SMA": "V", "D3": "VII", "S1": "IX", "S2": "X",
                     "S3": "XI"}
PARUH_WAKTU_FROM = dt.date(2025, 10, 1)  # KepmenPANRB 16/2025; Mamuju's SK came in 2025
YEARS_PER_STEP = 4


def _pick(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def _edu_group(kind: str) -> str:
    if kind.startswith("jpt"):
        return "jpt"
    if kind in ("administrator", "pengawas", "pelaksana"):
        return kind
    if kind in ("fungsional_ahli_madya", "fungsional_ahli_utama"):
        return "ahli_senior"
    if kind.startswith("fungsional_ahli"):
        return "ahli"
    return "pemula" if kind == "fungsional_pemula" else "keterampilan"


def employee_type(kind: str, head: bool, rng: random.Random, today: dt.date) -> str:
    if head:
        return "PNS"
    if kind == "pelaksana":
        pairs = TYPES_PELAKSANA
    elif kind in ("fungsional_ahli_pertama", "fungsional_terampil", "fungsional_pemula"):
        pairs = TYPES_ENTRY
    else:
        return "PNS"
    if today < PARUH_WAKTU_FROM:
        pairs = tuple(p for p in pairs if p[0] != "PPPK Paruh Waktu")
    if today.year < 2019:
        pairs = tuple(p for p in pairs if not p[0].startswith("PPPK"))
    return _pick(rng, pairs)


def _month_date(year: int, month: int, today: dt.date) -> dt.date:
    day = dt.date(year, month, 1)
    return day if day <= today else dt.date(today.year, today.month, 1)


def person(emp_id: int, regency: dict[str, Any], tpl: dict[str, Any], head: bool, bup: int,
           rng: random.Random, today: dt.date, used_nips: set[str]) -> dict[str, Any]:
    """One employee row (without position, unit and supervisor)."""
    kind = tpl["kind"]
    sex = "P" if rng.random() < 0.53 else "L"
    first = rng.choice(regency["first_names_female" if sex == "P" else "first_names_male"])
    name = f"{first} {rng.choice(regency['last_names'])}"
    etype = employee_type(kind, head, rng, today)
    education = _pick(rng, EDUCATION[_edu_group(kind)])
    if etype == "CPNS" and education == "S2":
        education = "S1"
    lo_age, hi_age = ENTRY_AGE[education]
    if etype == "PNS" or etype == "CPNS":
        lo, hi = rank_span(kind, education)
        rank_i = lo if etype == "CPNS" else rng.randint(lo, hi)
        steps = rank_i - PNS_RANKS.index(ENTRY_RANK[education])
        if etype == "CPNS":
            tmt = today - dt.timedelta(days=rng.randint(30, 330))
            service = 0
        else:
            extra = 4 if head and kind.startswith(("jpt", "administrator")) else 1
            service = YEARS_PER_STEP * steps + rng.randint(1, 3 + extra)
            tmt = dt.date(today.year - service, rng.randint(1, 12), 1)
            if tmt > today:
                tmt = dt.date(tmt.year, 1, 1)
        entry_age = rng.randint(lo_age, min(hi_age, 35))
        age = today.year - tmt.year + entry_age
        if age > bup - 1:  # keep everyone before their BUP
            entry_age = max(18, entry_age - (age - (bup - 1)))
            age = today.year - tmt.year + entry_age
            if age > bup - 1:
                tmt = dt.date(tmt.year + age - (bup - 1), tmt.month, 1)
        birth = dt.date(tmt.year - entry_age, rng.randint(1, 12), rng.randint(1, 28))
        rank = PNS_RANKS[rank_i]
        if steps == 0 or etype == "CPNS":
            rank_tmt = tmt
        else:
            year = max(tmt.year + YEARS_PER_STEP * steps, today.year - rng.randint(0, 3))
            rank_tmt = _month_date(min(year, today.year), rng.choice((4, 10)), today)
        nip_month = tmt.month
    else:
        paruh = etype == "PPPK Paruh Waktu"
        tmt = (PARUH_WAKTU_FROM if paruh else
               _month_date(rng.randint(2019, min(today.year, 2025)), rng.choice((3, 10)), today))
        # at least 18 when appointed (the NI PPPK is checked for it), whatever the year
        youngest = max(lo_age + 1, 24, today.year - tmt.year + 19)
        age = rng.randint(youngest, max(youngest, 50 if paruh else 48))
        birth = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
        rank = PPPK_GRADE_BY_EDU.get(education, "V")
        rank_tmt = tmt
        nip_month = 24 if paruh else 21  # NI PPPK: digits 13-14 are a code, not a month
    serial = 1
    nip = make_nip(birth, tmt.year, nip_month, sex, serial)
    while nip in used_nips:
        serial += 1
        nip = make_nip(birth, tmt.year, nip_month, sex, serial)
    used_nips.add(nip)
    back_options = regency["back_titles_by_education"].get(education)
    back = tpl.get("back_title") or (rng.choice(back_options) if back_options else None)
    if tpl.get("field") == "Pendidikan" and kind.startswith("fungsional"):
        back = "M.Pd." if education == "S2" else "S.Pd."
    front = tpl.get("front_title")
    if front:
        back = "M.Kes." if education == "S2" else None
    elif rng.random() < 0.08:
        fitting = [t for t in regency["front_titles"]
                   if t.get("sex") in (None, sex) and t["title"] not in ("dr.", "drg.")
                   and (not t.get("education") or education in t["education"])]
        if fitting:
            front = rng.choices(fitting, weights=[float(t.get("share", 1)) for t in fitting])[0]["title"]
    return {
        "id": emp_id, "nip": nip, "name": name, "front_title": front, "back_title": back,
        "sex": sex, "birth_place": rng.choice(regency["birth_places"]), "birth_date": birth,
        "employee_type": etype, "rank_code": rank, "rank_tmt": rank_tmt,
        "education": education, "status": "aktif", "retired_on": None,
        "performance": rng.choices(("Sangat Baik", "Baik", "Butuh Perbaikan"), (2, 7, 1))[0],
    }

"""Whether rank, jenjang and employee type fit each other (a Guru Ahli Madya is IV/a–IV/c, a PPPK
has a golongan and no pangkat, a CPNS is at most 35 at appointment).

Used by the demo to make plausible people, and by any document that wants to warn about a record
that does not fit. The ranges are the usual ones (JF jenjang by PermenPANRB on JF; eselon by
Perka BKN on structural posts); an office may have older exceptions, so these are warnings.
"""

from __future__ import annotations

import datetime as dt

# PNS ranks in order (ranks.json).
PNS_RANKS: tuple[str, ...] = (
    "I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d",
    "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e")
ENTRY_RANK = {"SD": "I/a", "SMP": "I/c", "SMA": "II/a", "D3": "II/c", "S1": "III/a",
              "S2": "III/b", "S3": "III/c"}
RANK_RANGE = {
    "jpt_utama": ("IV/d", "IV/e"), "jpt_madya": ("IV/c", "IV/e"), "jpt_pratama": ("IV/b", "IV/d"),
    "administrator": ("III/d", "IV/b"), "pengawas": ("III/b", "III/d"),
    "fungsional_ahli_utama": ("IV/d", "IV/e"), "fungsional_ahli_madya": ("IV/a", "IV/c"),
    "fungsional_ahli_muda": ("III/c", "III/d"), "fungsional_ahli_pertama": ("III/a", "III/b"),
    "fungsional_penyelia": ("III/c", "III/d"), "fungsional_mahir": ("III/a", "III/b"),
    "fungsional_terampil": ("II/c", "II/d"), "fungsional_pemula": ("II/a", "II/a"),
}
PELAKSANA_RANGE = {"SD": ("I/a", "II/a"), "SMP": ("I/c", "II/b"), "SMA": ("II/a", "III/b"),
                   "D3": ("II/c", "III/c"), "S1": ("III/a", "III/d"), "S2": ("III/b", "III/d")}
KIND_LABELS = {"fungsional_ahli_madya": "JF Ahli Madya", "fungsional_ahli_muda": "JF Ahli Muda",
               "fungsional_ahli_pertama": "JF Ahli Pertama",
               "fungsional_ahli_utama": "JF Ahli Utama", "fungsional_penyelia": "JF Penyelia",
               "fungsional_mahir": "JF Mahir", "fungsional_terampil": "JF Terampil",
               "fungsional_pemula": "JF Pemula", "jpt_pratama": "JPT Pratama",
               "jpt_madya": "JPT Madya", "jpt_utama": "JPT Utama",
               "administrator": "Administrator", "pengawas": "Pengawas"}
CPNS_MAX_AGE = 35
STRUCTURAL = ("jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas")


def rank_span(kind: str, education: str) -> tuple[int, int]:
    """Indexes into PNS_RANKS of the lowest and highest plausible rank (never below entry)."""
    lo, hi = RANK_RANGE.get(kind) or PELAKSANA_RANGE.get(education, ("II/a", "III/b"))
    entry = PNS_RANKS.index(ENTRY_RANK.get(education, "II/a"))
    return max(PNS_RANKS.index(lo), entry), max(PNS_RANKS.index(hi), entry)


def fit_warnings(kind: str, employee_type: str, rank_code: str | None,
                 birth_date: dt.date | None = None, tmt: dt.date | None = None) -> list[str]:
    """Indonesian warnings where rank, jenjang, type and age do not fit; empty when they do."""
    warnings: list[str] = []
    pns = employee_type in ("PNS", "CPNS")
    if rank_code and pns and rank_code not in PNS_RANKS:
        warnings.append(f"{employee_type} bergolongan ruang PNS, bukan '{rank_code}'.")
    if rank_code and not pns and employee_type.startswith("PPPK") and "/" in rank_code:
        warnings.append(f"{employee_type} memakai golongan PPPK (I–XVII), bukan pangkat "
                        f"{rank_code}.")
    if pns and rank_code in PNS_RANKS and kind in RANK_RANGE:
        lo, hi = RANK_RANGE[kind]
        if not PNS_RANKS.index(lo) <= PNS_RANKS.index(rank_code) <= PNS_RANKS.index(hi):
            label = KIND_LABELS.get(kind, kind)
            warnings.append(f"Golongan {rank_code} tidak lazim untuk {label} (biasanya "
                            f"{lo}–{hi}).")
    if kind in STRUCTURAL and employee_type != "PNS":
        warnings.append(f"Jabatan struktural diisi {employee_type}; seharusnya PNS.")
    if employee_type == "CPNS" and birth_date and tmt:
        age = tmt.year - birth_date.year - ((tmt.month, tmt.day) < (birth_date.month,
                                                                    birth_date.day))
        if age > CPNS_MAX_AGE:
            warnings.append(f"CPNS diangkat pada usia {age} tahun (batas {CPNS_MAX_AGE}).")
    return warnings

"""A small, plausible regency built by hand for the IDP tests: one employee of every kind the
printed IDP must get right (issue 22), independent of the demo generator.

    SETDA  Sekretariat Daerah ........ Sekda (JPT Pratama, PKN II done)
      Asisten Pemerintahan ........... Asisten (JPT Pratama)
        Bagian Hukum ................. Kabag (administrator, no PKA, SKP "Butuh Perbaikan"),
                                       an unassessed pelaksana
          Subbagian Perundang-undangan  Kasubbag (pengawas, no PKP), an Analis Hukum (PNS),
                                       a CPNS (no Latsar)
    DIKBUD Dinas Pendidikan .......... Kepala Dinas (JPT Pratama, no PKN II)
      SD Negeri 1 Mamuju (sekolah) ... Kepala Sekolah, a Guru Ahli Pertama (PNS)
    RSUD   RSUD Kabupaten Mamuju ..... Direktur
      Ruang Rawat Inap ............... Kepala Ruangan, a PPPK Perawat Ahli Pertama
    DINKES Dinas Kesehatan ........... Kepala Dinas
      Puskesmas Binanga (puskesmas) .. Kepala Puskesmas, a PPPK Paruh Waktu operator
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from karier_desktop.domain.nip import make_nip
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database
from karier_desktop.store.seed import remove_unused_starter_catalogue

TODAY = dt.date(2026, 11, 29)
YEAR = 2027
MANAGERIAL = ("M.1", "M.2", "M.3", "M.4", "M.5", "M.6", "M.7", "M.8", "SK.1")


@dataclass(frozen=True)
class Regency:
    db: Database
    ids: dict[str, int]  # key -> employee id
    nips: dict[str, str]


def _unit(s, code, name, kind, parent=None, address=None) -> int:  # type: ignore[no-untyped-def]
    unit = m.Unit(code=code, name=name, kind=kind, parent_id=parent, address=address)
    s.add(unit)
    s.flush()
    return unit.id


def _programme(s, comp, code, title, form, jp, cost, targets=(), **kw) -> int:  # type: ignore[no-untyped-def]
    prog = m.Programme(code=code, title=title, form_code=form, provider=kw.pop("provider", "BPSDM "
                       "Provinsi Sulawesi Barat"), jp=jp, cost_per_participant=cost, **kw)
    s.add(prog)
    s.flush()
    for ccode, to_level in targets:
        s.add(m.ProgrammeTarget(programme_id=prog.id, competency_id=comp[ccode],
                                to_level=to_level, gain=1))
    return prog.id


def build(db: Database) -> Regency:
    ids: dict[str, int] = {}
    nips: dict[str, str] = {}
    with db.session_scope() as s:
        remove_unused_starter_catalogue(s)  # this regency brings its own catalogue
        comp = dict(s.execute(select(m.Competency.code, m.Competency.id)).all())
        setda = _unit(s, "SETDA", "Sekretariat Daerah", "sekretariat")
        asisten = _unit(s, "SETDA-AS1", "Asisten Pemerintahan dan Kesejahteraan Rakyat",
                        "subunit", setda)
        hukum = _unit(s, "SETDA-HUK", "Bagian Hukum", "subunit", asisten)
        perundangan = _unit(s, "SETDA-HUK-1", "Subbagian Perundang-undangan", "subunit", hukum)
        dikbud = _unit(s, "DIKBUD", "Dinas Pendidikan dan Kebudayaan", "dinas",
                       address="Jl. Pendidikan No. 1, Mamuju")
        sd = _unit(s, "SDN1", "SD Negeri 1 Mamuju", "sekolah", dikbud)
        rsud = _unit(s, "RSUD", "RSUD Kabupaten Mamuju", "rsud")
        ranap = _unit(s, "RSUD-RI", "Ruang Rawat Inap", "subunit", rsud)
        dinkes = _unit(s, "DINKES", "Dinas Kesehatan", "dinas")
        pkm = _unit(s, "PKM-BIN", "Puskesmas Binanga", "puskesmas", dinkes)

        people = [
            # key, name, type, position, kind, unit, rank, perf, field, technical (code, req, act)
            ("sekda", "Muhammad Idris", "PNS", "Sekretaris Daerah", "jpt_pratama", setda,
             "IV/c", "Baik", None, None),
            ("asisten", "Andi Baso", "PNS", "Asisten Pemerintahan dan Kesejahteraan Rakyat",
             "jpt_pratama", asisten, "IV/b", "Baik", None, None),
            ("kabag", "Nurhayati", "PNS", "Kepala Bagian Hukum", "administrator", hukum, "IV/a",
             "Butuh Perbaikan", "Hukum", ("T.21", 3, 2)),
            ("unassessed", "Rahmat Hidayat", "PNS", "Pengelola Umum Operasional", "pelaksana",
             hukum, "II/d", "Baik", None, None),
            ("kasubbag", "Syamsul Bahri", "PNS", "Kepala Subbagian Perundang-undangan",
             "pengawas", perundangan, "III/d", "Baik", "Hukum", ("T.21", 3, 2)),
            ("pns", "Andi Wijaya", "PNS", "Analis Hukum Ahli Pertama", "fungsional_ahli_pertama",
             perundangan, "III/a", "Baik", "Hukum", ("T.21", 3, 1)),
            ("cpns", "Siti Aminah", "CPNS", "Penata Layanan Operasional", "pelaksana",
             perundangan, "III/a", None, None, None),
            ("kadisdik", "Abdul Rahman", "PNS", "Kepala Dinas", "jpt_pratama", dikbud, "IV/b",
             "Baik", None, None),
            ("kepsek", "Hasnah", "PNS", "Kepala Sekolah", "fungsional_ahli_muda", sd, "III/d",
             "Baik", "Pendidikan", None),
            ("guru", "Irma Suryani", "PNS", "Guru Ahli Pertama", "fungsional_ahli_pertama", sd,
             "III/b", "Baik", "Pendidikan", ("T.10", 3, 1)),
            ("direktur", "dr. Yusuf Kalla", "PNS", "Direktur", "jpt_pratama", rsud, "IV/b", "Baik",
             None, None),
            ("karu", "Marlina", "PNS", "Kepala Ruangan Rawat Inap", "fungsional_ahli_muda", ranap,
             "III/c", "Baik", "Kesehatan", None),
            ("nurse", "Fitriani", "PPPK", "Perawat Ahli Pertama", "fungsional_ahli_pertama",
             ranap, "IX", "Baik", "Kesehatan", ("T.09", 3, 1)),
            ("kadinkes", "Hamzah", "PNS", "Kepala Dinas", "jpt_pratama", dinkes, "IV/b", "Baik",
             None, None),
            ("kapus", "Rosmiati", "PNS", "Kepala Puskesmas Binanga", "fungsional_ahli_muda", pkm,
             "III/d", "Baik", "Kesehatan", None),
            ("paruh", "Jumadi", "PPPK Paruh Waktu", "Operator Layanan Operasional", "pelaksana",
             pkm, "V", "Baik", None, None),
        ]
        levels = {"jpt_pratama": 4, "administrator": 3, "pengawas": 2, "pelaksana": 1,
                  "fungsional_ahli_pertama": 2, "fungsional_ahli_muda": 3}
        # actual level = required - drop; five gaps of different sizes, so the top three matter
        drops = {"M.1": 0, "M.2": 1, "M.3": 1, "M.4": 2, "M.5": 0, "M.6": 1, "M.7": 0,
                 "M.8": 1, "SK.1": 0}
        for n, (key, name, etype, pos_name, kind, unit, rank, perf, fld, tech) in enumerate(
                people):
            pos = m.Position(name=pos_name, kind_code=kind, unit_id=unit, field=fld)
            s.add(pos)
            s.flush()
            req = levels[kind]
            for code in MANAGERIAL:
                s.add(m.PositionStandard(position_id=pos.id, competency_id=comp[code],
                                         required_level=req))
            if tech:
                s.add(m.PositionStandard(position_id=pos.id, competency_id=comp[tech[0]],
                                         required_level=tech[1]))
            birth = dt.date(1975 + n % 20, 1 + n % 12, 1 + n)
            sex = "P" if n % 2 else "L"
            if etype.startswith("PPPK"):
                nip = make_nip(birth, 2024, 21, sex, n + 1)
            else:
                nip = make_nip(birth, 2025 if etype == "CPNS" else 2000 + n % 15, 3, sex, n + 1)
            emp = m.Employee(nip=nip, name=name, sex=sex, birth_date=birth, employee_type=etype,
                             rank_code=rank, rank_tmt=dt.date(2022, 4, 1), position_id=pos.id,
                             unit_id=unit, education="S1", performance=perf, status="aktif")
            s.add(emp)
            s.flush()
            ids[key], nips[key] = emp.id, nip
            if key == "unassessed":
                continue
            a = m.Assessment(employee_id=emp.id, assessed_on=dt.date(2025, 3, 10),
                             method="Assessment Center", assessor="UPT Penilaian Kompetensi BKPP")
            s.add(a)
            s.flush()
            for code in MANAGERIAL:
                s.add(m.AssessmentResult(assessment_id=a.id, competency_id=comp[code],
                                         level=max(1, req - drops[code])))
            if tech:
                s.add(m.AssessmentResult(assessment_id=a.id, competency_id=comp[tech[0]],
                                         level=tech[2]))
        s.flush()
        # the catalogue: mandatory programmes, two-competency training, audience-bound topics
        _programme(s, comp, "LATSAR", "Pelatihan Dasar CPNS (Latsar) Golongan III", "KL03", 120,
                   9_000_000, mandatory_for="latsar")
        _programme(s, comp, "PKP", "Pelatihan Kepemimpinan Pengawas (PKP)", "KL01", 100,
                   25_000_000, (("M.4", 3), ("M.2", 3)), position_kinds="pengawas",
                   mandatory_for="pkp")
        _programme(s, comp, "PKA", "Pelatihan Kepemimpinan Administrator (PKA)", "KL01", 120,
                   35_000_000, (("M.4", 4),), position_kinds="administrator")
        pkn = _programme(s, comp, "PKN2", "Pelatihan Kepemimpinan Nasional Tingkat II", "KL01",
                         160, 80_000_000, (("M.7", 5),), position_kinds="jpt_pratama",
                         provider="LAN RI")
        _programme(s, comp, "KOM", "Pelatihan Komunikasi Efektif dan Kerja Sama Tim", "KL02",
                   24, 3_500_000, (("M.3", 5), ("M.2", 5)))
        _programme(s, comp, "ORH", "Pelatihan Orientasi pada Hasil", "KL02", 24, 4_000_000,
                   (("M.4", 5),))
        _programme(s, comp, "ELPK", "E-Learning Pengambilan Keputusan", "NKL03", 9, 0,
                   (("M.8", 5),), provider="LAN RI (ASN Unggul)")
        _programme(s, comp, "MTBS", "Pelatihan MTBS (Manajemen Terpadu Balita Sakit)", "KL03",
                   30, 3_000_000, (("T.09", 4),), audience_unit_kinds="puskesmas",
                   audience_fields="kesehatan")
        _programme(s, comp, "ASKEP", "Pelatihan Asuhan Keperawatan Kritis", "KL03", 24,
                   2_500_000, (("T.09", 4),), audience_unit_kinds="rsud",
                   audience_fields="kesehatan")
        _programme(s, comp, "IB-S2", "Izin Belajar S2 Administrasi Publik", "PD02", 80, 0,
                   (("M.6", 5),), provider="Universitas Tadulako")
        _programme(s, comp, "BIMTEK-IDP", "Bimtek Penyusunan IDP ASN", "KL10", 16, 1_500_000,
                   (("M.6", 5),), position_kinds="pelaksana,fungsional_ahli_pertama")
        for key, prog in (("sekda", pkn), ("asisten", pkn), ("direktur", pkn),
                          ("kadinkes", pkn)):
            s.add(m.TrainingRecord(employee_id=ids[key], programme_id=prog,
                                   title="Pelatihan Kepemimpinan Nasional Tingkat II",
                                   form_code="KL01", start_date=dt.date(2019, 3, 1),
                                   end_date=dt.date(2019, 7, 1), jp=160, status="selesai"))
    return Regency(db, ids, nips)


def regency_in(tmp_path: Path) -> Iterator[Regency]:
    """Body of a test module's `regency` fixture (`yield from regency_in(tmp_path)`)."""
    db = open_database(tmp_path / "regency.db")
    yield build(db)
    db.dispose()

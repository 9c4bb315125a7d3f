"""The demo regency looks like Kabupaten Mamuju and its people are plausible: names of kecamatan
and OPD, workforce shares, ranks that fit the jenjang, CPNS young, PPPK Paruh Waktu from 2025,
and a unit head between the OPD head and teachers or health staff."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from karier_desktop.domain.rank_fit import fit_warnings
from karier_desktop.services.demo import generate
from karier_desktop.services.retirement import retirement_by_employee
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.store.lifecycle import open_database

TODAY = dt.date(2026, 11, 29)
KECAMATAN = {"Mamuju", "Simboro dan Kepulauan", "Kepulauan Bala Balakang", "Kalukku", "Papalang",
             "Sampaga", "Tommo", "Kalumpang", "Bonehau", "Tapalang", "Tapalang Barat"}
RANKS_BY_JENJANG = {"Guru Ahli Pertama": {"III/a", "III/b"}, "Guru Ahli Muda": {"III/c", "III/d"},
                    "Guru Ahli Madya": {"IV/a", "IV/b", "IV/c"},
                    "Perawat Terampil": {"II/c", "II/d"}, "Perawat Mahir": {"III/a", "III/b"},
                    "Kepala Dinas": {"IV/b", "IV/c", "IV/d"}, "Kepala Bidang": {"III/d", "IV/a", "IV/b"}}
HEALTH = ("Dokter", "Perawat", "Bidan", "Nutrisionis", "Sanitarian", "Apoteker", "Pranata Lab",
          "Radiografer", "Perekam Medis", "Epidemiolog", "Penyuluh Kesehatan")


def _people(db: Database) -> list:
    e, p, u = m.Employee, m.Position, m.Unit
    with db.session_scope() as s:
        return s.execute(select(e.id, e.nip, e.employee_type, e.rank_code, e.birth_date,
                                e.supervisor_id, e.unit_id, p.name.label("position"),
                                p.kind_code, u.name.label("unit"))
                         .join(p, p.id == e.position_id).join(u, u.id == e.unit_id)).all()


def test_kecamatan_and_opd_names_are_mamuju(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        top = set(s.scalars(select(m.Unit.name).where(m.Unit.parent_id.is_(None))))
    assert {n.removeprefix("Kecamatan ") for n in top if n.startswith("Kecamatan ")} == KECAMATAN
    for name in ("Dinas Pendidikan, Pemuda dan Olahraga", "Dinas Pariwisata dan Kebudayaan",
                 "Dinas Pemberdayaan Masyarakat dan Desa",
                 "Dinas Pekerjaan Umum dan Penataan Ruang",
                 "Satuan Polisi Pamong Praja dan Pemadam Kebakaran",
                 "Dinas Komunikasi, Informatika, Statistik dan Persandian",
                 "Dinas Pengendalian Penduduk dan Keluarga Berencana",
                 "Badan Pengelola Keuangan dan Aset Daerah",
                 "Rumah Sakit Umum Daerah Kabupaten Mamuju"):
        assert name in top
    assert "BKPP Kabupaten Mamuju" in top  # the confirmed name; its expansion is not


def test_ranks_types_ages_and_tmt_fit_each_other(demo_db: Database) -> None:
    people = _people(demo_db)
    for r in people:
        if r.employee_type in ("PNS", "CPNS") and r.position in RANKS_BY_JENJANG:
            assert r.rank_code in RANKS_BY_JENJANG[r.position], r
        if r.employee_type == "CPNS":
            assert TODAY.year - r.birth_date.year <= 36, r
            assert int(r.nip[8:12]) >= TODAY.year - 1, r
            assert r.kind_code in ("fungsional_ahli_pertama", "fungsional_terampil", "pelaksana")
        if r.employee_type == "PPPK Paruh Waktu":
            assert r.nip[8:12] == "2025" and r.kind_code == "pelaksana", r
        if r.employee_type.startswith("PPPK"):
            assert r.rank_code.isalpha() and "/" not in r.rank_code  # golongan, no pangkat
        if r.kind_code in ("jpt_pratama", "administrator", "pengawas"):
            assert r.employee_type == "PNS"
        tmt = (dt.date(int(r.nip[8:12]), int(r.nip[12:14]), 1)
               if r.employee_type in ("PNS", "CPNS") else None)
        assert fit_warnings(r.kind_code, r.employee_type, r.rank_code, r.birth_date, tmt) == [], r
    with demo_db.session_scope() as s:
        pensions = retirement_by_employee(s)
    assert all(p.on > TODAY for p in pensions.values())  # nobody past the BUP


def test_no_pelaksana_at_the_education_office_with_teaching_competencies(demo_db: Database) -> None:
    p, ps, c, u = m.Position, m.PositionStandard, m.Competency, m.Unit
    with demo_db.session_scope() as s:
        rows = s.execute(select(p.name, c.name).join(ps, ps.position_id == p.id)
                         .join(c, c.id == ps.competency_id).join(u, u.id == p.unit_id)
                         .where(p.kind_code == "pelaksana", c.field == "Pendidikan")).all()
    assert rows == []


def test_teachers_and_health_staff_have_their_unit_head_as_supervisor(demo_db: Database) -> None:
    people = _people(demo_db)
    by_id = {r.id: r for r in people}
    teachers = [r for r in people if r.position.startswith("Guru")]
    assert teachers
    for t in teachers:
        head = by_id[t.supervisor_id]
        assert head.position == "Kepala Sekolah" and head.unit_id == t.unit_id
        assert by_id[head.supervisor_id].position == "Kepala Dinas"
    nurses = [r for r in people if r.unit.startswith("UPTD Puskesmas")
              and r.position != "Kepala UPTD Puskesmas"]
    assert nurses
    assert {by_id[r.supervisor_id].position for r in nurses} == {"Kepala UPTD Puskesmas"}


@pytest.fixture(scope="module")
def regency_2000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo2000") / "demo.db"
    db = open_database(path)
    with db.session_scope() as s:
        generate(s, 2000, seed=1, today=TODAY)
    db.dispose()
    return path


def test_workforce_shares_of_a_regency_of_2000(regency_2000: Path) -> None:
    db = open_database(regency_2000)
    try:
        people = _people(db)
    finally:
        db.dispose()
    n = len(people)
    groups = Counter("guru" if r.position.startswith(("Guru", "Kepala Sekolah"))
                     else "kesehatan" if r.position.startswith(HEALTH)
                     else "struktural" if r.kind_code in ("jpt_pratama", "administrator",
                                                          "pengawas")
                     else "lainnya" for r in people)
    assert groups["guru"] > groups["kesehatan"] > groups["struktural"]
    assert 0.09 <= groups["struktural"] / n <= 0.13
    assert groups["guru"] / n >= 0.30


@pytest.mark.parametrize("seed", [1, 3, 11])
def test_every_demo_regency_passes_the_database_check(tmp_path: Path, seed: int) -> None:
    from karier_desktop.services.check import run_check

    db = open_database(tmp_path / "demo.db")
    try:
        with db.session_scope() as s:
            generate(s, 150, seed=seed, today=dt.date(2026, 11, 29))
        with db.session_scope() as s:
            report = run_check(s)
    finally:
        db.dispose()
    assert report.healthy, report.problems  # every NIP valid for its type, every rank allowed

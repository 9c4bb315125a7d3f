"""IP ASN competency dimension (Perban BKN 8/2019): hand-computed scores per kind of position,
the window of the last year, OPD and regency averages, the office's corrections, the simulator
and the points-per-rupiah list."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select

from karier_desktop.services import ipasn
from karier_desktop.services.ipasn import Evidence
from karier_desktop.services.settings import set_value
from karier_desktop.store import models as m
from karier_desktop.store.db import Database

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def ref() -> ipasn.IpAsnReference:
    return ipasn.reference_for(None, 2026)


@pytest.mark.parametrize(("kind", "evidence", "expected"), [
    # pengawas: PKP 15 + technical 24 JP 15 + seminar 10
    ("pengawas", Evidence("pkp", False, 24, True), 40),
    # a higher leadership programme than the position needs still counts
    ("pengawas", Evidence("pka", False, 0, False), 15),
    # an administrator with only PKP: leadership not met; 19.5 JP is below 20
    ("administrator", Evidence("pkp", False, 19.5, True), 10),
    ("jpt_pratama", Evidence("pkn2", False, 20, False), 30),
    # functional position: functional training 15 + seminar 10; leadership is not counted
    ("fungsional_ahli_pertama", Evidence("pkp", True, 12, True), 25),
    ("fungsional_terampil", Evidence(None, True, 20, True), 40),
    # pelaksana: technical 25 + seminar 15
    ("pelaksana", Evidence(None, False, 20, True), 40),
    ("pelaksana", Evidence(None, True, 8, True), 15),
    ("pelaksana", Evidence(), 0),
])
def test_hand_computed_scores(ref: ipasn.IpAsnReference, kind: str, evidence: Evidence,
                              expected: float) -> None:
    s = ipasn.score(ref, kind, evidence)
    assert s.total == expected
    assert s.lost == 40 - expected
    assert sum(s.possible.values()) == 40  # every kind of position can reach 40


def test_bands_and_leadership_titles(ref: ipasn.IpAsnReference) -> None:
    assert ipasn.scaled(40) == 100 and ref.band(100) == "Sangat Tinggi"
    assert ref.band(ipasn.scaled(30)) == "Sedang"  # 30 of 40 is 75 on the 0–100 scale
    assert ref.band(75) == "Sedang" and ref.band(60) == "Sangat Rendah"
    assert ref.leadership_of("Pelatihan Kepemimpinan Pengawas (PKP) Angkatan II") == "pkp"
    assert ref.leadership_of("Pelatihan Kepemimpinan Nasional Tingkat II (PKN II)") == "pkn2"
    assert ref.leadership_of("Bimtek Pengelolaan Keuangan") is None
    assert any("tidak terbaca" in u for u in ref.unconfirmed)


def _pelaksana(session) -> int:  # type: ignore[no-untyped-def]
    e, p = m.Employee, m.Position
    eid = session.scalar(select(e.id).join(p, p.id == e.position_id)
                         .where(p.kind_code == "pelaksana", e.status == "aktif").order_by(e.id))
    session.execute(delete(m.TrainingRecord).where(m.TrainingRecord.employee_id == eid))
    return int(eid)


def _record(session, eid: int, form: str, jp: float, on: dt.date, title: str = "Kegiatan"
            ) -> None:  # type: ignore[no-untyped-def]
    session.add(m.TrainingRecord(employee_id=eid, title=title, form_code=form, start_date=on,
                                 end_date=on, jp=jp, cost=0, status="selesai"))


def test_scores_from_training_records_with_the_one_year_window(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        eid = _pelaksana(s)
        _record(s, eid, "KL03", 12, dt.date(2026, 3, 2))
        _record(s, eid, "KL10", 8, dt.date(2026, 9, 14))  # bimtek is technical: 12 + 8 = 20
        _record(s, eid, "KL06", 4, dt.date(2025, 10, 1))  # seminar more than a year ago
        _record(s, eid, "KL03", 30, dt.date(2026, 12, 20))  # after the date asked
    with demo_db.session_scope() as s:
        now = ipasn.compute(s, 2026, TODAY).by_employee()[eid]
        later = ipasn.compute(s, 2027, dt.date(2027, 12, 31)).by_employee()[eid]
    assert now.group == "pelaksana" and now.parts == (0, 0, 25, 0) and now.total == 25
    assert now.missing == ("seminar",)
    assert later.total == 0  # nothing in 2027


def test_opd_and_regency_averages_are_means_of_employees(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        report = ipasn.compute(s, 2026, TODAY)
        one = report.opds[0]
        alone = ipasn.compute(s, 2026, TODAY, opd_id=one.opd_id)
    mine = [e.total for e in report.employees if e.opd_id == one.opd_id]
    assert one.employees == len(mine) and one.average == round(sum(mine) / len(mine), 2)
    assert report.regency_average == round(
        sum(e.total for e in report.employees) / len(report.employees), 2)
    assert alone.regency_average == one.average and len(alone.employees) == len(mine)


def test_office_corrects_a_weight_for_a_year(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        eid = _pelaksana(s)
        _record(s, eid, "KL03", 20, dt.date(2026, 5, 5))
        set_value(s, "ip_asn_weights", {"2026": {"weights": {
            "struktural": {"kepemimpinan": 15, "fungsional": 0, "teknis": 15, "seminar": 10},
            "fungsional": {"kepemimpinan": 0, "fungsional": 15, "teknis": 15, "seminar": 10},
            "pelaksana": {"kepemimpinan": 0, "fungsional": 0, "teknis": 30, "seminar": 10}}}})
    with demo_db.session_scope() as s:
        assert ipasn.compute(s, 2026, TODAY).by_employee()[eid].total == 30
        assert ipasn.compute(s, 2025, dt.date(2025, 12, 31)).by_employee()[eid].total == 0


def test_simulated_plan_and_points_per_rupiah(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        eid = _pelaksana(s)
        planned = [ipasn.PlannedActivity(eid, "KL03", "Pelatihan Teknis", 24),
                   ipasn.PlannedActivity(eid, "KL07", "Workshop", 8)]
        before = ipasn.compute(s, 2026, TODAY)
        after = ipasn.compute(s, 2026, TODAY, planned=planned)
        regain = ipasn.regain_list(s, before)
    assert before.by_employee()[eid].total == 0 and after.by_employee()[eid].total == 40
    assert after.regency_average > before.regency_average
    mine = [r for r in regain if r.employee_id == eid]
    assert {r.indicator for r in mine} == {"teknis", "seminar"}
    ratios = [r.points_per_million for r in regain]
    assert ratios == sorted(ratios, reverse=True)  # most points per rupiah first

"""Data-quality score against cases computed by hand (weights from data_quality_rules.json)."""

from __future__ import annotations

import datetime as dt

import pytest
from exchange_world import build_office

from karier_desktop.services import quality
from karier_desktop.store import models as m

TODAY = dt.date(2026, 11, 29)


def test_weights_the_office_sees_are_the_ones_used() -> None:
    weights = {r.id: r.weight for r in quality.rules()}
    assert weights["nip_valid"] == 3 and weights["standar"] == 1.5 and weights["jp"] == 1


def test_score_and_fix_list_of_a_small_office(db) -> None:  # type: ignore[no-untyped-def]
    with db.session_scope() as s:
        build_office(s)
    with db.read_scope() as s:
        report = quality.score(s, today=TODAY)
    # Per employee 14.5 weight. Siti fails assessment (2) and standard (1.5): 11 passed.
    # Andi fails position (2), assessment (2), standard (1.5): 9 passed.
    # 5 trainings × 3 rules of weight 1: one without certificate, 14 passed of 15.
    assert report.score == pytest.approx(100 * (11 + 9 + 14) / (2 * 14.5 + 15))
    assert [f.rule for f in report.fixes] == ["asesmen_baru", "jabatan", "standar", "sertifikat"]
    assert [(f.failed, f.checked) for f in report.fixes] == [(2, 2), (1, 2), (2, 2), (1, 5)]
    assert [(u.code, u.employees) for u in report.units] == [("DINKES", 2)]
    assert report.units[0].score == pytest.approx(report.score)


def test_an_assessment_counts_for_three_years(db) -> None:  # type: ignore[no-untyped-def]
    with db.session_scope() as s:
        ids = build_office(s)
        s.add(m.Assessment(employee_id=ids["siti"], assessed_on=dt.date(2023, 11, 29)))
        s.add(m.Assessment(employee_id=ids["andi"], assessed_on=dt.date(2023, 11, 28)))
    with db.read_scope() as s:
        report = quality.score(s, "dinkes", today=TODAY)
    assert report.scope == "Dinas Kesehatan" and report.units == ()
    assert report.score == pytest.approx(100 * (13 + 9 + 14) / 44)
    assert next(f for f in report.fixes if f.rule == "asesmen_baru").failed == 1


def test_a_wrong_nip_and_an_unknown_opd(db) -> None:  # type: ignore[no-untyped-def]
    with db.session_scope() as s:
        ids = build_office(s)
        s.get(m.Employee, ids["andi"]).birth_date = dt.date(1985, 3, 13)  # NIP says the 12th
    with db.read_scope() as s:
        report = quality.score(s, today=TODAY)
        fix = next(f for f in report.fixes if f.rule == "nip_valid")
        assert fix.failed == 1 and fix.weight == 3 and report.fixes[0] is fix
        with pytest.raises(quality.QualityError, match="tidak ditemukan"):
            quality.score(s, "XX", today=TODAY)

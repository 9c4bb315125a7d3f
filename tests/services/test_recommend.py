"""Recommendations from the catalogue: which programmes, in which order, with which reason."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from karier_desktop.domain.nip import make_nip
from karier_desktop.services import recommend
from karier_desktop.services.gaps import employee_gap
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.store.seed import remove_unused_starter_catalogue

TODAY = dt.date(2026, 11, 29)


def _comp(session, code: str) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(m.Competency.id).where(m.Competency.code == code))


def _world(session, kind: str = "pelaksana") -> int:  # type: ignore[no-untyped-def]
    """One employee whose Integritas is 2 against a standard of 3; returns the employee id."""
    remove_unused_starter_catalogue(session)  # this test builds its own catalogue
    unit = m.Unit(code="U1", name="Dinas Uji", kind="dinas")
    session.add(unit)
    session.flush()
    pos = m.Position(name="Analis Uji", kind_code=kind, unit_id=unit.id)
    session.add(pos)
    session.flush()
    integ, kerja = _comp(session, "M.1"), _comp(session, "M.2")
    session.add_all([m.PositionStandard(position_id=pos.id, competency_id=integ, required_level=3),
                     m.PositionStandard(position_id=pos.id, competency_id=kerja,
                                        required_level=2)])
    emp = m.Employee(nip=make_nip(dt.date(1990, 5, 1), 2015, 3, "P", 1), name="Sitti Aminah",
                     sex="P", birth_date=dt.date(1990, 5, 1), position_id=pos.id, unit_id=unit.id)
    session.add(emp)
    session.flush()
    a = m.Assessment(employee_id=emp.id, assessed_on=dt.date(2025, 6, 1))
    session.add(a)
    session.flush()
    session.add_all([m.AssessmentResult(assessment_id=a.id, competency_id=integ, level=2),
                     m.AssessmentResult(assessment_id=a.id, competency_id=kerja, level=2)])
    return emp.id


def _programme(session, code: str, title: str, form: str, jp: float, cost: int,  # type: ignore[no-untyped-def]
               targets: list[tuple[str, int]], kinds: str | None = None,
               active: bool = True) -> int:
    p = m.Programme(code=code, title=title, form_code=form, provider="BKPP", jp=jp,
                    cost_per_participant=cost, position_kinds=kinds, active=active)
    session.add(p)
    session.flush()
    for comp, to_level in targets:
        session.add(m.ProgrammeTarget(programme_id=p.id, competency_id=_comp(session, comp),
                                      to_level=to_level, gain=1))
    return p.id


def test_programmes_that_close_the_gap_come_first_with_a_reason(db: Database) -> None:
    with db.session_scope() as s:
        emp = _world(s)
        _programme(s, "P1", "Pelatihan Integritas Klasikal", "KL02", 24, 5_000_000, [("M.1", 3)])
        _programme(s, "P2", "Coaching Integritas oleh Atasan", "NKL01", 8, 0, [("M.1", 3)])
        _programme(s, "P3", "E-Learning Integritas Dasar", "NKL03", 15, 0, [("M.1", 2)])
        _programme(s, "P4", "PKA Integritas", "KL01", 900, 40_000_000, [("M.1", 4)],
                   kinds="administrator")
        _programme(s, "P5", "Pelatihan Lama", "KL02", 24, 0, [("M.1", 3)], active=False)
        result = recommend.for_employee(s, emp, TODAY)
    assert [g.line.name for g in result.per_gap] == ["Integritas"]
    options = result.per_gap[0].options
    # P3 only reaches level 2 (already there), P4 is for administrators, P5 is inactive
    assert [o.code for o in options] == ["P2", "P1"]
    assert options[0].reason == ("Menaikkan Integritas ke level 3 (dibutuhkan 3); nonklasikal, "
                                 "8 JP, Rp 0")
    assert options[1].reason == ("Menaikkan Integritas ke level 3 (dibutuhkan 3); klasikal, "
                                 "24 JP, Rp 5.000.000")
    assert all(o.covers for o in options)
    assert options[0].jp_basis == "4 sesi × 2 JP"
    assert options[0].fit > options[1].fit


def test_partial_rise_is_offered_after_full_ones_and_says_so(db: Database) -> None:
    with db.session_scope() as s:
        emp = _world(s)
        a = s.scalar(select(m.Assessment.id))
        res = s.scalar(select(m.AssessmentResult).where(
            m.AssessmentResult.assessment_id == a,
            m.AssessmentResult.competency_id == _comp(s, "M.1")))
        res.level = 1  # two levels below standard
        _programme(s, "P1", "Pelatihan Integritas", "KL02", 24, 200_000, [("M.1", 3)])
        result = recommend.for_employee(s, emp, TODAY)
    option = result.per_gap[0].options[0]
    assert option.reaches == 2 and not option.covers
    assert "ke level 2 (dibutuhkan 3; perlu kegiatan lanjutan)" in option.reason


def test_programme_meant_for_the_position_kind_is_offered_and_named(db: Database) -> None:
    with db.session_scope() as s:
        emp = _world(s, kind="pengawas")
        _programme(s, "P9", "Mentoring Pengawas Baru", "NKL02", 8, 0, [("M.1", 3)],
                   kinds="pengawas")
        result = recommend.for_employee(s, emp, TODAY)
    option = result.per_gap[0].options[0]
    assert option.code == "P9" and option.for_position_kind
    assert option.reason.endswith("; khusus Jabatan Pengawas")


def test_form_conversion_counts_non_classical_forms(db: Database) -> None:
    with db.session_scope() as s:
        forms = recommend.load_catalogue(s).forms
    assert recommend.form_jp(forms["NKL03"], 2) == 6  # e-learning: 3 JP a day
    assert recommend.form_jp(forms["NKL01"], 3) == 6  # coaching: 2 JP a session
    assert recommend.form_jp(forms["KL02"], 6) == 8  # 6 clock hours = 8 JP of 45 minutes
    assert recommend.jp_basis(forms["NKL07"], 10) == "1 kali × 10 JP"


def test_every_demo_recommendation_raises_a_real_gap(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        ids = list(s.scalars(select(m.Employee.id).order_by(m.Employee.id).limit(60)))
        seen = 0
        for eid in ids:
            result = recommend.for_employee(s, eid, TODAY)
            kind = recommend.position_kind_of(s, eid)
            gap = employee_gap(s, eid, TODAY)
            assert [g.line for g in result.per_gap] == list(gap.gaps)
            for per in result.per_gap:
                fits = [o.fit for o in per.options]
                assert fits == sorted(fits, reverse=True)
                for o in per.options:
                    seen += 1
                    assert o.competency_id == per.line.competency_id
                    assert per.line.actual < o.reaches <= 5
                    prog = s.get(m.Programme, o.programme_id)
                    assert prog.active
                    assert prog.position_kinds is None or kind in prog.position_kinds.split(",")
    assert seen > 20

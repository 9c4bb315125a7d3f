"""Training effectiveness against hand-computed figures on a small hand-built database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from karier_desktop.services.effectiveness import FEW_DATA, evaluate_programmes
from karier_desktop.store import models as m

D = dt.date


def _build(session) -> dict[str, int]:
    comp = session.scalar(select(m.Competency.id).where(m.Competency.kind == "teknis")
                          .order_by(m.Competency.code))
    other = session.scalar(select(m.Competency.id).where(m.Competency.kind == "manajerial")
                           .order_by(m.Competency.code))
    unit = m.Unit(code="DU", name="Dinas Uji", kind="dinas")
    session.add(unit)
    session.flush()
    pos = m.Position(name="Analis", kind_code="pelaksana", unit_id=unit.id)
    elsewhere = m.Position(name="Pengemudi", kind_code="pelaksana", unit_id=unit.id)
    session.add_all([pos, elsewhere])
    session.flush()
    session.add(m.PositionStandard(position_id=pos.id, competency_id=comp, required_level=4))
    session.add(m.PositionStandard(position_id=elsewhere.id, competency_id=other,
                                   required_level=2))
    prog = m.Programme(code="T01", title="Bimtek Analisis Data", form_code="KL03", jp=24,
                       cost_per_participant=1_500_000)
    session.add(prog)
    session.flush()
    session.add(m.ProgrammeTarget(programme_id=prog.id, competency_id=comp, to_level=4, gain=1))

    def person(n: int, position_id: int, levels: tuple[int, int] | None) -> int:
        emp = m.Employee(nip=f"1980010120050110{n:02d}", name=f"Pegawai {n}", sex="L",
                         birth_date=D(1980, 1, 1), position_id=position_id, unit_id=unit.id)
        session.add(emp)
        session.flush()
        if levels is not None:
            for day, level in zip((D(2026, 1, 10), D(2026, 6, 10)), levels, strict=True):
                a = m.Assessment(employee_id=emp.id, assessed_on=day)
                session.add(a)
                session.flush()
                session.add(m.AssessmentResult(assessment_id=a.id, competency_id=comp,
                                               level=level))
        return emp.id

    def training(emp_id: int, reaction: float | None, pre: float | None,
                 post: float | None) -> None:
        session.add(m.TrainingRecord(
            employee_id=emp_id, programme_id=prog.id, title=prog.title, form_code="KL03",
            start_date=D(2026, 3, 2), end_date=D(2026, 3, 6), jp=24, cost=1_500_000,
            status="selesai", reaction_score=reaction, pre_test=pre, post_test=post))

    # Participants 2->3, 2->4, 3->3; one more without an assessment after the training.
    training(person(1, pos.id, (2, 3)), 4.0, 60, 80)
    training(person(2, pos.id, (2, 4)), 5.0, 70, 75)
    training(person(3, pos.id, (3, 3)), None, None, None)
    training(person(4, pos.id, None), 3.0, None, 90)
    # Comparison 2->2, 3->3, 2->3; a cancelled registration does not make a participant.
    person(5, pos.id, (2, 2))
    person(6, pos.id, (3, 3))
    cancelled = person(7, pos.id, (2, 3))
    session.add(m.TrainingRecord(employee_id=cancelled, programme_id=prog.id, title=prog.title,
                                 start_date=D(2026, 3, 2), end_date=D(2026, 3, 6), jp=24,
                                 status="batal"))
    # Not comparable: the competency is not in the standard of this position.
    person(8, elsewhere.id, None)
    return {"programme": prog.id, "competency": comp}


def test_hand_computed_difference_in_differences(db) -> None:
    with db.session_scope() as s:
        ids = _build(s)
    with db.session_scope() as s:
        report = evaluate_programmes(s)
    (effect,) = report.programmes
    assert effect.code == "T01"
    assert effect.participants == 4
    assert effect.measured == 3
    assert effect.mean_change == pytest.approx(1.0)
    assert effect.comparison_n == 3
    assert effect.comparison_change == pytest.approx(1 / 3)
    assert effect.did == pytest.approx(2 / 3)
    assert effect.cost == 4_500_000
    assert effect.levels_gained == 3
    assert effect.cost_per_level == pytest.approx(1_500_000)
    assert effect.k1_mean == pytest.approx(4.0) and effect.k1_n == 3
    assert effect.k2_mean == pytest.approx(12.5) and effect.k2_n == 2
    assert effect.warning == FEW_DATA
    (per_comp,) = report.competencies
    assert per_comp.competency_id == ids["competency"]
    assert per_comp.programmes[0].did == pytest.approx(2 / 3)


def test_period_filter_and_no_gain_gives_no_cost_per_level(db) -> None:
    with db.session_scope() as s:
        _build(s)
        # Everyone lost a level after the training: no cost per level gained.
        for r in s.scalars(select(m.AssessmentResult).join(m.Assessment)
                           .where(m.Assessment.assessed_on == D(2026, 6, 10))):
            r.level = 1
    with db.session_scope() as s:
        (effect,) = evaluate_programmes(s).programmes
        assert effect.levels_gained < 0
        assert effect.cost_per_level is None
        assert evaluate_programmes(s, period_from=D(2026, 4, 1)).programmes == ()


def test_demo_regency_gives_figures(demo_db) -> None:
    with demo_db.session_scope() as s:
        report = evaluate_programmes(s)
    assert report.programmes
    for e in report.programmes:
        assert e.measured <= e.participants
        assert (e.warning == FEW_DATA) == (e.measured < 5 or e.comparison_n < 5)
        if e.did is not None:
            assert e.did == pytest.approx(e.mean_change - e.comparison_change)


def test_save_file_retries_and_falls_back_to_a_new_name(tmp_path, monkeypatch) -> None:
    import os

    from karier_desktop.services.effectiveness import save_file

    target = tmp_path / "evaluasi.pdf"
    target.write_bytes(b"lama")
    real = os.replace
    calls = {"n": 0}

    def flaky(src, dst):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] <= 2:
            raise PermissionError(13, "dipakai program lain")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    assert save_file(str(target), b"baru") == str(target)
    assert target.read_bytes() == b"baru"

    def locked(src, dst):  # type: ignore[no-untyped-def]
        if str(dst) == str(target):
            raise PermissionError(13, "dipakai program lain")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    used = save_file(str(target), b"terbaru")
    assert used == str(tmp_path / "evaluasi (2).pdf")
    assert target.read_bytes() == b"baru"
    assert (tmp_path / "evaluasi (2).pdf").read_bytes() == b"terbaru"
    assert not list(tmp_path.glob("*.~tmp"))


def test_sql_evaluation_gives_the_numbers_of_the_python_walk(demo_db) -> None:
    """The demo regency plus awkward cases: two results on one day (the higher counts), a
    second assessment inside the training, one person trained twice, a period filter."""
    from effectiveness_reference import assert_same_report as _same_report
    from effectiveness_reference import evaluate_programmes as reference

    with demo_db.session_scope() as s:
        rec = s.execute(select(m.TrainingRecord).where(m.TrainingRecord.status == "selesai",
                                                       m.TrainingRecord.programme_id.is_not(None))
                        .order_by(m.TrainingRecord.id)).scalars().first()
        assert rec is not None
        target = s.scalar(select(m.ProgrammeTarget.competency_id)
                          .where(m.ProgrammeTarget.programme_id == rec.programme_id))
        for day, level in ((rec.start_date - dt.timedelta(days=40), 1),
                           (rec.start_date - dt.timedelta(days=40), 2),
                           (rec.start_date, 5),
                           (rec.end_date + dt.timedelta(days=30), 4)):
            a = m.Assessment(employee_id=rec.employee_id, assessed_on=day)
            s.add(a)
            s.flush()
            s.add(m.AssessmentResult(assessment_id=a.id, competency_id=target, level=level))
        s.add(m.TrainingRecord(employee_id=rec.employee_id, programme_id=rec.programme_id,
                               title=rec.title, start_date=rec.start_date + dt.timedelta(days=1),
                               end_date=rec.end_date + dt.timedelta(days=1), jp=rec.jp,
                               cost=0, status="selesai", reaction_score=2.0))
    with demo_db.session_scope() as s:
        whole = evaluate_programmes(s)
        assert any(e.measured for e in whole.programmes)
        assert any(e.comparison_n for e in whole.programmes)
        _same_report(whole, reference(s))
        days = sorted(s.scalars(select(m.TrainingRecord.start_date)).all())
        middle = days[len(days) // 2]
        for start, end in ((middle, None), (None, middle), (days[0], days[0])):
            _same_report(evaluate_programmes(s, start, end), reference(s, start, end))

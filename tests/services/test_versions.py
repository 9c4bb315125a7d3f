"""Every record a clerk edits in a form refuses a save over a newer change, naming what changed,
on both back ends: units, positions and their standards, assessments, training records,
programmes and IDP items (employees: test_concurrent_clerks.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from clerks import Clerk
from sqlalchemy import select

from karier_desktop.services import assessments, idp, positions, training
from karier_desktop.services.errors import ConflictError
from karier_desktop.store import models as m

TODAY = dt.date(2026, 11, 29)


def _first(clerk: Clerk, column: object) -> int:
    with clerk.session_scope() as s:
        found = s.scalars(select(column).order_by(column)).first()  # type: ignore[call-overload]
    assert found is not None
    return found


def test_unit(clerks: tuple[Clerk, Clerk]) -> None:
    ani, budi = clerks
    with ani.session_scope() as s:
        row = next(u for u in positions.list_units(s) if u.parent_id is not None)
    data = positions.UnitInput(row.name, row.parent_id, row.kind, row.code)
    with budi.session_scope() as s:
        positions.save_unit(s, dataclasses.replace(data, name="Bagian Umum Baru"), row.id,
                            row.version)
    with pytest.raises(ConflictError) as caught, ani.session_scope() as s:
        positions.save_unit(s, dataclasses.replace(data, code="UMUM-2"), row.id, row.version)
    assert f"Nama unit: Anda {row.name}, tersimpan Bagian Umum Baru" in caught.value.messages
    with ani.session_scope() as s:
        unit = s.get(m.Unit, row.id)
        assert unit is not None and (unit.name, unit.code) == ("Bagian Umum Baru", row.code)


def test_position_and_its_standard(clerks: tuple[Clerk, Clerk]) -> None:
    ani, budi = clerks
    pid = _first(ani, m.PositionStandard.position_id)
    with ani.session_scope() as s:
        form = positions.load_position(s, pid)
        lines = positions.get_standard(s, pid)
        standard_version = positions.standard_version(s, pid)
    with budi.session_scope() as s:
        positions.save_position(s, dataclasses.replace(form, field="Kepegawaian"), pid)
    with pytest.raises(ConflictError) as caught, ani.session_scope() as s:
        positions.save_position(s, dataclasses.replace(form, field="Keuangan"), pid)
    assert "Bidang: Anda Keuangan, tersimpan Kepegawaian" in caught.value.messages

    first = lines[0]
    mine = {ln.competency_id: ln.required_level for ln in lines if ln.required_level}
    theirs = dict(mine) | {first.competency_id: 5 if mine[first.competency_id] != 5 else 4}
    with budi.session_scope() as s:
        positions.set_standard(s, pid, theirs, positions.standard_version(s, pid))
    with pytest.raises(ConflictError) as caught, ani.session_scope() as s:
        positions.set_standard(s, pid, mine | {first.competency_id: 1}, standard_version)
    assert (f"Level {first.name}: Anda 1, tersimpan {theirs[first.competency_id]}"
            in caught.value.messages)
    with ani.session_scope() as s:
        assert positions.get_standard(s, pid)[0].required_level == theirs[first.competency_id]


def test_assessment_keeps_the_other_clerks_levels(clerks: tuple[Clerk, Clerk]) -> None:
    ani, budi = clerks
    aid = _first(ani, m.AssessmentResult.assessment_id)
    with ani.session_scope() as s:
        form = assessments.get(s, aid)
    rated = [ln for ln in form.lines if ln.level is not None]
    levels = {ln.competency_id: ln.level for ln in rated}
    data = assessments.AssessmentInput(form.employee_id, form.assessed_on, form.method,
                                       form.assessor, form.note, levels, form.version)
    one = rated[0]
    with budi.session_scope() as s:
        assessments.save(s, dataclasses.replace(
            data, levels=levels | {one.competency_id: 5 if one.level != 5 else 4}), aid,
            today=TODAY)
    with pytest.raises(ConflictError) as caught, ani.session_scope() as s:
        assessments.save(s, dataclasses.replace(data, note="catatan Ani"), aid, today=TODAY)
    assert any(msg.startswith(f"Level {one.name}: Anda {one.level}, tersimpan")
               for msg in caught.value.messages)
    with ani.session_scope() as s:
        fresh = assessments.get(s, aid)
    assert fresh.note != "catatan Ani" and fresh.version is not None
    assert fresh.version > form.version  # type: ignore[operator]


def test_training_record_and_programme(clerks: tuple[Clerk, Clerk]) -> None:
    ani, budi = clerks
    rid = _first(ani, m.TrainingRecord.id)
    with ani.session_scope() as s:
        record = training.load_record(s, rid)
    with budi.session_scope() as s:
        training.save_record(s, dataclasses.replace(record, certificate_no="SERT-BUDI"), rid)
    with pytest.raises(ConflictError) as caught, ani.session_scope() as s:
        training.save_record(s, dataclasses.replace(record, provider="BPSDM Provinsi"), rid)
    assert f"Nomor sertifikat: Anda {record.certificate_no or '(kosong)'}, tersimpan SERT-BUDI" \
        in caught.value.messages

    pid = _first(ani, m.Programme.id)
    with ani.session_scope() as s:
        programme = training.load_programme(s, pid)
    with budi.session_scope() as s:
        training.save_programme(s, dataclasses.replace(programme, title="Judul dari Budi"), pid)
    with pytest.raises(ConflictError) as caught, ani.session_scope() as s:
        training.save_programme(s, dataclasses.replace(programme, jp=99.0), pid)
    assert f"Judul: Anda {programme.title}, tersimpan Judul dari Budi" in caught.value.messages
    with ani.session_scope() as s:
        saved = training.load_programme(s, pid)
    assert (saved.title, saved.jp) == ("Judul dari Budi", programme.jp)


def test_idp_item(clerks: tuple[Clerk, Clerk]) -> None:
    ani, budi = clerks
    emp_id = _first(ani, m.Employee.id)
    with ani.session_scope() as s:
        plan_id = idp.draft_plan(s, emp_id, 2027, today=TODAY)
        idp.add_item(s, plan_id, idp.ItemInput("Bimtek Kepegawaian", month=3, jp=16))
    with ani.session_scope() as s:
        item = idp.get_plan(s, plan_id).items[-1]

    loaded = idp.ItemInput(item.activity, item.competency_id, item.gap, item.goal,
                           item.form_code or None, item.programme_id, item.provider,
                           item.month, item.jp, item.cost, item.funding_source, item.evidence,
                           item.version)

    def form(**changes: object) -> idp.ItemInput:
        return dataclasses.replace(loaded, **changes)  # type: ignore[arg-type]

    with budi.session_scope() as s:
        idp.update_item(s, item.id, form(month=6))
    with pytest.raises(ConflictError) as caught, ani.session_scope() as s:
        idp.update_item(s, item.id, form(jp=24.0))
    assert "Bulan: Anda Maret, tersimpan Juni" in caught.value.messages
    with ani.session_scope() as s:
        saved = idp.get_plan(s, plan_id).items[-1]
    assert (saved.month, saved.jp) == (6, 16.0)

"""Assessments service on the demo regency: listing, stale flags, entering, editing, deleting."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from karier_desktop.services import assessments as svc
from karier_desktop.store import models as m
from karier_desktop.store.db import Database

TODAY = dt.date(2026, 11, 29)


def _count(db: Database, model: type[m.Base]) -> int:
    with db.session_scope() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _employee_with_standard(db: Database) -> int:
    with db.session_scope() as s:
        return s.scalar(select(m.Employee.id).join(
            m.PositionStandard, m.PositionStandard.position_id == m.Employee.position_id)
            .where(m.Employee.status == "aktif").order_by(m.Employee.id).limit(1))


def test_list_rows_flags_stale_by_validity_years(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        rows = svc.list_rows(s, TODAY)
    assert len(rows) == _count(demo_db, m.Assessment)
    assert rows == sorted(rows, key=lambda r: r.assessed_on, reverse=True)
    cutoff = dt.date(2023, 11, 29)
    assert any(r.stale for r in rows) and any(not r.stale for r in rows)
    for r in rows:
        assert r.stale == (r.assessed_on <= cutoff)
    stale = svc.apply_filter(rows, svc.AssessmentFilter(stale_only=True))
    assert stale and all(r.stale for r in stale)


def test_filter_by_spaced_nip_and_opd(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        rows = svc.list_rows(s, TODAY)
    first = rows[0]
    found = svc.apply_filter(rows, svc.AssessmentFilter(text=first.nip_display))
    assert found and {r.employee_id for r in found} == {first.employee_id}
    in_opd = svc.apply_filter(rows, svc.AssessmentFilter(opd_id=first.opd_id))
    assert first in in_opd and all(r.opd_id == first.opd_id for r in in_opd)


def test_list_rows_are_lean_and_share_repeated_text(demo_db: Database) -> None:
    """100,000 rows at a large regency: no per-row attribute dict, one string per repeat."""
    with demo_db.session_scope() as s:
        rows = svc.list_rows(s, TODAY)
    assert not hasattr(rows[0], "__dict__")
    twice = next(r for r in rows[1:] if r.employee_id == rows[0].employee_id)
    assert twice.name is rows[0].name and twice.nip_display is rows[0].nip_display
    same_unit = [r for r in rows if r.unit == rows[0].unit]
    assert all(r.unit is rows[0].unit for r in same_unit)
    same_method = [r for r in rows if r.method == rows[0].method]
    assert len(same_method) > 1 and all(r.method is rows[0].method for r in same_method)
    # a search spanning the name and the method still finds the row
    nip = rows[0].nip_display.replace(" ", "")
    both = f"{rows[0].name.split()[-1]} {nip} {rows[0].method}"
    assert rows[0] in svc.apply_filter(rows, svc.AssessmentFilter(text=both))


def test_rows_share_the_employee_tables_names_unless_they_differ(demo_db: Database) -> None:
    """The Asesmen lists take each employee's name and NIP strings from the employee table's
    rows (one copy in memory at 100,000), but a row that no longer says the same is not used."""
    from karier_desktop.services import employees as employees_service

    with demo_db.session_scope() as s:
        table = {r.id: r for r in employees_service.list_rows(s, TODAY)}
        eid = svc.list_rows(s, TODAY)[0].employee_id
        table[eid] = table[eid]._replace(name="Nama Lama")  # a table read before a rename
        rows = svc.list_rows(s, TODAY, None, table)
        need = svc.stale_or_missing(s, TODAY, table)
    other = next(r for r in rows if r.employee_id != eid and r.employee_id in table)
    assert other.name is table[other.employee_id].name
    assert other.nip_display is table[other.employee_id].nip_display
    renamed = next(r for r in rows if r.employee_id == eid)
    assert renamed.name != "Nama Lama" and renamed.name
    assert all(n.name is table[n.employee_id].name for n in need
               if n.employee_id in table and n.employee_id != eid)


def test_need_from_the_table_a_page_holds_is_the_same_list(demo_db: Database) -> None:
    """Asesmen's "Perlu diases" made from the loaded table of assessments and the employee table equals
    the list read from the database, order included."""
    from karier_desktop.services import employees as employees_service

    with demo_db.session_scope() as s:
        employees = employees_service.list_rows(s, TODAY)
        table = svc.read_table(s, TODAY)
        expected = svc.stale_or_missing(s, TODAY)
    got = table.need(employees)
    assert got == expected
    assert {n.reason for n in got} == {"Belum pernah diases", "Kedaluwarsa"}


def test_new_form_lists_the_position_standard_with_previous_levels(demo_db: Database) -> None:
    emp_id = _employee_with_standard(demo_db)
    with demo_db.session_scope() as s:
        form = svc.new_form(s, emp_id)
        position_id = s.get(m.Employee, emp_id).position_id
        standard = dict(s.execute(
            select(m.PositionStandard.competency_id, m.PositionStandard.required_level)
            .where(m.PositionStandard.position_id == position_id)).all())
    assert {ln.competency_id: ln.required for ln in form.lines} == standard
    assert all(len(ln.descriptions) == 5 and ln.descriptions[0] for ln in form.lines)
    assert [ln.code for ln in form.lines][0] == "M.1"
    assert all(ln.level is None for ln in form.lines)


def test_save_creates_assessment_with_levels_and_audit(demo_db: Database) -> None:
    emp_id = _employee_with_standard(demo_db)
    with demo_db.session_scope() as s:
        form = svc.new_form(s, emp_id)
    levels = {ln.competency_id: 3 for ln in form.lines[:4]}
    data = svc.AssessmentInput(emp_id, dt.date(2026, 11, 2), "Uji Kompetensi",
                               "BKPP Kabupaten Mamuju", levels=levels)
    with demo_db.session_scope() as s:
        new_id = svc.save(s, data, today=TODAY)
    with demo_db.session_scope() as s:
        a = s.get(m.Assessment, new_id)
        assert (a.employee_id, a.assessed_on, a.method, a.assessor) == (
            emp_id, dt.date(2026, 11, 2), "Uji Kompetensi", "BKPP Kabupaten Mamuju")
        saved = dict(s.execute(select(m.AssessmentResult.competency_id, m.AssessmentResult.level)
                               .where(m.AssessmentResult.assessment_id == new_id)).all())
        assert saved == levels
        assert s.scalar(select(func.count()).select_from(m.AuditLog).where(
            m.AuditLog.entity == "asesmen", m.AuditLog.entity_id == str(new_id))) == 1
        again = svc.new_form(s, emp_id)
    assert {ln.competency_id: ln.previous for ln in again.lines if ln.competency_id in levels} \
        == levels


@pytest.mark.parametrize(("change", "message"), [
    ({"assessed_on": dt.date(2026, 11, 30)}, "tidak boleh setelah hari ini"),
    ({"assessed_on": None}, "Tanggal asesmen wajib diisi"),
    ({"method": "  "}, "Metode asesmen wajib diisi"),
    ({"levels": {}}, "minimal satu kompetensi"),
])
def test_bad_input_is_refused_and_nothing_saved(demo_db: Database, change: dict,
                                                message: str) -> None:
    emp_id = _employee_with_standard(demo_db)
    with demo_db.session_scope() as s:
        cid = svc.new_form(s, emp_id).lines[0].competency_id
    base = dict(employee_id=emp_id, assessed_on=dt.date(2026, 11, 1), method="Assessment Center",
                levels={cid: 2})
    base.update(change)
    before = (_count(demo_db, m.Assessment), _count(demo_db, m.AssessmentResult))
    with demo_db.session_scope() as s, pytest.raises(svc.ValidationError) as err:
        svc.save(s, svc.AssessmentInput(**base), today=TODAY)
    assert any(message in text for text in err.value.messages)
    assert (_count(demo_db, m.Assessment), _count(demo_db, m.AssessmentResult)) == before


def test_level_out_of_range_names_the_competency(demo_db: Database) -> None:
    emp_id = _employee_with_standard(demo_db)
    with demo_db.session_scope() as s:
        line = svc.new_form(s, emp_id).lines[0]
        with pytest.raises(svc.ValidationError) as err:
            svc.save(s, svc.AssessmentInput(emp_id, TODAY, "Assessment Center",
                                            levels={line.competency_id: 7}), today=TODAY)
    assert err.value.messages == [f"Level {line.name} harus 1 sampai 5 (terisi 7)."]


def test_edit_replaces_levels_and_delete_removes_everything(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        row = svc.list_rows(s, TODAY)[0]
        form = svc.get(s, row.id)
    rated = [ln for ln in form.lines if ln.level is not None]
    assert len(rated) == row.competencies
    new_levels = {rated[0].competency_id: 5}
    with demo_db.session_scope() as s:
        svc.save(s, svc.AssessmentInput(row.employee_id, dt.date(2026, 1, 5), "Penilaian Atasan",
                                        levels=new_levels), row.id, today=TODAY)
    with demo_db.session_scope() as s:
        again = svc.get(s, row.id)
        assert (again.assessed_on, again.method) == (dt.date(2026, 1, 5), "Penilaian Atasan")
        assert {ln.competency_id: ln.level for ln in again.lines if ln.level} == new_levels
        svc.delete(s, row.id)
    with demo_db.session_scope() as s:
        assert s.get(m.Assessment, row.id) is None
        assert s.scalar(select(func.count()).select_from(m.AssessmentResult).where(
            m.AssessmentResult.assessment_id == row.id)) == 0


def test_stale_or_missing_lists_never_assessed_then_stale(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        rows = svc.stale_or_missing(s, TODAY)
        latest = dict(s.execute(select(m.Assessment.employee_id, func.max(m.Assessment.assessed_on))
                                .group_by(m.Assessment.employee_id)).all())
        active = set(s.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")))
    expected = {e for e in active if e not in latest or latest[e] <= dt.date(2023, 11, 29)}
    assert {r.employee_id for r in rows} == expected
    reasons = [r.reason for r in rows]
    assert reasons == sorted(reasons, key=lambda x: x != "Belum pernah diases")
    never = next(r for r in rows if r.reason == "Belum pernah diases")
    with demo_db.session_scope() as s:
        cid = svc.new_form(s, never.employee_id).lines[0].competency_id
        svc.save(s, svc.AssessmentInput(never.employee_id, TODAY, "Assessment Center",
                                        levels={cid: 2}), today=TODAY)
        assert never.employee_id not in {r.employee_id for r in svc.stale_or_missing(s, TODAY)}


def test_employee_choices_show_name_and_spaced_nip(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        choices = svc.employee_choices(s)
        active = s.scalar(select(func.count()).select_from(m.Employee)
                          .where(m.Employee.status == "aktif"))
    assert len(choices) == active
    label = choices[0].label
    nip = label.rsplit(" — ", 1)[1]
    assert len(nip) == 21 and nip.replace(" ", "").isdigit()

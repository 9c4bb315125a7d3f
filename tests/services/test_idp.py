"""The IDP life cycle on the demo regency: draft, edit, approve, new version, realise, print."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from karier_desktop.domain.nip import format_nip
from karier_desktop.services import idp
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.gaps import employee_gap
from karier_desktop.services.idp import ItemInput, Signers
from karier_desktop.store import models as m
from karier_desktop.store.db import Database

TODAY = dt.date(2026, 11, 29)
YEAR = 2027


def _employee_with_gaps(s, min_gaps: int = 2) -> int:  # type: ignore[no-untyped-def]
    for eid in s.scalars(select(m.Employee.id).order_by(m.Employee.id)):
        emp = s.get(m.Employee, eid)
        if emp.supervisor_id and len(employee_gap(s, eid, TODAY).gaps) >= min_gaps:
            return eid
    raise AssertionError("demo has no employee with gaps")


def _not_assessed(s) -> int:  # type: ignore[no-untyped-def]
    for eid in s.scalars(select(m.Employee.id).order_by(m.Employee.id)):
        if employee_gap(s, eid, TODAY).jpm is None:
            return eid
    raise AssertionError("demo has no unassessed employee")


def test_draft_plans_the_largest_gap_one_level_up_and_reaches_the_minimum(
        demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        eid = _employee_with_gaps(s)
        gap = employee_gap(s, eid, TODAY)
        plan_id = idp.draft_plan(s, eid, YEAR, TODAY)
        plan = idp.get_plan(s, plan_id)
    assert plan.status == "draf" and plan.version == 1 and plan.year == YEAR
    first = gap.gaps[0]
    gap_items = [i for i in plan.items if i.purpose == "kesenjangan"]
    assert first.code in gap_items[0].competency_codes.split(", ")
    assert f"{first.name} dari level {first.actual} ke level {first.actual + 1}" in \
        gap_items[0].goal
    assert plan.total_jp >= 20 and plan.meets_minimum
    assert plan.total_cost == sum(i.cost for i in plan.items)
    assert all(1 <= i.month <= 12 for i in plan.items)
    assert [i.seq for i in plan.items] == list(range(1, len(plan.items) + 1))
    assert all(i.funding_source for i in plan.items)
    assert plan.signers.supervisor_name and plan.signers.supervisor_caption


def test_no_one_signs_twice_in_the_demo(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        ids = list(s.scalars(select(m.Employee.id).order_by(m.Employee.id)))
        signers = idp.signers_for(s, ids)
        nips = dict(s.execute(select(m.Employee.id, m.Employee.nip)).all())
    assert len(signers) == len(ids)
    for eid, sg in signers.items():
        people = [nips[eid], sg.supervisor_nip or sg.supervisor_caption, sg.head_nip]
        people = [p for p in people if p]
        assert len(people) == len(set(people)), (eid, sg)


def test_unassessed_employee_still_gets_twenty_jp(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        eid = _not_assessed(s)
        plan = idp.get_plan(s, idp.draft_plan(s, eid, YEAR, TODAY))
    assert plan.items and plan.total_jp >= 20


def test_second_draft_is_refused_unless_replacing(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        eid = _employee_with_gaps(s)
        plan_id = idp.draft_plan(s, eid, YEAR, TODAY)
        idp.add_item(s, plan_id, ItemInput("Tambahan manual", month=5, jp=2))
    with demo_db.session_scope() as s, pytest.raises(ValidationError) as exc:
        idp.draft_plan(s, eid, YEAR, TODAY)
    assert "Sudah ada draf IDP tahun 2027" in exc.value.messages[0]
    with demo_db.session_scope() as s:
        again = idp.draft_plan(s, eid, YEAR, TODAY, replace=True)
        plan = idp.get_plan(s, again)
    assert again == plan_id
    assert "Tambahan manual" not in [i.activity for i in plan.items]


def test_item_edits_are_validated_and_change_nothing_when_wrong(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        eid = _employee_with_gaps(s)
        plan_id = idp.draft_plan(s, eid, YEAR, TODAY)
        before = idp.get_plan(s, plan_id)
    bad = ItemInput("", month=13, jp=-1, cost=-5, form_code="XX99")
    with demo_db.session_scope() as s, pytest.raises(ValidationError) as exc:
        idp.add_item(s, plan_id, bad)
    text = " ".join(exc.value.messages)
    for part in ("Nama kegiatan wajib diisi", "JP tidak boleh negatif", "Biaya tidak boleh negatif",
                 "Bulan pelaksanaan", "Bentuk/jalur 'XX99' tidak dikenal"):
        assert part in text
    with demo_db.session_scope() as s, pytest.raises(ValidationError):
        idp.update_item(s, before.items[0].id, ItemInput("Baru", month=0, jp=4))
    with demo_db.session_scope() as s:
        assert idp.get_plan(s, plan_id) == before


def test_add_update_move_remove(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        plan_id = idp.draft_plan(s, _employee_with_gaps(s), YEAR, TODAY)
        n = len(idp.get_plan(s, plan_id).items)
        new = idp.add_item(s, plan_id, ItemInput("Magang di BKN", form_code="NKL12", month=8,
                                                 jp=20, cost=1_500_000, provider="BKN"))
    with demo_db.session_scope() as s:
        idp.update_item(s, new, ItemInput("Magang di BKN Kanreg IV", form_code="NKL12", month=9,
                                          jp=20, cost=2_000_000, provider="BKN"))
        idp.move_up(s, new)
        plan = idp.get_plan(s, plan_id)
    moved = next(i for i in plan.items if i.id == new)
    assert moved.seq == n and moved.activity == "Magang di BKN Kanreg IV"
    assert moved.month == 9 and moved.cost == 2_000_000 and moved.source == "manual"
    with demo_db.session_scope() as s:
        idp.move_down(s, new)
        idp.move_down(s, new)  # already last: nothing happens
        assert idp.get_plan(s, plan_id).items[-1].id == new
        idp.remove_item(s, plan.items[0].id)
        after = idp.get_plan(s, plan_id)
    assert [i.seq for i in after.items] == list(range(1, n + 1))
    assert plan.items[0].id not in [i.id for i in after.items]
    with demo_db.session_scope() as s:
        actions = set(s.scalars(select(m.AuditLog.action).where(m.AuditLog.entity.in_(
            ("plan_item", "development_plan")))))
    assert {"draft", "add_item", "update_item", "move_item", "remove_item"} <= actions


def test_approved_plan_is_locked_and_versioned(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        plan_id = idp.draft_plan(s, _employee_with_gaps(s), YEAR, TODAY)
        first_item = idp.get_plan(s, plan_id).items[0].id
        idp.approve(s, plan_id, dt.date(2026, 12, 3))
    locked = "IDP sudah disetujui; buat versi baru untuk mengubahnya"
    for action in (lambda s: idp.add_item(s, plan_id, ItemInput("X", month=1)),
                   lambda s: idp.update_item(s, first_item, ItemInput("X", month=1)),
                   lambda s: idp.remove_item(s, first_item),
                   lambda s: idp.move_down(s, first_item),
                   lambda s: idp.update_signers(s, plan_id, Signers("A")),
                   lambda s: idp.approve(s, plan_id, TODAY)):
        with demo_db.session_scope() as s, pytest.raises(ValidationError) as exc:
            action(s)
        assert exc.value.messages == [locked]
    with demo_db.session_scope() as s:
        plan = idp.get_plan(s, plan_id)
        assert plan.status == "disetujui" and plan.approved_on == dt.date(2026, 12, 3)
        copy_id = idp.new_version(s, plan_id)
        copy = idp.get_plan(s, copy_id)
        assert copy.version == 2 and copy.status == "draf"
        assert [i.activity for i in copy.items] == [i.activity for i in plan.items]
        assert idp.find_plan(s, plan.employee_id, YEAR) == copy_id
        with pytest.raises(ValidationError):
            idp.new_version(s, plan_id)  # a draft version already exists
        idp.approve(s, copy_id, dt.date(2027, 2, 1))
        assert idp.get_plan(s, plan_id).status == "diganti"
        assert idp.get_plan(s, copy_id).status == "disetujui"
        with pytest.raises(ValidationError) as exc:
            idp.add_item(s, plan_id, ItemInput("X", month=1))
        assert "sudah diganti" in exc.value.messages[0]
        assert [p.version for p in idp.list_plans(s, YEAR, plan.employee_id)] == [2]


def test_signers_are_validated_and_saved(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        plan_id = idp.draft_plan(s, _employee_with_gaps(s), YEAR, TODAY)
    with demo_db.session_scope() as s, pytest.raises(ValidationError) as exc:
        idp.update_signers(s, plan_id, Signers("Budi", "123", "Ani", ""))
    assert exc.value.messages[0].startswith("NIP atasan langsung:")
    with demo_db.session_scope() as s:
        idp.update_signers(s, plan_id, Signers("Budi Santoso, S.E.", "19850312 201001 1 005",
                                               "", "", "Kepala Seksi"))
        plan = idp.get_plan(s, plan_id)
    assert plan.signers == Signers("Budi Santoso, S.E.", "198503122010011005", "", "",
                                   "Kepala Seksi")


def test_realisation_links_training_records_of_the_year(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        eid = _employee_with_gaps(s)
        plan_id = idp.draft_plan(s, eid, YEAR, TODAY)
        item = next(i for i in idp.get_plan(s, plan_id).items if i.programme_id)
        prog = s.get(m.Programme, item.programme_id)
        s.add(m.TrainingRecord(employee_id=eid, programme_id=prog.id, title=prog.title,
                               start_date=dt.date(YEAR, 4, 7), end_date=dt.date(YEAR, 4, 9),
                               jp=prog.jp, status="selesai"))
        s.add(m.TrainingRecord(employee_id=eid, programme_id=prog.id, title=prog.title,
                               start_date=dt.date(YEAR - 1, 4, 7), end_date=dt.date(YEAR - 1, 4, 9),
                               jp=prog.jp, status="selesai"))
        idp.approve(s, plan_id, TODAY)
    with demo_db.session_scope() as s:
        rows = idp.realisation(s, plan_id)
        plan = idp.get_plan(s, plan_id)
    done = [r for r in rows if r.realised]
    assert [r.item_id for r in done] == [item.id]
    assert done[0].start_date == dt.date(YEAR, 4, 7)
    assert next(i for i in plan.items if i.id == item.id).realised_on == dt.date(YEAR, 4, 7)


def test_plan_for_print_carries_everything_the_pdf_needs(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        eid = _employee_with_gaps(s)
        plan_id = idp.draft_plan(s, eid, YEAR, TODAY)
        doc = idp.plan_for_print(s, (eid, YEAR), TODAY)
        emp = s.get(m.Employee, eid)
        gap = employee_gap(s, eid, TODAY)
        plan = idp.get_plan(s, plan_id)
        with pytest.raises(LookupError):
            idp.plan_for_print(s, (eid, 2030), TODAY)
    assert doc.nip == format_nip(emp.nip) and " " in doc.nip
    assert doc.name == gap.name and doc.year == YEAR and doc.status == "draf"
    assert doc.letterhead.government == "PEMERINTAH KABUPATEN MAMUJU"
    assert doc.paper_size == "A4" and doc.city == "Mamuju" and doc.signed_on == TODAY
    assert [g.competency for g in doc.gaps] == [ln.name for ln in gap.lines]
    assert [i.activity for i in doc.items] == [i.activity for i in plan.items]
    assert doc.total_jp == plan.total_jp and doc.total_cost == plan.total_cost
    assert doc.minimum_jp == 20
    assert [sg.role for sg in doc.signers][:2] == ["Pegawai", "Atasan Langsung"]
    assert doc.signers[0].caption == "Pegawai yang bersangkutan"
    assert doc.signers[0].name == gap.name
    assert doc.jpm == gap.jpm and doc.category == gap.category
    assert doc.file_stem == f"IDP {YEAR} - {emp.name}"


def test_bad_year_and_unknown_employee(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        with pytest.raises(ValidationError):
            idp.draft_plan(s, 1, 1999, TODAY)
        with pytest.raises(LookupError):
            idp.draft_plan(s, 999_999, YEAR, TODAY)
        assert s.scalar(select(func.count()).select_from(m.DevelopmentPlan)) == 0


def test_every_demo_plan_stays_inside_the_rules(demo_db: Database) -> None:
    import re

    with demo_db.session_scope() as s:
        ids = list(s.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")))
        plans = idp.draft_missing_plans(s, ids, YEAR, TODAY)
        docs = idp.documents_for_plans(s, list(plans.values()), TODAY)
    assert len(docs) == len(ids)
    for doc in docs:
        counted = [i for i in doc.items if i.purpose != "wajib"]
        assert 0 < len(doc.items) <= 6, doc.name
        assert sum(i.jp for i in counted) <= doc.ceiling_jp + 1e-9, doc.name
        assert sum(i.cost for i in counted) <= doc.ceiling_cost, doc.name
        if doc.employee_type.startswith("PPPK"):
            assert doc.jp_kind == "maksimal" and doc.total_jp <= 24 and doc.nip_label == "NI PPPK"
            assert not any(i.form.startswith("Pendidikan") for i in doc.items)
        else:
            assert doc.jp_kind == "minimal" and doc.total_jp >= 20, doc.name
        assert sum(1 for i in doc.items if i.form_code == "NKL01") <= 1, doc.name
        for i in doc.items:
            for a, b in re.findall(r"dari level (\d) ke level (\d)", i.goal):
                assert int(b) == int(a) + 1, (doc.name, i.goal)
            assert i.funding and i.month
        people = [s.nip or s.caption for s in doc.signers if s.nip or s.name]
        assert len(people) == len(set(people)), doc.name
        if doc.jpm is None:
            assert doc.items[0].purpose in ("wajib", "asesmen")
            assert not any(i.purpose == "kesenjangan" for i in doc.items)

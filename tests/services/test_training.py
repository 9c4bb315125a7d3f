"""Training service on the demo regency: catalogue, records, JP conversion, 20-JP compliance."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from karier_desktop.services import training as svc
from karier_desktop.store import models as m
from karier_desktop.store.db import Database


def _ids(db: Database, *codes: str) -> list[int]:
    with db.session_scope() as s:
        found = dict(s.execute(select(m.Competency.code, m.Competency.id)).all())
    return [found[c] for c in codes]


def _programme(db: Database, code: str) -> m.Programme:
    with db.session_scope() as s:
        p = s.scalar(select(m.Programme).where(m.Programme.code == code))
        s.expunge(p)
        return p


def _employee(db: Database) -> int:
    with db.session_scope() as s:
        return s.scalar(select(m.Employee.id).where(m.Employee.status == "aktif")
                        .order_by(m.Employee.id).limit(1))


def test_catalogue_rows_show_form_cost_and_targets(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        rows = {r.code: r for r in svc.list_programmes(s)}
    assert len(rows) == 80
    p6 = rows["P006"]
    assert (p6.form_code, p6.form_name) == ("KL02", "Pelatihan Manajerial")
    assert p6.cost_text == "Rp 250.000/peserta + Rp 35.000.000/kelas"
    assert p6.targets_text == "M.2→3, M.5→3"


def test_add_programme_with_targets(demo_db: Database) -> None:
    m01, t02 = _ids(demo_db, "M.1", "T.02")
    data = svc.ProgrammeInput(
        code="P900", title="Bimtek Akuntansi Akrual", form_code="KL10", provider="BPKP",
        jp=32, cost_per_participant=4_500_000, min_participants=5, max_participants=25,
        targets=(svc.TargetInput(t02, 3, 1), svc.TargetInput(m01, 2, 1)))
    with demo_db.session_scope() as s:
        pid = svc.save_programme(s, data)
    with demo_db.session_scope() as s:
        p = s.get(m.Programme, pid)
        assert (p.code, p.form_code, p.jp, p.cost_per_participant, p.class_cost) == (
            "P900", "KL10", 32.0, 4_500_000, None)
        targets = set(s.execute(select(m.ProgrammeTarget.competency_id, m.ProgrammeTarget.to_level)
                                .where(m.ProgrammeTarget.programme_id == pid)).all())
        assert targets == {(t02, 3), (m01, 2)}
        assert svc.load_programme(s, pid).targets[0].competency_id in (t02, m01)


@pytest.mark.parametrize(("change", "message"), [
    ({"code": "P001"}, "Kode program P001 sudah dipakai"),
    ({"code": ""}, "Kode program wajib diisi"),
    ({"jp": -1}, "JP tidak boleh negatif"),
    ({"cost_per_participant": -5}, "Biaya tidak boleh negatif"),
    ({"min_participants": 40, "max_participants": 30}, "tidak boleh lebih dari peserta maksimal"),
    ({"form_code": "XX99"}, "Pilih bentuk pengembangan"),
    ({"cost_basis": "per_class", "class_cost": None}, "Isi biaya per kelas"),
])
def test_bad_programme_is_refused(demo_db: Database, change: dict, message: str) -> None:
    base = dict(code="P901", title="Uji", form_code="KL03", jp=10)
    base.update(change)
    with demo_db.session_scope() as s, pytest.raises(svc.ValidationError) as err:
        svc.save_programme(s, svc.ProgrammeInput(**base))
    assert any(message in text for text in err.value.messages)
    with demo_db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.Programme)) == 80


def test_target_level_must_be_1_to_5(demo_db: Database) -> None:
    (m01,) = _ids(demo_db, "M.1")
    data = svc.ProgrammeInput("P902", "Uji", "KL03", targets=(svc.TargetInput(m01, 6),))
    with demo_db.session_scope() as s, pytest.raises(svc.ValidationError) as err:
        svc.save_programme(s, data)
    assert "Level sasaran M.1 harus 1 sampai 5 (terisi 6)." in err.value.messages


def test_edit_programme_replaces_targets(demo_db: Database) -> None:
    p = _programme(demo_db, "P005")
    (m08,) = _ids(demo_db, "M.8")
    with demo_db.session_scope() as s:
        data = svc.load_programme(s, p.id)
        svc.save_programme(s, svc.ProgrammeInput(**{**data.__dict__, "title": "Baru",
                                                    "targets": (svc.TargetInput(m08, 4, 2),)}),
                           p.id)
    with demo_db.session_scope() as s:
        assert s.get(m.Programme, p.id).title == "Baru"
        assert s.execute(select(m.ProgrammeTarget.competency_id, m.ProgrammeTarget.to_level,
                                m.ProgrammeTarget.gain)
                         .where(m.ProgrammeTarget.programme_id == p.id)).all() == [(m08, 4, 2)]


def test_delete_programme_in_use_is_refused_unused_is_deleted(demo_db: Database) -> None:
    used = _programme(demo_db, "P001")
    with demo_db.session_scope() as s, pytest.raises(svc.ValidationError) as err:
        svc.delete_programme(s, used.id)
    assert "Nonaktifkan" in err.value.messages[0]
    with demo_db.session_scope() as s:
        assert s.get(m.Programme, used.id) is not None
        new_id = svc.save_programme(s, svc.ProgrammeInput("P903", "Sementara", "KL06", jp=4))
    with demo_db.session_scope() as s:
        svc.delete_programme(s, new_id)
    with demo_db.session_scope() as s:
        assert s.get(m.Programme, new_id) is None


def test_record_from_programme_takes_its_title_form_jp_and_cost(demo_db: Database) -> None:
    emp = _employee(demo_db)
    p6 = _programme(demo_db, "P006")  # per class: 250.000 + 35.000.000 / 30 participants
    data = svc.RecordInput(emp, dt.date(2026, 5, 4), dt.date(2026, 5, 7), programme_id=p6.id,
                           certificate_no="12/BKPP/2026")
    with demo_db.session_scope() as s:
        rid = svc.save_record(s, data)
    with demo_db.session_scope() as s:
        r = s.get(m.TrainingRecord, rid)
        assert (r.title, r.form_code, r.jp, r.cost, r.status) == (
            p6.title, "KL02", 30.0, 250_000 + 1_166_667, "selesai")
        assert r.certificate_no == "12/BKPP/2026"


def test_free_title_record_and_its_checks(demo_db: Database) -> None:
    emp = _employee(demo_db)
    ok = svc.RecordInput(emp, dt.date(2026, 2, 1), dt.date(2026, 2, 3), "Seminar Nasional ASN",
                         form_code="KL06", jp=12, cost=0, pre_test=60, post_test=85,
                         reaction_score=4.5)
    with demo_db.session_scope() as s:
        rid = svc.save_record(s, ok)
        assert s.get(m.TrainingRecord, rid).post_test == 85
    bad = [
        (dict(end_date=dt.date(2026, 1, 31)), "tidak boleh sebelum tanggal mulai"),
        (dict(title=" "), "Judul kegiatan wajib diisi"),
        (dict(jp=-2), "JP wajib diisi dan tidak boleh negatif"),
        (dict(status="lulus"), "Status harus rencana, selesai atau batal"),
        (dict(reaction_score=6), "Nilai kepuasan peserta harus 1 sampai 5"),
        (dict(pre_test=120), "Nilai pre-test harus 0 sampai 100"),
    ]
    for change, message in bad:
        with demo_db.session_scope() as s, pytest.raises(svc.ValidationError) as err:
            svc.save_record(s, svc.RecordInput(**{**ok.__dict__, **change}))
        assert any(message in t for t in err.value.messages), change


def test_list_records_filters(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        year_rows = svc.list_records(s, svc.RecordFilter(year=2025))
        all_rows = svc.list_records(s)
    assert year_rows and all(r.start_date.year == 2025 for r in year_rows)
    assert len(all_rows) > len(year_rows)
    one = all_rows[0]
    by_text = svc.apply_record_filter(all_rows, svc.RecordFilter(text=one.nip_display))
    assert by_text and {r.employee_id for r in by_text} == {one.employee_id}
    by_opd = svc.apply_record_filter(all_rows, svc.RecordFilter(opd_id=one.opd_id,
                                                                status="selesai"))
    assert one in by_opd and all(r.opd_id == one.opd_id for r in by_opd)
    assert len(by_opd) < len(all_rows)
    assert svc.apply_record_filter(all_rows, svc.RecordFilter(status="batal")) == []


def test_record_rows_are_lean_and_share_repeated_text(demo_db: Database) -> None:
    """125,000 rows at a large regency: no per-row attribute dict, one string per repeat."""
    with demo_db.session_scope() as s:
        rows = svc.list_records(s)
    assert not hasattr(rows[0], "__dict__")
    twice = next(r for r in rows[1:] if r.employee_id == rows[0].employee_id)
    assert twice.employee_name is rows[0].employee_name
    same_title = [r for r in rows if r.title == rows[0].title]
    assert all(r.title is rows[0].title and r.form_code is rows[0].form_code
               for r in same_title)
    # a search spanning the employee's NIP and the activity's title still finds the row
    nip_digits = rows[0].nip_display.replace(" ", "")
    both = f"{nip_digits} {rows[0].title}"
    assert rows[0] in svc.apply_record_filter(rows, svc.RecordFilter(text=both))


def test_jp_conversion_uses_the_form(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        assert svc.jp_for(s, "KL06", 3) == 12.0  # 3 hari seminar
        assert svc.jp_for(s, "KL03", 6) == 8.0  # 6 jam = 360 minutes
        assert svc.jp_for(s, "NKL01", 5) == 4.0  # coaching: at most 2 sessions a month
        assert svc.jp_for(s, "NKL01", 5, months=3) == 10.0
        with pytest.raises(svc.ValidationError):
            svc.jp_for(s, "ZZ", 1)


def test_compliance_per_employee_and_unit(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        c = svc.compliance(s, 2026)
        t = m.TrainingRecord
        totals = dict(s.execute(select(t.employee_id, func.sum(t.jp)).where(
            t.status == "selesai", t.start_date >= dt.date(2026, 1, 1),
            t.start_date <= dt.date(2026, 12, 31)).group_by(t.employee_id)).all())
        active = list(s.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")))
    meeting = sum(1 for e in active if totals.get(e, 0) >= 20)
    assert (c.employees, c.meeting, c.minimum) == (len(active), meeting, 20.0)
    assert sum(u.employees for u in c.units) == len(active)
    assert [u.share for u in c.units] == sorted(u.share for u in c.units)
    assert {x.employee_id for x in c.under} == {e for e in active if totals.get(e, 0) < 20}
    lowest = c.under[0]
    assert lowest.shortfall == 20 - lowest.jp
    with demo_db.session_scope() as s:
        svc.save_record(s, svc.RecordInput(lowest.employee_id, dt.date(2026, 3, 2),
                                           dt.date(2026, 3, 4), "Bimtek", jp=lowest.shortfall))
        after = svc.compliance(s, 2026)
    assert after.meeting == c.meeting + 1
    assert lowest.employee_id not in {x.employee_id for x in after.under}


@pytest.mark.parametrize(("start", "status", "words"), [
    (dt.date(1800, 3, 1), "selesai", "tidak wajar"),
    (dt.date(2099, 3, 1), "rencana", "tidak wajar"),
    (dt.date(2027, 3, 1), "selesai", "belum terjadi"),
])
def test_training_dates_that_cannot_be_are_refused(demo_db: Database, start: dt.date,
                                                    status: str, words: str) -> None:
    with demo_db.session_scope() as s:
        emp = s.scalar(select(m.Employee.id).limit(1))
        errors = svc.validate_record(s, svc.RecordInput(
            emp, start, start, title="Bimtek", jp=8, cost=0, status=status),
            today=dt.date(2026, 11, 29))
    assert any(words in e for e in errors), errors


def test_compliance_from_the_employee_table_is_the_same(demo_db: Database) -> None:
    """Pelatihan's 20-JP tab made from the employee table's rows (this year's JP) equals the
    one read from the database: the same OPD shares and the same people under the minimum."""
    from karier_desktop.services import employees as employees_service

    today = dt.date.today()
    with demo_db.session_scope() as s:
        rows = employees_service.list_rows(s, today)
        names = {u.id: u.name for u in employees_service.unit_tree(s)}
        expected = svc.compliance(s, today.year)
    got = svc.compliance_from_rows(rows, names, today.year, expected.minimum)
    assert got == expected
    assert got.under and got.units


"""Two clerks on one database (a SQLite file and a PostgreSQL server): a stale form never saves
over a newer change, imports at the same time lose nothing, the audit names the right rows."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from clerks import Clerk
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from karier_desktop.services import assessments, idp
from karier_desktop.services.employees import edit
from karier_desktop.services.errors import ConflictError, ValidationError
from karier_desktop.services.importing import import_file
from karier_desktop.store import models as m

TODAY = dt.date(2026, 11, 29)


def _pns(db: Clerk) -> int:
    """An active PNS, at III/a."""
    with db.session_scope() as s:
        emp = s.scalars(select(m.Employee).where(
            m.Employee.employee_type == "PNS", m.Employee.status == "aktif")
            .order_by(m.Employee.id)).first()
        assert emp is not None
        emp.rank_code = "III/a"
        return emp.id


def _with(record: edit.EmployeeRecord, **changes: object) -> edit.EmployeeInput:
    fields = {f: getattr(record.data, f) for f in record.data.__dataclass_fields__}
    return edit.EmployeeInput(**(fields | changes))  # type: ignore[arg-type]


def test_second_save_is_refused_naming_the_field_and_the_first_value_is_kept(
        clerks: tuple[Clerk, Clerk]) -> None:
    ani, budi = clerks
    emp_id = _pns(ani)
    with ani.session_scope() as s:
        ani_form = edit.load(s, emp_id)
    with budi.session_scope() as s:
        budi_form = edit.load(s, emp_id)
        edit.save(s, _with(budi_form, rank="III/c"), emp_id, budi_form.version)
    with pytest.raises(ConflictError) as caught, ani.session_scope() as s:
        edit.save(s, _with(ani_form, rank="III/b"), emp_id, ani_form.version)
    assert isinstance(caught.value, ValidationError)  # every dialog already shows these
    assert "Golongan: Anda III/b, tersimpan III/c" in caught.value.messages
    with ani.session_scope() as s:
        assert s.get(m.Employee, emp_id).rank_code == "III/c"  # type: ignore[union-attr]
        actors = s.execute(select(m.AuditLog.actor, m.AuditLog.action).where(
            m.AuditLog.entity == "pegawai", m.AuditLog.entity_id == str(emp_id))).all()
    assert actors == [("budi", "ubah")]


def test_after_reloading_only_the_field_the_clerk_changed_is_written(
        clerks: tuple[Clerk, Clerk]) -> None:
    ani, budi = clerks
    emp_id = _pns(ani)
    with ani.session_scope() as s:
        stale = edit.load(s, emp_id)
    with budi.session_scope() as s:
        form = edit.load(s, emp_id)
        edit.save(s, _with(form, rank="III/c"), emp_id, form.version)
    with ani.session_scope() as s:
        fresh = edit.load(s, emp_id)
    assert fresh.version > stale.version and fresh.data.rank == "III/c"
    with ani.session_scope() as s:
        edit.save(s, _with(fresh, birth_place="Mamuju"), emp_id, fresh.version)
    with budi.session_scope() as s:
        emp = s.get(m.Employee, emp_id)
        assert (emp.rank_code, emp.birth_place) == ("III/c", "Mamuju")  # type: ignore[union-attr]
        detail = s.scalars(select(m.AuditLog.detail).where(
            m.AuditLog.actor == "ani", m.AuditLog.entity_id == str(emp_id))).one()
    assert "birth_place" in detail and "rank_code" not in detail


def _sheet(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NIP", "NAMA", "TGL LAHIR", "JK", "STATUS PEGAWAI", "GOL. RUANG", "NAMA JABATAN",
               "OPD"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_form_opened_before_an_import_does_not_revert_it(
        clerks: tuple[Clerk, Clerk], tmp_path: Path) -> None:
    ani, budi = clerks
    emp_id = _pns(ani)
    with ani.session_scope() as s:
        form = edit.load(s, emp_id)
        emp = s.get(m.Employee, emp_id)
        assert emp is not None
        row = [emp.nip, emp.name, emp.birth_date, emp.sex, "PNS", "III/d", None, None]
    with budi.session_scope() as s:
        import_file(s, "pegawai", _sheet(tmp_path / "naik.xlsx", [row]), today=TODAY)
    with pytest.raises(ConflictError) as caught, ani.session_scope() as s:
        edit.save(s, _with(form, birth_place="Majene"), emp_id, form.version)
    assert "Golongan: Anda III/a, tersimpan III/d" in caught.value.messages
    with ani.session_scope() as s:
        emp = s.get(m.Employee, emp_id)
        assert emp is not None and emp.rank_code == "III/d" and emp.birth_place != "Majene"


NIPS_A = ["198503122010011005", "199001152015032002", "197806232003121003"]
NIPS_B = ["198707072011012004", "199202022019031001", "198012122006041002"]


def _people(nips: list[str], unit: str) -> list[list[object]]:
    rows: list[list[object]] = []
    for nip in nips:
        born = dt.date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
        rows.append([nip, f"Pegawai Baru {nip[-3:]}", born, "P" if nip[14] == "2" else "L",
                     "PNS", "III/a", "Pengadministrasi Umum", unit])
    return rows


def test_two_imports_at_once_lose_nothing_and_each_audit_names_its_own_rows(
        clerks: tuple[Clerk, Clerk], tmp_path: Path) -> None:
    ani, budi = clerks
    # Both files name the same new units: the second import must find them, not make a
    # second "IMP-…" code (on a server the two used to collide).
    files = {ani: _sheet(tmp_path / "a.xlsx", _people(NIPS_A, "Dinas Baru / Seksi Satu")),
             budi: _sheet(tmp_path / "b.xlsx", _people(NIPS_B, "Dinas Baru / Seksi Satu"))}
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def run(db: Clerk) -> None:
        try:
            start.wait()
            with db.session_scope() as s:
                import_file(s, "pegawai", files[db], today=TODAY)
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(db,)) for db in (ani, budi)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with ani.session_scope() as s:
        ids = dict(s.execute(select(m.Employee.nip, m.Employee.id).where(
            m.Employee.nip.in_(NIPS_A + NIPS_B))).all())
        assert sorted(ids) == sorted(NIPS_A + NIPS_B)
        assert s.scalar(select(func.count()).select_from(m.Unit).where(
            m.Unit.name == "Dinas Baru")) == 1
        codes = s.scalars(select(m.Unit.code).where(m.Unit.code.like("IMP-%"))).all()
        assert len(codes) == len(set(codes)) == 2
        for actor, nips in (("ani", NIPS_A), ("budi", NIPS_B)):
            audited = s.scalars(select(m.AuditLog.entity_id).where(
                m.AuditLog.action == "impor-tambah", m.AuditLog.actor == actor)).all()
            assert sorted(audited) == sorted(str(ids[n]) for n in nips)


def _in_thread(fn: Callable[[], object]) -> tuple[threading.Thread, list[BaseException]]:
    """Run `fn` in another thread (another clerk's window); its failure lands in the list."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            fn()
        except BaseException as exc:  # reported by the test
            failures.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, failures


def _blocked_or_done(session: Session, thread: threading.Thread) -> None:
    """Wait until the other clerk's thread has finished or waits for a row lock (on a server;
    on SQLite the one connection already makes it wait for this transaction)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    deadline = time.monotonic() + 60
    while thread.is_alive() and time.monotonic() < deadline:
        if session.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted")):
            return
        time.sleep(0.05)


def _draft_with_item(clerk: Clerk) -> int:
    emp_id = _pns(clerk)
    with clerk.session_scope() as s:
        plan_id = idp.draft_plan(s, emp_id, 2027, today=TODAY)
        idp.add_item(s, plan_id, idp.ItemInput("Bimtek Kepegawaian", month=3, jp=16))
    return plan_id


def test_an_item_is_not_added_to_a_plan_approved_meanwhile(
        clerks: tuple[Clerk, Clerk]) -> None:
    ani, budi = clerks
    plan_id = _draft_with_item(ani)
    with ani.session_scope() as s:
        before = len(idp.get_plan(s, plan_id).items)

    def ani_adds() -> None:
        with ani.session_scope() as s:
            idp.add_item(s, plan_id, idp.ItemInput("Coaching", month=5, jp=4))

    # Budi approves and still holds his transaction while Ani (her page showed a draft) adds:
    # her addition waits for the plan row, then sees it approved.
    with budi.session_scope() as s:
        idp.approve(s, plan_id, TODAY)
        s.flush()
        thread, failures = _in_thread(ani_adds)
        _blocked_or_done(s, thread)
    thread.join()
    assert len(failures) == 1 and isinstance(failures[0], ValidationError)
    assert failures[0].messages == [idp.LOCKED_MESSAGE]
    with ani.session_scope() as s:
        plan = idp.get_plan(s, plan_id)
    assert plan.status == "disetujui" and len(plan.items) == before


def test_two_clerks_drafting_one_idp_get_a_clear_message(clerks: tuple[Clerk, Clerk]) -> None:
    ani, budi = clerks
    emp_id = _pns(ani)

    def ani_drafts() -> None:
        with ani.session_scope() as s:
            idp.draft_plan(s, emp_id, 2027, today=TODAY)

    with budi.session_scope() as s:
        idp.draft_plan(s, emp_id, 2027, today=TODAY)
        s.flush()
        thread, failures = _in_thread(ani_drafts)
        _blocked_or_done(s, thread)
    thread.join()
    assert len(failures) == 1 and isinstance(failures[0], ValidationError)
    assert "Sudah ada draf IDP tahun 2027" in failures[0].messages[0]
    with ani.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.DevelopmentPlan).where(
            m.DevelopmentPlan.employee_id == emp_id, m.DevelopmentPlan.year == 2027)) == 1


def test_an_assessment_form_opened_before_an_import_does_not_put_old_levels_back(
        clerks: tuple[Clerk, Clerk], tmp_path: Path) -> None:
    ani, budi = clerks
    with ani.session_scope() as s:
        aid, cid, level = s.execute(select(
            m.AssessmentResult.assessment_id, m.AssessmentResult.competency_id,
            m.AssessmentResult.level).order_by(m.AssessmentResult.assessment_id)).first()  # type: ignore[misc]
        a = s.get(m.Assessment, aid)
        assert a is not None
        nip = s.get(m.Employee, a.employee_id).nip  # type: ignore[union-attr]
        code = s.get(m.Competency, cid).code  # type: ignore[union-attr]
        row = [nip, code, 5 if level != 5 else 4, a.assessed_on, a.method]
        form = assessments.get(s, aid)
    wb = openpyxl.Workbook()
    wb.active.append(["NIP", "KODE KOMPETENSI", "LEVEL", "TANGGAL", "METODE"])
    wb.active.append(row)
    wb.save(tmp_path / "asesmen.xlsx")
    with budi.session_scope() as s:
        _, result = import_file(s, "asesmen", tmp_path / "asesmen.xlsx", today=TODAY)
    assert result is not None and result.changed == 1
    levels = {ln.competency_id: ln.level for ln in form.lines if ln.level is not None}
    with pytest.raises(ConflictError), ani.session_scope() as s:
        assessments.save(s, assessments.AssessmentInput(
            form.employee_id, form.assessed_on, form.method, form.assessor, "catatan Ani",
            levels, form.version), aid, today=TODAY)
    with ani.session_scope() as s:
        assert s.get(m.AssessmentResult, (aid, cid)).level == row[2]  # type: ignore[union-attr]

"""What each role may do and see, checked in the services on both back ends."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from karier_desktop.domain import org_tree
from karier_desktop.services import assessments, exporting, idp, training
from karier_desktop.services.accounts import login, users
from karier_desktop.services.accounts.roles import Account, Role
from karier_desktop.services.accounts.session import sign_in
from karier_desktop.services.employees import edit, list_rows
from karier_desktop.services.errors import NotAllowed
from karier_desktop.services.gaps import employee_gap
from karier_desktop.services.gaps.unit import unit_members
from karier_desktop.store import models as m
from karier_desktop.store.db import Database

from .conftest import TODAY


def _opd_with_most_people(db: Database) -> tuple[int, frozenset[int]]:
    with db.session_scope() as s:
        parents = dict(s.execute(select(m.Unit.id, m.Unit.parent_id)).all())
        unit_of = dict(s.execute(select(m.Employee.id, m.Employee.unit_id)).all())
    roots = org_tree.root_of(parents)
    counts: dict[int, int] = {}
    for unit in unit_of.values():
        if unit is not None:
            counts[roots[unit]] = counts.get(roots[unit], 0) + 1
    opd = max(counts, key=lambda k: counts[k])
    mine = frozenset(e for e, u in unit_of.items() if u is not None and roots[u] == opd)
    return opd, mine


def _sign_in(db: Database, username: str, role: Role, unit_id: int | None = None) -> Account:
    with db.session_scope() as s:
        users.add_user(s, users.UserInput(username, username.title(), role, unit_id),
                       "sandi-uji-123")
    with db.session_scope() as s:
        result = login.authenticate(s, username, "sandi-uji-123")
    assert result.account is not None
    sign_in(db, result.account)
    return result.account


def test_an_operator_opd_sees_and_exports_only_their_opd(regency_db: Database) -> None:
    opd, mine = _opd_with_most_people(regency_db)
    with regency_db.session_scope() as s:
        everyone = {r.id for r in list_rows(s, TODAY, include_inactive=True)}
        outsider = min(everyone - mine)
    assert mine < everyone
    _sign_in(regency_db, "opd1", Role.OPERATOR_OPD, opd)
    with regency_db.read_scope() as s:
        seen = {r.id for r in list_rows(s, TODAY, include_inactive=True)}
        table = exporting.employees_table(s)
        nips = set(s.scalars(select(m.Employee.nip).where(m.Employee.id.in_(mine))))
        members, _ = unit_members(s, opd)
        assessed = {r.employee_id for r in assessments.list_rows(s, TODAY)}
        trained = {r.employee_id for r in training.list_records(s)}
    assert seen == mine
    assert {row[0] for row in table.rows} == nips
    assert set(members) <= mine
    assert assessed and assessed <= mine and trained <= mine
    with pytest.raises(NotAllowed, match="luar OPD Anda"), regency_db.read_scope() as s:
        employee_gap(s, outsider, TODAY)


def test_an_operator_opd_cannot_change_someone_of_another_opd(regency_db: Database) -> None:
    opd, mine = _opd_with_most_people(regency_db)
    with regency_db.session_scope() as s:
        outsider = s.scalar(select(m.Employee.id).where(m.Employee.id.not_in(sorted(mine))))
        record = edit.load(s, outsider)
        inside = edit.load(s, min(mine))
    _sign_in(regency_db, "opd1", Role.OPERATOR_OPD, opd)
    with pytest.raises(NotAllowed), regency_db.session_scope() as s:
        edit.save(s, dataclasses.replace(record.data, birth_place="Mamuju"), outsider)
    with regency_db.session_scope() as s:
        edit.save(s, dataclasses.replace(inside.data, birth_place="Mamuju"), inside.id)
        assert s.get(m.Employee, outsider).birth_place != "Mamuju"
        assert s.get(m.Employee, inside.id).birth_place == "Mamuju"


def test_pimpinan_reads_everything_approves_but_edits_nothing(regency_db: Database) -> None:
    with regency_db.session_scope() as s:
        employee_id = s.scalar(select(m.Employee.id).where(m.Employee.status == "aktif")
                               .order_by(m.Employee.id))
        plan_id = idp.draft_plan(s, employee_id, 2027, TODAY)
        assert s.scalar(select(m.PlanItem.id).where(m.PlanItem.plan_id == plan_id))
        record = edit.load(s, employee_id)
        total = len(list_rows(s, TODAY))
    _sign_in(regency_db, "kepala", Role.PIMPINAN)
    with regency_db.read_scope() as s:
        assert len(list_rows(s, TODAY)) == total
    with pytest.raises(NotAllowed, match="Pimpinan hanya dapat membaca"), \
            regency_db.session_scope() as s:
        edit.save(s, dataclasses.replace(record.data, birth_place="Mamuju"), employee_id)
    with regency_db.session_scope() as s:
        idp.approve(s, plan_id, dt.date(2026, 12, 1))
    with regency_db.session_scope() as s:
        assert s.get(m.DevelopmentPlan, plan_id).status == "disetujui"
        actors = set(s.scalars(select(m.AuditLog.actor).where(m.AuditLog.action == "approve")))
    assert actors == {"kepala"}


def test_audit_rows_carry_the_signed_in_user(regency_db: Database) -> None:
    with regency_db.session_scope() as s:
        employee_id = s.scalar(select(m.Employee.id).order_by(m.Employee.id))
        record = edit.load(s, employee_id)
    _sign_in(regency_db, "budi", Role.OPERATOR_BKPP)
    with regency_db.session_scope() as s:
        edit.save(s, dataclasses.replace(record.data, birth_place="Kalukku"), employee_id)
    with regency_db.session_scope() as s:
        row = s.execute(select(m.AuditLog.actor, m.AuditLog.entity)
                        .order_by(m.AuditLog.id.desc())).first()
    assert tuple(row) == ("budi", "pegawai")


def test_only_the_admin_manages_users(regency_db: Database) -> None:
    _sign_in(regency_db, "budi", Role.OPERATOR_BKPP)
    with pytest.raises(NotAllowed, match="Hanya admin"), regency_db.session_scope() as s:
        users.add_user(s, users.UserInput("lain", "Lain", Role.ADMIN), "sandi-uji-123")
    with regency_db.session_scope() as s:
        assert s.scalar(select(m.User.id).where(m.User.username == "lain")) is None


def test_an_operator_opd_prints_idps_of_their_opd_only(regency_db: Database,
                                                       tmp_path) -> None:  # type: ignore[no-untyped-def]
    opd, mine = _opd_with_most_people(regency_db)
    with regency_db.session_scope() as s:
        other = s.scalar(select(m.Unit.id).where(m.Unit.parent_id.is_(None), m.Unit.id != opd))
        active = set(s.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")))
    _sign_in(regency_db, "opd1", Role.OPERATOR_OPD, opd)
    with pytest.raises(NotAllowed, match="luar OPD"), regency_db.read_scope() as s:
        idp.employees_of_unit(s, other)
    result = idp.run_batch(idp.BatchParams(
        db=regency_db, year=2027, employee_ids=tuple(sorted(active)), today=TODAY, workers=0,
        draft_missing=True, out_dir=tmp_path))
    assert 0 < result.documents <= len(mine & active)

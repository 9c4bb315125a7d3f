"""An operator OPD sees only their OPD on the remaining views (both back ends: SQLite and a real PostgreSQL server)."""

from __future__ import annotations

from sqlalchemy import func, select

from karier_desktop.domain import org_tree
from karier_desktop.services import dashboard, effectiveness, ipasn, positions
from karier_desktop.services import renbangkom as rb
from karier_desktop.services.accounts.roles import Role
from karier_desktop.services.employees.edit import position_choices
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from tests.renbang_regency import YEAR, approve_idps

from .conftest import TODAY
from .test_roles_and_scope import _opd_with_most_people, _sign_in


def _subtree(db: Database, opd: int) -> frozenset[int]:
    with db.session_scope() as s:
        parents = dict(s.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    return org_tree.descendants(parents, opd)


def test_effectiveness_counts_only_participants_of_the_opd(regency_db: Database) -> None:
    opd, mine = _opd_with_most_people(regency_db)
    t = m.TrainingRecord
    with regency_db.session_scope() as s:
        everyone = sum(p.participants for p in effectiveness.evaluate_programmes(s).programmes)
        expected = s.scalar(select(func.count()).select_from(t).where(
            t.status == "selesai", t.programme_id.is_not(None), t.employee_id.in_(sorted(mine))))
    _sign_in(regency_db, "opd1", Role.OPERATOR_OPD, opd)
    with regency_db.read_scope() as s:
        seen = sum(p.participants for p in effectiveness.evaluate_programmes(s).programmes)
    assert 0 < seen == expected < everyone


def test_beranda_counts_only_the_opd(regency_db: Database) -> None:
    opd, _ = _opd_with_most_people(regency_db)
    units = _subtree(regency_db, opd)
    with regency_db.session_scope() as s:
        everyone = dashboard.summary(s, TODAY)
        own_positions = s.scalar(select(func.count()).select_from(m.Position)
                                 .where(m.Position.unit_id.in_(sorted(units))))
    _sign_in(regency_db, "opd1", Role.OPERATOR_OPD, opd)
    with regency_db.read_scope() as s:
        seen = dashboard.summary(s, TODAY)
    assert seen.units == len(units) < everyone.units
    assert seen.positions == own_positions < everyone.positions
    assert seen.positions_without_standard <= seen.positions


def test_renbangkom_and_ipasn_views_show_only_the_opd(regency_db: Database) -> None:
    approve_idps(regency_db, every=2)
    opd, mine = _opd_with_most_people(regency_db)
    with regency_db.session_scope() as s:
        plan_id = rb.build(s, YEAR)
        all_people = sum(g.participants for g in rb.per_group(s, plan_id, "form"))
        own_people = s.scalar(select(func.count()).select_from(m.RenbangkomParticipant).join(
            m.RenbangkomLine, m.RenbangkomLine.id == m.RenbangkomParticipant.line_id).where(
            m.RenbangkomLine.plan_id == plan_id,
            m.RenbangkomParticipant.employee_id.in_(sorted(mine))))
        assert len(rb.per_opd(s, plan_id)) > 1
    _sign_in(regency_db, "opd1", Role.OPERATOR_OPD, opd)
    with regency_db.read_scope() as s:
        opds = rb.per_opd(s, plan_id)
        people = sum(g.participants for g in rb.per_group(s, plan_id, "form"))
        zero = {r.employee_id for r in rb.zero_jp_two_years(s, YEAR)}
        unfunded = sum(r.participants for r in rb.unfunded(s, plan_id))
        scored = {e.employee_id for e in ipasn.compute(s, YEAR - 1, TODAY).employees}
    assert [o.opd_id for o in opds] == [opd]
    assert 0 < people == own_people < all_people
    assert zero <= mine and unfunded <= own_people
    assert scored and scored <= mine


def test_position_pickers_offer_only_the_opd(regency_db: Database) -> None:
    opd, _ = _opd_with_most_people(regency_db)
    units = _subtree(regency_db, opd)
    with regency_db.session_scope() as s:
        everyone = len(positions.list_positions(s))
    _sign_in(regency_db, "opd1", Role.OPERATOR_OPD, opd)
    with regency_db.read_scope() as s:
        listed = positions.list_positions(s)
        choices = {c.id for c in position_choices(s)}
        unit_of = dict(s.execute(select(m.Position.id, m.Position.unit_id)).all())
    assert 0 < len(listed) < everyone
    assert {row.unit_id for row in listed} <= units
    assert choices == {row.id for row in listed}
    assert all(unit_of[c] in units for c in choices)

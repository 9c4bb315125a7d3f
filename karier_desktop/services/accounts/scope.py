"""The one place that computes which units (and so which employees) a user may see.

The signed-in account travels in `session.info["account"]` (store.db.Database), so listing
services take the scope from their session: `restrict(session, stmt, unit_column)` adds one
`unit IN (…)` filter for an operator OPD and leaves the statement alone for everyone else.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain import org_tree
from karier_desktop.services.accounts.roles import Account, Permission, Role, require
from karier_desktop.services.errors import NotAllowed
from karier_desktop.store import models as m

S = TypeVar("S")

OUTSIDE_SCOPE = "Pegawai ini berada di luar OPD Anda; hanya pegawai OPD Anda yang dapat dibuka."


def current_account(session: Session) -> Account | None:
    """The signed-in account of this unit of work; None when login is off."""
    account = session.info.get("account")
    return account if isinstance(account, Account) else None


def visible_units(session: Session, account: Account | None = None) -> frozenset[int] | None:
    """The unit ids `account` (default: the session's) may see; None means every unit."""
    account = account or current_account(session)
    if account is None or account.role != Role.OPERATOR_OPD or account.unit_id is None:
        return None
    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    return org_tree.descendants(parents, account.unit_id)


def restrict(session: Session, stmt: S, unit_column: Any) -> S:
    """`stmt` limited to the session user's units (unchanged when they see everything)."""
    units = visible_units(session)
    if units is None:
        return stmt
    return stmt.where(unit_column.in_(sorted(units)))  # type: ignore[attr-defined,no-any-return]


def restrict_employees(session: Session, stmt: S, employee_column: Any) -> S:
    """`stmt` limited to rows whose `employee_column` is one of the session user's employees."""
    if visible_units(session) is None:
        return stmt
    mine = restrict(session, select(m.Employee.id), m.Employee.unit_id)
    return stmt.where(employee_column.in_(mine))  # type: ignore[attr-defined,no-any-return]


def visible_employee_ids(session: Session) -> frozenset[int] | None:
    """The employee ids the session user may see; None means everyone."""
    units = visible_units(session)
    if units is None:
        return None
    return frozenset(session.scalars(
        select(m.Employee.id).where(m.Employee.unit_id.in_(sorted(units)))))


def check_employee(session: Session, employee_id: int) -> None:
    """NotAllowed when the employee lies outside the session user's OPD."""
    units = visible_units(session)
    if units is None:
        return
    unit_id = session.scalar(select(m.Employee.unit_id).where(m.Employee.id == employee_id))
    if unit_id not in units:
        raise NotAllowed([OUTSIDE_SCOPE])


def check_unit(session: Session, unit_id: int | None) -> None:
    """NotAllowed when the unit lies outside the session user's OPD."""
    units = visible_units(session)
    if units is not None and unit_id not in units:
        raise NotAllowed(["Unit ini berada di luar OPD Anda."])


def require_permission(session: Session, permission: Permission) -> None:
    """NotAllowed unless the session user's role may (always allowed when login is off)."""
    require(current_account(session), permission)

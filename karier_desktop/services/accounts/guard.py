"""Role checks at the one door every change passes: the session's flush.

Pages disable what a role may not do; this refuses it in the services too, whatever the caller,
so that a forgotten button or a CLI command cannot slip past. A flush (ORM objects) and an
ORM-enabled bulk statement (imports) are checked against the signed-in account in
`session.info["account"]`; with login off there is no account and nothing is checked.
An operator OPD may change employees, and records of employees, of their own OPD only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session

from karier_desktop.services.accounts.roles import Account, Permission, Role, require
from karier_desktop.services.accounts.scope import OUTSIDE_SCOPE, current_account, visible_units
from karier_desktop.services.errors import NotAllowed
from karier_desktop.store import models as m

# bookkeeping every action writes, whoever acts
FREE = frozenset({"audit_log", "change_stamp", "startup_snapshot"})
BY_TABLE = {
    "users": Permission.MANAGE_USERS,
    "settings": Permission.SETTINGS,
    "talent_settings": Permission.SETTINGS,
    "competencies": Permission.REFERENCE,
    "competency_levels": Permission.REFERENCE,
    "ranks": Permission.REFERENCE,
    "development_forms": Permission.REFERENCE,
    "position_kinds": Permission.REFERENCE,
    "retirement_families": Permission.REFERENCE,
}
# an approval changes only these columns of a plan
APPROVAL_TABLES = frozenset({"development_plans", "renbangkom_plans"})
APPROVAL_COLUMNS = frozenset({"status", "approved_on", "verified_on", "set_on"})
# what a user changes on their own account row (users.change_own_password)
OWN_PASSWORD_COLUMNS = frozenset({"password_hash", "failed_attempts", "locked_until",
                                  "changed_at"})  # a wrong old password counts to lock-out

OUTSIDE_SCOPE_IMPORT = ("Berkas ini memuat pegawai di luar OPD Anda; tidak ada yang disimpan. "
                        "Impor hanya baris pegawai OPD Anda.")

_installed = False


def install() -> None:
    """Listen on every Session (idempotent); inert for sessions without an account."""
    global _installed
    if _installed:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "do_orm_execute", _on_execute)
    _installed = True


def _changed_columns(obj: Any) -> set[str]:
    return {a.key for a in inspect(obj).attrs if a.history.has_changes()}


def _permission_for(obj: Any, table: str, account: Account) -> Permission | None:
    if table in FREE:
        return None
    if table == "users" and inspect(obj).persistent \
            and str(getattr(obj, "username", "")).lower() == account.username.lower() \
            and _changed_columns(obj) <= OWN_PASSWORD_COLUMNS:
        return None  # one's own password, whatever the role
    if table in APPROVAL_TABLES:
        changed = _changed_columns(obj)
        if inspect(obj).persistent and changed and changed <= APPROVAL_COLUMNS:
            return Permission.APPROVE
    return BY_TABLE.get(table, Permission.EDIT)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    account = current_account(session)
    if account is None:
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", "")
        permission = _permission_for(obj, table, account)
        if permission is not None:
            require(account, permission)
    _check_scope(session, account)


def _check_scope(session: Session, account: Account) -> None:
    objects = [o for o in (*session.new, *session.dirty, *session.deleted)
               if isinstance(o, m.Employee) or hasattr(o, "employee_id")]
    if not objects:
        return
    units = visible_units(session, account)
    if units is None:
        return
    with session.no_autoflush:
        for obj in objects:
            if isinstance(obj, m.Employee):
                history = inspect(obj).attrs.unit_id.history
                touched = {obj.unit_id, *(history.deleted or ())}
                if not touched <= units:
                    raise NotAllowed([OUTSIDE_SCOPE])
                continue
            employee_id = getattr(obj, "employee_id", None)
            if employee_id is None:
                continue
            unit_id = session.scalar(select(m.Employee.unit_id)
                                     .where(m.Employee.id == employee_id))
            if unit_id not in units:
                raise NotAllowed([OUTSIDE_SCOPE])


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    account = current_account(state.session)
    if account is None:
        return
    # Core statements on a table (the imports) and ORM ones alike name their table
    table = str(getattr(getattr(state.statement, "table", None), "name", ""))
    permission = None if table in FREE else BY_TABLE.get(table, Permission.EDIT)
    if permission is not None:
        require(account, permission)
    if permission is not None and account.role == Role.OPERATOR_OPD:
        _check_bulk_scope(state, table, account)


def _check_bulk_scope(state: ORMExecuteState, table: str, account: Account) -> None:
    """An import by an operator OPD: every employee row in their OPD, every record for one
    of their employees (the rows are the statement's parameters)."""
    params: Any = state.parameters
    rows: list[Any] = list(params) if isinstance(params, list) else [params] if params else []
    if not rows:
        return
    session = state.session
    units = visible_units(session, account)
    if units is None:
        return
    mine = set(session.scalars(select(m.Employee.id).where(
        m.Employee.unit_id.in_(sorted(units)))))
    if table == "employees":  # new values ("unit_id", or "b_unit_id" of a bulk update)
        for r in rows:
            for key in ("unit_id", "b_unit_id"):
                if key in r and r[key] not in units:
                    raise NotAllowed([OUTSIDE_SCOPE_IMPORT])
            for key in ("id", "b_id"):  # an existing employee must be theirs already
                if r.get(key) is not None and r[key] not in mine:
                    raise NotAllowed([OUTSIDE_SCOPE_IMPORT])
    elif "employee_id" in rows[0]:
        wanted = {r.get("employee_id") for r in rows} - {None}
        if not wanted <= mine:
            raise NotAllowed([OUTSIDE_SCOPE_IMPORT])

"""The admin's user management: add, change role/scope, deactivate, reset a password, list;
and the machine-side recovery of a forgotten admin password."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from karier_desktop.services import audit
from karier_desktop.services.accounts import passwords
from karier_desktop.services.accounts.roles import ROLE_LABELS, Permission, Role
from karier_desktop.services.accounts.scope import current_account, require_permission
from karier_desktop.services.errors import ValidationError
from karier_desktop.store import models as m

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: Role
    role_label: str
    unit_id: int | None
    unit_name: str
    active: bool
    locked_until: dt.datetime | None


@dataclass(frozen=True)
class UserInput:
    username: str
    display_name: str
    role: Role
    unit_id: int | None = None


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def list_users(session: Session) -> list[UserRow]:
    require_permission(session, Permission.MANAGE_USERS)
    names = dict(session.execute(select(m.Unit.id, m.Unit.name)).all())
    return [UserRow(u.id, u.username, u.display_name, Role(u.role), ROLE_LABELS[Role(u.role)],
                    u.unit_id, names.get(u.unit_id, "") if u.unit_id else "", u.active,
                    u.locked_until)
            for u in session.scalars(select(m.User).order_by(m.User.username))]


def opd_choices(session: Session) -> list[tuple[int, str]]:
    """Top-level units (OPD) an operator OPD can be limited to: (id, name)."""
    return [(uid, name) for uid, name in session.execute(
        select(m.Unit.id, m.Unit.name).where(m.Unit.parent_id.is_(None)).order_by(m.Unit.name))]


def _validate(session: Session, data: UserInput, user_id: int | None) -> list[str]:
    problems = []
    if not USERNAME.match(data.username):
        problems.append("Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah "
                        "atau tanda hubung, diawali huruf atau angka.")
    elif session.scalar(select(m.User.id).where(func.lower(m.User.username)
                                                == data.username.lower(),
                                                m.User.id != (user_id or 0))):
        problems.append("Nama pengguna itu sudah dipakai.")
    if not data.display_name.strip():
        problems.append("Nama lengkap wajib diisi.")
    elif len(data.display_name.strip()) > 120:
        problems.append("Nama lengkap paling panjang 120 karakter.")
    if data.role == Role.OPERATOR_OPD and (
            data.unit_id is None or session.get(m.Unit, data.unit_id) is None):
        problems.append("Operator OPD harus dipilihkan OPD-nya.")
    return problems


def add_user(session: Session, data: UserInput, password: str) -> int:
    require_permission(session, Permission.MANAGE_USERS)
    problems = _validate(session, data, None) + passwords.check_strength(password)
    if problems:
        raise ValidationError(problems)
    now = _now()
    user = m.User(username=data.username, display_name=data.display_name.strip(),
                  role=data.role.value,
                  unit_id=data.unit_id if data.role == Role.OPERATOR_OPD else None,
                  password_hash=passwords.hash_password(password), failed_attempts=0,
                  active=True, created_at=now, changed_at=now)
    session.add(user)
    session.flush()
    audit.record(session, "tambah", "pengguna", user.id, nama=user.username, peran=user.role,
                 unit=user.unit_id)
    return user.id


def _get(session: Session, user_id: int) -> m.User:
    user = session.get(m.User, user_id)
    if user is None:
        raise ValidationError(["Pengguna itu tidak ada lagi (mungkin baru diubah petugas lain)."])
    return user


def _keep_an_admin(session: Session, user: m.User) -> None:
    """The last active admin cannot lose the role or be deactivated: nobody could manage
    users afterwards."""
    others = session.scalar(select(func.count()).select_from(m.User).where(
        m.User.role == Role.ADMIN.value, m.User.active.is_(True), m.User.id != user.id))
    if user.role == Role.ADMIN.value and user.active and not others:
        raise ValidationError(["Ini admin aktif terakhir: tambahkan admin lain dulu."])


def change_user(session: Session, user_id: int, data: UserInput) -> None:
    """Change name, role and OPD (the username stays)."""
    require_permission(session, Permission.MANAGE_USERS)
    user = _get(session, user_id)
    data = UserInput(user.username, data.display_name, data.role, data.unit_id)
    problems = _validate(session, data, user_id)
    if problems:
        raise ValidationError(problems)
    if data.role != Role.ADMIN:
        _keep_an_admin(session, user)
    user.display_name = data.display_name.strip()
    user.role = data.role.value
    user.unit_id = data.unit_id if data.role == Role.OPERATOR_OPD else None
    user.changed_at = _now()
    audit.record(session, "ubah", "pengguna", user.id, nama=user.username, peran=user.role,
                 unit=user.unit_id)


def set_active(session: Session, user_id: int, active: bool) -> None:
    require_permission(session, Permission.MANAGE_USERS)
    user = _get(session, user_id)
    me = current_account(session)
    if not active:
        if me is not None and me.username == user.username:
            raise ValidationError(["Anda tidak dapat menonaktifkan akun Anda sendiri."])
        _keep_an_admin(session, user)
    user.active = active
    user.changed_at = _now()
    audit.record(session, "aktifkan" if active else "nonaktifkan", "pengguna", user.id,
                 nama=user.username)


def reset_password(session: Session, user_id: int, password: str) -> None:
    """A new password set by the admin; also lifts a lock-out."""
    require_permission(session, Permission.MANAGE_USERS)
    _set_password(session, _get(session, user_id), password)


def _set_password(session: Session, user: m.User, password: str) -> None:
    problems = passwords.check_strength(password)
    if problems:
        raise ValidationError(problems)
    user.password_hash = passwords.hash_password(password)
    user.failed_attempts = 0
    user.locked_until = None
    user.changed_at = _now()
    audit.record(session, "atur_sandi", "pengguna", user.id, nama=user.username)


OLD_WRONG = "Kata sandi lama salah; kata sandi tidak diubah."


class OldPasswordWrong(ValidationError):
    """The old password typed in Ganti kata sandi is wrong (nothing changed)."""


class AccountLocked(ValidationError):
    """That wrong old password was the fifth in a row: the account is locked now."""


class SessionSource(Protocol):
    """What `change_own_password_counted` needs of the database: its units of work."""

    account: object | None

    def session_scope(self) -> AbstractContextManager[Session]: ...


def change_own_password_counted(db: SessionSource, old: str, new: str,
                                clock: Callable[[], dt.datetime] = _now) -> None:
    """Ganti kata sandi as one user action: `change_own_password` in its unit of work; a wrong
    old password is refused like a wrong login — recorded in its own short unit of work (the
    change's own rolls back), telling how many tries are left; the fifth in a row locks the
    account and raises AccountLocked (the window then signs out)."""
    from karier_desktop.services.accounts import login

    try:
        with db.session_scope() as session:
            change_own_password(session, old, new)
    except OldPasswordWrong:
        account = db.account
        username = str(getattr(account, "username", ""))
        with db.session_scope() as session:
            message, locked = login.record_failed_password(session, username, OLD_WRONG, clock)
        raise (AccountLocked if locked else OldPasswordWrong)([message]) from None


def change_own_password(session: Session, old: str, new: str) -> None:
    """The signed-in user replaces their own password: the old one must be right and the new
    one follow the usual rules (and differ from the old). Audited as "ganti_sandi"."""
    me = current_account(session)
    if me is None:
        raise ValidationError(["Masuk dulu dengan nama pengguna Anda untuk mengganti kata "
                               "sandi (masuk tidak diwajibkan di database ini)."])
    user = session.scalar(select(m.User).where(func.lower(m.User.username)
                                               == me.username.lower()))
    if user is None or not user.active:
        raise ValidationError(["Akun Anda tidak ada lagi atau sudah dinonaktifkan admin."])
    if not passwords.verify(user.password_hash, old):
        raise OldPasswordWrong([OLD_WRONG])
    problems = passwords.check_strength(new)
    if not problems and new == old:
        problems.append("Kata sandi baru harus berbeda dari kata sandi lama.")
    if problems:
        raise ValidationError(problems)
    user.password_hash = passwords.hash_password(new)
    user.failed_attempts = 0
    user.changed_at = _now()
    audit.record(session, "ganti_sandi", "pengguna", user.id, nama=user.username)


def user_id_by_name(session: Session, username: str) -> int:
    found = session.scalar(select(m.User.id).where(
        func.lower(m.User.username) == username.strip().lower()))
    if found is None:
        raise ValidationError([f"Pengguna {username.strip()!r} tidak ada."])
    return found


def create_first_admin(session: Session, data: UserInput, password: str) -> int:
    """The first start of a shared database: the first user, an admin. Refused once any
    user exists (then the admin adds users)."""
    if session.scalar(select(func.count()).select_from(m.User)):
        raise ValidationError(["Admin pertama sudah ada; pengguna baru ditambahkan admin."])
    return add_user(session, UserInput(data.username, data.display_name, Role.ADMIN), password)


class RecoveryRefused(ValidationError):
    """The forgotten-admin recovery needs the machine: a local file or a server superuser."""


def recover_admin(session: Session, password: str, username: str = "admin") -> str:
    """Set a new password for an admin (created when there is none), active and unlocked.

    Only for whoever holds the machine: a SQLite file (the caller opened it from the disk)
    or a server connection with superuser rights. Returns the admin's username.
    """
    if session.get_bind().dialect.name != "sqlite" and not session.scalar(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")):
        raise RecoveryRefused(["Pemulihan admin di server memerlukan hak superuser server "
                               "database (mis. pengguna postgres); tidak ada yang diubah."])
    user = session.scalar(select(m.User).where(func.lower(m.User.username)
                                               == username.strip().lower()))
    if user is None:
        problems = passwords.check_strength(password)
        if not USERNAME.match(username):
            problems.append("Nama pengguna tidak sah.")
        if problems:
            raise ValidationError(problems)
        now = _now()
        user = m.User(username=username, display_name="Administrator", role=Role.ADMIN.value,
                      password_hash=passwords.hash_password(password), failed_attempts=0,
                      active=True, created_at=now, changed_at=now)
        session.add(user)
        session.flush()
        audit.record(session, "pulihkan_admin", "pengguna", user.id, nama=user.username,
                     actor="pemulihan")
        return user.username
    user.role = Role.ADMIN.value
    user.unit_id = None
    user.active = True
    _set_password(session, user, password)
    audit.record(session, "pulihkan_admin", "pengguna", user.id, nama=user.username,
                 actor="pemulihan")
    return user.username

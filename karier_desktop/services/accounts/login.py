"""Signing in: password check, lock-out after repeated failures, the login switch.

`authenticate` never raises for a refused login: it returns the Indonesian message and leaves
the counters changed in the caller's unit of work, which must commit them (a refused login
still counts). The clock is a parameter so that tests can move time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.services import audit
from karier_desktop.services import settings as office_settings
from karier_desktop.services.accounts import passwords
from karier_desktop.services.accounts.gate import SETTING_KEY
from karier_desktop.services.accounts.roles import Account, Role
from karier_desktop.services.errors import ValidationError
from karier_desktop.store import models as m

MAX_FAILURES = 5
LOCK_MINUTES = 15
Clock = Callable[[], dt.datetime]

WRONG = "Nama pengguna atau kata sandi salah."
INACTIVE = "Akun ini sudah dinonaktifkan admin; minta admin mengaktifkannya kembali."


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class LoginResult:
    account: Account | None
    message: str = ""  # why not, in Indonesian (empty on success)


def locked_message(until: dt.datetime) -> str:
    return (f"Akun terkunci karena {MAX_FAILURES} kali salah kata sandi. Coba lagi setelah "
            f"pukul {until:%H.%M} ({LOCK_MINUTES} menit), atau minta admin mengatur ulang "
            "kata sandi.")


def account_of(session: Session, user: m.User) -> Account:
    unit_name = ""
    if user.unit_id is not None:
        unit_name = session.scalar(select(m.Unit.name).where(m.Unit.id == user.unit_id)) or ""
    return Account(username=user.username, display_name=user.display_name,
                   role=Role(user.role), unit_id=user.unit_id, unit_name=unit_name)


def authenticate(session: Session, username: str, password: str,
                 clock: Clock = _now) -> LoginResult:
    """Check a login. Five wrong passwords in a row lock the account for fifteen minutes."""
    now = clock()
    user = session.scalar(select(m.User).where(
        func.lower(m.User.username) == username.strip().lower()))
    if user is None:
        passwords.verify(_dummy_hash(), password)  # the same time for an unknown name
        return LoginResult(None, WRONG)
    if user.locked_until is not None and user.locked_until > now:
        return LoginResult(None, locked_message(user.locked_until))
    if not passwords.verify(user.password_hash, password):
        message, _locked = _count_failure(session, user, now, WRONG)
        return LoginResult(None, message)
    if not user.active:
        return LoginResult(None, INACTIVE)
    user.failed_attempts = 0
    user.locked_until = None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    audit.record(session, "masuk", "pengguna", user.id, actor=user.username)
    return LoginResult(account_of(session, user))


def _count_failure(session: Session, user: m.User, now: dt.datetime,
                   wrong: str) -> tuple[str, bool]:
    """One more wrong password for `user`: (the message, whether the account is now locked).
    The fifth in a row locks it for fifteen minutes (audited "kunci")."""
    user.failed_attempts = (user.failed_attempts or 0) + 1
    if user.failed_attempts >= MAX_FAILURES:
        user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
        user.failed_attempts = 0
        audit.record(session, "kunci", "pengguna", user.id, actor=user.username)
        return locked_message(user.locked_until), True
    left = MAX_FAILURES - user.failed_attempts
    return (f"{wrong} Sisa {left} kali percobaan sebelum akun dikunci {LOCK_MINUTES} menit.",
            False)


def record_failed_password(session: Session, username: str, wrong: str,
                           clock: Clock = _now) -> tuple[str, bool]:
    """A wrong password typed while signed in (Ganti kata sandi) counts like a wrong login:
    (the message, whether the account is now locked). Runs in its own unit of work, which
    commits."""
    user = session.scalar(select(m.User).where(
        func.lower(m.User.username) == username.strip().lower()))
    if user is None:
        return wrong, False
    return _count_failure(session, user, clock(), wrong)


def still_valid(session: Session, account: Account, clock: Clock = _now) -> Account | None:
    """`account` as this database knows it now (after a restore put an older file back): the
    same user, active and not locked, with its role and OPD of that file; None when the clerk
    must sign in again."""
    user = session.scalar(select(m.User).where(
        func.lower(m.User.username) == account.username.lower()))
    if user is None or not user.active or (user.locked_until is not None
                                           and user.locked_until > clock()):
        return None
    return account_of(session, user)


def record_sign_out(session: Session, account: Account) -> None:
    """The audit row of a sign-out (Akun → Keluar / ganti pengguna)."""
    user_id = session.scalar(select(m.User.id).where(
        func.lower(m.User.username) == account.username.lower()))
    audit.record(session, "keluar", "pengguna", user_id, actor=account.username)


_dummy: list[str] = []


def _dummy_hash() -> str:
    if not _dummy:
        _dummy.append(passwords.hash_password("karier-asn-bukan-sandi"))
    return _dummy[0]


def is_server(session: Session) -> bool:
    return session.get_bind().dialect.name != "sqlite"


def has_users(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(m.User)))


def needs_first_admin(session: Session) -> bool:
    """A shared server database nobody can sign in to yet: the first start creates the admin."""
    return is_server(session) and not has_users(session)


def login_required(session: Session) -> bool:
    """On a server as soon as it has users (the first start creates the admin); on the SQLite
    file only once the admin switched it on (and some active user can sign in)."""
    if is_server(session):
        return has_users(session)
    if office_settings.get_value(session, SETTING_KEY, False) is not True:
        return False
    return bool(session.scalar(select(func.count()).select_from(m.User)
                               .where(m.User.active.is_(True))))


def set_login_required(session: Session, required: bool) -> None:
    """The admin's switch (SQLite file only). Switching on needs an active admin to sign in
    with, or nobody could open the database afterwards."""
    from karier_desktop.services.accounts.roles import Permission
    from karier_desktop.services.accounts.scope import require_permission

    require_permission(session, Permission.SETTINGS)
    if is_server(session):
        raise ValidationError(["Di server database bersama, masuk dengan nama pengguna selalu "
                               "diwajibkan."])
    if required and not session.scalar(select(func.count()).select_from(m.User).where(
            m.User.active.is_(True), m.User.role == Role.ADMIN.value)):
        raise ValidationError(["Buat dulu pengguna admin yang aktif (halaman Pengguna), lalu "
                               "wajibkan masuk."])
    office_settings.set_value(session, SETTING_KEY, bool(required))
    audit.record(session, "ubah", "pengaturan", SETTING_KEY, wajib_masuk=bool(required))

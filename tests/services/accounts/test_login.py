"""Hashing, sign-in, lock-out with a moving clock, and the login switch."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from karier_desktop.services.accounts import login, users
from karier_desktop.services.accounts.roles import Role
from karier_desktop.services.errors import ValidationError
from karier_desktop.store import models as m
from karier_desktop.store.db import Database


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 7, 9, 0)

    def __call__(self) -> dt.datetime:
        return self.now


def _add(db: Database, name: str = "sari", role: Role = Role.OPERATOR_BKPP,
         password: str = "rahasia-kantor") -> int:
    with db.session_scope() as s:
        return users.add_user(s, users.UserInput(name, "Sari Dewi", role), password)


def _login(db: Database, name: str, password: str, clock: Clock) -> login.LoginResult:
    with db.session_scope() as s:
        return login.authenticate(s, name, password, clock)


def test_the_password_is_kept_as_an_argon2id_hash(any_db: Database) -> None:
    _add(any_db)
    with any_db.session_scope() as s:
        stored = s.scalar(select(m.User.password_hash))
    assert stored.startswith("$argon2id$") and "rahasia-kantor" not in stored


def test_right_password_signs_in_and_wrong_one_says_so(any_db: Database) -> None:
    _add(any_db)
    clock = Clock()
    ok = _login(any_db, "SARI", "rahasia-kantor", clock)
    assert ok.account is not None and ok.account.role == Role.OPERATOR_BKPP
    wrong = _login(any_db, "sari", "salah-sandi", clock)
    assert wrong.account is None
    assert wrong.message.startswith("Nama pengguna atau kata sandi salah.")
    assert "Sisa 4 kali" in wrong.message
    unknown = _login(any_db, "tidakada", "rahasia-kantor", clock)
    assert unknown.message == login.WRONG


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(any_db: Database) -> None:
    _add(any_db)
    clock = Clock()
    for _ in range(5):
        result = _login(any_db, "sari", "salah-sandi", clock)
    assert result.account is None and "terkunci" in result.message and "09.15" in result.message
    # while locked even the right password is refused
    clock.now += dt.timedelta(minutes=14)
    assert _login(any_db, "sari", "rahasia-kantor", clock).account is None
    clock.now += dt.timedelta(minutes=1, seconds=1)
    assert _login(any_db, "sari", "rahasia-kantor", clock).account is not None
    with any_db.session_scope() as s:
        actions = list(s.scalars(select(m.AuditLog.action).where(m.AuditLog.entity == "pengguna")))
    assert "kunci" in actions and actions[-1] == "masuk"


def test_the_admin_lifts_a_lock_by_setting_a_new_password(any_db: Database) -> None:
    uid = _add(any_db)
    clock = Clock()
    for _ in range(5):
        _login(any_db, "sari", "salah-sandi", clock)
    with any_db.session_scope() as s:
        users.reset_password(s, uid, "sandi-baru-123")
    assert _login(any_db, "sari", "sandi-baru-123", clock).account is not None


def test_a_deactivated_user_is_told_so(any_db: Database) -> None:
    _add(any_db, "admin", Role.ADMIN)
    uid = _add(any_db)
    with any_db.session_scope() as s:
        users.set_active(s, uid, False)
    result = _login(any_db, "sari", "rahasia-kantor", Clock())
    assert result.account is None and result.message == login.INACTIVE


def test_weak_passwords_and_bad_names_are_refused_in_indonesian(any_db: Database) -> None:
    with pytest.raises(ValidationError) as err, any_db.session_scope() as s:
        users.add_user(s, users.UserInput("A B", "", Role.OPERATOR_OPD), "pendek")
    text = "\n".join(err.value.messages)
    assert "Nama pengguna 3–40 karakter" in text and "Nama lengkap wajib" in text
    assert "minimal 8 karakter" in text and "OPD-nya" in text
    with any_db.session_scope() as s:
        assert s.scalar(select(m.User.id)) is None


def test_login_switch_on_the_file_and_always_on_a_server(any_db: Database) -> None:
    server = any_db.path is None
    with any_db.session_scope() as s:
        assert not login.login_required(s)
        assert login.needs_first_admin(s) is server
    if server:
        with any_db.session_scope() as s:
            users.create_first_admin(s, users.UserInput("admin", "Admin", Role.ADMIN),
                                     "sandi-admin-1")
        with any_db.session_scope() as s:
            assert login.login_required(s) and not login.needs_first_admin(s)
        return
    with pytest.raises(ValidationError, match="admin yang aktif"), any_db.session_scope() as s:
        login.set_login_required(s, True)
    _add(any_db, "admin", Role.ADMIN)
    with any_db.session_scope() as s:
        login.set_login_required(s, True)
    with any_db.session_scope() as s:
        assert login.login_required(s)
    from karier_desktop.services.accounts.gate import login_required_in_file

    assert any_db.path is not None and login_required_in_file(any_db.path)


def test_the_last_active_admin_stays(any_db: Database) -> None:
    uid = _add(any_db, "admin", Role.ADMIN)
    with pytest.raises(ValidationError, match="admin aktif terakhir"), \
            any_db.session_scope() as s:
        users.set_active(s, uid, False)
    with pytest.raises(ValidationError, match="admin aktif terakhir"), \
            any_db.session_scope() as s:
        users.change_user(s, uid, users.UserInput("admin", "Admin", Role.PIMPINAN))


def test_recovery_sets_a_new_admin_password(any_db: Database) -> None:
    _add(any_db, "admin", Role.ADMIN)
    with any_db.session_scope() as s:
        # the test server's user is its superuser, as `postgres` is on an office server
        assert users.recover_admin(s, "dipulihkan-123", "admin") == "admin"
    assert _login(any_db, "admin", "dipulihkan-123", Clock()).account is not None

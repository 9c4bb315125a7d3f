"""A signed-in clerk of any role changes their own password (old one first, the usual rules,
audited), but still cannot touch anyone else's account; on both back ends."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from karier_desktop.services.accounts import login, users
from karier_desktop.services.accounts.roles import Role
from karier_desktop.services.accounts.session import sign_in, sign_out
from karier_desktop.services.errors import NotAllowed, ValidationError
from karier_desktop.store import models as m
from karier_desktop.store.db import Database

OLD = "rahasia-kantor"


def _signed_in(db: Database, name: str, role: Role) -> None:
    with db.session_scope() as s:
        users.add_user(s, users.UserInput(name, name.title(), role), OLD)
    with db.session_scope() as s:
        account = login.authenticate(s, name, OLD).account
    assert account is not None
    sign_in(db, account)


def _hash(db: Database, name: str) -> str:
    with db.session_scope() as s:
        return str(s.scalar(select(m.User.password_hash).where(m.User.username == name)))


@pytest.mark.parametrize("role", [Role.PIMPINAN, Role.OPERATOR_BKPP])
def test_own_password_changes_after_the_old_one(any_db: Database, role: Role) -> None:
    with any_db.session_scope() as s:
        users.add_user(s, users.UserInput("admin", "Admin", Role.ADMIN), OLD)
    _signed_in(any_db, "kepala", role)
    before = _hash(any_db, "kepala")
    refusals = {
        ("salah-sekali", "sandi-baru-456"): "Kata sandi lama salah; kata sandi tidak diubah.",
        (OLD, "pendek"): "Kata sandi minimal 8 karakter.",
        (OLD, OLD): "Kata sandi baru harus berbeda dari kata sandi lama.",
    }
    for (old, new), message in refusals.items():
        with pytest.raises(ValidationError) as refused, any_db.session_scope() as s:
            users.change_own_password(s, old, new)
        assert refused.value.messages == [message]
    assert _hash(any_db, "kepala") == before
    with any_db.session_scope() as s:
        users.change_own_password(s, OLD, "sandi-baru-456")
    with any_db.session_scope() as s:
        assert login.authenticate(s, "kepala", OLD).account is None
    with any_db.session_scope() as s:
        assert login.authenticate(s, "kepala", "sandi-baru-456").account is not None
        rows = s.execute(select(m.AuditLog.actor, m.AuditLog.detail)
                         .where(m.AuditLog.action == "ganti_sandi")).all()
    assert len(rows) == 1 and rows[0][0] == "kepala" and "sandi-baru" not in rows[0][1]
    # the exception is for one's own password only: another account stays the admin's
    with pytest.raises(NotAllowed), any_db.session_scope() as s:
        other = s.scalar(select(m.User).where(m.User.username == "admin"))
        assert other is not None
        other.password_hash = "x"
    with pytest.raises(NotAllowed), any_db.session_scope() as s:  # nor one's own role
        me = s.scalar(select(m.User).where(m.User.username == "kepala"))
        assert me is not None
        me.role = Role.ADMIN.value


def test_sign_out_is_audited_and_leaves_nobody_signed_in(any_db: Database) -> None:
    _signed_in(any_db, "sari", Role.OPERATOR_BKPP)
    sign_out(any_db)
    assert any_db.account is None
    with any_db.session_scope() as s:
        last = s.execute(select(m.AuditLog.actor, m.AuditLog.action)
                         .order_by(m.AuditLog.id.desc()).limit(1)).one()
        with pytest.raises(ValidationError, match="Masuk dulu"):
            users.change_own_password(s, OLD, "sandi-baru-456")
    assert tuple(last) == ("sari", "keluar")


def test_wrong_old_passwords_count_towards_the_lock_out(any_db: Database) -> None:
    _signed_in(any_db, "sari", Role.OPERATOR_BKPP)
    before = _hash(any_db, "sari")
    now = dt.datetime(2026, 12, 7, 9, 30)
    said: list[str] = []
    for _ in range(4):
        with pytest.raises(users.OldPasswordWrong) as wrong:
            users.change_own_password_counted(any_db, "salah-sekali", "sandi-baru-456",
                                              clock=lambda: now)
        said.append(wrong.value.messages[0])
    assert said[0] == ("Kata sandi lama salah; kata sandi tidak diubah. Sisa 4 kali percobaan "
                       "sebelum akun dikunci 15 menit.")
    assert said[3].endswith("Sisa 1 kali percobaan sebelum akun dikunci 15 menit.")
    with pytest.raises(users.AccountLocked) as locked:
        users.change_own_password_counted(any_db, "salah-lagi", "sandi-baru-456",
                                          clock=lambda: now)
    assert locked.value.messages[0].startswith("Akun terkunci karena 5 kali salah kata sandi. "
                                               "Coba lagi setelah pukul 09.45")
    assert _hash(any_db, "sari") == before
    with any_db.session_scope() as s:
        refused = login.authenticate(s, "sari", OLD, clock=lambda: now)
        user = s.scalar(select(m.User).where(m.User.username == "sari"))
        assert user is not None and user.locked_until == dt.datetime(2026, 12, 7, 9, 45)
        locks = s.execute(select(m.AuditLog.actor).where(m.AuditLog.action == "kunci")
                          ).scalars().all()
    assert refused.account is None and refused.message.startswith("Akun terkunci")
    assert locks == ["sari"]


def test_a_right_old_password_clears_the_wrong_ones(any_db: Database) -> None:
    _signed_in(any_db, "sari", Role.PIMPINAN)
    for _ in range(4):
        with pytest.raises(users.OldPasswordWrong):
            users.change_own_password_counted(any_db, "salah-sekali", "sandi-baru-456")
    users.change_own_password_counted(any_db, OLD, "sandi-baru-456")
    with pytest.raises(users.OldPasswordWrong) as wrong:
        users.change_own_password_counted(any_db, "salah-lagi", "sandi-baru-789")
    assert wrong.value.messages[0].endswith("Sisa 4 kali percobaan sebelum akun dikunci 15 menit.")

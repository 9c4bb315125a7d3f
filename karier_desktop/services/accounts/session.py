"""Signing a database in: the account every later unit of work acts as."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Protocol

from karier_desktop.services.accounts import guard
from karier_desktop.services.accounts.roles import Account


class _Signable(Protocol):
    def sign_in(self, account: object) -> None: ...


class _Database(_Signable, Protocol):
    account: object | None
    actor: str

    def session_scope(self) -> AbstractContextManager[Any]: ...


def sign_in(db: _Signable, account: Account) -> None:
    """Audit rows name `account`, its role is checked at every flush and its OPD limits every
    listing (store.db.Database carries it in `session.info`)."""
    guard.install()
    db.sign_in(account)


def sign_out(db: _Database) -> None:
    """The account leaves ("keluar" in the audit); until the next sign_in nobody acts."""
    from karier_desktop.services.accounts import login
    from karier_desktop.services.accounts.scope import current_account

    with db.session_scope() as session:
        account = current_account(session)
        if account is not None:
            login.record_sign_out(session, account)
    db.account = None
    db.actor = "operator"

"""Signing a database in: the account every later unit of work acts as."""

from __future__ import annotations

from typing import Protocol

from karier_desktop.services.accounts import guard
from karier_desktop.services.accounts.roles import Account


class _Signable(Protocol):
    def sign_in(self, account: object) -> None: ...


def sign_in(db: _Signable, account: Account) -> None:
    """Audit rows name `account`, its role is checked at every flush and its OPD limits every
    listing (store.db.Database carries it in `session.info`)."""
    guard.install()
    db.sign_in(account)

"""Roles and what each may do; the one place that answers "may this user do that?"."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from karier_desktop.services.errors import NotAllowed


class Role(StrEnum):
    ADMIN = "admin"
    OPERATOR_BKPP = "operator_bkpp"
    OPERATOR_OPD = "operator_opd"
    PIMPINAN = "pimpinan"


ROLE_LABELS = {
    Role.ADMIN: "Admin",
    Role.OPERATOR_BKPP: "Operator BKPP",
    Role.OPERATOR_OPD: "Operator OPD",
    Role.PIMPINAN: "Pimpinan",
}


class Permission(StrEnum):
    MANAGE_USERS = "manage_users"  # users, the audit trail
    SETTINGS = "settings"  # office settings, login switch
    REFERENCE = "reference"  # competency dictionary, ranks, forms, standards
    EDIT = "edit"  # employees, assessments, training, imports, IDP drafts, plans
    APPROVE = "approve"  # approve IDPs and development plans


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.OPERATOR_BKPP: frozenset({Permission.EDIT, Permission.APPROVE}),
    Role.OPERATOR_OPD: frozenset({Permission.EDIT}),
    Role.PIMPINAN: frozenset({Permission.APPROVE}),
}

# Why a refused action is refused: the tooltip of a disabled control and the service's message.
REASONS = {
    Permission.MANAGE_USERS: "Hanya admin yang dapat mengelola pengguna dan melihat audit.",
    Permission.SETTINGS: "Hanya admin yang dapat mengubah pengaturan kantor.",
    Permission.REFERENCE: "Hanya admin yang dapat mengubah data referensi.",
    Permission.EDIT: "Peran Pimpinan hanya dapat membaca dan menyetujui; perubahan data "
                     "dilakukan operator.",
    Permission.APPROVE: "Persetujuan IDP dan rencana dilakukan pimpinan atau operator BKPP.",
}


@dataclass(frozen=True)
class Account:
    """The person working: who signed in (or the single-laptop operator when login is off).
    `unit_id` is the OPD an operator OPD is limited to."""

    username: str
    display_name: str
    role: Role
    unit_id: int | None = None
    unit_name: str = ""

    @property
    def label(self) -> str:
        where = f", {self.unit_name}" if self.unit_name else ""
        return f"{self.display_name} ({ROLE_LABELS[self.role]}{where})"

    def may(self, permission: Permission) -> bool:
        return permission in PERMISSIONS[self.role]


# Login switched off on the single laptop: the one clerk may do everything, as before.
LOCAL_OPERATOR = Account(username="operator", display_name="Operator", role=Role.ADMIN)


def reason(permission: Permission) -> str:
    return REASONS[permission]


def require(account: Account | None, permission: Permission) -> None:
    """Raise NotAllowed (Indonesian reason) unless `account` may; None means login is off."""
    if account is not None and not account.may(permission):
        raise NotAllowed([REASONS[permission]])

"""Logins of a shared office (issue 18)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from karier_desktop.store.models._base import Base, IdKey, stamped


class User(IdKey, Base):
    """A login of a shared office (services.accounts): role, the OPD an operator OPD is limited
    to, the Argon2id hash of the password and the lock-out counters."""

    __tablename__ = "users"
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = stamped()
    changed_at: Mapped[dt.datetime] = stamped()
    __table_args__ = (
        CheckConstraint(
            "role IN ('admin','operator_bkpp','operator_opd','pimpinan')", name="role"),
        CheckConstraint("role <> 'operator_opd' OR unit_id IS NOT NULL", name="opd_scope"),
    )

"""The regency's competency development plan, Renbangkom (migration 0007)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import BigInteger, Date, Float, Integer, String, Text

from karier_desktop.store.models._base import Base, IdKey, loose_ref, owned_by, owner_key, stamped


class RenbangkomPlan(IdKey, Base):
    """The regency's yearly competency development plan (Renbangkom), versioned (migration 0007).

    Status: "draf" → "diverifikasi" (BKPP) → "ditetapkan" (PPK, locked); a change after it was
    set is a new version (version > 1 is a "Perubahan"); the set version it replaces becomes
    "diganti" when the new one is set.
    """

    __tablename__ = "renbangkom_plans"
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(12), default="draf")
    verified_on: Mapped[dt.date | None] = mapped_column(Date)
    set_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = stamped()
    __table_args__ = (
        UniqueConstraint("year", "version", name="year_version"),
        CheckConstraint("status IN ('draf','diverifikasi','ditetapkan','diganti')", name="status"),
    )


class RenbangkomLine(IdKey, Base):
    """One activity of a Renbangkom plan: a competency, a form, an organiser, a quarter."""

    __tablename__ = "renbangkom_lines"
    plan_id: Mapped[int] = owned_by("renbangkom_plans", index=True)
    seq: Mapped[int] = mapped_column(Integer)
    competency_code: Mapped[str | None] = mapped_column(String(20))
    competency_kind: Mapped[str | None] = mapped_column(String(20))
    activity: Mapped[str] = mapped_column(String(250))
    form_code: Mapped[str | None] = mapped_column(String(10))
    programme_id: Mapped[int | None] = loose_ref("programmes")
    organiser: Mapped[str] = mapped_column(String(200), default="")
    quarter: Mapped[int] = mapped_column(Integer, default=1)
    jp: Mapped[float] = mapped_column(Float, default=0)
    cost: Mapped[int] = mapped_column(BigInteger, default=0)
    funding_source: Mapped[str] = mapped_column(String(20), default="apbd_kab")
    priority: Mapped[int] = mapped_column(Integer, default=2)
    __table_args__ = (
        CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter"),
        CheckConstraint("priority BETWEEN 1 AND 3", name="priority"),
    )


class RenbangkomParticipant(Base):
    """An employee a Renbangkom line serves, with the IDP item it came from."""

    __tablename__ = "renbangkom_participants"
    line_id: Mapped[int] = owner_key("renbangkom_lines")
    employee_id: Mapped[int] = owned_by("employees", primary_key=True, index=True)
    plan_item_id: Mapped[int | None] = loose_ref("plan_items")
    jp: Mapped[float] = mapped_column(Float, default=0)
    cost: Mapped[int] = mapped_column(BigInteger, default=0)


class RenbangkomBudget(Base):
    """The development budget of a year from one funding source (the ceiling the plan keeps)."""

    __tablename__ = "renbangkom_budgets"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    funding_source: Mapped[str] = mapped_column(String(20), primary_key=True)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)

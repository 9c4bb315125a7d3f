"""Talent management (migration 0005): SKP, potential, overrides, critical positions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from karier_desktop.store.models._base import (
    Base,
    EmployeeRecord,
    KeyValueRow,
    loose_ref,
    owner_key,
    stamped,
)


class SkpResult(EmployeeRecord, Base):
    """The yearly SKP result of an employee (SIASN rw-skp22: hasil kinerja, perilaku, predikat)."""

    __tablename__ = "skp_results"
    year: Mapped[int] = mapped_column(Integer)
    hasil_kinerja: Mapped[str | None] = mapped_column(String(30))  # di atas/sesuai/di bawah
    perilaku_kerja: Mapped[str | None] = mapped_column(String(30))
    predikat: Mapped[str] = mapped_column(String(30))  # Sangat Baik … Sangat Kurang (kuadran)
    source: Mapped[str] = mapped_column(String(10), default="manual")
    recorded_at: Mapped[dt.datetime] = stamped()
    __table_args__ = (
        UniqueConstraint("employee_id", "year", name="skp_employee_year"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),
    )


class PotentialResult(EmployeeRecord, Base):
    """A potential assessment: five aspects and the total, each 0..100, dated."""

    __tablename__ = "potential_results"
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    berpikir_kritis: Mapped[float | None] = mapped_column(Float)
    intelektual: Mapped[float | None] = mapped_column(Float)
    interpersonal: Mapped[float | None] = mapped_column(Float)
    kesadaran_diri: Mapped[float | None] = mapped_column(Float)
    motivasi_komitmen: Mapped[float | None] = mapped_column(Float)
    total: Mapped[float] = mapped_column(Float)
    method: Mapped[str | None] = mapped_column(String(60))
    source: Mapped[str] = mapped_column(String(10), default="manual")
    __table_args__ = (
        UniqueConstraint("employee_id", "assessed_on", name="potential_employee_date"),
        CheckConstraint("total BETWEEN 0 AND 100", name="total"),
    )


class TalentSetting(KeyValueRow, Base):
    """Talent settings as JSON values: the axis formula per period, succession rules, actions."""

    __tablename__ = "talent_settings"


class TalentOverride(EmployeeRecord, Base):
    """A box set by the talent committee instead of the computed one, with reason and approver."""

    __tablename__ = "talent_overrides"
    period: Mapped[int] = mapped_column(Integer)
    box: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    approved_by: Mapped[str] = mapped_column(String(150))
    at: Mapped[dt.datetime] = stamped()
    __table_args__ = (
        UniqueConstraint("employee_id", "period", name="override_employee_period"),
        CheckConstraint("box BETWEEN 1 AND 9", name="box"),
    )


class CriticalPosition(Base):
    """A position marked critical for succession: why, and who acts in it (Plt.)."""

    __tablename__ = "critical_positions"
    position_id: Mapped[int] = owner_key("positions")
    reason: Mapped[str] = mapped_column(Text, default="")
    acting_employee_id: Mapped[int | None] = loose_ref("employees", index=True)
    marked_on: Mapped[dt.date] = mapped_column(Date)

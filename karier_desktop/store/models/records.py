"""Employees and what is recorded about them: assessments, catalogue, training, IDPs, budgets."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import BigInteger, Boolean, Date, Float, Integer, String, Text

from karier_desktop.store.models._base import (
    Base,
    IdKey,
    VersionedRow,
    competency_key,
    employee_owned,
    level_range,
    loose_ref,
    owned_by,
    owner_key,
    stamped,
)


class Employee(VersionedRow, Base):
    __tablename__ = "employees"
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(150))
    front_title: Mapped[str | None] = mapped_column(String(40))
    back_title: Mapped[str | None] = mapped_column(String(60))
    sex: Mapped[str] = mapped_column(String(1))
    birth_place: Mapped[str | None] = mapped_column(String(80))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    employee_type: Mapped[str] = mapped_column(String(20), default="PNS")
    rank_code: Mapped[str | None] = mapped_column(ForeignKey("ranks.code"), index=True)
    rank_tmt: Mapped[dt.date | None] = mapped_column(Date)
    position_id: Mapped[int | None] = loose_ref("positions", index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    supervisor_id: Mapped[int | None] = loose_ref("employees")
    education: Mapped[str | None] = mapped_column(String(20))
    performance: Mapped[str | None] = mapped_column(String(30))  # SKP predikat, for the 9-box
    status: Mapped[str] = mapped_column(String(10), default="aktif")
    retired_on: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = stamped(onupdate=func.current_timestamp())
    __table_args__ = (
        CheckConstraint("sex IN ('L','P')", name="sex"),
        CheckConstraint("status IN ('aktif','pensiun','keluar')", name="status"),
        CheckConstraint(
            "employee_type IN ('PNS','CPNS','PPPK','PPPK Paruh Waktu')", name="employee_type"
        ),
        Index("ix_employees_name", "name"),
    )


class Assessment(VersionedRow, Base):
    """One assessment event (assessment centre, uji kompetensi, supervisor…)."""

    __tablename__ = "assessments"
    employee_id: Mapped[int] = employee_owned()
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(60), default="Assessment Center")
    assessor: Mapped[str | None] = mapped_column(String(150))
    note: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_assessments_employee_date", "employee_id", "assessed_on"),)


class AssessmentResult(Base):
    __tablename__ = "assessment_results"
    assessment_id: Mapped[int] = owner_key("assessments")
    competency_id: Mapped[int] = competency_key()
    level: Mapped[int] = mapped_column(Integer)
    __table_args__ = (level_range("level"),)


class DevelopmentForm(Base):
    """LAN forms of development (KL.., NKL.., PD..) with their JP conversion."""

    __tablename__ = "development_forms"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    bentuk: Mapped[str] = mapped_column(String(20))
    jalur: Mapped[str] = mapped_column(String(30))
    siasn_id: Mapped[int | None] = mapped_column(Integer)
    jp_unit: Mapped[str] = mapped_column(String(10))
    jp_per_unit: Mapped[float] = mapped_column(Float)
    max_units_per_month: Mapped[float | None] = mapped_column(Float)
    jp_note: Mapped[str] = mapped_column(Text, default="")


class Programme(VersionedRow, Base):
    """A catalogue entry: a development activity that raises competencies."""

    __tablename__ = "programmes"
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(250))
    form_code: Mapped[str] = mapped_column(ForeignKey("development_forms.code"), index=True)
    provider: Mapped[str] = mapped_column(String(200), default="")
    jp: Mapped[float] = mapped_column(Float)
    cost_per_participant: Mapped[int] = mapped_column(BigInteger, default=0)
    cost_basis: Mapped[str] = mapped_column(String(20), default="per_participant")
    class_cost: Mapped[int | None] = mapped_column(BigInteger)
    min_participants: Mapped[int] = mapped_column(Integer, default=1)
    max_participants: Mapped[int] = mapped_column(Integer, default=30)
    position_kinds: Mapped[str | None] = mapped_column(String(300))  # comma-separated codes
    # Target audience beyond the position kind (comma-separated; empty: everyone): kinds of
    # unit ("sekolah", "puskesmas", "rsud", "kecamatan", "dinas" …) and rumpun of position
    # ("guru", "kesehatan", …); `mandatory_for` names the mandatory programme it is ("latsar",
    # "pkp", "pka", "pkn2").
    audience_unit_kinds: Mapped[str | None] = mapped_column(String(300))
    audience_fields: Mapped[str | None] = mapped_column(String(300))
    mandatory_for: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    __table_args__ = (
        CheckConstraint("cost_basis IN ('per_participant','per_class')", name="cost_basis"),
        CheckConstraint("jp >= 0", name="jp"),
    )


class ProgrammeTarget(Base):
    """A competency the programme raises, up to which level, by how many levels."""

    __tablename__ = "programme_targets"
    programme_id: Mapped[int] = owner_key("programmes")
    competency_id: Mapped[int] = competency_key()
    to_level: Mapped[int] = mapped_column(Integer)
    gain: Mapped[int] = mapped_column(Integer, default=1)
    __table_args__ = (level_range("to_level"),)


class TrainingRecord(VersionedRow, Base):
    """A development activity an employee took part in (or is registered for)."""

    __tablename__ = "training_records"
    employee_id: Mapped[int] = employee_owned()
    programme_id: Mapped[int | None] = loose_ref("programmes", index=True)
    title: Mapped[str] = mapped_column(String(250))
    form_code: Mapped[str | None] = mapped_column(ForeignKey("development_forms.code"))
    provider: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    jp: Mapped[float] = mapped_column(Float)
    cost: Mapped[int] = mapped_column(BigInteger, default=0)
    certificate_no: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default="selesai")
    reaction_score: Mapped[float | None] = mapped_column(Float)  # Kirkpatrick 1, scale 1..5
    pre_test: Mapped[float | None] = mapped_column(Float)  # Kirkpatrick 2, 0..100
    post_test: Mapped[float | None] = mapped_column(Float)
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates"),
        CheckConstraint("jp >= 0", name="jp"),
        CheckConstraint("status IN ('rencana','selesai','batal')", name="status"),
        Index("ix_training_records_employee_start", "employee_id", "start_date"),
    )


class DevelopmentPlan(VersionedRow, Base):
    """An Individual Development Plan (IDP) of one employee for one year, versioned."""

    __tablename__ = "development_plans"
    employee_id: Mapped[int] = employee_owned()
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(12), default="draf")
    supervisor_name: Mapped[str | None] = mapped_column(String(150))
    supervisor_nip: Mapped[str | None] = mapped_column(String(18))
    head_name: Mapped[str | None] = mapped_column(String(150))
    head_nip: Mapped[str | None] = mapped_column(String(18))
    career_goal: Mapped[str | None] = mapped_column(Text)
    # The form's own blocks (migration 0004): the employee's aspiration and target position,
    # the commitment sentence, the atasan's notes; the signers' captions ("Kepala Sekolah …",
    # "Bupati Mamuju") as derived from the unit tree when the plan was drafted.
    aspiration: Mapped[str | None] = mapped_column(Text)
    target_position: Mapped[str | None] = mapped_column(String(200))
    commitment: Mapped[str | None] = mapped_column(Text)
    supervisor_notes: Mapped[str | None] = mapped_column(Text)
    supervisor_caption: Mapped[str | None] = mapped_column(String(150))
    head_caption: Mapped[str | None] = mapped_column(String(150))
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = stamped()
    __table_args__ = (
        UniqueConstraint("employee_id", "year", "version", name="employee_year_version"),
        CheckConstraint("status IN ('draf','disetujui','diganti')", name="status"),
    )


class PlanItem(VersionedRow, Base):
    __tablename__ = "plan_items"
    plan_id: Mapped[int] = owned_by("development_plans", index=True)
    seq: Mapped[int] = mapped_column(Integer)
    competency_id: Mapped[int | None] = mapped_column(ForeignKey("competencies.id"))
    gap: Mapped[int | None] = mapped_column(Integer)
    goal: Mapped[str] = mapped_column(Text, default="")
    form_code: Mapped[str | None] = mapped_column(ForeignKey("development_forms.code"))
    programme_id: Mapped[int | None] = loose_ref("programmes")
    activity: Mapped[str] = mapped_column(String(250))
    provider: Mapped[str | None] = mapped_column(String(200))
    month: Mapped[int | None] = mapped_column(Integer)
    jp: Mapped[float] = mapped_column(Float, default=0)
    cost: Mapped[int] = mapped_column(BigInteger, default=0)
    source: Mapped[str] = mapped_column(String(12), default="manual")
    training_record_id: Mapped[int | None] = loose_ref("training_records")
    # Migration 0004: where the money comes from ("apbd_opd", "apbd_bkpsdm", "apbn",
    # "mandiri", "tanpa_biaya"), every competency the item develops (codes, main first),
    # the evidence of success, and why the item is there ("wajib", "asesmen", "kinerja",
    # "kesenjangan", "hak_jp").
    funding_source: Mapped[str | None] = mapped_column(String(20))
    competency_codes: Mapped[str | None] = mapped_column(String(200))
    evidence: Mapped[str | None] = mapped_column(String(250))
    purpose: Mapped[str | None] = mapped_column(String(20))
    __table_args__ = (CheckConstraint("month IS NULL OR month BETWEEN 1 AND 12", name="month"),)


class Budget(IdKey, Base):
    """Development budget for a year, for the whole regency (unit_id NULL) or one unit."""

    __tablename__ = "budgets"
    year: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    amount: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (UniqueConstraint("year", "unit_id", name="year_unit"),)

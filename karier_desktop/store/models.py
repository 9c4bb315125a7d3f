"""The database schema (SQLAlchemy 2.x typed ORM).

Names of indexes and constraints are fixed by a naming convention so Alembic's batch mode can
find them on SQLite. Money is whole rupiah (BigInteger); levels are 1..5.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Setting(Base):
    """Office settings as JSON values (letterhead, paper, thresholds, signers)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class Unit(Base):
    """An OPD or one of its sub-units; a tree through parent_id."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), default="subunit")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    address: Mapped[str | None] = mapped_column(String(300))


class PositionKind(Base):
    """Kinds and jenjang of positions with their default standard level and BUP."""

    __tablename__ = "position_kinds"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    group: Mapped[str] = mapped_column(String(20))
    jenjang: Mapped[str | None] = mapped_column(String(40))
    default_level: Mapped[int] = mapped_column(Integer)
    retirement_age: Mapped[int] = mapped_column(Integer)
    eselon: Mapped[str | None] = mapped_column(String(20))
    __table_args__ = (CheckConstraint("default_level BETWEEN 1 AND 5", name="default_level"),)


class Position(Base):
    """A jabatan in a unit."""

    __tablename__ = "positions"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind_code: Mapped[str] = mapped_column(ForeignKey("position_kinds.code"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    field: Mapped[str | None] = mapped_column(String(100))
    # The office's BUP exception for this one position; None follows the family or the kind.
    retirement_age: Mapped[int | None] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("unit_id", "name", name="unit_name"),)


class RetirementFamily(Base):
    """A family of positions with its own BUP (guru 60 by UU 14/2005, dosen 65 ...).

    A position belongs to the family when its name starts with the keyword; ``retirement_age``
    None means the family follows PP 11/2017 Pasal 239 (the position kind's BUP).
    """

    __tablename__ = "retirement_families"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    keyword: Mapped[str] = mapped_column(String(100))
    retirement_age: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text, default="")


class Competency(Base):
    __tablename__ = "competencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(150))
    kind: Mapped[str] = mapped_column(String(20))
    definition: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str | None] = mapped_column(String(100))
    __table_args__ = (
        CheckConstraint("kind IN ('manajerial','sosial_kultural','teknis')", name="kind"),
    )


class CompetencyLevel(Base):
    __tablename__ = "competency_levels"
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True
    )
    level: Mapped[int] = mapped_column(Integer, primary_key=True)
    description: Mapped[str] = mapped_column(Text)
    indicators: Mapped[str] = mapped_column(Text, default="")  # one indicator per line
    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 5", name="level"),)


class PositionStandard(Base):
    """Required level of one competency for one position."""

    __tablename__ = "position_standards"
    position_id: Mapped[int] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), primary_key=True
    )
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    required_level: Mapped[int] = mapped_column(Integer)
    __table_args__ = (CheckConstraint("required_level BETWEEN 1 AND 5", name="required_level"),)


class Rank(Base):
    """PNS golongan ruang (I/a..IV/e) and PPPK golongan (I..XVII)."""

    __tablename__ = "ranks"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    system: Mapped[str] = mapped_column(String(10))
    pangkat: Mapped[str | None] = mapped_column(String(60))
    order: Mapped[int] = mapped_column(Integer)


class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
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
    position_id: Mapped[int | None] = mapped_column(
        ForeignKey("positions.id", ondelete="SET NULL"), index=True
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL")
    )
    education: Mapped[str | None] = mapped_column(String(20))
    performance: Mapped[str | None] = mapped_column(String(30))  # SKP predikat, for the 9-box
    status: Mapped[str] = mapped_column(String(10), default="aktif")
    retired_on: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )
    __table_args__ = (
        CheckConstraint("sex IN ('L','P')", name="sex"),
        CheckConstraint("status IN ('aktif','pensiun','keluar')", name="status"),
        CheckConstraint(
            "employee_type IN ('PNS','CPNS','PPPK','PPPK Paruh Waktu')", name="employee_type"
        ),
        Index("ix_employees_name", "name"),
    )


class Assessment(Base):
    """One assessment event (assessment centre, uji kompetensi, supervisor…)."""

    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(60), default="Assessment Center")
    assessor: Mapped[str | None] = mapped_column(String(150))
    note: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_assessments_employee_date", "employee_id", "assessed_on"),)


class AssessmentResult(Base):
    __tablename__ = "assessment_results"
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    level: Mapped[int] = mapped_column(Integer)
    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 5", name="level"),)


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


class Programme(Base):
    """A catalogue entry: a development activity that raises competencies."""

    __tablename__ = "programmes"
    id: Mapped[int] = mapped_column(primary_key=True)
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
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    to_level: Mapped[int] = mapped_column(Integer)
    gain: Mapped[int] = mapped_column(Integer, default=1)
    __table_args__ = (CheckConstraint("to_level BETWEEN 1 AND 5", name="to_level"),)


class TrainingRecord(Base):
    """A development activity an employee took part in (or is registered for)."""

    __tablename__ = "training_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programmes.id", ondelete="SET NULL"), index=True
    )
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


class DevelopmentPlan(Base):
    """An Individual Development Plan (IDP) of one employee for one year, versioned."""

    __tablename__ = "development_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
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
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    __table_args__ = (
        UniqueConstraint("employee_id", "year", "version", name="employee_year_version"),
        CheckConstraint("status IN ('draf','disetujui','diganti')", name="status"),
    )


class PlanItem(Base):
    __tablename__ = "plan_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("development_plans.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    competency_id: Mapped[int | None] = mapped_column(ForeignKey("competencies.id"))
    gap: Mapped[int | None] = mapped_column(Integer)
    goal: Mapped[str] = mapped_column(Text, default="")
    form_code: Mapped[str | None] = mapped_column(ForeignKey("development_forms.code"))
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programmes.id", ondelete="SET NULL")
    )
    activity: Mapped[str] = mapped_column(String(250))
    provider: Mapped[str | None] = mapped_column(String(200))
    month: Mapped[int | None] = mapped_column(Integer)
    jp: Mapped[float] = mapped_column(Float, default=0)
    cost: Mapped[int] = mapped_column(BigInteger, default=0)
    source: Mapped[str] = mapped_column(String(12), default="manual")
    training_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_records.id", ondelete="SET NULL")
    )
    # Migration 0004: where the money comes from ("apbd_opd", "apbd_bkpsdm", "apbn",
    # "mandiri", "tanpa_biaya"), every competency the item develops (codes, main first),
    # the evidence of success, and why the item is there ("wajib", "asesmen", "kinerja",
    # "kesenjangan", "hak_jp").
    funding_source: Mapped[str | None] = mapped_column(String(20))
    competency_codes: Mapped[str | None] = mapped_column(String(200))
    evidence: Mapped[str | None] = mapped_column(String(250))
    purpose: Mapped[str | None] = mapped_column(String(20))
    __table_args__ = (CheckConstraint("month IS NULL OR month BETWEEN 1 AND 12", name="month"),)


class Budget(Base):
    """Development budget for a year, for the whole regency (unit_id NULL) or one unit."""

    __tablename__ = "budgets"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    amount: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (UniqueConstraint("year", "unit_id", name="year_unit"),)


class ImportBatch(Base):
    """One completed import: its file hash lets a repeated import be recognised."""

    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(300))
    file_hash: Mapped[str] = mapped_column(String(64), index=True)
    rows: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class AuditLog(Base):
    """Append-only record of changes (who, what, when); written in the same transaction."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    actor: Mapped[str] = mapped_column(String(80), default="operator")
    action: Mapped[str] = mapped_column(String(30))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")


class ChangeStamp(Base):
    """One row counting changes to the data the start-up snapshot is made of.

    On SQLite, triggers (migration 0002) add one for every row changed or deleted in those
    tables, whoever writes them (the app, the command line, another program); inserted rows
    show in the tables' highest rowid (see store.snapshot).
    """

    __tablename__ = "change_stamp"
    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)


class StartupSnapshot(Base):
    """The first screen's rows as they were at data `version` (see services.start_view)."""

    __tablename__ = "startup_snapshot"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(Text)
    made_on: Mapped[str] = mapped_column(String(10))  # ISO date the rows were computed for
    app_version: Mapped[str] = mapped_column(String(20))
    payload: Mapped[bytes] = mapped_column(LargeBinary)


# --- talent management (migration 0005) ----------------------------------------------------


class SkpResult(Base):
    """The yearly SKP result of an employee (SIASN rw-skp22: hasil kinerja, perilaku, predikat)."""

    __tablename__ = "skp_results"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    hasil_kinerja: Mapped[str | None] = mapped_column(String(30))  # di atas/sesuai/di bawah
    perilaku_kerja: Mapped[str | None] = mapped_column(String(30))
    predikat: Mapped[str] = mapped_column(String(30))  # Sangat Baik … Sangat Kurang (kuadran)
    source: Mapped[str] = mapped_column(String(10), default="manual")
    recorded_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp()
    )
    __table_args__ = (
        UniqueConstraint("employee_id", "year", name="skp_employee_year"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),
    )


class PotentialResult(Base):
    """A potential assessment: five aspects and the total, each 0..100, dated."""

    __tablename__ = "potential_results"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
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


class TalentSetting(Base):
    """Talent settings as JSON values: the axis formula per period, succession rules, actions."""

    __tablename__ = "talent_settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class TalentOverride(Base):
    """A box set by the talent committee instead of the computed one, with reason and approver."""

    __tablename__ = "talent_overrides"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[int] = mapped_column(Integer)
    box: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    approved_by: Mapped[str] = mapped_column(String(150))
    at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    __table_args__ = (
        UniqueConstraint("employee_id", "period", name="override_employee_period"),
        CheckConstraint("box BETWEEN 1 AND 9", name="box"),
    )


class CriticalPosition(Base):
    """A position marked critical for succession: why, and who acts in it (Plt.)."""

    __tablename__ = "critical_positions"
    position_id: Mapped[int] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")
    acting_employee_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), index=True
    )
    marked_on: Mapped[dt.date] = mapped_column(Date)


class RenbangkomPlan(Base):
    """The regency's yearly competency development plan (Renbangkom), versioned (migration 0007).

    Status: "draf" → "diverifikasi" (BKPP) → "ditetapkan" (PPK, locked); a change after it was
    set is a new version (version > 1 is a "Perubahan"); the set version it replaces becomes
    "diganti" when the new one is set.
    """

    __tablename__ = "renbangkom_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(12), default="draf")
    verified_on: Mapped[dt.date | None] = mapped_column(Date)
    set_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    __table_args__ = (
        UniqueConstraint("year", "version", name="year_version"),
        CheckConstraint("status IN ('draf','diverifikasi','ditetapkan','diganti')", name="status"),
    )


class RenbangkomLine(Base):
    """One activity of a Renbangkom plan: a competency, a form, an organiser, a quarter."""

    __tablename__ = "renbangkom_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("renbangkom_plans.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    competency_code: Mapped[str | None] = mapped_column(String(20))
    competency_kind: Mapped[str | None] = mapped_column(String(20))
    activity: Mapped[str] = mapped_column(String(250))
    form_code: Mapped[str | None] = mapped_column(String(10))
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programmes.id", ondelete="SET NULL"))
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
    line_id: Mapped[int] = mapped_column(
        ForeignKey("renbangkom_lines.id", ondelete="CASCADE"), primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True, index=True)
    plan_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_items.id", ondelete="SET NULL"))
    jp: Mapped[float] = mapped_column(Float, default=0)
    cost: Mapped[int] = mapped_column(BigInteger, default=0)


class RenbangkomBudget(Base):
    """The development budget of a year from one funding source (the ceiling the plan keeps)."""

    __tablename__ = "renbangkom_budgets"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    funding_source: Mapped[str] = mapped_column(String(20), primary_key=True)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)


class SiasnTrainingState(Base):
    """What SIASN knows of one training record (migration 0008, services.exchange).

    `origin` is where the record came from ("siasn": imported from a SIASN export, "aplikasi":
    entered here); `siasn_values` the values SIASN last showed for it (JSON), so a reconciliation
    never overwrites them silently; `sent_*` the last SIASN export the record went out in, with a
    fingerprint of the values sent, so a later export sends only new or changed rows.
    """

    __tablename__ = "siasn_training_state"
    training_record_id: Mapped[int] = mapped_column(
        ForeignKey("training_records.id", ondelete="CASCADE"), primary_key=True
    )
    origin: Mapped[str] = mapped_column(String(10), default="aplikasi")
    siasn_values: Mapped[str | None] = mapped_column(Text)
    sent_kind: Mapped[str | None] = mapped_column(String(10))
    sent_fingerprint: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    __table_args__ = (CheckConstraint("origin IN ('siasn','aplikasi')", name="origin"),)


class ExchangeKey(Base):
    """The stable identity of a record exchanged between an OPD and the BKPP (migration 0008).

    `uid` is the same in every database; `version` counts the record's versions (shared
    numbering), `version_values` its values at that version (JSON); `synced_version` and
    `synced_values` the version both sides last agreed on (the base of a three-way merge).
    `local_id` is NULL once the record is deleted here (then `deleted` marks the tombstone).
    `locked`: approved at the BKPP; an OPD package never changes it.
    """

    __tablename__ = "exchange_keys"
    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    local_id: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    version_values: Mapped[str] = mapped_column(Text, default="{}")
    synced_version: Mapped[int] = mapped_column(Integer, default=0)
    synced_values: Mapped[str | None] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (Index("ix_exchange_keys_entity_local", "entity", "local_id"),)


class ExchangeLog(Base):
    """Every package made or applied: peer unit, sequence number, digest, what it did."""

    __tablename__ = "exchange_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(6))  # "keluar" or "masuk"
    kind: Mapped[str] = mapped_column(String(12))  # "data" or "tanda_terima"
    sender: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(40))
    sequence: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    __table_args__ = (
        UniqueConstraint("direction", "sender", "recipient", "sequence", name="direction"),
    )


class ExchangeConflict(Base):
    """One field edited on both sides: waits for a side-by-side choice."""

    __tablename__ = "exchange_conflicts"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(ForeignKey("exchange_keys.uid", ondelete="CASCADE"),
                                     index=True)
    field: Mapped[str] = mapped_column(String(40))
    ours: Mapped[str | None] = mapped_column(Text)  # JSON values
    theirs: Mapped[str | None] = mapped_column(Text)
    peer: Mapped[str] = mapped_column(String(40))
    sequence: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="terbuka")
    chosen: Mapped[str | None] = mapped_column(String(10))
    __table_args__ = (CheckConstraint("status IN ('terbuka','selesai')", name="status"),)


class User(Base):
    """A login of a shared office (services.accounts): role, the OPD an operator OPD is limited
    to, the Argon2id hash of the password and the lock-out counters."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp())
    changed_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp())
    __table_args__ = (
        CheckConstraint(
            "role IN ('admin','operator_bkpp','operator_opd','pimpinan')", name="role"),
        CheckConstraint("role <> 'operator_opd' OR unit_id IS NOT NULL", name="opd_scope"),
    )

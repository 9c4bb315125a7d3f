"""Units, positions and their competency standards, and the reference tables they use."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from karier_desktop.store.models._base import (
    Base,
    IdKey,
    KeyValueRow,
    VersionedRow,
    competency_key,
    level_range,
    owner_key,
)


class Setting(KeyValueRow, Base):
    """Office settings as JSON values (letterhead, paper, thresholds, signers)."""

    __tablename__ = "settings"


class Unit(VersionedRow, Base):
    """An OPD or one of its sub-units; a tree through parent_id."""

    __tablename__ = "units"
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
    __table_args__ = (level_range("default_level"),)


class Position(VersionedRow, Base):
    """A jabatan in a unit."""

    __tablename__ = "positions"
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


class Competency(IdKey, Base):
    __tablename__ = "competencies"
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
    competency_id: Mapped[int] = owner_key("competencies")
    level: Mapped[int] = mapped_column(Integer, primary_key=True)
    description: Mapped[str] = mapped_column(Text)
    indicators: Mapped[str] = mapped_column(Text, default="")  # one indicator per line
    __table_args__ = (level_range("level"),)


class PositionStandard(Base):
    """Required level of one competency for one position."""

    __tablename__ = "position_standards"
    position_id: Mapped[int] = owner_key("positions")
    competency_id: Mapped[int] = competency_key()
    required_level: Mapped[int] = mapped_column(Integer)
    __table_args__ = (level_range("required_level"),)


class Rank(Base):
    """PNS golongan ruang (I/a..IV/e) and PPPK golongan (I..XVII)."""

    __tablename__ = "ranks"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    system: Mapped[str] = mapped_column(String(10))
    pangkat: Mapped[str | None] = mapped_column(String(60))
    order: Mapped[int] = mapped_column(Integer)

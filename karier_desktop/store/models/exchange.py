"""Exchange between an OPD and the BKPP, and SIASN state (migration 0008)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import Boolean, DateTime, Integer, String, Text

from karier_desktop.store.models._base import Base, IdKey, owner_key, stamped


class SiasnTrainingState(Base):
    """What SIASN knows of one training record (migration 0008, services.exchange).

    `origin` is where the record came from ("siasn": imported from a SIASN export, "aplikasi":
    entered here); `siasn_values` the values SIASN last showed for it (JSON), so a reconciliation
    never overwrites them silently; `sent_*` the last SIASN export the record went out in, with a
    fingerprint of the values sent, so a later export sends only new or changed rows.
    """

    __tablename__ = "siasn_training_state"
    training_record_id: Mapped[int] = owner_key("training_records")
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


class ExchangeLog(IdKey, Base):
    """Every package made or applied: peer unit, sequence number, digest, what it did."""

    __tablename__ = "exchange_log"
    direction: Mapped[str] = mapped_column(String(6))  # "keluar" or "masuk"
    kind: Mapped[str] = mapped_column(String(12))  # "data" or "tanda_terima"
    sender: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(40))
    sequence: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = stamped()
    __table_args__ = (
        UniqueConstraint("direction", "sender", "recipient", "sequence", name="direction"),
    )


class ExchangeConflict(IdKey, Base):
    """One field edited on both sides: waits for a side-by-side choice."""

    __tablename__ = "exchange_conflicts"
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

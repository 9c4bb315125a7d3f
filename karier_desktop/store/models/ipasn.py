"""IP ASN inputs that are not training (issue 13)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import DateTime, Integer, String

from karier_desktop.store.models._base import Base, IdKey


class IpAsnInput(IdKey, Base):
    """The IP ASN inputs that are not training (issue 13): per employee and year, the SKP
    predikat (kinerja), the heaviest disciplinary punishment (disiplin) and, when it differs
    from the employee's record, the education level (kualifikasi). Imported or entered."""

    __tablename__ = "ip_asn_inputs"
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    education: Mapped[str | None] = mapped_column(String(10))
    kinerja: Mapped[str | None] = mapped_column(String(20))
    disiplin: Mapped[str | None] = mapped_column(String(15))
    source: Mapped[str] = mapped_column(String(10), default="entri")  # "entri" or "impor"
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime,
                                                    server_default=func.current_timestamp())
    __table_args__ = (
        UniqueConstraint("employee_id", "year"),
        CheckConstraint("source IN ('entri','impor')", name="source"),
    )

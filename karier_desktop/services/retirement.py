"""Retirement (BUP) per employee and per position, and the office's exceptions.

The age that applies to a position: the office's exception for that one position, else the BUP of
its family of positions (guru 60 by UU 14/2005 ...), else the BUP of its kind (PP 11/2017
Pasal 239). The pension date is the first day of the month after the birthday at that age.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain.retirement import (
    Family,
    RetirementRule,
    resolve_retirement_age,
    retirement_date,
    split_keywords,
)
from karier_desktop.services import audit
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.positions import PositionInput, save_position
from karier_desktop.store import models as m

MIN_AGE, MAX_AGE = 50, 75


@dataclass(frozen=True)
class RetirementInfo:
    age: int
    on: dt.date
    basis: str  # Indonesian: what decided the age


@dataclass(frozen=True)
class FamilyRow:
    code: str
    name: str
    keywords: str  # "Guru; Kepala Sekolah"
    retirement_age: int | None  # None: follows PP 11/2017 by jenjang
    source: str


@dataclass(frozen=True)
class PositionRetirement:
    kind_age: int
    family: str  # "Guru (60 tahun)" or ""
    exception: int | None
    effective: RetirementRule


def families(session: Session) -> list[Family]:
    f = m.RetirementFamily
    return [Family(code, name, split_keywords(kw), age) for code, name, kw, age in
            session.execute(select(f.code, f.name, f.keyword, f.retirement_age).order_by(f.code))]


def _rule(session: Session, position_id: int, fams: Sequence[Family]) -> RetirementRule | None:
    row = session.execute(
        select(m.Position.name, m.Position.retirement_age, m.PositionKind.retirement_age)
        .join(m.PositionKind, m.PositionKind.code == m.Position.kind_code)
        .where(m.Position.id == position_id)).first()
    if row is None:
        return None
    name, own, kind_age = row
    return resolve_retirement_age(kind_age, name, own, fams)


def retirement_of(session: Session, employee_id: int) -> RetirementInfo | None:
    """The BUP and pension date of one employee; None without a position or birth date."""
    emp = session.get(m.Employee, employee_id)
    if emp is None or emp.position_id is None or emp.birth_date is None:
        return None
    rule = _rule(session, emp.position_id, families(session))
    if rule is None:
        return None
    return RetirementInfo(rule.age, retirement_date(emp.birth_date, rule.age), rule.basis)


def retirement_by_employee(session: Session) -> dict[int, RetirementInfo]:
    """Every employee with a position and a birth date: one query for positions, one for people."""
    fams = families(session)
    rules = {pid: resolve_retirement_age(kind_age, name, own, fams)
             for pid, name, own, kind_age in session.execute(
                 select(m.Position.id, m.Position.name, m.Position.retirement_age,
                        m.PositionKind.retirement_age)
                 .join(m.PositionKind, m.PositionKind.code == m.Position.kind_code))}
    out = {}
    for eid, pid, birth in session.execute(select(m.Employee.id, m.Employee.position_id,
                                                  m.Employee.birth_date)):
        rule = rules.get(pid)
        if rule is not None and birth is not None:
            out[eid] = RetirementInfo(rule.age, retirement_date(birth, rule.age), rule.basis)
    return out


# --- the position editor ---------------------------------------------------------------------

def position_retirement(session: Session, position_id: int | None,
                        kind_code: str = "", name: str = "") -> PositionRetirement:
    """What the position editor shows: the kind's BUP, the family, the exception, the result.
    For a new position (no id) the kind and name typed so far are used."""
    own: int | None = None
    if position_id is not None:
        pos = session.get(m.Position, position_id)
        if pos is not None:
            own = pos.retirement_age
            kind_code = kind_code or pos.kind_code
            name = name or pos.name
    kind = session.get(m.PositionKind, kind_code)
    kind_age = kind.retirement_age if kind is not None else 58
    fams = families(session)
    rule = resolve_retirement_age(kind_age, name, own, fams)
    fam = resolve_retirement_age(kind_age, name, None, fams)
    family = fam.basis.removeprefix("rumpun jabatan ") + f" ({fam.age} tahun)" \
        if fam.basis.startswith("rumpun") else ""
    return PositionRetirement(kind_age, family, own, rule)


def _check_age(age: int | None, what: str) -> list[str]:
    if age is not None and not MIN_AGE <= age <= MAX_AGE:
        return [f"Batas usia pensiun {what} harus {MIN_AGE} sampai {MAX_AGE} tahun "
                f"(terisi {age}) atau dikosongkan."]
    return []


def set_position_retirement(session: Session, position_id: int, age: int | None) -> None:
    """Set (or with None clear) the BUP exception of one position."""
    errors = _check_age(age, "jabatan")
    if errors:
        raise ValidationError(errors)
    pos = session.get(m.Position, position_id)
    if pos is None:
        raise ValidationError(["Jabatan tidak ditemukan (mungkin sudah dihapus)."])
    if pos.retirement_age != age:
        audit.record(session, "ubah", "bup_jabatan", position_id,
                     retirement_age=[pos.retirement_age, age])
        pos.retirement_age = age


def save_position_with_retirement(session: Session, data: PositionInput,
                                  position_id: int | None, with_defaults: bool,
                                  retirement_age: int | None) -> int:
    """The position editor's save: the position and its BUP exception in one unit of work."""
    errors = _check_age(retirement_age, "jabatan")
    if errors:
        raise ValidationError(errors)
    saved = save_position(session, data, position_id, with_defaults=with_defaults)
    set_position_retirement(session, saved, retirement_age)
    return saved


# --- the families in Pengaturan --------------------------------------------------------------

def list_families(session: Session) -> list[FamilyRow]:
    f = m.RetirementFamily
    return [FamilyRow(*row) for row in session.execute(
        select(f.code, f.name, f.keyword, f.retirement_age, f.source).order_by(f.code))]


def validate_families(session: Session, rows: Sequence[FamilyRow]) -> list[str]:
    def check(r: FamilyRow) -> list[str]:
        errors = [] if split_keywords(r.keywords) else [
            f"Kata awal nama jabatan rumpun {r.name} wajib diisi."]
        return errors + _check_age(r.retirement_age, f"rumpun {r.name}")

    return audit.check_known(session, m.RetirementFamily, "Rumpun jabatan", rows, check)


def save_families(session: Session, rows: Sequence[FamilyRow]) -> int:
    """Write the families' keywords and BUP; returns how many changed."""
    errors = validate_families(session, rows)
    if errors:
        raise ValidationError(errors)
    return audit.write_changed(
        session, m.RetirementFamily, "bup_rumpun", rows, ("keyword", "retirement_age"),
        lambda r: ("; ".join(split_keywords(r.keywords)), r.retirement_age))

"""Units (OPD and sub-units): the tree, codes, renames and moves, validated and audited."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.domain import org_tree
from karier_desktop.services import audit, versions
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.field_limits import too_long
from karier_desktop.store import models as m

UNIT_KINDS = ("sekretariat", "dinas", "badan", "inspektorat", "kecamatan", "rsud", "satpol",
              "subunit")
KIND_ORDER = {"manajerial": 0, "sosial_kultural": 1, "teknis": 2}
CORE_KINDS = ("manajerial", "sosial_kultural")


# --- units -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    positions: int
    employees: int
    version: int = 1  # row_version: an edit form passes it back to save_unit()


@dataclass(frozen=True)
class UnitInput:
    name: str
    parent_id: int | None = None
    kind: str = "subunit"
    code: str = ""


def list_units(session: Session) -> list[UnitRow]:
    """All units, parents before children, with their own (not inherited) counts."""
    pos = dict(session.execute(select(m.Position.unit_id, func.count())
                               .group_by(m.Position.unit_id)).all())
    emp = dict(session.execute(select(m.Employee.unit_id, func.count())
                               .where(m.Employee.status == "aktif")
                               .group_by(m.Employee.unit_id)).all())
    u = m.Unit
    return [UnitRow(uid, code, name, kind, parent, pos.get(uid, 0), emp.get(uid, 0), version)
            for uid, code, name, kind, parent, version in session.execute(
                select(u.id, u.code, u.name, u.kind, u.parent_id, u.row_version)
                .order_by(u.parent_id.is_not(None), u.name))]


def _unit(session: Session, unit_id: int) -> m.Unit:
    unit = session.get(m.Unit, unit_id)
    if unit is None:
        raise ValidationError(["Unit kerja tidak ditemukan (mungkin sudah dihapus)."])
    return unit


def _ancestors(session: Session, unit_id: int | None) -> set[int]:
    if unit_id is None:
        return set()
    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    return set(org_tree.ancestors(parents, unit_id))


def _free_code(session: Session, parent_id: int | None) -> str:
    prefix = session.scalar(select(m.Unit.code).where(m.Unit.id == parent_id)) if parent_id \
        else "UNIT"
    codes = set(session.scalars(select(m.Unit.code)))
    n = 1
    while f"{prefix}-{n:02d}" in codes:
        n += 1
    return f"{prefix}-{n:02d}"


UNIT_LABELS = {"name": "Nama unit", "kind": "Jenis", "parent_id": "Unit induk", "code": "Kode"}


def save_unit(session: Session, data: UnitInput, unit_id: int | None = None,
              expected_version: int | None = None) -> int:
    """Add a unit, or rename/move/re-code an existing one. An empty code is generated.

    `expected_version`: the row_version the form loaded; a newer change is refused
    (ConflictError) and only changed fields are written (services.versions)."""
    errors: list[str] = []
    name = " ".join(data.name.split())
    code = data.code.strip().upper()
    if not name:
        errors.append("Nama unit kerja wajib diisi.")
    if data.kind not in UNIT_KINDS:
        errors.append("Jenis unit tidak dikenal; pilih salah satu dari daftar.")
    errors.extend(too_long("units", {"name": name, "code": code},
                           {"name": "nama unit kerja", "code": "kode unit"}))
    if data.parent_id is not None:
        if session.get(m.Unit, data.parent_id) is None:
            errors.append("Unit induk tidak ditemukan; pilih unit induk lain.")
        elif unit_id is not None and unit_id in _ancestors(session, data.parent_id):
            errors.append("Unit tidak dapat dipindahkan ke bawah dirinya sendiri atau "
                          "ke bawah sub-unitnya; pilih unit induk lain.")
    if code:
        other = session.scalar(select(m.Unit.id).where(func.upper(m.Unit.code) == code))
        if other is not None and other != unit_id:
            errors.append(f"Kode unit {code} sudah dipakai unit lain; isi kode yang lain.")
    if name:
        same = session.scalar(select(m.Unit.id).where(
            m.Unit.name == name, m.Unit.parent_id.is_(None) if data.parent_id is None
            else m.Unit.parent_id == data.parent_id))
        if same is not None and same != unit_id:
            errors.append(f"Unit bernama \"{name}\" sudah ada di bawah induk yang sama.")
    if errors:
        raise ValidationError(errors)
    if unit_id is None:
        unit = m.Unit(name=name, kind=data.kind, parent_id=data.parent_id,
                      code=code or _free_code(session, data.parent_id))
        session.add(unit)
        session.flush()
        audit.record(session, "tambah", "unit", unit.id, name=name, parent_id=data.parent_id)
        return unit.id
    unit = versions.locked(session, m.Unit, unit_id,
                           "Unit kerja tidak ditemukan (mungkin sudah dihapus).")
    values = {"name": name, "kind": data.kind, "parent_id": data.parent_id,
              "code": code or unit.code}
    before = {k: getattr(unit, k) for k in values}
    fields = versions.apply(unit, "Unit kerja ini", expected_version, values, UNIT_LABELS,
                            show=lambda f, v: _unit_shown(session, f, v))
    if fields:
        audit.record(session, "ubah", "unit", unit_id,
                     changes={k: values[k] for k in fields if before[k] != values[k]})
    return unit_id


def _unit_shown(session: Session, field: str, value: object) -> str:
    if field == "parent_id" and value is not None:
        value = session.scalar(select(m.Unit.name).where(m.Unit.id == value))
    return versions.shown(value)


def rename_unit(session: Session, unit_id: int, name: str) -> None:
    unit = _unit(session, unit_id)
    save_unit(session, UnitInput(name, unit.parent_id, unit.kind, unit.code), unit_id)


def move_unit(session: Session, unit_id: int, parent_id: int | None) -> None:
    unit = _unit(session, unit_id)
    save_unit(session, UnitInput(unit.name, parent_id, unit.kind, unit.code), unit_id)


def delete_unit(session: Session, unit_id: int) -> None:
    """Delete an empty unit; refuse (in Indonesian, saying what to do) otherwise."""
    unit = _unit(session, unit_id)
    children = session.scalar(select(func.count()).where(m.Unit.parent_id == unit_id)) or 0
    positions = session.scalar(select(func.count()).where(m.Position.unit_id == unit_id)) or 0
    employees = session.scalar(select(func.count()).where(m.Employee.unit_id == unit_id)) or 0
    parts = []
    if children:
        parts.append(f"{children} sub-unit")
    if positions:
        parts.append(f"{positions} jabatan")
    if employees:
        parts.append(f"{employees} pegawai")
    if parts:
        raise ValidationError([
            f"Unit \"{unit.name}\" tidak dapat dihapus karena masih memiliki "
            f"{_join(parts)}. Pindahkan atau hapus lebih dulu isinya."])
    session.delete(unit)
    audit.record(session, "hapus", "unit", unit_id, name=unit.name)


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " dan " + parts[-1]

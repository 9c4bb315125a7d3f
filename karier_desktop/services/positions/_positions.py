"""Positions (jabatan) in units: kinds, rows, edit and delete."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from karier_desktop.services import audit, versions
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.field_limits import too_long
from karier_desktop.services.positions._standards import _levels, default_standard, set_standard
from karier_desktop.store import models as m


# --- positions -------------------------------------------------------------------------------
@dataclass(frozen=True)
class KindChoice:
    code: str
    name: str
    default_level: int


@dataclass(frozen=True)
class PositionRow:
    id: int
    name: str
    kind_code: str
    kind_name: str
    unit_id: int | None
    unit: str
    field: str
    employees: int
    standard_count: int
    opd: str = ""  # the top-level unit (OPD) when the position sits in a sub-unit

    @property
    def unit_path(self) -> str:
        """"Sub-unit, OPD", or just the unit when it is the OPD itself."""
        return f"{self.unit}, {self.opd}" if self.opd else self.unit

    @property
    def has_standard(self) -> bool:
        return self.standard_count > 0


@dataclass(frozen=True)
class PositionInput:
    name: str
    kind_code: str
    unit_id: int | None
    field: str = ""
    version: int | None = None  # row_version the form loaded (None: no check; see save)


def position_kinds(session: Session) -> list[KindChoice]:
    k = m.PositionKind
    return [KindChoice(*row) for row in session.execute(
        select(k.code, k.name, k.default_level).order_by(k.default_level.desc(), k.name))]


def list_positions(session: Session, ids: Iterable[int] | None = None) -> list[PositionRow]:
    p, k, u = m.Position, m.PositionKind, m.Unit
    emp = dict(session.execute(select(m.Employee.position_id, func.count())
                               .where(m.Employee.status == "aktif")
                               .group_by(m.Employee.position_id)).all())
    std = dict(session.execute(select(m.PositionStandard.position_id, func.count())
                               .group_by(m.PositionStandard.position_id)).all())
    stmt = (select(p.id, p.name, p.kind_code, k.name, p.unit_id, u.name, p.field)
            .join(k, k.code == p.kind_code).outerjoin(u, u.id == p.unit_id)
            .order_by(u.name, p.name))
    if ids is not None:
        stmt = stmt.where(p.id.in_(list(ids)))
    stmt = restrict(session, stmt, p.unit_id)
    units = {uid: (name, parent) for uid, name, parent in session.execute(
        select(u.id, u.name, u.parent_id))}
    return [PositionRow(pid, name, kcode, kname, uid, uname or "", fld or "", emp.get(pid, 0),
                        std.get(pid, 0), _opd_name(units, uid))
            for pid, name, kcode, kname, uid, uname, fld in session.execute(stmt)]


def _opd_name(units: dict[int, tuple[str, int | None]], unit_id: int | None) -> str:
    if unit_id is None or units.get(unit_id, ("", None))[1] is None:
        return ""
    cur, hops = unit_id, 0
    while units[cur][1] is not None and hops < 50:
        cur, hops = units[cur][1], hops + 1  # type: ignore[assignment]
    return units[cur][0]


def positions_without_standard(session: Session) -> list[PositionRow]:
    return [row for row in list_positions(session) if not row.has_standard]


def load_position(session: Session, position_id: int) -> PositionInput:
    pos = session.get(m.Position, position_id)
    if pos is None:
        raise ValidationError(["Jabatan tidak ditemukan (mungkin sudah dihapus)."])
    return PositionInput(pos.name, pos.kind_code, pos.unit_id, pos.field or "", pos.row_version)


POSITION_LABELS = {"name": "Nama jabatan", "kind_code": "Jenis jabatan", "unit_id": "Unit kerja",
                   "field": "Bidang"}


def _position_shown(session: Session, field: str, value: object) -> str:
    if value is not None and field == "unit_id":
        value = session.scalar(select(m.Unit.name).where(m.Unit.id == value))
    elif value is not None and field == "kind_code":
        value = session.scalar(select(m.PositionKind.name).where(m.PositionKind.code == value))
    return versions.shown(value)


def save_position(session: Session, data: PositionInput, position_id: int | None = None,
                  with_defaults: bool = False) -> int:
    """Add or edit a position; a new one may get the default standard of its kind at once.

    `data.version` (the row_version the form loaded) refuses a save over a newer change with
    ConflictError; only changed fields are written (services.versions)."""
    errors: list[str] = []
    name = " ".join(data.name.split())
    if not name:
        errors.append("Nama jabatan wajib diisi.")
    if session.get(m.PositionKind, data.kind_code) is None:
        errors.append("Jenis jabatan wajib dipilih dari daftar.")
    errors.extend(too_long("positions", {"name": name, "field": data.field.strip()},
                           {"name": "nama jabatan", "field": "rumpun/bidang jabatan"}))
    if data.unit_id is None:
        errors.append("Unit kerja jabatan wajib dipilih.")
    elif session.get(m.Unit, data.unit_id) is None:
        errors.append("Unit kerja yang dipilih tidak ada lagi; pilih unit lain.")
    if name and data.unit_id is not None:
        same = session.scalar(select(m.Position.id).where(
            m.Position.unit_id == data.unit_id, m.Position.name == name))
        if same is not None and same != position_id:
            errors.append(f"Jabatan \"{name}\" sudah ada di unit ini; pakai nama lain "
                          "atau ubah jabatan yang sudah ada.")
    if errors:
        raise ValidationError(errors)
    values = {"name": name, "kind_code": data.kind_code, "unit_id": data.unit_id,
              "field": data.field.strip() or None}
    if position_id is None:
        new = m.Position(**values)
        session.add(new)
        session.flush()
        audit.record(session, "tambah", "jabatan", new.id, name=name, unit_id=data.unit_id)
        if with_defaults:
            set_standard(session, new.id, _levels(default_standard(session, new.id)))
        return new.id
    pos = versions.locked(session, m.Position, position_id,
                          "Jabatan tidak ditemukan (mungkin sudah dihapus).")
    before = {k: getattr(pos, k) for k in values}
    fields = versions.apply(pos, "Jabatan ini", data.version, values, POSITION_LABELS,
                            show=lambda f, v: _position_shown(session, f, v))
    changed = {k: values[k] for k in fields if before[k] != values[k]}
    if "unit_id" in changed:  # the holders move with their position
        session.execute(update(m.Employee).where(m.Employee.position_id == position_id)
                        .values(unit_id=data.unit_id))
    if changed:
        audit.record(session, "ubah", "jabatan", position_id, changes=changed)
    return position_id


def delete_position(session: Session, position_id: int) -> None:
    """Delete a position and its standard; refused while employees hold it."""
    pos = session.get(m.Position, position_id)
    if pos is None:
        return
    holders = session.scalar(select(func.count()).where(
        m.Employee.position_id == position_id)) or 0
    if holders:
        raise ValidationError([
            f"Jabatan \"{pos.name}\" tidak dapat dihapus karena masih dipegang {holders} "
            "pegawai (termasuk yang sudah pensiun/keluar). Pindahkan pegawai tersebut ke "
            "jabatan lain lebih dulu."])
    session.execute(delete(m.PositionStandard).where(m.PositionStandard.position_id == position_id))
    session.delete(pos)
    audit.record(session, "hapus", "jabatan", position_id, name=pos.name)

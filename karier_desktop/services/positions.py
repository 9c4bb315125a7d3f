"""Units (the OPD tree), positions (jabatan) and their competency standards.

Every change is validated first (bad input raises ValidationError and changes nothing), audited,
and done inside the caller's transaction, so one user action is one unit of work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from karier_desktop.domain import org_tree
from karier_desktop.services import audit
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
    return [UnitRow(uid, code, name, kind, parent, pos.get(uid, 0), emp.get(uid, 0))
            for uid, code, name, kind, parent in session.execute(
                select(u.id, u.code, u.name, u.kind, u.parent_id)
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


def save_unit(session: Session, data: UnitInput, unit_id: int | None = None) -> int:
    """Add a unit, or rename/move/re-code an existing one. An empty code is generated."""
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
    unit = _unit(session, unit_id)
    values = {"name": name, "kind": data.kind, "parent_id": data.parent_id,
              "code": code or unit.code}
    changed = {k: v for k, v in values.items() if getattr(unit, k) != v}
    for key, value in changed.items():
        setattr(unit, key, value)
    if changed:
        audit.record(session, "ubah", "unit", unit_id, changes=changed)
    return unit_id


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
    return PositionInput(pos.name, pos.kind_code, pos.unit_id, pos.field or "")


def save_position(session: Session, data: PositionInput, position_id: int | None = None,
                  with_defaults: bool = False) -> int:
    """Add or edit a position; a new one may get the default standard of its kind at once."""
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
    pos = session.get(m.Position, position_id)
    if pos is None:
        raise ValidationError(["Jabatan tidak ditemukan (mungkin sudah dihapus)."])
    changed = {k: v for k, v in values.items() if getattr(pos, k) != v}
    for key, value in changed.items():
        setattr(pos, key, value)
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


# --- standards -------------------------------------------------------------------------------
@dataclass(frozen=True)
class StandardLine:
    competency_id: int
    code: str
    name: str
    kind: str
    required_level: int
    descriptions: tuple[str, ...]  # level 1..5

    @property
    def description(self) -> str:
        """Description of the required level."""
        return self.level_description(self.required_level)

    def level_description(self, level: int) -> str:
        return self.descriptions[level - 1] if 1 <= level <= len(self.descriptions) else ""


def _descriptions(session: Session, competency_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    ids = list(competency_ids)
    texts: dict[int, list[str]] = {cid: [""] * 5 for cid in ids}
    lv = m.CompetencyLevel
    for cid, level, text in session.execute(select(lv.competency_id, lv.level, lv.description)
                                            .where(lv.competency_id.in_(ids))):
        if 1 <= level <= 5:
            texts[cid][level - 1] = text
    return {cid: tuple(t) for cid, t in texts.items()}


def _lines(session: Session, levels: Mapping[int, int]) -> list[StandardLine]:
    c = m.Competency
    comps = session.execute(select(c.id, c.code, c.name, c.kind)
                            .where(c.id.in_(list(levels)))).all()
    texts = _descriptions(session, levels)
    lines = [StandardLine(cid, code, name, kind, levels[cid], texts[cid])
             for cid, code, name, kind in comps]
    lines.sort(key=lambda ln: (KIND_ORDER.get(ln.kind, 9), ln.code))
    return lines


def _levels(lines: Iterable[StandardLine]) -> dict[int, int]:
    return {ln.competency_id: ln.required_level for ln in lines}


def _stored_levels(session: Session, position_id: int) -> dict[int, int]:
    ps = m.PositionStandard
    return dict(session.execute(select(ps.competency_id, ps.required_level)
                                .where(ps.position_id == position_id)).all())


def get_standard(session: Session, position_id: int) -> list[StandardLine]:
    return _lines(session, _stored_levels(session, position_id))


def describe(session: Session, levels: Mapping[int, int]) -> list[StandardLine]:
    """Lines for levels not (yet) saved, e.g. a technical competency just added in the editor."""
    return _lines(session, levels)


def set_standard(session: Session, position_id: int, levels: Mapping[int, int]) -> None:
    """Replace the whole standard of a position with `levels` (competency id -> level 1..5)."""
    errors: list[str] = []
    pos = session.get(m.Position, position_id)
    if pos is None:
        raise ValidationError(["Jabatan tidak ditemukan (mungkin sudah dihapus)."])
    names = dict(session.execute(select(m.Competency.id, m.Competency.name)
                                 .where(m.Competency.id.in_(list(levels)))).all())
    for cid, level in levels.items():
        if cid not in names:
            errors.append("Ada kompetensi yang tidak ada lagi di kamus; muat ulang standar.")
        elif not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
            errors.append(f"Level {names[cid]} harus 1 sampai 5 (sekarang: {level}).")
    if errors:
        raise ValidationError(errors)
    old = _stored_levels(session, position_id)
    if old == dict(levels):
        return
    ps = m.PositionStandard
    removed = [cid for cid in old if cid not in levels]
    if removed:
        session.execute(delete(ps).where(ps.position_id == position_id,
                                         ps.competency_id.in_(removed)))
    for cid, level in levels.items():
        if cid not in old:
            session.add(ps(position_id=position_id, competency_id=cid, required_level=level))
        elif old[cid] != level:
            session.execute(update(ps).where(ps.position_id == position_id,
                                             ps.competency_id == cid)
                            .values(required_level=level))
    session.flush()
    audit.record(session, "ubah", "standar", position_id,
                 levels={str(k): v for k, v in sorted(levels.items())},
                 removed=sorted(removed))


def default_standard(session: Session, position_id: int) -> list[StandardLine]:
    """The 9 core competencies at the position kind's default level, plus its current teknis."""
    pos = session.get(m.Position, position_id)
    if pos is None:
        raise ValidationError(["Jabatan tidak ditemukan (mungkin sudah dihapus)."])
    level = session.scalar(select(m.PositionKind.default_level)
                           .where(m.PositionKind.code == pos.kind_code)) or 1
    core = session.scalars(select(m.Competency.id).where(m.Competency.kind.in_(CORE_KINDS)))
    levels = {cid: level for cid in core}
    technical = set(session.scalars(select(m.Competency.id)
                                    .where(m.Competency.kind == "teknis")))
    for cid, lvl in _stored_levels(session, position_id).items():
        if cid in technical:
            levels[cid] = lvl
    return _lines(session, levels)


def apply_defaults_to_new(session: Session, position_ids: Iterable[int]) -> int:
    """Positions that have no standard at all (just imported) get the core competencies at
    their kind's default level, in one bulk insert and one audit row (an import of thousands of
    positions would otherwise run a dozen statements per position)."""
    ids = list(dict.fromkeys(position_ids))
    if not ids:
        return 0
    kinds = dict(session.execute(select(m.Position.id, m.Position.kind_code)
                                 .where(m.Position.id.in_(ids))).all())
    level_of = dict(session.execute(select(m.PositionKind.code, m.PositionKind.default_level)).all())
    core = list(session.scalars(select(m.Competency.id).where(m.Competency.kind.in_(CORE_KINDS))))
    rows = [{"position_id": pid, "competency_id": cid,
             "required_level": level_of.get(kinds[pid]) or 1}
            for pid in ids if pid in kinds for cid in core]
    if rows:
        session.execute(insert(m.PositionStandard), rows)
    audit.record(session, "ubah", "standar", None, bawaan_untuk=len(kinds))
    return len(kinds)


def apply_defaults(session: Session, position_ids: Iterable[int]) -> int:
    """Set the default standard of each position; returns how many were processed."""
    count = 0
    for pid in dict.fromkeys(position_ids):
        set_standard(session, pid, _levels(default_standard(session, pid)))
        count += 1
    return count


def copy_standard(session: Session, from_position_id: int,
                  to_position_ids: Iterable[int]) -> int:
    """Replace the standard of each target with the source's; returns how many were copied."""
    source = session.get(m.Position, from_position_id)
    if source is None:
        raise ValidationError(["Jabatan sumber tidak ditemukan (mungkin sudah dihapus)."])
    levels = _stored_levels(session, from_position_id)
    if not levels:
        raise ValidationError([f"Jabatan \"{source.name}\" belum memiliki standar untuk disalin; "
                               "isi dan simpan standarnya lebih dulu."])
    targets = [pid for pid in dict.fromkeys(to_position_ids) if pid != from_position_id]
    if not targets:
        raise ValidationError(["Pilih sedikitnya satu jabatan tujuan."])
    existing = set(session.scalars(select(m.Position.id).where(m.Position.id.in_(targets))))
    missing = [pid for pid in targets if pid not in existing]
    if missing:
        raise ValidationError([f"{len(missing)} jabatan tujuan tidak ditemukan lagi; "
                               "muat ulang daftar jabatan."])
    for pid in targets:
        set_standard(session, pid, levels)
    audit.record(session, "salin", "standar", from_position_id, to=targets)
    return len(targets)

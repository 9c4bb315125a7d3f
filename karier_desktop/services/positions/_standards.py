"""Competency standards of positions: lines with descriptions, set, defaults and copies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from karier_desktop.services import audit, versions
from karier_desktop.services.errors import ConflictError, ValidationError
from karier_desktop.services.positions._units import CORE_KINDS, KIND_ORDER
from karier_desktop.store import models as m


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


def standard_version(session: Session, position_id: int) -> int:
    """The version of a position's standard as an editor loads it (the position's row_version,
    which every saved standard moves)."""
    return session.scalar(select(m.Position.row_version).where(m.Position.id == position_id)) or 0


def set_standard(session: Session, position_id: int, levels: Mapping[int, int],
                 expected_version: int | None = None) -> None:
    """Replace the whole standard of a position with `levels` (competency id -> level 1..5).

    `expected_version` (standard_version() when the editor loaded it): a standard saved by
    someone else meanwhile is refused with ConflictError naming each competency's levels."""
    errors: list[str] = []
    pos = versions.locked(session, m.Position, position_id,
                          "Jabatan tidak ditemukan (mungkin sudah dihapus).")
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
    if expected_version is not None and pos.row_version != expected_version:
        named = dict(session.execute(select(m.Competency.id, m.Competency.name).where(
            m.Competency.id.in_(set(old) | set(levels)))).all())
        raise ConflictError("Standar kompetensi jabatan ini", [
            (f"Level {named.get(cid, cid)}", versions.shown(levels.get(cid)),
             versions.shown(old.get(cid)))
            for cid in sorted(set(old) | set(levels)) if old.get(cid) != levels.get(cid)])
    pos.row_version = pos.row_version + 1  # the standard is part of the position's version
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
        # the standard is part of the position's version (an editor open on it is now stale)
        p = m.Position.__table__
        for start in range(0, len(ids), 500):
            session.execute(update(p).where(p.c.id.in_(ids[start:start + 500]))
                            .values(row_version=p.c.row_version + 1))
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

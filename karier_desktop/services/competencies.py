"""The competency dictionary (kamus kompetensi): list, details, add technical ones, edit, delete.

The 8 managerial and 1 socio-cultural competencies come from PermenPANRB 38/2017: their texts
may be adapted by the office but they cannot be deleted or renamed. Technical competencies are
the office's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from karier_desktop.domain.competency import KIND_LABELS
from karier_desktop.services import audit
from karier_desktop.services.errors import ValidationError
from karier_desktop.store import models as m

KIND_ORDER = {"manajerial": 0, "sosial_kultural": 1, "teknis": 2}
LEVELS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class CompetencyRow:
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    field: str
    positions: int  # how many position standards use it


@dataclass(frozen=True)
class LevelText:
    level: int
    description: str
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class CompetencyDetail:
    id: int
    code: str
    name: str
    kind: str
    field: str
    definition: str
    levels: tuple[LevelText, ...]  # always 5, level 1 first

    @property
    def is_core(self) -> bool:
        return self.kind != "teknis"


@dataclass(frozen=True)
class LevelInput:
    description: str
    indicators: Sequence[str] = ()


@dataclass(frozen=True)
class CompetencyInput:
    """What the clerk typed; for core competencies code, name and field are ignored."""

    code: str
    name: str
    definition: str
    levels: Sequence[LevelInput]
    field: str = ""


@dataclass(frozen=True)
class Usage:
    standards: int
    results: int
    targets: int
    plan_items: int

    @property
    def used(self) -> bool:
        return bool(self.standards or self.results or self.targets or self.plan_items)


def list_competencies(session: Session, kind: str | None = None) -> list[CompetencyRow]:
    c = m.Competency
    used = dict(session.execute(select(m.PositionStandard.competency_id, func.count())
                                .group_by(m.PositionStandard.competency_id)).all())
    stmt = select(c.id, c.code, c.name, c.kind, c.field)
    if kind:
        stmt = stmt.where(c.kind == kind)
    rows = [CompetencyRow(cid, code, name, knd, KIND_LABELS.get(knd, knd), fld or "",
                          used.get(cid, 0))
            for cid, code, name, knd, fld in session.execute(stmt)]
    rows.sort(key=lambda r: (KIND_ORDER.get(r.kind, 9), r.code))
    return rows


def get_competency(session: Session, competency_id: int) -> CompetencyDetail:
    comp = session.get(m.Competency, competency_id)
    if comp is None:
        raise ValidationError(["Kompetensi tidak ditemukan (mungkin sudah dihapus)."])
    lv = m.CompetencyLevel
    found = {level: (text, ind) for level, text, ind in session.execute(
        select(lv.level, lv.description, lv.indicators).where(lv.competency_id == competency_id))}
    levels = tuple(LevelText(n, found.get(n, ("", ""))[0],
                             tuple(x.strip() for x in (found.get(n, ("", ""))[1] or "")
                                   .splitlines() if x.strip()))
                   for n in LEVELS)
    return CompetencyDetail(comp.id, comp.code, comp.name, comp.kind, comp.field or "",
                            comp.definition or "", levels)


def fields(session: Session) -> list[str]:
    """Technical fields already in use, for the field combo box."""
    return sorted(f for f in session.scalars(select(m.Competency.field).distinct()) if f)


def _validate_levels(levels: Sequence[LevelInput]) -> list[str]:
    if len(levels) != 5:
        return ["Isi deskripsi untuk kelima level (1 sampai 5)."]
    missing = [str(n) for n, lvl in zip(LEVELS, levels, strict=True)
               if not lvl.description.strip()]
    if missing:
        return [f"Deskripsi level {', '.join(missing)} wajib diisi."]
    return []


def _write_levels(session: Session, competency_id: int, levels: Sequence[LevelInput]) -> None:
    for n, lvl in zip(LEVELS, levels, strict=True):
        indicators = "\n".join(x.strip() for x in lvl.indicators if x.strip())
        row = session.get(m.CompetencyLevel, (competency_id, n))
        if row is None:
            session.add(m.CompetencyLevel(competency_id=competency_id, level=n,
                                          description=lvl.description.strip(),
                                          indicators=indicators))
        else:
            row.description = lvl.description.strip()
            row.indicators = indicators


def _check_identity(session: Session, data: CompetencyInput,
                    competency_id: int | None) -> tuple[list[str], str, str]:
    errors: list[str] = []
    code = data.code.strip().upper()
    name = " ".join(data.name.split())
    if not code:
        errors.append("Kode kompetensi wajib diisi (mis. T.29).")
    else:
        other = session.scalar(select(m.Competency.id)
                               .where(func.upper(m.Competency.code) == code))
        if other is not None and other != competency_id:
            errors.append(f"Kode {code} sudah dipakai kompetensi lain; isi kode yang lain.")
    if not name:
        errors.append("Nama kompetensi wajib diisi.")
    else:
        other = session.scalar(select(m.Competency.id)
                               .where(func.lower(m.Competency.name) == name.lower()))
        if other is not None and other != competency_id:
            errors.append(f"Kompetensi bernama \"{name}\" sudah ada di kamus.")
    return errors, code, name


def add_technical(session: Session, data: CompetencyInput) -> int:
    """Add a technical competency with its five level descriptions; returns its id."""
    errors, code, name = _check_identity(session, data, None)
    errors += _validate_levels(data.levels)
    if errors:
        raise ValidationError(errors)
    comp = m.Competency(code=code, name=name, kind="teknis", definition=data.definition.strip(),
                        field=data.field.strip() or None)
    session.add(comp)
    session.flush()
    _write_levels(session, comp.id, data.levels)
    audit.record(session, "tambah", "kompetensi", comp.id, code=code, name=name)
    return comp.id


def update_competency(session: Session, competency_id: int, data: CompetencyInput) -> None:
    """Save definition and level texts; for technical ones also code, name and field."""
    comp = session.get(m.Competency, competency_id)
    if comp is None:
        raise ValidationError(["Kompetensi tidak ditemukan (mungkin sudah dihapus)."])
    errors = _validate_levels(data.levels)
    code, name = comp.code, comp.name
    if comp.kind == "teknis":
        more, code, name = _check_identity(session, data, competency_id)
        errors = more + errors
    if errors:
        raise ValidationError(errors)
    comp.definition = data.definition.strip()
    if comp.kind == "teknis":
        comp.code, comp.name, comp.field = code, name, data.field.strip() or None
    _write_levels(session, competency_id, data.levels)
    audit.record(session, "ubah", "kompetensi", competency_id, code=code)


def usage(session: Session, competency_id: int) -> Usage:
    def count(column: InstrumentedAttribute[int | None]) -> int:
        return session.scalar(select(func.count()).where(column == competency_id)) or 0

    return Usage(standards=count(m.PositionStandard.competency_id),
                 results=count(m.AssessmentResult.competency_id),
                 targets=count(m.ProgrammeTarget.competency_id),
                 plan_items=count(m.PlanItem.competency_id))


def delete_competency(session: Session, competency_id: int) -> None:
    """Delete an unused technical competency; refuse, saying where it is used, otherwise."""
    comp = session.get(m.Competency, competency_id)
    if comp is None:
        return
    if comp.kind != "teknis":
        raise ValidationError([
            f"{comp.name} adalah kompetensi {KIND_LABELS.get(comp.kind, comp.kind).lower()} "
            "dari PermenPANRB 38/2017 dan tidak dapat dihapus; deskripsinya boleh diubah."])
    use = usage(session, competency_id)
    if use.used:
        places = []
        if use.standards:
            places.append(f"standar {use.standards} jabatan")
        if use.results:
            places.append(f"{use.results} hasil asesmen")
        if use.targets:
            places.append(f"{use.targets} target program pelatihan")
        if use.plan_items:
            places.append(f"{use.plan_items} butir rencana pengembangan (IDP)")
        text = places[0] if len(places) == 1 else ", ".join(places[:-1]) + " dan " + places[-1]
        raise ValidationError([
            f"Kompetensi {comp.code} {comp.name} tidak dapat dihapus karena masih dipakai di "
            f"{text}. Hapus dulu kompetensi ini dari tempat-tempat tersebut."])
    session.delete(comp)  # its level rows go with it (ON DELETE CASCADE)
    session.flush()
    audit.record(session, "hapus", "kompetensi", competency_id, code=comp.code, name=comp.name)

"""Competency assessments: the list, one assessment with its levels, entering and editing.

An assessment is one event (date, method, assessor) with a level 1–5 for some competencies.
It is stale when it is older than the office's validity (3 years by default; see gaps.py for the
same cut-off). Every change is validated first, written in one transaction and audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import delete as sql_delete
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import format_nip
from karier_desktop.domain.textclean import found_in, search_text
from karier_desktop.domain.textfmt import format_date_id, full_name
from karier_desktop.services import audit, versions
from karier_desktop.services import settings as settings_service
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.assessment_table import (
    AssessmentFilter,
    AssessmentRow,
    AssessmentTable,
    AttentionRow,
    empty_table,
    read_table,
)
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.gaps import KIND_ORDER, validity_cutoff
from karier_desktop.services.start.rows import EmployeeRow, person_texts
from karier_desktop.store import models as m

METHODS = ("Assessment Center", "Uji Kompetensi", "Penilaian Atasan")
MAX_METHOD = 60
MAX_ASSESSOR = 150

__all__ = ["AssessmentFilter", "AssessmentRow", "AssessmentTable", "AttentionRow",
           "ValidationError", "empty_table", "read_table"]


def list_rows(session: Session, today: dt.date | None = None,
              flt: AssessmentFilter | None = None,
              known: Mapping[int, EmployeeRow] | None = None) -> list[AssessmentRow]:
    """Every assessment, newest first, with the employee and a stale flag, as rows (the page
    keeps the columns of `read_table` instead)."""
    return read_table(session, today, known).rows(flt)


def apply_filter(rows: list[AssessmentRow], f: AssessmentFilter) -> list[AssessmentRow]:
    """Filter prepared rows in Python; a NIP typed with spaces matches its digits."""
    text = search_text(f.text)
    return [x for x in rows if (not text or found_in(text, x.person_key, x.event_key))
            and (f.opd_id is None or x.opd_id == f.opd_id) and (not f.stale_only or x.stale)]


@dataclass(frozen=True)
class LevelLine:
    competency_id: int
    code: str
    name: str
    kind: str
    required: int | None  # None when the competency is not in the current standard
    previous: int | None  # latest level from another, earlier assessment
    level: int | None  # the level in this assessment (None on a new form)
    descriptions: tuple[str, ...]  # descriptions of levels 1..5 ("" when missing)


@dataclass(frozen=True)
class AssessmentForm:
    """What the dialog shows: the employee and one line per competency to rate."""

    employee_id: int
    employee_name: str
    nip_display: str
    position: str
    lines: tuple[LevelLine, ...]
    assessment_id: int | None = None
    assessed_on: dt.date | None = None
    method: str = METHODS[0]
    assessor: str = ""
    note: str = ""
    version: int | None = None  # row_version as loaded; the dialog passes it back


@dataclass(frozen=True)
class AssessmentInput:
    employee_id: int
    assessed_on: dt.date | None
    method: str
    assessor: str = ""
    note: str = ""
    levels: Mapping[int, int] = field(default_factory=dict)  # competency id -> level 1..5
    version: int | None = None  # row_version the form loaded (None: no check)


def _descriptions(session: Session, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {cid: [""] * 5 for cid in ids}
    for cid, level, text in session.execute(
            select(m.CompetencyLevel.competency_id, m.CompetencyLevel.level,
                   m.CompetencyLevel.description)
            .where(m.CompetencyLevel.competency_id.in_(ids))):
        if 1 <= level <= 5:
            out[cid][level - 1] = text
    return out


def _previous_levels(session: Session, employee_id: int, before: m.Assessment | None
                     ) -> dict[int, int]:
    """Latest level per competency from the employee's other assessments (older ones only
    when editing `before`)."""
    a, r = m.Assessment, m.AssessmentResult
    stmt = (select(r.competency_id, r.level, a.assessed_on, a.id).join(a, a.id == r.assessment_id)
            .where(a.employee_id == employee_id).order_by(a.assessed_on, a.id))
    if before is not None:
        stmt = stmt.where(a.id != before.id, a.assessed_on <= before.assessed_on)
    return {cid: level for cid, level, _d, _i in session.execute(stmt)}


def _form(session: Session, emp: m.Employee, assessment: m.Assessment | None) -> AssessmentForm:
    c, ps = m.Competency, m.PositionStandard
    standard: dict[int, tuple[str, str, str, int | None]] = {
        cid: (code, name, kind, req) for cid, code, name, kind, req in session.execute(
            select(c.id, c.code, c.name, c.kind, ps.required_level)
            .join(ps, ps.competency_id == c.id).where(ps.position_id == (emp.position_id or -1)))}
    if not standard:  # no standard yet: offer the nine competencies every position has
        for cid, code, name, kind in session.execute(
                select(c.id, c.code, c.name, c.kind)
                .where(c.kind.in_(("manajerial", "sosial_kultural")))):
            standard[cid] = (code, name, kind, None)
    current: dict[int, int] = {}
    if assessment is not None:
        current = dict(session.execute(
            select(m.AssessmentResult.competency_id, m.AssessmentResult.level)
            .where(m.AssessmentResult.assessment_id == assessment.id)).all())
        extra = [cid for cid in current if cid not in standard]
        for cid, code, name, kind in session.execute(
                select(c.id, c.code, c.name, c.kind).where(c.id.in_(extra))):
            standard[cid] = (code, name, kind, None)
    previous = _previous_levels(session, emp.id, assessment)
    texts = _descriptions(session, list(standard))
    lines = sorted(
        (LevelLine(cid, code, name, kind, req, previous.get(cid), current.get(cid),
                   tuple(texts.get(cid, [""] * 5)))
         for cid, (code, name, kind, req) in standard.items()),
        key=lambda ln: (KIND_ORDER.get(ln.kind, 9), ln.code))
    position = session.get(m.Position, emp.position_id) if emp.position_id else None
    return AssessmentForm(
        employee_id=emp.id, employee_name=full_name(emp.name, emp.front_title, emp.back_title),
        nip_display=format_nip(emp.nip), position=position.name if position else "",
        lines=tuple(lines), assessment_id=assessment.id if assessment else None,
        assessed_on=assessment.assessed_on if assessment else None,
        method=assessment.method if assessment else METHODS[0],
        assessor=(assessment.assessor or "") if assessment else "",
        note=(assessment.note or "") if assessment else "",
        version=assessment.row_version if assessment else None)


def new_form(session: Session, employee_id: int) -> AssessmentForm:
    """The form for a new assessment: the competencies of the employee's position standard."""
    emp = session.get(m.Employee, employee_id)
    if emp is None:
        raise LookupError("Pegawai tidak ditemukan (mungkin sudah dihapus).")
    return _form(session, emp, None)


def get(session: Session, assessment_id: int) -> AssessmentForm:
    """One assessment with its levels (and the standard's other competencies, unrated)."""
    assessment = session.get(m.Assessment, assessment_id)
    if assessment is None:
        raise LookupError("Asesmen tidak ditemukan (mungkin sudah dihapus).")
    emp = session.get(m.Employee, assessment.employee_id)
    assert emp is not None
    return _form(session, emp, assessment)


def validate(session: Session, data: AssessmentInput, today: dt.date | None = None) -> list[str]:
    today = today or dt.date.today()
    errors: list[str] = []
    if session.get(m.Employee, data.employee_id) is None:
        errors.append("Pilih pegawai yang dinilai (pegawai tidak ditemukan).")
    if data.assessed_on is None:
        errors.append("Tanggal asesmen wajib diisi.")
    elif data.assessed_on > today:
        errors.append(f"Tanggal asesmen ({format_date_id(data.assessed_on)}) tidak boleh "
                      f"setelah hari ini ({format_date_id(today)}); periksa tanggalnya.")
    elif data.assessed_on.year < 1990:
        errors.append("Tanggal asesmen sebelum tahun 1990; periksa tanggalnya.")
    method = data.method.strip()
    if not method:
        errors.append("Metode asesmen wajib diisi (mis. Assessment Center atau Uji Kompetensi).")
    elif len(method) > MAX_METHOD:
        errors.append(f"Metode asesmen terlalu panjang (maksimal {MAX_METHOD} huruf).")
    if len(data.assessor.strip()) > MAX_ASSESSOR:
        errors.append(f"Nama asesor/penyelenggara terlalu panjang (maksimal {MAX_ASSESSOR} huruf).")
    if not data.levels:
        errors.append("Isi level minimal satu kompetensi.")
    names = dict(session.execute(select(m.Competency.id, m.Competency.name)
                                 .where(m.Competency.id.in_(list(data.levels)))).all())
    for cid, level in data.levels.items():
        if cid not in names:
            errors.append("Ada kompetensi yang tidak ada lagi di kamus; buka ulang formulir.")
        elif not isinstance(level, int) or not 1 <= level <= 5:
            errors.append(f"Level {names[cid]} harus 1 sampai 5 (terisi {level}).")
    return errors


def save(session: Session, data: AssessmentInput, assessment_id: int | None = None,
         today: dt.date | None = None) -> int:
    """Create or replace one assessment with its levels; ValidationError changes nothing."""
    errors = validate(session, data, today)
    if errors:
        raise ValidationError(errors)
    assert data.assessed_on is not None
    values = dict(employee_id=data.employee_id, assessed_on=data.assessed_on,
                  method=data.method.strip(), assessor=data.assessor.strip() or None,
                  note=data.note.strip() or None)
    if assessment_id is None:
        assessment = m.Assessment(**values)
        session.add(assessment)
        session.flush()
        action = "tambah"
    else:
        assessment = versions.locked(session, m.Assessment, assessment_id,
                                     "Asesmen tidak ditemukan (mungkin sudah dihapus).")
        if not _update(session, assessment, values, data):
            return assessment.id
        action = "ubah"
    if action == "tambah":
        session.add_all(m.AssessmentResult(assessment_id=assessment.id, competency_id=cid,
                                           level=lvl) for cid, lvl in data.levels.items())
    session.flush()
    audit.record(session, action, "asesmen", assessment.id, employee_id=data.employee_id,
                 date=data.assessed_on.isoformat(), levels=len(data.levels))
    return assessment.id


ASSESSMENT_LABELS = {"employee_id": "Pegawai", "assessed_on": "Tanggal asesmen",
                     "method": "Metode", "assessor": "Asesor", "note": "Catatan"}


def _update(session: Session, assessment: m.Assessment, values: dict[str, object],
            data: AssessmentInput) -> bool:
    """Write only what the clerk changed (fields and levels); refuse (ConflictError) when the
    assessment was saved by someone else since the form loaded it. True if anything changed."""
    r = m.AssessmentResult
    saved = dict(session.execute(select(r.competency_id, r.level)
                                 .where(r.assessment_id == assessment.id)).all())
    mine = dict(data.levels)
    level_diff = versions.apply_with_competencies(
        session, assessment, "Asesmen ini", data.version, values, ASSESSMENT_LABELS, saved, mine,
        lambda name: f"Level {name}")
    if level_diff is None:
        return False
    gone = [cid for cid in level_diff if cid not in mine]
    if gone:
        session.execute(sql_delete(r).where(r.assessment_id == assessment.id,
                                            r.competency_id.in_(gone)))
    for cid in level_diff:
        if cid in mine and cid in saved:
            session.execute(update(r).where(r.assessment_id == assessment.id,
                                            r.competency_id == cid).values(level=mine[cid]))
        elif cid in mine:
            session.add(r(assessment_id=assessment.id, competency_id=cid, level=mine[cid]))
    return True


def delete(session: Session, assessment_id: int) -> None:
    audit.delete_employee_record(session, m.Assessment, assessment_id, "asesmen")


@dataclass(frozen=True)
class EmployeeChoice:
    id: int
    label: str  # "Nama, gelar — 19850312 201001 1 005"


def employee_choices(session: Session) -> list[EmployeeChoice]:
    """Active employees for the picker, by name."""
    e = m.Employee
    return [EmployeeChoice(eid, f"{full_name(name, front, back)} — {format_nip(nip)}")
            for eid, name, front, back, nip in session.execute(restrict(
                session, select(e.id, e.name, e.front_title, e.back_title, e.nip)
                .where(e.status == "aktif").order_by(e.name), e.unit_id))]


def stale_or_missing(session: Session, today: dt.date | None = None,
                     known: Mapping[int, EmployeeRow] | None = None) -> list[AttentionRow]:
    """Active employees whose latest assessment is stale or who were never assessed,
    never-assessed first, then the oldest assessments (`known`: as in list_rows)."""
    today = today or dt.date.today()
    cutoff = validity_cutoff(today, settings_service.load(session).assessment_validity_years)
    e, a = m.Employee, m.Assessment
    latest = (select(a.employee_id.label("eid"), func.max(a.assessed_on).label("d"))
              .group_by(a.employee_id).subquery())
    stmt = (select(e.id, e.nip, e.name, e.front_title, e.back_title, m.Unit.name, latest.c.d)
            .outerjoin(latest, latest.c.eid == e.id)
            .outerjoin(m.Unit, m.Unit.id == e.unit_id)
            .where(e.status == "aktif", latest.c.d.is_(None) | (latest.c.d <= cutoff)))
    stmt = restrict(session, stmt, e.unit_id)
    units: dict[str | None, str] = {}  # unit names and dates: one object per value
    days: dict[dt.date | None, dt.date | None] = {}
    rows = [AttentionRow(eid, *person_texts(known, eid, nip, full_name(name, front, back))[:2],
                         units.setdefault(unit, unit or ""), days.setdefault(last, last),
                         "Belum pernah diases" if last is None else "Kedaluwarsa")
            for eid, nip, name, front, back, unit, last in session.execute(stmt)]
    rows.sort(key=lambda x: (x.last_assessed_on is not None,
                             x.last_assessed_on or dt.date.min, x.name))
    return rows

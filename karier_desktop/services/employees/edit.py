"""Adding, changing, moving, retiring and deleting employees: validated, audited, atomic."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import NipError, check_against, parse_nip
from karier_desktop.domain.ranks import RankError, parse_rank
from karier_desktop.domain.textclean import invisible_message, squeeze
from karier_desktop.services import audit, versions
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.errors import ValidationError as ValidationError  # re-exported
from karier_desktop.services.field_limits import too_long
from karier_desktop.store import models as m

EMPLOYEE_TYPES = ("PNS", "CPNS", "PPPK", "PPPK Paruh Waktu")
STATUSES = ("aktif", "pensiun", "keluar")
# how the dialog names the fields, for length messages
FIELD_LABELS = {"name": "nama", "front_title": "gelar depan", "back_title": "gelar belakang",
                "birth_place": "tempat lahir", "education": "pendidikan"}
EDUCATION_LEVELS = ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")


@dataclass(frozen=True)
class EmployeeInput:
    nip: str
    name: str
    sex: str
    birth_date: dt.date | None
    employee_type: str = "PNS"
    front_title: str = ""
    back_title: str = ""
    birth_place: str = ""
    rank: str = ""
    rank_tmt: dt.date | None = None
    position_id: int | None = None
    unit_id: int | None = None
    supervisor_id: int | None = None
    education: str = ""
    status: str = "aktif"
    retired_on: dt.date | None = None


@dataclass(frozen=True)
class EmployeeRecord:
    """An employee as the edit dialog shows it."""

    id: int
    data: EmployeeInput
    version: int = 1  # row_version as loaded; passed back to save()


FIELD_LABELS = {
    "nip": "NIP", "name": "Nama", "front_title": "Gelar depan", "back_title": "Gelar belakang",
    "sex": "Jenis kelamin", "birth_date": "Tanggal lahir", "birth_place": "Tempat lahir",
    "employee_type": "Jenis pegawai", "rank_code": "Golongan", "rank_tmt": "TMT golongan",
    "position_id": "Jabatan", "unit_id": "Unit kerja", "supervisor_id": "Atasan langsung",
    "education": "Pendidikan", "status": "Status", "retired_on": "Tanggal berhenti",
}


def load(session: Session, employee_id: int) -> EmployeeRecord:
    e = session.get(m.Employee, employee_id)
    if e is None:
        raise LookupError("Pegawai tidak ditemukan (mungkin sudah dihapus).")
    return EmployeeRecord(e.id, EmployeeInput(
        nip=e.nip, name=e.name, sex=e.sex, birth_date=e.birth_date,
        employee_type=e.employee_type, front_title=e.front_title or "",
        back_title=e.back_title or "", birth_place=e.birth_place or "", rank=e.rank_code or "",
        rank_tmt=e.rank_tmt, position_id=e.position_id, unit_id=e.unit_id,
        supervisor_id=e.supervisor_id, education=e.education or "", status=e.status,
        retired_on=e.retired_on), e.row_version)


def validate(session: Session, data: EmployeeInput, employee_id: int | None = None,
             today: dt.date | None = None) -> tuple[list[str], str, str | None]:
    """Return (messages, normalised NIP, rank code)."""
    errors: list[str] = []
    nip = ""
    rank_code: str | None = None
    for label, text in (("NIP", data.nip), ("Nama", data.name), ("Gelar depan", data.front_title),
                        ("Gelar belakang", data.back_title), ("Tempat lahir", data.birth_place)):
        problem = invisible_message(text, label)
        if problem:
            errors.append(problem + ".")
    if errors:
        return errors, nip, rank_code
    if data.employee_type not in EMPLOYEE_TYPES:
        errors.append("Jenis pegawai harus PNS, CPNS, PPPK atau PPPK Paruh Waktu.")
    try:
        info = parse_nip(data.nip, data.employee_type if data.employee_type in EMPLOYEE_TYPES
                         else "PNS", today=today)
        nip = info.nip
        errors.extend(check_against(info, data.birth_date, data.sex or None))
    except NipError as exc:
        errors.append(str(exc))
    if not data.name.strip():
        errors.append("Nama pegawai wajib diisi.")
    if data.sex not in ("L", "P"):
        errors.append("Jenis kelamin wajib dipilih (L atau P).")
    if data.birth_date is None:
        errors.append("Tanggal lahir wajib diisi.")
    if data.rank.strip():
        system = "PPPK" if data.employee_type.startswith("PPPK") else "PNS"
        try:
            rank_code = parse_rank(data.rank, system).code
        except RankError as exc:
            errors.append(str(exc))
    if data.status not in STATUSES:
        errors.append("Status harus aktif, pensiun atau keluar.")
    if data.status != "aktif" and data.retired_on is None:
        errors.append("Isi tanggal berhenti untuk pegawai yang pensiun atau keluar.")
    errors.extend(too_long("employees", {
        "name": data.name.strip(), "front_title": data.front_title.strip(),
        "back_title": data.back_title.strip(), "birth_place": data.birth_place.strip(),
        "education": data.education.strip()}, FIELD_LABELS))
    if nip:
        other = session.scalar(select(m.Employee.id).where(m.Employee.nip == nip))
        if other is not None and other != employee_id:
            errors.append(f"NIP {nip} sudah dipakai pegawai lain.")
    if data.position_id is not None and session.get(m.Position, data.position_id) is None:
        errors.append("Jabatan yang dipilih tidak ada lagi; pilih jabatan lain.")
    if data.supervisor_id is not None and data.supervisor_id == employee_id:
        errors.append("Atasan langsung tidak boleh pegawai itu sendiri.")
    return errors, nip, rank_code


def save(session: Session, data: EmployeeInput, employee_id: int | None = None,
         expected_version: int | None = None) -> int:
    """Create or update one employee; raises ValidationError and changes nothing on bad input.

    `expected_version`: the row_version the form loaded; a newer saved change is refused with
    ConflictError (services.versions) naming the fields. Only changed fields are written.
    """
    errors, nip, rank_code = validate(session, data, employee_id)
    if errors:
        raise ValidationError(errors)
    unit_id = data.unit_id
    if data.position_id is not None:
        position = session.get(m.Position, data.position_id)
        if position is not None and position.unit_id is not None:
            unit_id = position.unit_id
    values = dict(
        nip=nip, name=squeeze(data.name), front_title=squeeze(data.front_title) or None,
        back_title=squeeze(data.back_title) or None, sex=data.sex, birth_date=data.birth_date,
        birth_place=squeeze(data.birth_place) or None, employee_type=data.employee_type,
        rank_code=rank_code, rank_tmt=data.rank_tmt, position_id=data.position_id,
        unit_id=unit_id, supervisor_id=data.supervisor_id, education=data.education or None,
        status=data.status, retired_on=data.retired_on if data.status != "aktif" else None)
    if employee_id is None:
        emp = m.Employee(**values)
        session.add(emp)
        session.flush()
        audit.record(session, "tambah", "pegawai", emp.id)
        return emp.id
    emp = versions.locked(session, m.Employee, employee_id,
                          "Pegawai tidak ditemukan (mungkin sudah dihapus).")
    changed = versions.apply(emp, "Data pegawai ini", expected_version, values, FIELD_LABELS,
                             show=lambda field, value: _shown(session, field, value))
    if changed:
        audit.record(session, "ubah", "pegawai", emp.id, fields=sorted(changed))
    return emp.id


def _shown(session: Session, field: str, value: object) -> str:
    """An employee field as the conflict message shows it (ids as names)."""
    if value is not None:
        if field == "position_id":
            value = session.scalar(select(m.Position.name).where(m.Position.id == value))
        elif field == "unit_id":
            value = session.scalar(select(m.Unit.name).where(m.Unit.id == value))
        elif field == "supervisor_id":
            value = session.scalar(select(m.Employee.name).where(m.Employee.id == value))
        elif field == "sex":
            value = {"L": "Laki-laki", "P": "Perempuan"}.get(str(value), value)
    return versions.shown(value)


def delete_employee(session: Session, employee_id: int) -> None:
    emp = session.get(m.Employee, employee_id)
    if emp is None:
        return
    for sub in session.scalars(select(m.Employee).where(m.Employee.supervisor_id == employee_id)):
        sub.supervisor_id = None
    session.delete(emp)
    audit.record(session, "hapus", "pegawai", employee_id)


@dataclass(frozen=True)
class Choice:
    id: int
    label: str


def position_choices(session: Session) -> list[Choice]:
    return [Choice(pid, f"{name} — {unit or '-'}") for pid, name, unit in session.execute(restrict(
        session, select(m.Position.id, m.Position.name, m.Unit.name)
        .outerjoin(m.Unit, m.Unit.id == m.Position.unit_id), m.Position.unit_id)
        .order_by(m.Unit.name, m.Position.name))]


def unit_choices(session: Session) -> list[Choice]:
    return [Choice(uid, name) for uid, name in session.execute(restrict(
        session, select(m.Unit.id, m.Unit.name).order_by(m.Unit.name), m.Unit.id))]


def supervisor_choices(session: Session, unit_id: int | None) -> list[Choice]:
    """Active employees in structural positions of the same OPD (or everyone if no unit)."""
    from karier_desktop.services.employees import root_of

    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    roots = root_of(parents)
    opd = roots.get(unit_id) if unit_id else None
    e, p = m.Employee, m.Position
    stmt = (select(e.id, e.name, p.name, e.unit_id).join(p, p.id == e.position_id)
            .where(e.status == "aktif",
                   p.kind_code.in_(("jpt_utama", "jpt_madya", "jpt_pratama", "administrator",
                                    "pengawas"))).order_by(e.name))
    return [Choice(eid, f"{name} — {pos}") for eid, name, pos, uid in session.execute(stmt)
            if opd is None or roots.get(uid) == opd]


def rank_choices(session: Session, system: str) -> list[str]:
    return list(session.scalars(select(m.Rank.code).where(m.Rank.system == system)
                                .order_by(m.Rank.order)))

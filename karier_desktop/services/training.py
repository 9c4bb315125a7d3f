"""Training: the programme catalogue, training records, JP conversion and 20-JP compliance.

Programmes are catalogue entries (form of development, provider, JP, cost, target competencies);
records are what an employee took part in (or is registered for). JP of a year counts finished
records ("selesai") by their start date, as on the employee page. Every change is validated,
written in one transaction and audited; bad input raises ValidationError and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete as sql_delete
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.domain.jp import JpRule, convert_to_jp, jp_shortfall
from karier_desktop.domain.nip import format_nip
from karier_desktop.domain.textfmt import format_date_id, format_rupiah, full_name
from karier_desktop.services import audit
from karier_desktop.services import settings as settings_service
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.employees import jp_by_employee, root_of
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.reference_data import DevelopmentFormRow, list_development_forms
from karier_desktop.store import models as m

STATUSES = ("rencana", "selesai", "batal")
COST_BASES = {"per_participant": "per peserta", "per_class": "per kelas"}

__all__ = ["ValidationError"]


# --- the JP helper ------------------------------------------------------------------------
def estimate_jp(form: DevelopmentFormRow, quantity: float, months: int = 1) -> float:
    """JP for `quantity` units of `form` (e.g. 3 hari seminar -> 12 JP); the monthly cap of
    coaching/mentoring applies over `months` months."""
    cap = None if not form.max_units_per_month else form.max_units_per_month * max(1, months)
    return convert_to_jp(JpRule(form.jp_unit, float(form.jp_per_unit), cap), quantity)


def jp_for(session: Session, form_code: str, quantity: float, months: int = 1) -> float:
    """The same, with the form's conversion as the office set it in Pengaturan."""
    form = next((f for f in list_development_forms(session) if f.code == form_code), None)
    if form is None:
        raise ValidationError([f"Bentuk pengembangan '{form_code}' tidak ditemukan."])
    return estimate_jp(form, quantity, months)


# --- catalogue ----------------------------------------------------------------------------
@dataclass(frozen=True)
class TargetInput:
    competency_id: int
    to_level: int
    gain: int = 1


@dataclass(frozen=True)
class ProgrammeInput:
    code: str
    title: str
    form_code: str
    provider: str = ""
    jp: float = 0.0
    cost_per_participant: int = 0
    cost_basis: str = "per_participant"
    class_cost: int | None = None
    min_participants: int = 1
    max_participants: int = 30
    position_kinds: str = ""
    active: bool = True
    targets: tuple[TargetInput, ...] = ()


@dataclass(frozen=True)
class ProgrammeRow:
    id: int
    code: str
    title: str
    form_code: str
    form_name: str
    provider: str
    jp: float
    cost_per_participant: int
    cost_basis: str
    class_cost: int | None
    cost_text: str
    min_participants: int
    max_participants: int
    active: bool
    targets_text: str
    search_key: str


def cost_text(cost_per_participant: int, basis: str, class_cost: int | None) -> str:
    """ "Rp 250.000/peserta + Rp 35.000.000/kelas", or "Tanpa biaya"."""
    parts = []
    if cost_per_participant:
        parts.append(f"{format_rupiah(cost_per_participant)}/peserta")
    if basis == "per_class" and class_cost:
        parts.append(f"{format_rupiah(class_cost)}/kelas")
    return " + ".join(parts) or "Tanpa biaya"


def participant_cost(cost_per_participant: int, basis: str, class_cost: int | None,
                     max_participants: int) -> int:
    """One participant's share: the per-participant cost plus, for a class-priced programme,
    the class cost shared by a full class."""
    if basis != "per_class" or not class_cost:
        return int(cost_per_participant)
    return int(cost_per_participant) + round(class_cost / max(1, max_participants))


def list_programmes(session: Session, active_only: bool = False) -> list[ProgrammeRow]:
    c, t, p = m.Competency, m.ProgrammeTarget, m.Programme
    targets: dict[int, list[str]] = {}
    for pid, code, level in session.execute(
            select(t.programme_id, c.code, t.to_level).join(c, c.id == t.competency_id)
            .order_by(t.programme_id, c.code)):
        targets.setdefault(pid, []).append(f"{code}→{level}")
    forms = dict(session.execute(select(m.DevelopmentForm.code, m.DevelopmentForm.name)).all())
    stmt = select(p.id, p.code, p.title, p.form_code, p.provider, p.jp, p.cost_per_participant,
                  p.cost_basis, p.class_cost, p.min_participants, p.max_participants,
                  p.active).order_by(p.code)
    if active_only:
        stmt = stmt.where(p.active.is_(True))
    rows = []
    for (pid, code, title, form, provider, jp, cpp, basis, class_cost, lo, hi,
         active) in session.execute(stmt):
        tt = ", ".join(targets.get(pid, []))
        rows.append(ProgrammeRow(
            pid, code, title, form, forms.get(form, ""), provider or "", float(jp), int(cpp),
            basis, class_cost, cost_text(cpp, basis, class_cost), lo, hi, bool(active), tt,
            f"{code} {title} {provider} {form} {tt}".lower()))
    return rows


def load_programme(session: Session, programme_id: int) -> ProgrammeInput:
    p = session.get(m.Programme, programme_id)
    if p is None:
        raise LookupError("Program tidak ditemukan (mungkin sudah dihapus).")
    targets = tuple(TargetInput(cid, lvl, gain) for cid, lvl, gain in session.execute(
        select(m.ProgrammeTarget.competency_id, m.ProgrammeTarget.to_level, m.ProgrammeTarget.gain)
        .where(m.ProgrammeTarget.programme_id == programme_id)))
    return ProgrammeInput(p.code, p.title, p.form_code, p.provider or "", float(p.jp),
                          int(p.cost_per_participant), p.cost_basis, p.class_cost,
                          p.min_participants, p.max_participants, p.position_kinds or "",
                          bool(p.active), targets)


def validate_programme(session: Session, d: ProgrammeInput,
                       programme_id: int | None = None) -> list[str]:
    errors: list[str] = []
    code = d.code.strip()
    if not code:
        errors.append("Kode program wajib diisi (mis. P041).")
    elif len(code) > 20:
        errors.append("Kode program paling panjang 20 huruf.")
    else:
        other = session.scalar(select(m.Programme.id).where(m.Programme.code == code))
        if other is not None and other != programme_id:
            errors.append(f"Kode program {code} sudah dipakai program lain; pilih kode lain.")
    if not d.title.strip():
        errors.append("Judul program wajib diisi.")
    if session.get(m.DevelopmentForm, d.form_code or "") is None:
        errors.append("Pilih bentuk pengembangan yang ada di daftar.")
    if d.jp < 0:
        errors.append(f"JP tidak boleh negatif (terisi {d.jp:g}).")
    if d.cost_per_participant < 0 or (d.class_cost or 0) < 0:
        errors.append("Biaya tidak boleh negatif.")
    if d.cost_basis not in COST_BASES:
        errors.append("Dasar biaya harus per peserta atau per kelas.")
    elif d.cost_basis == "per_class" and d.class_cost is None:
        errors.append("Isi biaya per kelas untuk program yang dibiayai per kelas.")
    if d.min_participants < 1:
        errors.append("Peserta minimal harus 1 atau lebih.")
    if d.min_participants > d.max_participants:
        errors.append(f"Peserta minimal ({d.min_participants}) tidak boleh lebih dari peserta "
                      f"maksimal ({d.max_participants}).")
    seen: set[int] = set()
    names = dict(session.execute(select(m.Competency.id, m.Competency.code)).all())
    for t in d.targets:
        label = names.get(t.competency_id)
        if label is None:
            errors.append("Ada kompetensi sasaran yang tidak ada di kamus.")
        elif t.competency_id in seen:
            errors.append(f"Kompetensi sasaran {label} tercantum dua kali.")
        if not 1 <= t.to_level <= 5:
            errors.append(f"Level sasaran {label or ''} harus 1 sampai 5 (terisi {t.to_level}).")
        if not 1 <= t.gain <= 4:
            errors.append(f"Kenaikan level {label or ''} harus 1 sampai 4 (terisi {t.gain}).")
        seen.add(t.competency_id)
    return errors


def save_programme(session: Session, d: ProgrammeInput, programme_id: int | None = None) -> int:
    errors = validate_programme(session, d, programme_id)
    if errors:
        raise ValidationError(errors)
    values = dict(code=d.code.strip(), title=d.title.strip(), form_code=d.form_code,
                  provider=d.provider.strip(), jp=float(d.jp),
                  cost_per_participant=int(d.cost_per_participant), cost_basis=d.cost_basis,
                  class_cost=d.class_cost if d.cost_basis == "per_class" else None,
                  min_participants=d.min_participants, max_participants=d.max_participants,
                  position_kinds=d.position_kinds.strip() or None, active=d.active)
    if programme_id is None:
        prog = m.Programme(**values)
        session.add(prog)
        session.flush()
    else:
        found = session.get(m.Programme, programme_id)
        if found is None:
            raise ValidationError(["Program tidak ditemukan (mungkin sudah dihapus)."])
        prog = found
        for key, value in values.items():
            setattr(prog, key, value)
        session.execute(sql_delete(m.ProgrammeTarget)
                        .where(m.ProgrammeTarget.programme_id == prog.id))
    session.add_all(m.ProgrammeTarget(programme_id=prog.id, competency_id=t.competency_id,
                                      to_level=t.to_level, gain=t.gain) for t in d.targets)
    session.flush()
    audit.record(session, "tambah" if programme_id is None else "ubah", "program", prog.id,
                 code=prog.code, targets=len(d.targets))
    return prog.id


def delete_programme(session: Session, programme_id: int) -> None:
    """Delete a programme nobody used; otherwise ValidationError suggests deactivating it."""
    prog = session.get(m.Programme, programme_id)
    if prog is None:
        return
    records = session.scalar(select(func.count()).select_from(m.TrainingRecord)
                             .where(m.TrainingRecord.programme_id == programme_id)) or 0
    items = session.scalar(select(func.count()).select_from(m.PlanItem)
                           .where(m.PlanItem.programme_id == programme_id)) or 0
    if records or items:
        raise ValidationError([
            f"Program {prog.code} tidak dapat dihapus karena dipakai oleh {records} riwayat "
            f"pelatihan dan {items} butir IDP. Nonaktifkan saja (hapus centang 'Aktif') agar "
            "tidak ditawarkan lagi."])
    session.delete(prog)
    audit.record(session, "hapus", "program", programme_id, code=prog.code)


# --- training records ---------------------------------------------------------------------
@dataclass(frozen=True)
class RecordRow:
    id: int
    employee_id: int
    nip_display: str
    employee_name: str
    unit: str
    opd_id: int | None
    programme_id: int | None
    title: str
    form_code: str
    start_date: dt.date
    end_date: dt.date
    jp: float
    cost: int
    certificate_no: str
    status: str
    search_key: str


@dataclass(frozen=True)
class RecordFilter:
    text: str = ""
    year: int | None = None
    opd_id: int | None = None
    status: str = ""


def list_records(session: Session, flt: RecordFilter | None = None) -> list[RecordRow]:
    """Training records, newest first (the year filter runs in SQL, the rest in Python)."""
    t, e = m.TrainingRecord, m.Employee
    roots = root_of(dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all()))
    units = dict(session.execute(select(m.Unit.id, m.Unit.name)).all())
    stmt = (select(t.id, e.id, e.nip, e.name, e.front_title, e.back_title, e.unit_id,
                   t.programme_id, t.title, t.form_code, t.start_date, t.end_date, t.jp, t.cost,
                   t.certificate_no, t.status)
            .join(e, e.id == t.employee_id).order_by(t.start_date.desc(), t.id.desc()))
    stmt = restrict(session, stmt, e.unit_id)  # an operator OPD sees their OPD only
    if flt is not None and flt.year is not None:
        stmt = stmt.where(t.start_date >= dt.date(flt.year, 1, 1),
                          t.start_date <= dt.date(flt.year, 12, 31))
    rows = []
    for (rid, eid, nip, name, front, back, uid, pid, title, form, start, end, jp, cost, cert,
         status) in session.execute(stmt):
        shown = full_name(name, front, back)
        rows.append(RecordRow(
            rid, eid, format_nip(nip), shown, units.get(uid, "") if uid else "",
            roots.get(uid) if uid else None, pid, title, form or "", start, end, float(jp),
            int(cost), cert or "", status, f"{shown} {nip} {title} {form or ''}".lower()))
    return apply_record_filter(rows, flt) if flt is not None else rows


def apply_record_filter(rows: list[RecordRow], f: RecordFilter) -> list[RecordRow]:
    text = f.text.strip().lower()
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) == len(text.replace(" ", "")):
        text = digits
    out = rows
    if text:
        out = [r for r in out if text in r.search_key]
    if f.year is not None:
        out = [r for r in out if r.start_date.year == f.year]
    if f.opd_id is not None:
        out = [r for r in out if r.opd_id == f.opd_id]
    if f.status:
        out = [r for r in out if r.status == f.status]
    return list(out)


def record_years(session: Session) -> list[int]:
    """Years that have records, newest first (always including this year)."""
    years = {d.year for d in session.scalars(select(m.TrainingRecord.start_date).distinct())}
    years.add(dt.date.today().year)
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class RecordInput:
    employee_id: int
    start_date: dt.date | None
    end_date: dt.date | None
    title: str = ""
    programme_id: int | None = None
    form_code: str | None = None
    provider: str = ""
    jp: float | None = None  # None: take the programme's JP
    cost: int | None = None  # None: take the programme's cost per participant
    certificate_no: str = ""
    status: str = "selesai"
    reaction_score: float | None = None
    pre_test: float | None = None
    post_test: float | None = None


def programme_defaults(session: Session, programme_id: int) -> RecordInput:
    """What a record from this programme starts with (no employee or dates yet)."""
    p = session.get(m.Programme, programme_id)
    if p is None:
        raise LookupError("Program tidak ditemukan (mungkin sudah dihapus).")
    return RecordInput(0, None, None, title=p.title, programme_id=p.id, form_code=p.form_code,
                       provider=p.provider or "", jp=float(p.jp),
                       cost=participant_cost(p.cost_per_participant, p.cost_basis, p.class_cost,
                                             p.max_participants))


def load_record(session: Session, record_id: int) -> RecordInput:
    r = session.get(m.TrainingRecord, record_id)
    if r is None:
        raise LookupError("Riwayat pelatihan tidak ditemukan (mungkin sudah dihapus).")
    return RecordInput(r.employee_id, r.start_date, r.end_date, r.title, r.programme_id,
                       r.form_code, r.provider or "", float(r.jp), int(r.cost),
                       r.certificate_no or "", r.status, r.reaction_score, r.pre_test,
                       r.post_test)


def _complete(session: Session, d: RecordInput) -> RecordInput:
    """Fill what was left empty from the programme."""
    if d.programme_id is None or session.get(m.Programme, d.programme_id) is None:
        return d
    base = programme_defaults(session, d.programme_id)
    return RecordInput(
        d.employee_id, d.start_date, d.end_date, d.title.strip() or base.title, d.programme_id,
        d.form_code or base.form_code, d.provider.strip() or base.provider,
        base.jp if d.jp is None else d.jp, base.cost if d.cost is None else d.cost,
        d.certificate_no, d.status, d.reaction_score, d.pre_test, d.post_test)


EARLIEST_TRAINING = dt.date(1960, 1, 1)
PLAN_HORIZON_YEARS = 5


def validate_record(session: Session, d: RecordInput, today: dt.date | None = None) -> list[str]:
    today = today or dt.date.today()
    errors: list[str] = []
    if session.get(m.Employee, d.employee_id) is None:
        errors.append("Pilih pegawai peserta (pegawai tidak ditemukan).")
    if d.programme_id is not None and session.get(m.Programme, d.programme_id) is None:
        errors.append("Program yang dipilih tidak ada lagi; pilih program lain.")
    if not d.title.strip():
        errors.append("Judul kegiatan wajib diisi (atau pilih program dari katalog).")
    if d.form_code and session.get(m.DevelopmentForm, d.form_code) is None:
        errors.append("Pilih bentuk pengembangan yang ada di daftar.")
    if d.start_date is None or d.end_date is None:
        errors.append("Tanggal mulai dan tanggal selesai wajib diisi.")
    elif d.end_date < d.start_date:
        errors.append(f"Tanggal selesai ({format_date_id(d.end_date)}) tidak boleh sebelum "
                      f"tanggal mulai ({format_date_id(d.start_date)}).")
    elif d.start_date < EARLIEST_TRAINING or \
            d.start_date.year > today.year + PLAN_HORIZON_YEARS:
        errors.append(f"Tanggal mulai {format_date_id(d.start_date)} tidak wajar; periksa "
                      "tahunnya.")
    elif d.status == "selesai" and d.start_date > today:
        errors.append(f"Pelatihan yang selesai tidak dapat dimulai {format_date_id(d.start_date)}"
                      " (belum terjadi); catat sebagai rencana, atau perbaiki tanggalnya.")
    if d.jp is None or d.jp < 0:
        errors.append("JP wajib diisi dan tidak boleh negatif.")
    if d.cost is not None and d.cost < 0:
        errors.append("Biaya tidak boleh negatif.")
    if d.status not in STATUSES:
        errors.append("Status harus rencana, selesai atau batal.")
    if d.reaction_score is not None and not 1 <= d.reaction_score <= 5:
        errors.append(f"Nilai kepuasan peserta harus 1 sampai 5 (terisi {d.reaction_score:g}).")
    for label, value in (("Nilai pre-test", d.pre_test), ("Nilai post-test", d.post_test)):
        if value is not None and not 0 <= value <= 100:
            errors.append(f"{label} harus 0 sampai 100 (terisi {value:g}).")
    return errors


def save_record(session: Session, data: RecordInput, record_id: int | None = None) -> int:
    d = _complete(session, data)
    errors = validate_record(session, d)
    if errors:
        raise ValidationError(errors)
    values = dict(employee_id=d.employee_id, programme_id=d.programme_id, title=d.title.strip(),
                  form_code=d.form_code or None, provider=d.provider.strip() or None,
                  start_date=d.start_date, end_date=d.end_date, jp=float(d.jp or 0),
                  cost=int(d.cost or 0), certificate_no=d.certificate_no.strip() or None,
                  status=d.status, reaction_score=d.reaction_score, pre_test=d.pre_test,
                  post_test=d.post_test)
    if record_id is None:
        rec = m.TrainingRecord(**values)
        session.add(rec)
    else:
        found = session.get(m.TrainingRecord, record_id)
        if found is None:
            raise ValidationError(["Riwayat pelatihan tidak ditemukan (mungkin sudah dihapus)."])
        rec = found
        for key, value in values.items():
            setattr(rec, key, value)
    session.flush()
    audit.record(session, "tambah" if record_id is None else "ubah", "pelatihan", rec.id,
                 employee_id=d.employee_id, jp=rec.jp, cost=rec.cost)
    return rec.id


def delete_record(session: Session, record_id: int) -> None:
    rec = session.get(m.TrainingRecord, record_id)
    if rec is None:
        return
    employee_id = rec.employee_id
    session.delete(rec)
    audit.record(session, "hapus", "pelatihan", record_id, employee_id=employee_id)


# --- 20-JP compliance ---------------------------------------------------------------------
@dataclass(frozen=True)
class EmployeeJp:
    employee_id: int
    nip_display: str
    name: str
    unit: str
    opd: str
    jp: float
    shortfall: float


@dataclass(frozen=True)
class UnitCompliance:
    opd_id: int | None
    name: str
    employees: int
    meeting: int

    @property
    def share(self) -> float:
        return 100.0 * self.meeting / self.employees if self.employees else 0.0


@dataclass(frozen=True)
class Compliance:
    year: int
    minimum: float
    units: tuple[UnitCompliance, ...]  # per OPD, lowest share first
    under: tuple[EmployeeJp, ...]  # active employees below the minimum, fewest JP first
    employees: int
    meeting: int


def compliance(session: Session, year: int) -> Compliance:
    """Per active employee: finished JP in `year` vs the office minimum; per OPD: the share."""
    minimum = settings_service.load(session).yearly_minimum_jp
    jps = jp_by_employee(session, year)
    roots = root_of(dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all()))
    units = dict(session.execute(select(m.Unit.id, m.Unit.name)).all())
    e = m.Employee
    per_opd: dict[int | None, list[int]] = {}
    under: list[EmployeeJp] = []
    for eid, nip, name, front, back, uid in session.execute(
            select(e.id, e.nip, e.name, e.front_title, e.back_title, e.unit_id)
            .where(e.status == "aktif")):
        opd = roots.get(uid) if uid else None
        jp = jps.get(eid, 0.0)
        short = jp_shortfall(jp, minimum)
        counts = per_opd.setdefault(opd, [0, 0])
        counts[0] += 1
        if short == 0:
            counts[1] += 1
        else:
            under.append(EmployeeJp(eid, format_nip(nip), full_name(name, front, back),
                                    units.get(uid, "") if uid else "",
                                    units.get(opd, "") if opd else "", jp, short))
    rows = [UnitCompliance(opd, units.get(opd, "(tanpa unit)") if opd else "(tanpa unit)", n, ok)
            for opd, (n, ok) in per_opd.items()]
    rows.sort(key=lambda u: (u.share, u.name))
    under.sort(key=lambda x: (x.jp, x.name))
    total = sum(u.employees for u in rows)
    return Compliance(year, minimum, tuple(rows), tuple(under), total,
                      sum(u.meeting for u in rows))

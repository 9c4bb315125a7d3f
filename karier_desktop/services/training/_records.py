"""Training records: what an employee took part in (or is registered for), validated and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.domain.textclean import found_in, search_text
from karier_desktop.domain.textfmt import format_date_id
from karier_desktop.services import audit, versions
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.field_limits import too_long
from karier_desktop.services.start.rows import EmployeeRow
from karier_desktop.services.training._catalogue import STATUSES, participant_cost
from karier_desktop.services.training._record_table import RecordFilter, RecordRow, read_records
from karier_desktop.store import models as m


# --- training records ---------------------------------------------------------------------
def list_records(session: Session, flt: RecordFilter | None = None,
                 known: Mapping[int, EmployeeRow] | None = None) -> list[RecordRow]:
    """Training records, newest first, as rows (the page keeps the columns of `read_records`
    instead); `known` as in read_records."""
    return read_records(session, flt.year if flt is not None else None, known).rows(flt)


def apply_record_filter(rows: list[RecordRow], f: RecordFilter) -> list[RecordRow]:
    text = search_text(f.text)
    return [r for r in rows if (not text or found_in(text, r.person_key, r.title_key))
            and (f.year is None or r.start_date.year == f.year)
            and (f.opd_id is None or r.opd_id == f.opd_id)
            and (not f.status or r.status == f.status)]


def record_years(session: Session) -> list[int]:
    """Years that have records, newest first (always including this year)."""
    year = func.extract("year", m.TrainingRecord.start_date)
    years = {int(y) for y in session.scalars(select(year).distinct()) if y is not None}
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
    version: int | None = None  # row_version the form loaded (None: no check; see save_record)


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
                       r.post_test, r.row_version)


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
    errors.extend(too_long("training_records", {
        "title": d.title.strip(), "provider": d.provider.strip(),
        "certificate_no": d.certificate_no.strip()},
        {"title": "judul kegiatan", "provider": "penyelenggara",
         "certificate_no": "nomor sertifikat"}))
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


RECORD_LABELS = {
    "employee_id": "Pegawai", "programme_id": "Program", "title": "Judul", "form_code": "Bentuk",
    "provider": "Penyelenggara", "start_date": "Tanggal mulai", "end_date": "Tanggal selesai",
    "jp": "JP", "cost": "Biaya", "certificate_no": "Nomor sertifikat", "status": "Status",
    "reaction_score": "Nilai reaksi", "pre_test": "Pre-test", "post_test": "Post-test"}


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
        rec = versions.locked(session, m.TrainingRecord, record_id,
                              "Riwayat pelatihan tidak ditemukan (mungkin sudah dihapus).")
        if not versions.apply(rec, "Riwayat pelatihan ini", data.version, values,
                              RECORD_LABELS):
            return rec.id
    session.flush()
    audit.record(session, "tambah" if record_id is None else "ubah", "pelatihan", rec.id,
                 employee_id=d.employee_id, jp=rec.jp, cost=rec.cost)
    return rec.id


def delete_record(session: Session, record_id: int) -> None:
    audit.delete_employee_record(session, m.TrainingRecord, record_id, "pelatihan")

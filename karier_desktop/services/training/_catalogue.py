"""The programme catalogue and the JP helper: programmes with their targets, costs and JP."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete as sql_delete
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.domain.jp import JpRule, convert_to_jp
from karier_desktop.domain.textfmt import format_rupiah
from karier_desktop.services import audit, versions
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.field_limits import too_long
from karier_desktop.services.reference_data import DevelopmentFormRow, list_development_forms
from karier_desktop.store import models as m

STATUSES = ("rencana", "selesai", "batal")
COST_BASES = {"per_participant": "per peserta", "per_class": "per kelas"}



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
    """A programme's target: it trains towards `to_level` and a participant typically rises
    `gain` levels (services.recommend ranks programmes by it)."""

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
    version: int | None = None  # row_version the form loaded (None: no check)


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
                          bool(p.active), targets, p.row_version)


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
    errors.extend(too_long("programmes", {"title": d.title.strip(), "provider": d.provider.strip(),
                                          "position_kinds": d.position_kinds.strip()},
                           {"title": "judul program", "provider": "penyelenggara",
                            "position_kinds": "jenis jabatan sasaran"}))
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


PROGRAMME_LABELS = {
    "code": "Kode", "title": "Judul", "form_code": "Bentuk", "provider": "Penyelenggara",
    "jp": "JP", "cost_per_participant": "Biaya per peserta", "cost_basis": "Dasar biaya",
    "class_cost": "Biaya per kelas", "min_participants": "Peserta minimal",
    "max_participants": "Peserta maksimal", "position_kinds": "Jenis jabatan",
    "active": "Aktif"}


def _update_programme(session: Session, prog: m.Programme, values: dict[str, object],
                      d: ProgrammeInput) -> bool:
    """Write only what the clerk changed (fields and targets); refuse (ConflictError) when the
    programme was saved by someone else since the form loaded it. True if anything changed."""
    t = m.ProgrammeTarget
    saved = {cid: (lvl, gain) for cid, lvl, gain in session.execute(
        select(t.competency_id, t.to_level, t.gain).where(t.programme_id == prog.id))}
    mine = {x.competency_id: (x.to_level, x.gain) for x in d.targets}

    def target(value: tuple[int, int] | None) -> str:
        return "(tidak ada)" if value is None else f"level {value[0]} (+{value[1]})"

    target_diff = versions.apply_with_competencies(
        session, prog, "Program ini", d.version, values, PROGRAMME_LABELS, saved, mine,
        lambda name: f"Sasaran {name}", target)
    if target_diff is None:
        return False
    if target_diff:
        session.execute(sql_delete(t).where(t.programme_id == prog.id,
                                            t.competency_id.in_(target_diff)))
        session.add_all(t(programme_id=prog.id, competency_id=c, to_level=mine[c][0],
                          gain=mine[c][1]) for c in target_diff if c in mine)
    return True


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
        prog = versions.locked(session, m.Programme, programme_id,
                               "Program tidak ditemukan (mungkin sudah dihapus).")
        if not _update_programme(session, prog, values, d):
            return prog.id
    if programme_id is None:
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

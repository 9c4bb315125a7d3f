"""The Individual Development Plan (IDP): drafted, edited, approved, versioned, realised.

A plan belongs to one employee and one year and has versions. Only a draft ('draf') can be
edited; `approve` locks it ('disetujui'); `new_version` copies an approved plan into a new
draft (through _versions.open_drafts, the one owner of versioning), and approving that draft
marks the old version 'diganti'. Every change is validated (bad input changes nothing,
ValidationError with Indonesian messages) and audited in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import NipError, format_nip, normalize_nip
from karier_desktop.domain.textfmt import MONTHS_ID, format_rupiah, full_name
from karier_desktop.reports.documents import IdpDocument
from karier_desktop.services import audit, versions
from karier_desktop.services.accounts.scope import restrict
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.gaps import employee_gap
from karier_desktop.services.idp._compose import jp_in_year
from karier_desktop.services.idp._prepare import drafts_for, form_label
from karier_desktop.services.idp._rows import (
    FUNDING_LABELS,
    LOCKED_MESSAGE,
    REPLACED_MESSAGE,
    ItemInput,
    PlanForm,
    PlanItemRow,
    PlanSummary,
    PlanView,
    Signers,
)
from karier_desktop.services.idp._rules import PPPK_TYPES, load_rules, misfit_warnings
from karier_desktop.services.idp._signers import signers_for
from karier_desktop.services.idp._versions import item_dicts, open_drafts, save_drafts
from karier_desktop.services.recommend import FormInfo
from karier_desktop.store import models as m

P, PI = m.DevelopmentPlan, m.PlanItem


# --- reading -------------------------------------------------------------------------------
def find_plan(session: Session, employee_id: int, year: int) -> int | None:
    """The current plan of an employee for a year: the newest version not replaced."""
    return session.scalar(select(P.id).where(P.employee_id == employee_id, P.year == year,
                                             P.status != "diganti")
                          .order_by(P.version.desc()).limit(1))


def get_plan(session: Session, plan_id: int) -> PlanView:
    plan = _plan(session, plan_id)
    emp = session.get(m.Employee, plan.employee_id)
    assert emp is not None  # plans cascade with their employee
    position = session.get(m.Position, emp.position_id) if emp.position_id else None
    unit = session.get(m.Unit, emp.unit_id) if emp.unit_id else None
    items = _item_rows(session, plan_id)
    rules = load_rules(session)
    etype = emp.employee_type or "PNS"
    jp_rule = rules.jp_rule(etype)
    ceiling_jp, ceiling_cost = rules.ceiling(etype)
    kind = position.kind_code if position else ""
    kind_name = session.get(m.PositionKind, kind).name if kind and session.get(
        m.PositionKind, kind) else ""
    return PlanView(
        id=plan.id, employee_id=emp.id, employee_name=full_name(emp.name, emp.front_title,
                                                                emp.back_title),
        nip=emp.nip, nip_display=format_nip(emp.nip), position=position.name if position else "",
        unit=unit.name if unit else "", year=plan.year, version=plan.version, status=plan.status,
        approved_on=plan.approved_on,
        signers=Signers(plan.supervisor_name or "", plan.supervisor_nip or "",
                        plan.head_name or "", plan.head_nip or "", plan.career_goal or "",
                        plan.supervisor_caption or "", plan.head_caption or ""),
        items=items, total_jp=round(sum(i.jp for i in items), 2),
        total_cost=sum(i.cost for i in items), minimum_jp=jp_rule.jp,
        form=PlanForm(plan.aspiration or "", plan.target_position or "", plan.commitment
                      or rules.commitment, plan.supervisor_notes or ""),
        employee_type=etype, jp_rule=jp_rule.text, jp_kind=jp_rule.kind, ceiling_jp=ceiling_jp,
        ceiling_cost=ceiling_cost,
        warnings=tuple(misfit_warnings(etype, emp.rank_code, kind, kind_name)))


def _item_rows(session: Session, plan_id: int) -> tuple[PlanItemRow, ...]:
    c, f, t = m.Competency, m.DevelopmentForm, m.TrainingRecord
    rows = session.execute(
        select(PI.id, PI.seq, PI.competency_id, func.coalesce(c.name, ""), PI.gap, PI.goal,
               func.coalesce(PI.form_code, ""), f.bentuk, f.jalur, f.name, PI.programme_id,
               PI.activity, func.coalesce(PI.provider, ""), PI.month, PI.jp, PI.cost, PI.source,
               PI.training_record_id, t.start_date, PI.funding_source, PI.competency_codes,
               PI.evidence, PI.purpose, c.code, PI.row_version)
        .outerjoin(c, c.id == PI.competency_id).outerjoin(f, f.code == PI.form_code)
        .outerjoin(t, t.id == PI.training_record_id)
        .where(PI.plan_id == plan_id).order_by(PI.seq, PI.id))
    out = []
    for (iid, seq, cid, cname, gap, goal, fcode, bentuk, jalur, fname, pid, activity, provider,
         month, jp, cost, source, tid, start, funding, codes, evidence, purpose, ccode,
         version) in rows:
        out.append(PlanItemRow(iid, seq, cid, cname, gap, goal or "", fcode,
                               form_label(bentuk, jalur, fname), pid, activity, provider, month,
                               float(jp or 0), int(cost or 0), source, tid, start, funding,
                               (codes or ccode or "").replace(",", ", "), evidence or "",
                               purpose or "", version))
    return tuple(out)


def list_plans(session: Session, year: int | None = None, employee_id: int | None = None,
               unit_ids: Sequence[int] | None = None, include_replaced: bool = False
               ) -> list[PlanSummary]:
    e = m.Employee
    stmt = (select(P.id, e.id, e.name, e.front_title, e.back_title, e.nip, m.Unit.name, P.year,
                   P.version, P.status, func.count(PI.id), func.coalesce(func.sum(PI.jp), 0),
                   func.coalesce(func.sum(PI.cost), 0))
            .join(e, e.id == P.employee_id).outerjoin(m.Unit, m.Unit.id == e.unit_id)
            .outerjoin(PI, PI.plan_id == P.id).group_by(P.id, e.id, m.Unit.name)
            .order_by(e.name, P.year, P.version))
    if year is not None:
        stmt = stmt.where(P.year == year)
    if employee_id is not None:
        stmt = stmt.where(P.employee_id == employee_id)
    if unit_ids is not None:
        stmt = stmt.where(e.unit_id.in_(list(unit_ids)))
    if not include_replaced:
        stmt = stmt.where(P.status != "diganti")
    stmt = restrict(session, stmt, e.unit_id)  # an operator OPD sees their OPD's IDPs only
    return [PlanSummary(pid, eid, full_name(name, front, back), format_nip(nip), unit or "", yr,
                        ver, status, n, round(float(jp), 2), int(cost))
            for pid, eid, name, front, back, nip, unit, yr, ver, status, n, jp, cost
            in session.execute(stmt)]


# --- drafting ------------------------------------------------------------------------------
def draft_plan(session: Session, employee_id: int, year: int, today: dt.date | None = None,
               replace: bool = False) -> int:
    """Create (or with `replace`, refill) the draft IDP of an employee for a year; its id.

    Refuses when the year's plan is already approved (make a new version instead) and, unless
    `replace`, when a draft already exists.
    """
    today = today or dt.date.today()
    _check_year(year)
    # Locking the employee row serialises two clerks drafting the same IDP on a server: the
    # second waits, then finds the first's draft (below) instead of a raw unique violation.
    if session.get(m.Employee, employee_id, with_for_update=True) is None:
        raise LookupError(f"Pegawai dengan id {employee_id} tidak ditemukan.")
    items = drafts_for(session, {employee_id: employee_gap(session, employee_id, today)}
                       )[employee_id]
    existing = find_plan(session, employee_id, year)
    if existing is not None:
        plan = _plan(session, existing)
        if plan.status != "draf":
            raise ValidationError([LOCKED_MESSAGE])
        if not replace:
            raise ValidationError([f"Sudah ada draf IDP tahun {year}; buka draf itu atau susun "
                                   "ulang dengan mengganti isinya."])
        session.execute(delete(PI).where(PI.plan_id == plan.id))
        if items:
            session.execute(insert(PI), item_dicts(plan.id, items))
        audit.record(session, "draft_replace", "development_plan", plan.id,
                     employee_id=employee_id, year=year, items=len(items))
        return plan.id
    plan_ids = save_drafts(session, {employee_id: items}, year, signers_for(session, [employee_id]))
    return plan_ids[employee_id]


# --- editing -------------------------------------------------------------------------------
def _plan(session: Session, plan_id: int, lock: bool = False) -> m.DevelopmentPlan:
    """The plan; with `lock`, its row as committed now and locked until the end of the
    transaction (SELECT … FOR UPDATE on a server; on SQLite the write transaction is the only
    one), so an approval by another clerk cannot slip in between the check and the change."""
    plan = session.get(P, plan_id, with_for_update=lock or None, populate_existing=lock)
    if plan is None:
        raise LookupError("IDP tidak ditemukan (mungkin sudah dihapus).")
    return plan


def _editable(session: Session, plan_id: int) -> m.DevelopmentPlan:
    plan = _plan(session, plan_id, lock=True)
    if plan.status == "disetujui":
        raise ValidationError([LOCKED_MESSAGE])
    if plan.status == "diganti":
        raise ValidationError([REPLACED_MESSAGE])
    return plan


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationError([f"Tahun IDP {year} tidak wajar; isi tahun antara 2000 dan 2100."])


def validate_item(session: Session, data: ItemInput) -> list[str]:
    errors = []
    if not data.activity.strip():
        errors.append("Nama kegiatan wajib diisi.")
    elif len(data.activity.strip()) > 250:
        errors.append("Nama kegiatan terlalu panjang (maksimal 250 huruf).")
    if data.jp < 0:
        errors.append("JP tidak boleh negatif.")
    elif data.jp > 2000:
        errors.append("JP terlalu besar (maksimal 2.000 JP untuk satu kegiatan).")
    if data.cost < 0:
        errors.append("Biaya tidak boleh negatif.")
    if data.month is None or not 1 <= data.month <= 12:
        errors.append("Bulan pelaksanaan harus dipilih (Januari sampai Desember).")
    if data.form_code and session.get(m.DevelopmentForm, data.form_code) is None:
        errors.append(f"Bentuk/jalur '{data.form_code}' tidak dikenal; pilih dari daftar.")
    if data.competency_id is not None and session.get(m.Competency, data.competency_id) is None:
        errors.append("Kompetensi tidak dikenal; pilih dari daftar.")
    if data.programme_id is not None and session.get(m.Programme, data.programme_id) is None:
        errors.append("Program pelatihan tidak ditemukan di katalog.")
    if data.funding_source and data.funding_source not in FUNDING_LABELS:
        errors.append("Sumber dana tidak dikenal; pilih dari daftar.")
    return errors


def _validate_for_plan(session: Session, plan: m.DevelopmentPlan, data: ItemInput) -> list[str]:
    """Rules that depend on the employee: no izin/tugas belajar for PPPK."""
    errors = validate_item(session, data)
    form = session.get(m.DevelopmentForm, data.form_code) if data.form_code else None
    emp = session.get(m.Employee, plan.employee_id)
    if (form is not None and form.bentuk.lower() == "pendidikan" and emp is not None
            and emp.employee_type in PPPK_TYPES):
        errors.append("Izin/tugas belajar adalah instrumen PNS; tidak direncanakan untuk "
                      f"{emp.employee_type}.")
    if form is not None and form.jp_unit == "semester" and data.month:
        info = FormInfo(form.code, form.name, form.bentuk, form.jalur, form.jp_unit,
                        float(form.jp_per_unit))
        inside = jp_in_year(info, float(data.jp), data.month)
        if data.jp > inside + 1e-9:
            errors.append(f"Hanya semester yang berjalan dalam tahun rencana yang dihitung: mulai "
                          f"{MONTHS_ID[data.month - 1]}, paling banyak {inside:g} JP.")
    return errors


ITEM_LABELS = {"activity": "Kegiatan", "competency_id": "Kompetensi", "gap": "Kesenjangan",
               "goal": "Sasaran", "form_code": "Bentuk", "programme_id": "Program",
               "provider": "Penyelenggara", "month": "Bulan", "jp": "JP", "cost": "Biaya",
               "funding_source": "Sumber dana", "evidence": "Bukti keberhasilan"}


def _values(data: ItemInput) -> dict[str, object]:
    return {
        "activity": data.activity.strip(), "competency_id": data.competency_id, "gap": data.gap,
        "goal": data.goal.strip(), "form_code": data.form_code or None,
        "programme_id": data.programme_id, "provider": data.provider.strip() or None,
        "month": data.month, "jp": float(data.jp), "cost": int(data.cost),
        "funding_source": data.funding_source or ("tanpa_biaya" if data.cost <= 0
                                                  else "apbd_opd"),
        "evidence": data.evidence.strip()[:250] or None}


def _apply(item: m.PlanItem, data: ItemInput) -> None:
    for key, value in _values(data).items():
        setattr(item, key, value)


def _item_shown(field: str, value: object) -> str:
    if field == "month" and isinstance(value, int) and 1 <= value <= 12:
        return MONTHS_ID[value - 1]
    if field == "cost" and isinstance(value, int):
        return format_rupiah(value)
    return versions.shown(value)


def add_item(session: Session, plan_id: int, data: ItemInput) -> int:
    plan = _editable(session, plan_id)
    errors = _validate_for_plan(session, plan, data)
    if errors:
        raise ValidationError(errors)
    last = session.scalar(select(func.max(PI.seq)).where(PI.plan_id == plan.id)) or 0
    item = PI(plan_id=plan.id, seq=last + 1, source="manual", activity="")
    _apply(item, data)
    session.add(item)
    session.flush()
    audit.record(session, "add_item", "plan_item", item.id, plan_id=plan.id,
                 activity=item.activity)
    return item.id


def _item(session: Session, item_id: int) -> m.PlanItem:
    item = session.get(PI, item_id)
    if item is None:
        raise LookupError("Kegiatan IDP tidak ditemukan (mungkin sudah dihapus).")
    return item


def update_item(session: Session, item_id: int, data: ItemInput) -> None:
    """Change one item of a draft; `data.version` (as the dialog loaded it) refuses a save
    over a newer change (ConflictError), and only the changed fields are written."""
    item = _item(session, item_id)
    plan = _editable(session, item.plan_id)
    errors = _validate_for_plan(session, plan, data)
    if errors:
        raise ValidationError(errors)
    item = versions.locked(session, PI, item_id,
                           "Kegiatan IDP tidak ditemukan (mungkin sudah dihapus).")
    if not versions.apply(item, "Kegiatan IDP ini", data.version, _values(data), ITEM_LABELS,
                          show=_item_shown):
        return
    audit.record(session, "update_item", "plan_item", item.id, plan_id=item.plan_id,
                 activity=item.activity, jp=item.jp, cost=item.cost, month=item.month)


def remove_item(session: Session, item_id: int) -> None:
    item = _item(session, item_id)
    plan_id = item.plan_id
    _editable(session, plan_id)
    session.delete(item)
    session.flush()
    _renumber(session, plan_id)
    audit.record(session, "remove_item", "plan_item", item_id, plan_id=plan_id)


def move_item(session: Session, item_id: int, delta: int) -> None:
    """Move an item up (delta −1) or down (+1); at either end nothing changes."""
    item = _item(session, item_id)
    _editable(session, item.plan_id)
    items = list(session.scalars(select(PI).where(PI.plan_id == item.plan_id).order_by(PI.seq, PI.id)))
    pos = items.index(item)
    target = pos + (1 if delta > 0 else -1)
    if not 0 <= target < len(items):
        return
    items[pos], items[target] = items[target], items[pos]
    for n, it in enumerate(items, start=1):
        it.seq = n
    audit.record(session, "move_item", "plan_item", item_id, plan_id=item.plan_id, to=target + 1)


def move_up(session: Session, item_id: int) -> None:
    move_item(session, item_id, -1)


def move_down(session: Session, item_id: int) -> None:
    move_item(session, item_id, +1)


def _renumber(session: Session, plan_id: int) -> None:
    for n, it in enumerate(session.scalars(select(PI).where(PI.plan_id == plan_id)
                                           .order_by(PI.seq, PI.id)), start=1):
        it.seq = n


def update_signers(session: Session, plan_id: int, signers: Signers) -> None:
    plan = _editable(session, plan_id)
    errors, nips = [], {}
    for label, key, value in (("atasan langsung", "supervisor", signers.supervisor_nip),
                              ("kepala perangkat daerah", "head", signers.head_nip)):
        if value.strip():
            try:
                nips[key] = normalize_nip(value)
            except NipError as exc:
                errors.append(f"NIP {label}: {exc}")
    if errors:
        raise ValidationError(errors)
    plan.supervisor_name = signers.supervisor_name.strip() or None
    plan.supervisor_nip = nips.get("supervisor")
    plan.head_name = signers.head_name.strip() or None
    plan.head_nip = nips.get("head")
    plan.career_goal = signers.career_goal.strip() or None
    plan.supervisor_caption = signers.supervisor_caption.strip() or None
    plan.head_caption = signers.head_caption.strip() or None
    audit.record(session, "update_signers", "development_plan", plan.id)


def update_form(session: Session, plan_id: int, form: PlanForm) -> None:
    """The employee's aspiration, target position and commitment, and the atasan's notes."""
    plan = _editable(session, plan_id)
    errors = []
    if len(form.target_position.strip()) > 200:
        errors.append("Jabatan target terlalu panjang (maksimal 200 huruf).")
    for label, value in (("Aspirasi karier", form.aspiration), ("Komitmen", form.commitment),
                         ("Catatan atasan", form.supervisor_notes)):
        if len(value.strip()) > 2000:
            errors.append(f"{label} terlalu panjang (maksimal 2.000 huruf).")
    if errors:
        raise ValidationError(errors)
    plan.aspiration = form.aspiration.strip() or None
    plan.target_position = form.target_position.strip() or None
    plan.commitment = form.commitment.strip() or None
    plan.supervisor_notes = form.supervisor_notes.strip() or None
    audit.record(session, "update_form", "development_plan", plan.id)


# --- approval and versions -----------------------------------------------------------------
def approve(session: Session, plan_id: int, on: dt.date) -> None:
    """Lock a draft; the previously approved version of that year becomes 'diganti'."""
    plan = _editable(session, plan_id)
    if not session.scalar(select(func.count(PI.id)).where(PI.plan_id == plan.id)):
        raise ValidationError(["IDP belum berisi kegiatan; tambahkan kegiatan sebelum disetujui."])
    for old in session.scalars(select(P).where(P.employee_id == plan.employee_id,
                                               P.year == plan.year, P.id != plan.id,
                                               P.status == "disetujui")):
        old.status = "diganti"
    plan.status = "disetujui"
    plan.approved_on = on
    audit.record(session, "approve", "development_plan", plan.id, on=on.isoformat())


def new_version(session: Session, plan_id: int) -> int:
    """Copy an approved plan into a new draft version; the new plan's id."""
    plan = _plan(session, plan_id)
    if plan.status != "disetujui":
        raise ValidationError(["Versi baru hanya dibuat dari IDP yang sudah disetujui; "
                               "draf dapat diubah langsung."])
    if session.scalar(select(P.id).where(P.employee_id == plan.employee_id, P.year == plan.year,
                                         P.status == "draf")):
        raise ValidationError([f"Sudah ada draf versi baru IDP tahun {plan.year}; ubah draf itu."])
    opened = open_drafts(session, plan.year, [plan.employee_id])[plan.employee_id]
    return opened.plan_id


def plan_for_print(session: Session, plan: int | tuple[int, int], today: dt.date | None = None
                   ) -> IdpDocument:
    """Everything the IDP PDF needs, for a plan id or an (employee id, year) pair."""
    from karier_desktop.services.idp._prepare import document_for_plan

    if isinstance(plan, tuple):
        employee_id, year = plan
        found = find_plan(session, employee_id, year)
        if found is None:
            raise LookupError(f"Belum ada IDP tahun {year} untuk pegawai ini; susun drafnya dulu.")
        plan = found
    return document_for_plan(session, plan, today)

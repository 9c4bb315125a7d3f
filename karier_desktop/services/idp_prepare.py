"""Preparing IDPs for many employees at once: default signers, bulk drafts, print documents.

Everything here works on lists of ids with a few queries per 500 employees, so drafting and
preparing a thousand documents costs a fraction of rendering them. The printable document
(reports.documents.IdpDocument) is built from plain values; rendering needs no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import format_nip
from karier_desktop.domain.textfmt import MONTHS_ID, format_date_id, full_name
from karier_desktop.reports.documents import (
    GapRowData,
    IdpDocument,
    LetterheadData,
    PlanItemData,
    SignerData,
)
from karier_desktop.services import audit
from karier_desktop.services import settings as settings_service
from karier_desktop.services.employees import root_of
from karier_desktop.services.files import idp_file_stem
from karier_desktop.services.gaps import EmployeeGap
from karier_desktop.services.idp_data import ItemDraft, Signers
from karier_desktop.services.unit_gaps import employee_gaps_bulk
from karier_desktop.store import models as m

P, PI = m.DevelopmentPlan, m.PlanItem
CHUNK = 500


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start:start + CHUNK])


# --- signers and drafts --------------------------------------------------------------------
def signers_for(session: Session, employee_ids: Sequence[int]) -> dict[int, Signers]:
    """Direct supervisor (employee.supervisor_id) and the head of the employee's OPD (the
    employee in the OPD's jpt_pratama position, if any); blank when unknown or the same person."""
    e = m.Employee
    cols = (e.id, e.name, e.front_title, e.back_title, e.nip, e.unit_id, e.supervisor_id)
    ids = list(employee_ids)
    people = {}
    for chunk in _chunks(ids):
        people.update({row.id: row for row in session.execute(
            select(*cols).where(e.id.in_(chunk)))})
    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    roots = root_of(parents)
    heads: dict[int, int] = {}
    for eid, unit_id in session.execute(
            select(e.id, m.Position.unit_id).join(m.Position, m.Position.id == e.position_id)
            .where(m.Position.kind_code == "jpt_pratama", e.status == "aktif")
            .order_by(m.Position.id, e.id)):
        if unit_id is not None:
            heads.setdefault(roots.get(unit_id, unit_id), eid)
    wanted = ({p.supervisor_id for p in people.values() if p.supervisor_id}
              | set(heads.values())) - set(people)
    for chunk in _chunks(sorted(wanted)):
        people.update({row.id: row for row in session.execute(
            select(*cols).where(e.id.in_(chunk)))})

    def who(pid: int | None, eid: int) -> tuple[str, str]:
        if pid is None or pid == eid or pid not in people:
            return "", ""
        p = people[pid]
        return full_name(p.name, p.front_title, p.back_title), p.nip

    out = {}
    for eid in ids:
        emp = people.get(eid)
        if emp is None:
            continue
        sup = who(emp.supervisor_id, eid)
        head_id = heads.get(roots.get(emp.unit_id, emp.unit_id)) if emp.unit_id else None
        head = who(head_id, eid)
        out[eid] = Signers(sup[0], sup[1], head[0], head[1])
    return out


def item_dicts(plan_id: int, items: Sequence[ItemDraft]) -> list[dict[str, object]]:
    return [{"plan_id": plan_id, "seq": n, "competency_id": it.competency_id, "gap": it.gap,
             "goal": it.goal, "form_code": it.form_code, "programme_id": it.programme_id,
             "activity": it.activity[:250], "provider": it.provider or None, "month": it.month,
             "jp": it.jp, "cost": it.cost, "source": "otomatis"}
            for n, it in enumerate(items, start=1)]


def save_drafts(session: Session, drafts: dict[int, list[ItemDraft]], year: int,
                signers: dict[int, Signers]) -> dict[int, int]:
    """Insert new draft plans (version after the newest existing one); plan id per employee."""
    versions: dict[int, int] = {}
    for chunk in _chunks(list(drafts)):
        versions.update(session.execute(
            select(P.employee_id, func.max(P.version))
            .where(P.year == year, P.employee_id.in_(chunk)).group_by(P.employee_id)).all())
    plans = {}
    for eid in drafts:
        s = signers.get(eid, Signers())
        plans[eid] = P(employee_id=eid, year=year, version=(versions.get(eid) or 0) + 1,
                       status="draf", supervisor_name=s.supervisor_name or None,
                       supervisor_nip=s.supervisor_nip or None, head_name=s.head_name or None,
                       head_nip=s.head_nip or None)
    session.add_all(plans.values())
    session.flush()
    rows = []
    for eid, items in drafts.items():
        rows.extend(item_dicts(plans[eid].id, items))
    if rows:
        session.execute(insert(PI), rows)
    for eid, plan in plans.items():
        audit.record(session, "draft", "development_plan", plan.id, employee_id=eid, year=year,
                     items=len(drafts[eid]))
    return {eid: plan.id for eid, plan in plans.items()}


# --- print documents -----------------------------------------------------------------------
def document_for_plan(session: Session, plan_id: int, today: dt.date | None = None
                      ) -> IdpDocument:
    docs = documents_for_plans(session, [plan_id], today)
    if not docs:
        raise LookupError("IDP tidak ditemukan (mungkin sudah dihapus).")
    return docs[0]


def documents_for_plans(session: Session, plan_ids: Sequence[int], today: dt.date | None = None
                        ) -> list[IdpDocument]:
    """The printable documents of plans, in the order of `plan_ids` (unknown ids skipped)."""
    today = today or dt.date.today()
    cfg = settings_service.load(session)
    labels = settings_service.get_value(session, "signers", {}) or {}
    plans = {}
    for chunk in _chunks(list(plan_ids)):
        plans.update({p.id: p for p in session.execute(
            select(P.id, P.employee_id, P.year, P.version, P.status, P.supervisor_name,
                   P.supervisor_nip, P.head_name, P.head_nip, P.career_goal, P.approved_on)
            .where(P.id.in_(chunk)))})
    emp_ids = sorted({p.employee_id for p in plans.values()})
    e = m.Employee
    people = {}
    for chunk in _chunks(emp_ids):
        people.update({row.id: row for row in session.execute(
            select(e.id, e.nip, e.name, e.front_title, e.back_title, e.employee_type,
                   e.rank_code, e.position_id, e.unit_id).where(e.id.in_(chunk)))})
    ranks = {code: pangkat for code, pangkat in session.execute(select(m.Rank.code,
                                                                       m.Rank.pangkat))}
    positions = {pid: (name, kind) for pid, name, kind in session.execute(
        select(m.Position.id, m.Position.name, m.Position.kind_code))}
    kind_names = dict(session.execute(select(m.PositionKind.code, m.PositionKind.name)).all())
    units = {uid: (name, parent) for uid, name, parent in session.execute(
        select(m.Unit.id, m.Unit.name, m.Unit.parent_id))}
    roots = root_of({uid: parent for uid, (_n, parent) in units.items()})
    gaps = employee_gaps_bulk(session, emp_ids, today)
    assessors = _assessors(session, emp_ids, gaps)
    items = _items(session, list(plans))
    letterhead = LetterheadData(cfg.letterhead.government, cfg.letterhead.agency,
                                cfg.letterhead.address, cfg.letterhead.phone,
                                cfg.letterhead.email, cfg.letterhead.logo_path)
    sup_label = str(labels.get("supervisor_label") or "Atasan Langsung")
    head_label = str(labels.get("head_label") or "Kepala Perangkat Daerah")
    docs = []
    for pid in plan_ids:
        plan = plans.get(pid)
        if plan is None:
            continue
        emp = people[plan.employee_id]
        gap = gaps[emp.id]
        name = full_name(emp.name, emp.front_title, emp.back_title)
        pos_name, kind = positions.get(emp.position_id, ("", "")) if emp.position_id else ("", "")
        pangkat = ranks.get(emp.rank_code) if emp.rank_code else None
        rank = "" if not emp.rank_code else (f"{pangkat} ({emp.rank_code})" if pangkat
                                             else f"Golongan {emp.rank_code}")
        unit_name = units[emp.unit_id][0] if emp.unit_id in units else ""
        opd_name = units[roots[emp.unit_id]][0] if emp.unit_id in units else ""
        plan_items = tuple(items.get(pid, ()))
        assessed = [ln for ln in gap.lines if ln.actual is not None]
        signers = (
            SignerData("Pegawai yang bersangkutan", "", name, format_nip(emp.nip)),
            SignerData(sup_label, "", plan.supervisor_name or "",
                       format_nip(plan.supervisor_nip) if plan.supervisor_nip else ""),
            SignerData(head_label, "Mengetahui,", plan.head_name or "",
                       format_nip(plan.head_nip) if plan.head_nip else ""),
        )
        docs.append(IdpDocument(
            letterhead=letterhead, paper_size=cfg.paper_size, year=plan.year,
            version=plan.version, status=plan.status, name=name, nip=format_nip(emp.nip),
            rank=rank, position=pos_name, position_kind=kind_names.get(kind, kind or ""),
            unit=unit_name, opd=opd_name, employee_type=emp.employee_type,
            assessed_on=gap.last_assessed_on, assessor=assessors.get(emp.id, ""), jpm=gap.jpm,
            category=gap.category, required_sum=sum(ln.required for ln in assessed),
            actual_sum=sum(ln.actual or 0 for ln in assessed), gaps=_gap_rows(gap),
            items=plan_items, total_jp=round(sum(i.jp for i in plan_items), 2),
            minimum_jp=cfg.yearly_minimum_jp, total_cost=sum(i.cost for i in plan_items),
            signers=signers, city=cfg.city,
            signed_on=plan.approved_on if plan.status != "draf" and plan.approved_on else today,
            career_goal=plan.career_goal or "", file_stem=idp_file_stem(emp.name, plan.year)))
    return docs


def _gap_rows(gap: EmployeeGap) -> tuple[GapRowData, ...]:
    return tuple(GapRowData(ln.name, ln.kind, ln.required, ln.actual, ln.gap, ln.label)
                 for ln in gap.lines)


def _assessors(session: Session, emp_ids: list[int], gaps: dict[int, EmployeeGap]
               ) -> dict[int, str]:
    """"Assessment Center – BKPP Kabupaten Mamuju" of the latest valid assessment."""
    a = m.Assessment
    out: dict[int, str] = {}
    for chunk in _chunks(emp_ids):
        for eid, on, method, assessor in session.execute(
                select(a.employee_id, a.assessed_on, a.method, a.assessor)
                .where(a.employee_id.in_(chunk)).order_by(a.id)):
            if gaps[eid].last_assessed_on == on:
                out[eid] = " – ".join(x for x in (method, assessor) if x)
    return out


def _items(session: Session, plan_ids: list[int]) -> dict[int, list[PlanItemData]]:
    c, f, t = m.Competency, m.DevelopmentForm, m.TrainingRecord
    years: dict[int, int] = {}
    for chunk in _chunks(plan_ids):
        years.update(session.execute(select(P.id, P.year).where(P.id.in_(chunk))).all())
    out: dict[int, list[PlanItemData]] = {}
    for chunk in _chunks(plan_ids):
        for r in session.execute(
                select(PI.plan_id, PI.seq, c.name.label("comp"), PI.goal, f.code, f.name,
                       f.bentuk, f.jalur, PI.activity, PI.provider, PI.month, PI.jp, PI.cost,
                       t.start_date)
                .outerjoin(c, c.id == PI.competency_id).outerjoin(f, f.code == PI.form_code)
                .outerjoin(t, t.id == PI.training_record_id)
                .where(PI.plan_id.in_(chunk)).order_by(PI.plan_id, PI.seq, PI.id)):
            year = years[r.plan_id]
            form = form_label(r.bentuk, r.jalur, r.name) if r.code else ""
            when = f"{MONTHS_ID[r.month - 1]} {year}" if r.month else f"Tahun {year}"
            realised = f"Terealisasi {format_date_id(r.start_date)}" if r.start_date else ""
            out.setdefault(r.plan_id, []).append(PlanItemData(
                len(out.get(r.plan_id, ())) + 1, r.comp or "Umum", r.goal or "", form,
                r.code or "", r.activity, r.provider or "", when, float(r.jp or 0),
                int(r.cost or 0), realised))
    return out


def form_label(bentuk: str | None, jalur: str | None, name: str | None) -> str:
    """"Pelatihan Nonklasikal – Coaching"; "Pendidikan – Tugas Belajar"."""
    if not name:
        return ""
    if (bentuk or "").lower() == "pendidikan":
        return f"Pendidikan – {name}"
    return f"{bentuk} {jalur} – {name}"

"""Preparing IDPs for many employees at once: drafting inputs and print documents.

Everything here works on lists of ids with a few queries per 500 employees, so drafting and
preparing a thousand documents costs a fraction of rendering them. The printable document
(reports.documents.IdpDocument) is built from plain values; rendering needs no database, and
the JSON of the command line is made from the same document (services.idp._export).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import NipError, format_nip, parse_nip
from karier_desktop.domain.textfmt import MONTHS_ID, format_date_id, full_name
from karier_desktop.reports.documents import (
    GapRowData,
    IdpDocument,
    PlanItemData,
    SignerData,
)
from karier_desktop.services import settings as settings_service
from karier_desktop.services.employees import root_of
from karier_desktop.services.files import idp_file_stem
from karier_desktop.services.gaps import EmployeeGap
from karier_desktop.services.gaps.unit import employee_gaps_bulk
from karier_desktop.services.idp._compose import Profile, compose_draft
from karier_desktop.services.idp._rows import ItemDraft, funding_label
from karier_desktop.services.idp._rules import (
    PPPK_TYPES,
    load_rules,
    misfit_warnings,
    nip_label,
    rank_label,
    rank_text,
)
from karier_desktop.services.recommend import (
    Audience,
    load_catalogue,
    rumpun_of,
    unit_kinds_up,
)
from karier_desktop.store import models as m

P, PI = m.DevelopmentPlan, m.PlanItem
CHUNK = 500


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start:start + CHUNK])


# --- drafting inputs -------------------------------------------------------------------------
def profiles_for(session: Session, employee_ids: Sequence[int]) -> dict[int, Profile]:
    """Employee type, audience, SKP predikat and training history, per employee."""
    e, pos = m.Employee, m.Position
    units = {uid: (kind, parent) for uid, kind, parent in session.execute(
        select(m.Unit.id, m.Unit.kind, m.Unit.parent_id))}
    titles: dict[int, list[str]] = {}
    mandatory: dict[int, set[str]] = {}
    t, prog = m.TrainingRecord, m.Programme
    out: dict[int, Profile] = {}
    for chunk in _chunks(list(employee_ids)):
        for eid, title, ptitle, tag in session.execute(
                select(t.employee_id, t.title, prog.title, prog.mandatory_for)
                .outerjoin(prog, prog.id == t.programme_id)
                .where(t.employee_id.in_(chunk), t.status != "batal")):
            titles.setdefault(eid, []).extend(x for x in (title, ptitle) if x)
            if tag:
                mandatory.setdefault(eid, set()).add(tag)
        for eid, etype, perf, unit_id, kind, pname, field in session.execute(
                select(e.id, e.employee_type, e.performance, e.unit_id, pos.kind_code, pos.name,
                       pos.field).outerjoin(pos, pos.id == e.position_id)
                .where(e.id.in_(chunk))):
            who = Audience(kind or "", unit_kinds_up(units, unit_id), rumpun_of(pname or "",
                                                                                field))
            out[eid] = Profile(etype or "PNS", who, perf, tuple(titles.get(eid, ())),
                               frozenset(mandatory.get(eid, ())))
    return out


def indicator_map(session: Session) -> dict[tuple[int, int], str]:
    """(competency id, level) -> the level's first behaviour indicator (or its description)."""
    out = {}
    for cid, level, description, indicators in session.execute(
            select(m.CompetencyLevel.competency_id, m.CompetencyLevel.level,
                   m.CompetencyLevel.description, m.CompetencyLevel.indicators)):
        first = next((ln.strip() for ln in (indicators or "").splitlines() if ln.strip()), "")
        out[(cid, level)] = first or (description or "").strip()
    return out


def competency_codes(session: Session) -> dict[int, str]:
    return dict(session.execute(select(m.Competency.id, m.Competency.code)).all())


# --- print documents -----------------------------------------------------------------------
def document_for_plan(session: Session, plan_id: int, today: dt.date | None = None
                      ) -> IdpDocument:
    docs = documents_for_plans(session, [plan_id], today)
    if not docs:
        raise LookupError("IDP tidak ditemukan (mungkin sudah dihapus).")
    return docs[0]


def service_text(nip: str, employee_type: str, on: dt.date) -> str:
    """Masa kerja from the NIP's first appointment: "12 tahun 3 bulan"."""
    try:
        info = parse_nip(nip, employee_type if employee_type in ("PNS", "CPNS", *PPPK_TYPES)
                         else "PNS", today=on)
    except NipError:
        return ""
    start = info.tmt_date or dt.date(info.tmt_year, 1, 1)
    months = (on.year - start.year) * 12 + on.month - start.month
    if months < 0:
        return ""
    return f"{months // 12} tahun {months % 12} bulan"


def documents_for_plans(session: Session, plan_ids: Sequence[int], today: dt.date | None = None
                        ) -> list[IdpDocument]:
    """The printable documents of plans, in the order of `plan_ids` (unknown ids skipped)."""
    today = today or dt.date.today()
    cfg = settings_service.load(session)
    rules = load_rules(session)
    labels = settings_service.get_value(session, "signers", {}) or {}
    sup_label = str(labels.get("supervisor_label") or "Atasan Langsung")
    head_label = str(labels.get("head_label") or "Kepala Perangkat Daerah")
    plans = {}
    for chunk in _chunks(list(plan_ids)):
        plans.update({p.id: p for p in session.execute(select(P).where(P.id.in_(chunk)))
                      .scalars()})
    emp_ids = sorted({p.employee_id for p in plans.values()})
    e = m.Employee
    people = {}
    for chunk in _chunks(emp_ids):
        people.update({row.id: row for row in session.execute(
            select(e.id, e.nip, e.name, e.front_title, e.back_title, e.employee_type,
                   e.rank_code, e.rank_tmt, e.education, e.performance, e.position_id,
                   e.unit_id).where(e.id.in_(chunk)))})
    signer_nips = {n for p in plans.values() for n in (p.supervisor_nip, p.head_nip) if n}
    signer_ranks = {nip: (etype, code) for nip, etype, code in session.execute(
        select(e.nip, e.employee_type, e.rank_code).where(e.nip.in_(sorted(signer_nips))))}
    ranks = dict(session.execute(select(m.Rank.code, m.Rank.pangkat)).all())
    positions = {pid: (name, kind) for pid, name, kind in session.execute(
        select(m.Position.id, m.Position.name, m.Position.kind_code))}
    kind_names = dict(session.execute(select(m.PositionKind.code, m.PositionKind.name)).all())
    units = {uid: (name, parent, address) for uid, name, parent, address in session.execute(
        select(m.Unit.id, m.Unit.name, m.Unit.parent_id, m.Unit.address))}
    roots = root_of({uid: parent for uid, (_n, parent, _a) in units.items()})
    gaps = employee_gaps_bulk(session, emp_ids, today)
    assessors = _assessors(session, emp_ids, gaps)
    items = _items(session, list(plans))
    lh = cfg.letterhead
    docs = []
    for pid in plan_ids:
        plan = plans.get(pid)
        if plan is None:
            continue
        emp = people[plan.employee_id]
        gap = gaps[emp.id]
        etype = emp.employee_type or "PNS"
        name = full_name(emp.name, emp.front_title, emp.back_title)
        pos_name, kind = positions.get(emp.position_id, ("", "")) if emp.position_id else ("", "")
        unit_name = units[emp.unit_id][0] if emp.unit_id in units else ""
        opd_id = roots.get(emp.unit_id) if emp.unit_id in units else None
        opd_name = units[opd_id][0] if opd_id is not None else ""
        opd_address = (units[opd_id][2] or "") if opd_id is not None else ""
        letterhead = replace(lh, agency=opd_name or lh.agency, address=opd_address or lh.address,
                             phone=lh.phone if not opd_address else "",
                             email=lh.email if not opd_address else "")
        plan_items = tuple(items.get(pid, ()))
        assessed = [ln for ln in gap.lines if ln.actual is not None]
        jp_rule = rules.jp_rule(etype)
        ceiling_jp, ceiling_cost = rules.ceiling(etype)

        def signer_rank(nip: str | None) -> str:
            if not nip or nip not in signer_ranks:
                return ""
            stype, code = signer_ranks[nip]
            return rank_text(stype, code, ranks.get(code))

        sup_caption = plan.supervisor_caption or sup_label
        is_ppk = not plan.supervisor_nip and sup_caption == rules.ppk_caption
        signers = [
            SignerData("Pegawai yang bersangkutan", "", name, format_nip(emp.nip),
                       rank_text(etype, emp.rank_code, ranks.get(emp.rank_code or "")),
                       role="Pegawai"),
            SignerData(sup_caption, "Menyetujui,", plan.supervisor_name or "",
                       format_nip(plan.supervisor_nip) if plan.supervisor_nip else "",
                       signer_rank(plan.supervisor_nip), has_nip=not is_ppk,
                       role="Atasan Langsung"),
        ]
        if plan.head_name or plan.head_nip or not plan.supervisor_caption:
            signers.append(SignerData(plan.head_caption or head_label,
                                      "Mengetahui,", plan.head_name or "",
                                      format_nip(plan.head_nip) if plan.head_nip else "",
                                      signer_rank(plan.head_nip), role="Mengetahui"))
        docs.append(IdpDocument(
            letterhead=letterhead, paper_size=cfg.paper_size, year=plan.year,
            version=plan.version, status=plan.status, name=name, nip=format_nip(emp.nip),
            rank=rank_text(etype, emp.rank_code, ranks.get(emp.rank_code or "")),
            position=pos_name, position_kind=kind_names.get(kind, kind or ""),
            unit=unit_name, opd=opd_name, employee_type=etype,
            assessed_on=gap.last_assessed_on, assessor=assessors.get(emp.id, ""), jpm=gap.jpm,
            category=gap.category, required_sum=sum(ln.required for ln in assessed),
            actual_sum=sum(ln.actual or 0 for ln in assessed), gaps=_gap_rows(gap),
            items=plan_items, total_jp=round(sum(i.jp for i in plan_items), 2),
            minimum_jp=jp_rule.jp, total_cost=sum(i.cost for i in plan_items),
            signers=tuple(signers), city=cfg.city,
            signed_on=plan.approved_on if plan.status != "draf" and plan.approved_on else today,
            career_goal=plan.career_goal or "", file_stem=idp_file_stem(emp.name, plan.year),
            nip_label=nip_label(etype), rank_label=rank_label(etype), rank_tmt=emp.rank_tmt,
            education=emp.education or "", service=service_text(emp.nip, etype, today),
            performance=emp.performance or "", jp_kind=jp_rule.kind, jp_rule=jp_rule.rule,
            jp_citation=jp_rule.citation, ceiling_jp=ceiling_jp, ceiling_cost=ceiling_cost,
            aspiration=plan.aspiration or "", target_position=plan.target_position or "",
            commitment=plan.commitment or rules.commitment,
            supervisor_notes=plan.supervisor_notes or "",
            warnings=tuple(misfit_warnings(etype, emp.rank_code, kind or "",
                                           kind_names.get(kind, ""))),
            assessment_pending=any(i.purpose == "asesmen" for i in plan_items)))
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
                select(PI.plan_id, PI.seq, c.name.label("comp"), c.code.label("ccode"), PI.goal,
                       f.code, f.name, f.bentuk, f.jalur, PI.activity, PI.provider, PI.month,
                       PI.jp, PI.cost, t.start_date, PI.funding_source, PI.competency_codes,
                       PI.evidence, PI.purpose)
                .outerjoin(c, c.id == PI.competency_id).outerjoin(f, f.code == PI.form_code)
                .outerjoin(t, t.id == PI.training_record_id)
                .where(PI.plan_id.in_(chunk)).order_by(PI.plan_id, PI.seq, PI.id)):
            year = years[r.plan_id]
            form = form_label(r.bentuk, r.jalur, r.name) if r.code else ""
            when = f"{MONTHS_ID[r.month - 1]} {year}" if r.month else f"Tahun {year}"
            realised = f"Terealisasi {format_date_id(r.start_date)}" if r.start_date else ""
            codes = tuple(x.strip() for x in (r.competency_codes or "").split(",") if x.strip())
            if not codes and r.ccode:
                codes = (r.ccode,)
            out.setdefault(r.plan_id, []).append(PlanItemData(
                len(out.get(r.plan_id, ())) + 1, r.comp or "Umum", r.goal or "", form,
                r.code or "", r.activity, r.provider or "", when, float(r.jp or 0),
                int(r.cost or 0), realised, r.month, codes, funding_label(r.funding_source),
                r.evidence or "", r.purpose or "", r.name or ""))
    return out


def form_label(bentuk: str | None, jalur: str | None, name: str | None) -> str:
    """"Pelatihan Nonklasikal – Coaching"; "Pendidikan – Tugas Belajar"."""
    if not name:
        return ""
    if (bentuk or "").lower() == "pendidikan":
        return f"Pendidikan – {name}"
    return f"{bentuk} {jalur} – {name}"


def drafts_for(session: Session, gaps: dict[int, EmployeeGap]) -> dict[int, list[ItemDraft]]:
    """Composed plan items per employee (the same rule for one employee and a unit)."""
    rules = load_rules(session)
    catalogue = load_catalogue(session)
    indicators = indicator_map(session)
    codes = competency_codes(session)
    profiles = profiles_for(session, list(gaps))
    return {eid: compose_draft(gap, profiles.get(eid, Profile()), catalogue, rules, indicators,
                               codes) for eid, gap in gaps.items()}

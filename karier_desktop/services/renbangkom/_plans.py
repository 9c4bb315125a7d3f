"""The Renbangkom plan of a year: built from the IDPs, versioned, funded, verified and set.

Life cycle: `build` makes version 1 as a draft (or rebuilds an open draft); `verify` (BKPP)
and `set_plan` (PPK) move it on; a set plan is locked, `new_version` copies it into a draft
"Perubahan" that replaces it once set. Helpers never commit (one unit of work per action).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from karier_desktop.services import audit, idp
from karier_desktop.services.employees import root_of
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.renbangkom._rows import (
    FROM_IDP_FUNDING,
    FUNDING_LABELS,
    FUNDING_ORDER,
    LOCKED_MESSAGE,
    PRIORITY_LABELS,
    PRIORITY_OF_PURPOSE,
    BudgetRow,
    LineRow,
    PlanHeader,
    PlanView,
    quarter_of,
)
from karier_desktop.store import models as m

P, L, PP = m.RenbangkomPlan, m.RenbangkomLine, m.RenbangkomParticipant


def current_plan_id(session: Session, year: int) -> int | None:
    """The newest version of the year that is not replaced."""
    return session.scalar(select(P.id).where(P.year == year, P.status != "diganti")
                          .order_by(P.version.desc()).limit(1))


def header(session: Session, plan_id: int) -> PlanHeader:
    p = session.get(P, plan_id)
    if p is None:
        raise ValidationError(["Rencana pengembangan kompetensi tidak ditemukan."])
    return PlanHeader(p.id, p.year, p.version, p.status, p.verified_on, p.set_on)


def _idp_items(session: Session, year: int, include_drafts: bool) -> list[tuple[Any, ...]]:
    """Items of the year's current IDPs: approved plans, planner results in drafts, and with
    `include_drafts` every draft item too."""
    ids = list(session.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")))
    plan_ids = list(idp.current_plans(session, ids, year).values())
    it, dp = m.PlanItem, m.DevelopmentPlan
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(plan_ids), 500):
        chunk = plan_ids[start:start + 500]
        rows += session.execute(
            select(it.id, dp.employee_id, dp.status, it.source, it.competency_codes,
                   it.competency_id, it.activity, it.form_code, it.programme_id, it.provider,
                   it.month, it.jp, it.cost, it.funding_source, it.purpose)
            .join(dp, dp.id == it.plan_id).where(dp.id.in_(chunk))).all()
    return [r for r in rows if r[2] == "disetujui" or r[3] == "anggaran" or include_drafts]


def _group_lines(session: Session, items: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    codes = dict(session.execute(select(m.Competency.id, m.Competency.code)).all())
    lines: dict[tuple[Any, ...], dict[str, Any]] = {}
    for (item_id, eid, _status, _src, comp_codes, comp_id, activity, form, prog, provider,
         month, jp, cost, funding, purpose) in items:
        code = (comp_codes or "").split(",")[0].strip() or codes.get(comp_id, "")
        source = "tanpa_biaya" if not cost else FROM_IDP_FUNDING.get(funding or "", "apbd_kab")
        key = (prog or activity.strip().lower(), form or "", (provider or "").strip(),
               quarter_of(month), source, code)
        line = lines.setdefault(key, {
            "competency_code": code or None, "activity": activity.strip(), "form_code": form,
            "programme_id": prog, "organiser": (provider or "").strip(),
            "quarter": quarter_of(month), "jp": 0.0, "funding_source": source,
            "priority": 3, "people": {}})
        line["jp"] = max(line["jp"], float(jp or 0))
        line["priority"] = min(line["priority"], PRIORITY_OF_PURPOSE.get(purpose or "", 2))
        line["people"].setdefault(eid, (item_id, float(jp or 0), int(cost or 0)))
    return sorted(lines.values(), key=lambda d: (d["priority"], d["quarter"],
                                                 d["competency_code"] or "", d["activity"]))


def _write_lines(session: Session, plan_id: int, lines: Sequence[dict[str, Any]]) -> None:
    kinds = dict(session.execute(select(m.Competency.code, m.Competency.kind)).all())
    for seq, d in enumerate(lines, start=1):
        people = d["people"]
        line = L(plan_id=plan_id, seq=seq, competency_code=d["competency_code"],
                 competency_kind=kinds.get(d["competency_code"] or ""), activity=d["activity"],
                 form_code=d["form_code"], programme_id=d["programme_id"],
                 organiser=d["organiser"], quarter=d["quarter"], jp=d["jp"],
                 cost=sum(c for _i, _j, c in people.values()),
                 funding_source=d["funding_source"], priority=d["priority"])
        session.add(line)
        session.flush()
        session.execute(insert(PP), [
            {"line_id": line.id, "employee_id": eid, "plan_item_id": item_id, "jp": jp,
             "cost": cost} for eid, (item_id, jp, cost) in people.items()])


def build(session: Session, year: int, include_drafts: bool = False,
          replace: bool = False) -> int:
    """Draft the year's plan from the IDPs; the plan id.

    An open (draft or verified) version is rebuilt only with `replace`; after a set plan the
    new draft is the next version (a Perubahan).
    """
    items = _idp_items(session, year, include_drafts)
    if not items:
        raise ValidationError([f"Belum ada kegiatan IDP tahun {year} yang dapat dimasukkan "
                               "(IDP disetujui atau hasil rencana anggaran)."])
    current = current_plan_id(session, year)
    plan: m.RenbangkomPlan | None = session.get(P, current) if current else None
    if plan is not None and plan.status in ("draf", "diverifikasi"):
        if not replace:
            raise ValidationError([f"Sudah ada rencana tahun {year} versi {plan.version} "
                                   f"({plan.status}); pilih susun ulang untuk menggantinya."])
        session.execute(delete(L).where(L.plan_id == plan.id))
        plan.status, plan.verified_on = "draf", None
    else:
        version = (plan.version + 1) if plan is not None else 1
        plan = P(year=year, version=version, status="draf", note="")
        session.add(plan)
        session.flush()
    _write_lines(session, plan.id, _group_lines(session, items))
    audit.record(session, "build", "renbangkom_plan", plan.id, year=year,
                 version=plan.version, items=len(items))
    return plan.id


def _editable(session: Session, plan_id: int) -> m.RenbangkomPlan:
    # Locked until the end of the transaction (SELECT … FOR UPDATE on a server): a plan set
    # by another clerk meanwhile is seen as set, not changed after the check.
    plan = session.get(P, plan_id, with_for_update=True, populate_existing=True)
    if plan is None:
        raise ValidationError(["Rencana pengembangan kompetensi tidak ditemukan."])
    if plan.status in ("ditetapkan", "diganti"):
        raise ValidationError([LOCKED_MESSAGE])
    return plan


def _change_lines(session: Session, line_ids: Sequence[int], field: str, value: object) -> int:
    """Set `field` of lines of an open plan; a verified plan goes back to draft when a line
    really changes. The number of lines changed."""
    changed = 0
    for line_id in line_ids:
        line = session.get(L, line_id)
        if line is None:
            continue
        plan = _editable(session, line.plan_id)
        if getattr(line, field) == value:
            continue
        if plan.status == "diverifikasi":
            plan.status, plan.verified_on = "draf", None  # a change needs a new verification
        setattr(line, field, value)
        changed += 1
    return changed


def set_funding(session: Session, line_ids: Sequence[int], source: str) -> int:
    """Assign a funding source to lines of an open plan; the number of lines changed."""
    if source not in FUNDING_LABELS:
        raise ValidationError([f"Sumber dana tidak dikenal: {source}"])
    return _change_lines(session, line_ids, "funding_source", source)


def set_priority(session: Session, line_id: int, priority: int) -> None:
    line = session.get(L, line_id)
    if line is None or priority not in (1, 2, 3):
        raise ValidationError(["Prioritas harus 1 (tinggi), 2 (sedang) atau 3 (rendah)."])
    _editable(session, line.plan_id)
    line.priority = priority


def set_priorities(session: Session, line_ids: Sequence[int], priority: int) -> int:
    """Set the priority of lines of an open plan (1 high, 2 medium, 3 low); a verified plan
    goes back to draft, as for a funding change. Returns the number of lines changed."""
    if priority not in PRIORITY_LABELS:
        raise ValidationError(["Prioritas harus 1 (tinggi), 2 (sedang) atau 3 (rendah)."])
    return _change_lines(session, line_ids, "priority", priority)


def set_budget(session: Session, year: int, source: str, amount: int | None) -> None:
    """The ceiling of one funding source in a year (None removes it)."""
    if source not in FUNDING_LABELS:
        raise ValidationError([f"Sumber dana tidak dikenal: {source}"])
    if amount is not None and amount < 0:
        raise ValidationError(["Pagu anggaran tidak boleh negatif."])
    row = session.get(m.RenbangkomBudget, (year, source))
    if amount is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(m.RenbangkomBudget(year=year, funding_source=source, amount=amount))
    else:
        row.amount = amount


def budgets(session: Session, plan_id: int) -> tuple[BudgetRow, ...]:
    year = session.scalar(select(P.year).where(P.id == plan_id))
    ceilings = dict(session.execute(select(m.RenbangkomBudget.funding_source,
                                           m.RenbangkomBudget.amount)
                                    .where(m.RenbangkomBudget.year == year)).all())
    planned = dict(session.execute(select(L.funding_source, func.sum(L.cost))
                                   .where(L.plan_id == plan_id).group_by(L.funding_source)).all())
    return tuple(BudgetRow(s, FUNDING_LABELS[s], ceilings.get(s), int(planned.get(s) or 0))
                 for s in FUNDING_ORDER)


def verify(session: Session, plan_id: int, on: dt.date) -> None:
    """BKPP verifies a draft: every line has a source and no source is over its ceiling."""
    plan = _editable(session, plan_id)
    if plan.status != "draf":
        raise ValidationError(["Hanya rencana berstatus draf yang dapat diverifikasi."])
    over = [b for b in budgets(session, plan_id) if b.over]
    if over:
        raise ValidationError([f"{b.label}: rencana melebihi pagu" for b in over])
    if not session.scalar(select(func.count(L.id)).where(L.plan_id == plan_id)):
        raise ValidationError(["Rencana belum berisi kegiatan."])
    plan.status, plan.verified_on = "diverifikasi", on
    audit.record(session, "verify", "renbangkom_plan", plan.id, on=on.isoformat())


def set_plan(session: Session, plan_id: int, on: dt.date) -> None:
    """The PPK sets a verified plan: it is locked; the version it changes becomes replaced."""
    plan = _editable(session, plan_id)
    if plan.status != "diverifikasi":
        raise ValidationError(["Rencana harus diverifikasi BKPP sebelum ditetapkan PPK."])
    for old in session.scalars(select(P).where(P.year == plan.year, P.id != plan.id,
                                               P.status == "ditetapkan")):
        old.status = "diganti"
    plan.status, plan.set_on = "ditetapkan", on
    audit.record(session, "set", "renbangkom_plan", plan.id, on=on.isoformat())


def new_version(session: Session, plan_id: int) -> int:
    """A Perubahan: a draft copy of a set plan (lines and participants); its id."""
    old = session.get(P, plan_id)
    if old is None or old.status != "ditetapkan":
        raise ValidationError(["Perubahan hanya dapat dibuat dari rencana yang sudah ditetapkan."])
    newest = session.scalar(select(func.max(P.version)).where(P.year == old.year)) or 0
    if session.scalar(select(func.count(P.id)).where(P.year == old.year,
                                                     P.status.in_(("draf", "diverifikasi")))):
        raise ValidationError(["Sudah ada perubahan yang belum ditetapkan untuk tahun ini."])
    plan = P(year=old.year, version=newest + 1, status="draf", note="")
    session.add(plan)
    session.flush()
    cols = [c.name for c in L.__table__.columns if c.name not in ("id", "plan_id")]
    for line in session.scalars(select(L).where(L.plan_id == old.id).order_by(L.seq)):
        copy = L(plan_id=plan.id, **{c: getattr(line, c) for c in cols})
        session.add(copy)
        session.flush()
        session.execute(insert(PP), [
            {"line_id": copy.id, "employee_id": e, "plan_item_id": i, "jp": j, "cost": c}
            for e, i, j, c in session.execute(select(PP.employee_id, PP.plan_item_id, PP.jp,
                                                     PP.cost).where(PP.line_id == line.id))])
    audit.record(session, "new_version", "renbangkom_plan", plan.id, of=old.id)
    return plan.id


def view(session: Session, plan_id: int) -> PlanView:
    head = header(session, plan_id)
    comps = {c: (n, k) for c, n, k in session.execute(
        select(m.Competency.code, m.Competency.name, m.Competency.kind))}
    forms = dict(session.execute(select(m.DevelopmentForm.code, m.DevelopmentForm.name)).all())
    parents = dict(session.execute(select(m.Unit.id, m.Unit.parent_id)).all())
    roots = root_of(parents)
    names = dict(session.execute(select(m.Unit.id, m.Unit.name)).all())
    opds: dict[int, set[str]] = {}
    counts: dict[int, int] = {}
    for line_id, unit_id in session.execute(
            select(PP.line_id, m.Employee.unit_id).join(m.Employee, m.Employee.id == PP.employee_id)
            .join(L, L.id == PP.line_id).where(L.plan_id == plan_id)):
        counts[line_id] = counts.get(line_id, 0) + 1
        if unit_id is not None:
            opds.setdefault(line_id, set()).add(names.get(roots.get(unit_id, unit_id), ""))
    rows = []
    for ln in session.scalars(select(L).where(L.plan_id == plan_id).order_by(L.seq)):
        name, kind = comps.get(ln.competency_code or "", ("", ln.competency_kind or ""))
        rows.append(LineRow(
            ln.id, ln.seq, ln.competency_code or "", name or "–", kind or "", ln.activity,
            ln.form_code or "", forms.get(ln.form_code or "", ""), ln.organiser, ln.quarter,
            ln.jp, counts.get(ln.id, 0), ln.cost, ln.funding_source, ln.priority,
            "; ".join(sorted(opds.get(ln.id, ())))))
    return PlanView(head, tuple(rows), budgets(session, plan_id))


def plan_years(session: Session) -> list[int]:
    return list(session.scalars(select(P.year).distinct().order_by(P.year.desc())))


def versions(session: Session, year: int) -> list[PlanHeader]:
    return [PlanHeader(p.id, p.year, p.version, p.status, p.verified_on, p.set_on)
            for p in session.scalars(select(P).where(P.year == year).order_by(P.version))]

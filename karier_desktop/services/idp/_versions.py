"""Plan versions: the one place that opens an editable draft for an employee and a year.

`open_drafts` is used by drafting (one employee or a unit batch), by "new version" on the IDP
page and by accepting a budget plan (services.planner_results.accept). For each employee:

- a draft of the year already exists: that draft (`reuse_draft`, the default);
- else an approved plan exists: a new draft version that copies it — every column of the plan
  and of each item, read from the table definitions, so a column added later is copied too;
- else: a new plan (version after any replaced ones) with the signers given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from karier_desktop.services import audit
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.idp._rows import ItemDraft, Signers
from karier_desktop.store import models as m

P, PI = m.DevelopmentPlan, m.PlanItem
CHUNK = 500
# Columns that belong to one version and are never copied into the next.
_PLAN_OWN = {"id", "version", "status", "approved_on", "created_at", "row_version"}
_ITEM_OWN = {"id", "plan_id", "row_version"}


@dataclass(frozen=True)
class OpenedDraft:
    plan_id: int
    how: str  # "draf" (existing draft) | "versi" (copied from the approved plan) | "baru"
    copied_from: int | None = None


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start:start + CHUNK])


def plan_columns() -> list[str]:
    return [c.key for c in P.__table__.columns if c.key not in _PLAN_OWN]


def item_columns() -> list[str]:
    return [c.key for c in PI.__table__.columns if c.key not in _ITEM_OWN]


def copy_items(session: Session, from_plan: int, to_plan: int) -> int:
    """Copy every item (every column) of one plan into another; how many."""
    cols = item_columns()
    rows = [dict(zip(cols, r, strict=True)) for r in session.execute(
        select(*(PI.__table__.c[c] for c in cols)).where(PI.plan_id == from_plan)
        .order_by(PI.seq, PI.id))]
    for r in rows:
        r["plan_id"] = to_plan
    if rows:
        session.execute(insert(PI), rows)
    return len(rows)


def open_drafts(session: Session, year: int, employee_ids: Sequence[int],
                signers: Mapping[int, Signers] | None = None, reuse_draft: bool = True
                ) -> dict[int, OpenedDraft]:
    """An editable draft plan per employee for the year (see the module docstring)."""
    signers = signers or {}
    plans: dict[int, list[tuple[int, int, str]]] = {}
    for chunk in _chunks(list(employee_ids)):
        for pid, eid, version, status in session.execute(
                select(P.id, P.employee_id, P.version, P.status)
                .where(P.year == year, P.employee_id.in_(chunk))):
            plans.setdefault(eid, []).append((version, pid, status))
    out: dict[int, OpenedDraft] = {}
    fresh: dict[int, m.DevelopmentPlan] = {}
    copies: list[tuple[int, m.DevelopmentPlan, int]] = []
    pcols = plan_columns()
    for eid in employee_ids:
        mine = sorted(plans.get(eid, []))
        newest = mine[-1][0] if mine else 0
        draft = next((pid for _v, pid, st in reversed(mine) if st == "draf"), None)
        if draft is not None and reuse_draft:
            out[eid] = OpenedDraft(draft, "draf")
            continue
        approved = next((pid for _v, pid, st in reversed(mine) if st == "disetujui"), None)
        if approved is not None:
            old = session.get(P, approved)
            assert old is not None
            copy = P(**{c: getattr(old, c) for c in pcols})
            copy.version, copy.status = newest + 1, "draf"
            copies.append((eid, copy, approved))
            continue
        s = signers.get(eid, Signers())
        fresh[eid] = P(employee_id=eid, year=year, version=newest + 1, status="draf",
                       supervisor_name=s.supervisor_name or None,
                       supervisor_nip=s.supervisor_nip or None, head_name=s.head_name or None,
                       head_nip=s.head_nip or None,
                       supervisor_caption=s.supervisor_caption or None,
                       head_caption=s.head_caption or None)
    session.add_all([c for _e, c, _a in copies] + list(fresh.values()))
    try:
        session.flush()
    except IntegrityError as exc:  # another clerk drafted the same IDP version meanwhile
        raise ValidationError([
            f"IDP tahun {year} untuk pegawai ini baru saja disusun petugas lain; tidak ada "
            "yang disimpan. Muat ulang daftar IDP lalu buka draf itu."]) from exc
    for eid, copy, approved in copies:
        copy_items(session, approved, copy.id)
        out[eid] = OpenedDraft(copy.id, "versi", approved)
        audit.record(session, "new_version", "development_plan", copy.id, from_plan=approved,
                     version=copy.version)
    for eid, plan in fresh.items():
        out[eid] = OpenedDraft(plan.id, "baru")
    return out


def item_dicts(plan_id: int, items: Sequence[ItemDraft], first_seq: int = 1,
               source: str = "otomatis") -> list[dict[str, object]]:
    return [{"plan_id": plan_id, "seq": n, "competency_id": it.competency_id, "gap": it.gap,
             "goal": it.goal, "form_code": it.form_code, "programme_id": it.programme_id,
             "activity": it.activity[:250], "provider": it.provider or None, "month": it.month,
             "jp": it.jp, "cost": it.cost, "source": source,
             "funding_source": it.funding_source,
             "competency_codes": ",".join(it.competency_codes)[:200] or None,
             "evidence": it.evidence[:250] or None, "purpose": it.purpose}
            for n, it in enumerate(items, start=first_seq)]


def next_seq(session: Session, plan_id: int) -> int:
    return (session.scalar(select(func.max(PI.seq)).where(PI.plan_id == plan_id)) or 0) + 1


def save_drafts(session: Session, drafts: dict[int, list[ItemDraft]], year: int,
                signers: Mapping[int, Signers]) -> dict[int, int]:
    """New draft plans with these items (version after the newest existing); plan id per
    employee. Callers pass employees without a current plan."""
    opened = open_drafts(session, year, list(drafts), signers, reuse_draft=False)
    rows = []
    for eid, items in drafts.items():
        rows.extend(item_dicts(opened[eid].plan_id, items))
    if rows:
        session.execute(insert(PI), rows)
    for eid, op in opened.items():
        audit.record(session, "draft", "development_plan", op.plan_id, employee_id=eid,
                     year=year, items=len(drafts[eid]))
    return {eid: op.plan_id for eid, op in opened.items()}

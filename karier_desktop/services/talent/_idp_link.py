"""The one place talent management writes into IDPs (through the IDP service's public calls).

Career items close the gaps to a target position; box items carry the development actions of
an employee's 9-box. Both are added to the employee's plan of the year (drafted first when there
is none) and marked `source = "karier"`, with the goal saying which target they serve; the plan's
career goal names the target position.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import update
from sqlalchemy.orm import Session

from karier_desktop.services import idp as idp_service
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.gaps import GapLine
from karier_desktop.services.idp import ItemInput, spread_months
from karier_desktop.services.recommend import load_catalogue, rank_for_gap
from karier_desktop.services.talent._career import gap_to_position
from karier_desktop.services.talent._settings import box_actions
from karier_desktop.store import models as m

CAREER_SOURCE = "karier"
MAX_CAREER_ITEMS = 6


def _plan_for(session: Session, employee_id: int, year: int, today: dt.date) -> int:
    plan_id = idp_service.find_plan(session, employee_id, year)
    if plan_id is None:
        plan_id = idp_service.draft_plan(session, employee_id, year, today)
    view = idp_service.get_plan(session, plan_id)
    if view.locked:
        raise ValidationError([f"IDP {year} sudah disetujui; buat versi baru di halaman IDP "
                               "sebelum menambah kegiatan pengembangan karier."])
    return plan_id


def _mark(session: Session, item_ids: list[int]) -> None:
    if item_ids:
        session.execute(update(m.PlanItem).where(m.PlanItem.id.in_(item_ids))
                        .values(source=CAREER_SOURCE))


def draft_career_items(session: Session, employee_id: int, position_id: int, year: int,
                       today: dt.date | None = None) -> tuple[int, int]:
    """Add IDP items that close the gaps to `position_id`; (plan id, items added)."""
    today = today or dt.date.today()
    career = gap_to_position(session, employee_id, position_id, today)
    plan_id = _plan_for(session, employee_id, year, today)
    catalogue = load_catalogue(session)
    target = career.target
    goal_prefix = f"Pengembangan karier menuju {target.name}"
    inputs: list[ItemInput] = []
    for ln in career.gaps[:MAX_CAREER_ITEMS]:
        line = GapLine(ln.competency_id, ln.code, ln.name, "", ln.required, ln.actual, None,
                       False, ln.gap, "")
        options = rank_for_gap(catalogue, line, target.kind_code, limit=1)
        goal = f"{goal_prefix}: {ln.name} dari level {ln.actual} ke {ln.required}"
        if options:
            o = options[0]
            inputs.append(ItemInput(o.title, ln.competency_id, ln.gap, goal, o.form_code,
                                    o.programme_id, o.provider, None, o.jp, o.cost))
        else:
            inputs.append(ItemInput(f"Mentoring {ln.name} oleh pejabat {target.name}",
                                    ln.competency_id, ln.gap, goal, "NKL02", None,
                                    "Pejabat senior", None, 8.0, 0))
    if not inputs:
        inputs.append(ItemInput(f"Penugasan/magang singkat pada jabatan {target.name}", None,
                                None, f"{goal_prefix}: mengenal tugas jabatan sasaran",
                                "NKL12", None, target.unit, None, 20.0, 0))
    months = spread_months(len(inputs))
    added = [idp_service.add_item(session, plan_id, ItemInput(
        i.activity, i.competency_id, i.gap, i.goal, i.form_code, i.programme_id, i.provider,
        month, i.jp, i.cost)) for i, month in zip(inputs, months, strict=True)]
    _mark(session, added)
    view = idp_service.get_plan(session, plan_id)
    goal = f"Menuju jabatan {target.name}" + (f" ({target.unit})" if target.unit else "")
    if goal not in view.signers.career_goal:
        text = "; ".join(x for x in (view.signers.career_goal, goal) if x)
        from dataclasses import replace

        idp_service.update_signers(session, plan_id, replace(view.signers, career_goal=text))
    return plan_id, len(added)


def add_box_actions(session: Session, employee_id: int, year: int,
                    actions: tuple[tuple[str, str, float], ...], box: int,
                    today: dt.date | None = None) -> tuple[int, int]:
    """Add a box's development actions to the employee's IDP of the year."""
    today = today or dt.date.today()
    plan_id = _plan_for(session, employee_id, year, today)
    existing = {it.activity for it in idp_service.get_plan(session, plan_id).items}
    fresh = [a for a in actions if a[0] not in existing]
    months = spread_months(len(fresh))
    added = [idp_service.add_item(session, plan_id, ItemInput(
        activity, None, None, f"Tindak lanjut kotak talenta {box}", form, None,
        "Atasan langsung", month, jp, 0)) for (activity, form, jp), month
        in zip(fresh, months, strict=True)]
    _mark(session, added)
    return plan_id, len(added)


def add_box_actions_to_plans(session: Session, placements: list[tuple[int, int]], year: int,
                             today: dt.date | None = None,
                             progress: Callable[[str, float], None] | None = None
                             ) -> tuple[int, int, int]:
    """The box actions of many employees ((employee, box) pairs) into their IDPs, in the
    caller's one transaction; (plans touched, items added, employees skipped because their
    plan of the year is already approved). `progress` may raise Cancelled (nothing kept)."""
    actions = box_actions(session)
    plans = items = skipped = 0
    for n, (employee_id, box) in enumerate(placements, start=1):
        if progress is not None and n % 10 == 1:
            progress(f"Menambahkan tindakan kotak ke IDP ({n} dari {len(placements)})",
                     n / max(1, len(placements)))
        try:
            _plan, added = add_box_actions(session, employee_id, year, actions.get(box, ()),
                                           box, today)
        except ValidationError:
            skipped += 1
            continue
        plans += 1
        items += added
    return plans, items, skipped

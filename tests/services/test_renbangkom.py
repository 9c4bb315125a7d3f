"""The regency's Renbangkom plan on the demo regency: built from the approved IDPs (sums),
funding sources and ceilings, verify → set (locked) → Perubahan, summaries, plan vs actual."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from karier_desktop.services import renbangkom as rb
from karier_desktop.services.errors import ValidationError
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from tests.renbang_regency import TODAY, YEAR, approve_idps, approved_item_totals


@pytest.fixture
def regency(demo_db: Database) -> Database:
    approve_idps(demo_db, every=2)
    return demo_db


def _build(db: Database) -> int:
    with db.session_scope() as s:
        return rb.build(s, YEAR)


def test_plan_sums_match_the_approved_idp_items(regency: Database) -> None:
    items, cost = approved_item_totals(regency)
    plan_id = _build(regency)
    with regency.session_scope() as s:
        pv = rb.view(s, plan_id)
        n_people = s.scalar(select(func.count()).select_from(m.RenbangkomParticipant))
        opds = rb.per_opd(s, plan_id)
        by_form = rb.per_group(s, plan_id, "form")
        by_org = rb.per_group(s, plan_id, "organiser")
    assert pv.header.version == 1 and pv.header.status == "draf"
    assert pv.total_cost == cost  # every approved item's cost is in the plan once
    assert pv.participants == n_people <= items
    assert sum(b.planned for b in pv.budgets) == cost
    assert sum(o.cost for o in opds) == cost
    assert sum(g.cost for g in by_form) == cost == sum(g.cost for g in by_org)
    assert sum(g.participants for g in by_form) == pv.participants
    assert all(1 <= ln.quarter <= 4 and ln.funding_source in rb.FUNDING_LABELS
               for ln in pv.lines)
    # IDP "APBD – DPA OPD" and "APBD – BKPSDM" both become APBD Kabupaten; free items are free
    assert {ln.funding_source for ln in pv.lines if ln.cost == 0} == {"tanpa_biaya"}
    assert all(ln.funding_source != "tanpa_biaya" for ln in pv.lines if ln.cost > 0)
    for o in opds:
        assert 0 <= o.with_plan <= o.employees and 0 <= o.reaching_minimum <= 1


def test_drafts_only_with_the_option(demo_db: Database) -> None:
    approve_idps(demo_db, every=10**6)  # only the first is approved
    with demo_db.session_scope() as s:
        few = rb.view(s, rb.build(s, YEAR)).participants
    with demo_db.session_scope() as s:
        plan_id = rb.build(s, YEAR, include_drafts=True, replace=True)
        assert rb.view(s, plan_id).participants > few


def test_verify_set_lock_and_perubahan(regency: Database) -> None:
    plan_id = _build(regency)
    with regency.session_scope() as s:
        paid = [ln for ln in rb.view(s, plan_id).lines if ln.cost > 0]
        rb.set_budget(s, YEAR, "apbd_kab", 1)  # far too small
    with regency.session_scope() as s, pytest.raises(ValidationError) as exc:
        rb.verify(s, plan_id, TODAY)
    assert "APBD Kabupaten: rencana melebihi pagu" in exc.value.messages
    with regency.session_scope() as s:
        assert len(rb.unfunded(s, plan_id)) == sum(
            1 for ln in paid if ln.funding_source == "apbd_kab")
        rb.set_funding(s, [ln.id for ln in paid], "apbd_prov")
        rb.set_budget(s, YEAR, "apbd_kab", None)
    with regency.session_scope() as s:
        assert rb.unfunded(s, plan_id) == []
        with pytest.raises(ValidationError):
            rb.set_plan(s, plan_id, TODAY)  # not verified yet
        rb.verify(s, plan_id, TODAY)
        rb.set_plan(s, plan_id, TODAY)
    with regency.session_scope() as s:
        assert rb.header(s, plan_id).status == "ditetapkan"
        with pytest.raises(ValidationError) as exc:
            rb.set_funding(s, [paid[0].id], "apbn")
        assert exc.value.messages == [rb.LOCKED_MESSAGE]
        change = rb.new_version(s, plan_id)
    with regency.session_scope() as s:
        assert rb.current_plan_id(s, YEAR) == change
        assert rb.header(s, change).label == "Draf (Perubahan ke-1)"
        assert rb.view(s, change).total_cost == rb.view(s, plan_id).total_cost
        original_first = rb.view(s, plan_id).lines[0].funding_source
        rb.set_funding(s, [rb.view(s, change).lines[0].id], "apbn")
        rb.verify(s, change, TODAY)
        rb.set_plan(s, change, TODAY)
    with regency.session_scope() as s:
        assert rb.header(s, plan_id).status == "diganti"
        assert [h.status for h in rb.versions(s, YEAR)] == ["diganti", "ditetapkan"]
        # the change has its own lines: the locked original keeps its source
        assert rb.view(s, change).lines[0].funding_source == "apbn"
        assert rb.view(s, plan_id).lines[0].funding_source == original_first


def test_second_build_needs_replace(regency: Database) -> None:
    _build(regency)
    with regency.session_scope() as s, pytest.raises(ValidationError) as exc:
        rb.build(s, YEAR)
    assert "versi 1" in exc.value.messages[0]


def test_plan_against_actual(regency: Database) -> None:
    plan_id = _build(regency)
    with regency.session_scope() as s:
        line = next(ln for ln in rb.view(s, plan_id).lines
                    if ln.cost > 0 and ln.participants >= 2)
        prog, eids = s.execute(select(m.RenbangkomLine.programme_id, m.RenbangkomLine.form_code)
                               .where(m.RenbangkomLine.id == line.id)).one()[0], list(
            s.scalars(select(m.RenbangkomParticipant.employee_id)
                      .where(m.RenbangkomParticipant.line_id == line.id)))
        s.add(m.TrainingRecord(employee_id=eids[0], programme_id=prog, title=line.activity,
                               form_code=line.form_code or None, start_date=dt.date(YEAR, 5, 3),
                               end_date=dt.date(YEAR, 5, 9), jp=line.jp, cost=1_234_000,
                               status="selesai"))
    with regency.session_scope() as s:
        mid = rb.plan_actual(s, plan_id, dt.date(YEAR, 6, 30))
        end = rb.plan_actual(s, plan_id, dt.date(YEAR, 12, 31))
    row = next(a for a in mid.lines if a.line_id == line.id)
    assert (row.realised, row.realised_cost, row.status) == (1, 1_234_000, "Sebagian")
    assert mid.realised == 1 and mid.realised_cost == 1_234_000
    money = {b.funding_source: b for b in mid.budgets}
    assert money[line.funding_source].realised == 1_234_000
    late = [a for a in end.lines if a.status == "Belum"]
    assert late and all(a.reason.startswith("Lewat jadwal") for a in late)


def test_zero_jp_for_two_years(regency: Database) -> None:
    with regency.session_scope() as s:
        rows = rb.zero_jp_two_years(s, YEAR)
        t = m.TrainingRecord
        had = set(s.scalars(select(t.employee_id).where(
            t.status == "selesai", t.jp > 0, t.end_date >= dt.date(2025, 1, 1),
            t.start_date <= dt.date(2026, 12, 31))))
        active = set(s.scalars(select(m.Employee.id).where(m.Employee.status == "aktif")))
    assert {r.employee_id for r in rows} == active - had


def test_opd_trends_count_employees_reaching_twenty_jp(regency: Database) -> None:
    with regency.session_scope() as s:
        trends = rb.opd_trends(s, [2025, 2026])
        t = m.TrainingRecord
        sums: dict[int, float] = {}
        for eid, jp in s.execute(select(t.employee_id, func.sum(t.jp)).where(
                t.status == "selesai", t.start_date >= dt.date(2026, 1, 1),
                t.start_date <= dt.date(2026, 12, 31)).group_by(t.employee_id)):
            sums[eid] = jp
        active = s.scalar(select(func.count()).select_from(m.Employee).where(
            m.Employee.status == "aktif", m.Employee.unit_id.is_not(None)))
        reaching = sum(1 for eid, jp in sums.items()
                       if jp >= 20 and s.get(m.Employee, eid).status == "aktif")
    assert sum(tr.employees for tr in trends) == active
    assert round(sum(tr.shares[1] * tr.employees for tr in trends)) == reaching


def test_priorities_of_several_lines_and_the_annex_columns_remembered(regency: Database) -> None:
    from karier_desktop.services.settings import get_value

    plan_id = _build(regency)
    with regency.session_scope() as s:
        lines = rb.view(s, plan_id).lines
        rb.verify(s, plan_id, TODAY)
        first = [ln.id for ln in lines[:3]]
        wanted = 1 if lines[0].priority != 1 else 3
        changed = rb.set_priorities(s, first, wanted)
        assert changed == sum(1 for ln in lines[:3] if ln.priority != wanted)
        with pytest.raises(ValidationError):
            rb.set_priorities(s, first, 4)
    with regency.session_scope() as s:
        assert [ln.priority for ln in rb.view(s, plan_id).lines if ln.id in first] \
            == [wanted] * 3
        assert rb.header(s, plan_id).status == "draf"  # a change needs a new verification
        assert rb.annex_columns(s) == list(rb.ANNEX_COLUMNS)
        assert rb.set_annex_columns(s, ["prioritas", "nip"]) == ["nip", "prioritas"]
        with pytest.raises(ValidationError):
            rb.set_annex_columns(s, [])
        with pytest.raises(ValidationError):
            rb.set_annex_columns(s, ["gaji"])
    with regency.session_scope() as s:
        assert get_value(s, "renbangkom_annex_columns") == ["nip", "prioritas"]
        headers, rows = rb.annex_rows(s, plan_id)
        assert headers == ["NIP", "Prioritas"] and all(len(r) == 2 for r in rows)
        rb.verify(s, plan_id, TODAY)
        rb.set_plan(s, plan_id, TODAY)
    with regency.session_scope() as s, pytest.raises(ValidationError) as exc:
        rb.set_priorities(s, first, 2)
    assert exc.value.messages == [rb.LOCKED_MESSAGE]


def test_a_funding_source_a_line_already_has_changes_nothing(regency: Database) -> None:
    plan_id = _build(regency)
    with regency.session_scope() as s:
        line = next(ln for ln in rb.view(s, plan_id).lines if ln.cost > 0)
        rb.set_budget(s, YEAR, line.funding_source, None)
        rb.verify(s, plan_id, TODAY)
        assert rb.set_funding(s, [line.id], line.funding_source) == 0
    with regency.session_scope() as s:
        assert rb.header(s, plan_id).status == "diverifikasi"  # nothing to verify again
        other = "apbn" if line.funding_source != "apbn" else "apbd_prov"
        assert rb.set_funding(s, [line.id], other) == 1
    with regency.session_scope() as s:
        assert rb.header(s, plan_id).status == "draf"
        assert next(ln for ln in rb.view(s, plan_id).lines if ln.id == line.id
                    ).funding_source == other

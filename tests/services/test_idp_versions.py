"""One owner of plan versions: a new version on the IDP page and accepting a budget plan both
copy every column of the approved plan and of its items (a column added later included)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from idp_regency import TODAY, YEAR, Regency, regency_in
from sqlalchemy import select

from karier_desktop.services import idp, planner
from karier_desktop.services.planner.results import PlanResult, PlanRow
from karier_desktop.store import models as m


@pytest.fixture
def regency(tmp_path: Path) -> Iterator[Regency]:
    yield from regency_in(tmp_path)


def _approved_plan_with_every_column_set(reg: Regency) -> int:
    with reg.db.session_scope() as s:
        eid = reg.ids["pns"]
        plan_id = idp.draft_plan(s, eid, YEAR, TODAY)
        idp.update_form(s, plan_id, idp.PlanForm("Analis Hukum Ahli Muda", "Analis Hukum Ahli "
                                                 "Muda", "Saya berkomitmen.", "Catatan."))
        record = m.TrainingRecord(employee_id=eid, title="Kursus", start_date=dt.date(2027, 3, 1),
                                  end_date=dt.date(2027, 3, 2), jp=8)
        s.add(record)
        s.flush()
        for item in s.scalars(select(m.PlanItem).where(m.PlanItem.plan_id == plan_id)):
            item.training_record_id = record.id
            item.competency_id = item.competency_id or 1
            item.gap = item.gap or -1
            item.form_code = item.form_code or "NKL09"
            item.programme_id = item.programme_id or s.scalar(select(m.Programme.id).limit(1))
            item.provider = item.provider or "Penyelenggara"
            item.competency_codes = item.competency_codes or "M.1"
            item.evidence = item.evidence or "Sertifikat"
            item.funding_source = item.funding_source or "mandiri"
        idp.approve(s, plan_id, TODAY)
    return plan_id


def _items(s, plan_id: int) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    cols = idp.item_columns()
    return [{c: v for c, v in zip(cols, row, strict=True) if c != "plan_id"}
            for row in s.execute(select(*(m.PlanItem.__table__.c[c] for c in cols))
                                 .where(m.PlanItem.plan_id == plan_id)
                                 .order_by(m.PlanItem.seq))]


def test_every_plan_item_column_is_set_in_the_fixture(regency: Regency) -> None:
    plan_id = _approved_plan_with_every_column_set(regency)
    with regency.db.session_scope() as s:
        items = _items(s, plan_id)
    assert items
    for item in items:
        assert all(v is not None for v in item.values()), item


def test_new_version_copies_every_column(regency: Regency) -> None:
    plan_id = _approved_plan_with_every_column_set(regency)
    with regency.db.session_scope() as s:
        new_id = idp.new_version(s, plan_id)
        old, new = s.get(m.DevelopmentPlan, plan_id), s.get(m.DevelopmentPlan, new_id)
        assert (new.version, new.status) == (old.version + 1, "draf")
        for col in ("aspiration", "target_position", "commitment", "supervisor_notes",
                    "supervisor_name", "supervisor_caption", "head_name", "head_caption"):
            assert getattr(new, col) == getattr(old, col), col
        assert _items(s, new_id) == _items(s, plan_id)


def test_accepting_a_budget_plan_copies_every_plan_item_column(regency: Regency) -> None:
    plan_id = _approved_plan_with_every_column_set(regency)
    eid = regency.ids["pns"]
    with regency.db.session_scope() as s:
        prog = s.scalar(select(m.Programme).where(m.Programme.code == "ORH"))
        comp = s.scalar(select(m.Competency.id).where(m.Competency.code == "M.4"))
        row = PlanRow(eid, regency.nips["pns"], "Andi Wijaya", None, "Sekretariat Daerah",
                      prog.id, prog.code, prog.title, prog.form_code, prog.provider, prog.jp,
                      4_000_000, 1.0, "M.4 +2", comp, -2,
                      "Menaikkan Orientasi pada Hasil dari level 1 ke level 3", True)
    result = PlanResult(YEAR, 10_000_000, "optimal", "terbukti optimal", 1.0, 1.0, 0.0,
                        4_000_000, 1.0, 4_000_000, (row,), (), (), (), (), 1, 0, 1, 0.1, 0.1)
    with regency.db.session_scope() as s:
        summary = planner.accept(s, result, YEAR)
    assert summary.new_versions == 1 and summary.items_added == 1
    with regency.db.session_scope() as s:
        draft = s.scalar(select(m.DevelopmentPlan.id).where(
            m.DevelopmentPlan.employee_id == eid, m.DevelopmentPlan.status == "draf"))
        old, new = _items(s, plan_id), _items(s, draft)
        assert new[:len(old)] == old  # every column of every approved item, in order
        added = new[-1]
        assert added["programme_id"] == row.programme_id and added["month"] in range(1, 13)
        assert added["funding_source"] == "apbd_opd" and added["competency_codes"] == "M.4"
        assert added["goal"] == "Menaikkan Orientasi pada Hasil dari level 1 ke level 2"
        assert s.get(m.DevelopmentPlan, draft).aspiration == "Analis Hukum Ahli Muda"

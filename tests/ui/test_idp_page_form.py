"""The IDP page shows the plan that prints (rule of the employee type, Sumber Dana, signers) and
lets the clerk edit the funding source, the aspiration and the commitment, saved in the
database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from idp_regency import TODAY, YEAR, Regency, regency_in
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from karier_desktop.services import idp
from karier_desktop.services.recommend import item_choices
from karier_desktop.store import models as m
from karier_desktop.ui.context import AppContext
from karier_desktop.ui.pages.idp.item_dialog import IdpItemDialog
from karier_desktop.ui.pages.idp.page import IdpPage

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def regency(tmp_path: Path) -> Iterator[Regency]:
    yield from regency_in(tmp_path)


@pytest.fixture
def page(qtbot, regency: Regency, monkeypatch: pytest.MonkeyPatch) -> IdpPage:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda *_a, **_k: pytest.fail("unexpected warning")))
    widget = IdpPage(AppContext(regency.db))
    widget.today = TODAY
    qtbot.addWidget(widget)
    widget.resize(1176, 700)
    widget.show()
    widget.reload()
    return widget


def _json(regency: Regency, key: str) -> dict:
    with regency.db.session_scope() as s:
        return json.loads(idp.plan_json(idp.plan_for_print(s, (regency.ids[key], YEAR), TODAY)))


def test_page_shows_the_printed_plan_of_a_pppk(qtbot, page: IdpPage, regency: Regency,  # type: ignore[no-untyped-def]
                                               qtmodeltester) -> None:
    page.select_employee(regency.ids["nurse"], YEAR)
    qtbot.mouseClick(page.draft_btn, LEFT)
    printed = _json(regency, "nurse")
    rows = page.item_model.rows()
    assert [r.activity for r in rows] == [k["nama"] for k in printed["kegiatan"]]
    assert [r.funding_label for r in rows] == [k["sumber_dana"] for k in printed["kegiatan"]]
    assert "maks. 24 JP, PPPK" in page.totals.text()
    assert "PP 49/2018" in page.totals.toolTip()
    headers = [page.item_model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(page.item_model.columnCount())]
    assert "Sumber dana" in headers
    assert page.signers.sup_name.text() == printed["penandatangan"][1]["nama"]
    assert page.signers.sup_name.toolTip() == "Kepala Ruangan Rawat Inap"
    qtmodeltester.check(page.item_model)


def test_clerk_edits_funding_aspiration_and_commitment(qtbot, page: IdpPage,  # type: ignore[no-untyped-def]
                                                       regency: Regency) -> None:
    page.select_employee(regency.ids["kabag"], YEAR)
    qtbot.mouseClick(page.draft_btn, LEFT)
    item = next(i for i in page.plan.items if i.cost > 0 and i.purpose == "kesenjangan")
    dialog = IdpItemDialog(page.ctx, page.plan.id,
                           page.ctx.call(item_choices, regency.ids["kabag"], TODAY), item, page)
    qtbot.addWidget(dialog)
    assert dialog.funding.currentData() == "apbd_opd"
    dialog.funding.setCurrentIndex(dialog.funding.findData("apbn"))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == dialog.DialogCode.Accepted

    page.load_plan()
    page.bottom.setCurrentWidget(page.plan_form)
    form = page.plan_form
    form.aspiration.clear()
    qtbot.keyClicks(form.aspiration, "Menjadi Kepala Biro Hukum")
    qtbot.keyClicks(form.target, "Asisten Pemerintahan")
    form.commitment.clear()
    qtbot.keyClicks(form.commitment, "Saya menyelesaikan PKA tahun 2027.")
    qtbot.keyClicks(form.notes, "Dukung dengan coaching bulanan.")
    qtbot.mouseClick(form.save_btn, LEFT)

    with regency.db.session_scope() as s:
        row = s.get(m.PlanItem, item.id)
        plan = s.get(m.DevelopmentPlan, page.plan.id)
        assert row.funding_source == "apbn"
        assert plan.aspiration == "Menjadi Kepala Biro Hukum"
        assert plan.target_position == "Asisten Pemerintahan"
        assert plan.commitment == "Saya menyelesaikan PKA tahun 2027."
        assert plan.supervisor_notes == "Dukung dengan coaching bulanan."
    printed = _json(regency, "kabag")
    assert printed["komitmen"] == "Saya menyelesaikan PKA tahun 2027."
    assert "APBN / instansi pembina" in [k["sumber_dana"] for k in printed["kegiatan"]]
    assert page.plan_form.aspiration.text() == "Menjadi Kepala Biro Hukum"  # reloaded

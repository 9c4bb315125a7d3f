"""Packages carry IDP drafts (OPD → BKPP) and the BKPP's reference data (dictionary,
standards, catalogue, thresholds; BKPP → OPD) with stable ids, versions, tombstones, a dry run
and receipts; an OPD package never changes an approved IDP, and never carries reference data."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from exchange_world import NIP_SITI, PASS, open_pair, send, state
from sqlalchemy import select

from karier_desktop.services import exchange
from karier_desktop.services.settings import get_value, set_value
from karier_desktop.store import models as m


@pytest.fixture
def pair(tmp_path):  # type: ignore[no-untyped-def]
    opd, bkpp = open_pair(tmp_path)
    send(opd, bkpp)  # the training records agree first
    yield opd, bkpp
    opd.dispose()
    bkpp.dispose()


def _reference(db):  # type: ignore[no-untyped-def]
    """What the reference parts carry, as the user would compare it."""
    with db.read_scope() as s:
        comps = {c.code: (c.name, c.definition) for c in s.scalars(select(m.Competency))}
        progs = {p.code: (p.title, p.jp, p.active, tuple(sorted(
            (t.competency_id, t.to_level) for t in s.scalars(
                select(m.ProgrammeTarget).where(m.ProgrammeTarget.programme_id == p.id)))))
            for p in s.scalars(select(m.Programme))}
        standards = sorted(s.execute(select(m.Position.name, m.Competency.code,
                                            m.PositionStandard.required_level)
                                     .join(m.Position, m.Position.id == m.PositionStandard.position_id)
                                     .join(m.Competency,
                                           m.Competency.id == m.PositionStandard.competency_id)).all())
        return comps, progs, standards, get_value(s, "jpm_thresholds")


def test_reference_data_travels_from_bkpp_to_the_opd(pair) -> None:  # type: ignore[no-untyped-def]
    opd, bkpp = pair
    with bkpp.session_scope() as s:
        comp = s.scalar(select(m.Competency).order_by(m.Competency.code))
        comp.definition = "Definisi yang diperbarui BKPP"
        s.add(m.Competency(code="T.99", name="Kearsipan Digital", kind="teknis", definition=""))
        s.flush()
        t99 = s.scalar(select(m.Competency.id).where(m.Competency.code == "T.99"))
        s.add(m.CompetencyLevel(competency_id=t99, level=1, description="Dasar"))
        prog = m.Programme(code="BKPP-01", title="Bimtek Kearsipan Digital", form_code="KL10",
                           provider="BKPP", jp=24, cost_per_participant=1_500_000)
        s.add(prog)
        s.flush()
        s.add(m.ProgrammeTarget(programme_id=prog.id, competency_id=t99, to_level=2, gain=1))
        pos = s.scalar(select(m.Position).where(m.Position.name == "Perawat Ahli Pertama"))
        s.add(m.PositionStandard(position_id=pos.id, competency_id=t99, required_level=2))
        set_value(s, "jpm_thresholds", {"optimal": 92, "cukup": 80})
    made, checked, applied = send(bkpp, opd, "DINKES")
    kinds = {i.entity for i in checked.items if i.status in ("baru", "berubah")}
    assert kinds == {"kompetensi", "standar", "program", "ambang"}
    assert applied.refused == 0
    assert _reference(opd) == _reference(bkpp)
    # the same package content again: nothing new for the OPD
    _made, again, _applied = send(bkpp, opd, "DINKES")
    assert {i.status for i in again.items} == {"tidak berubah"}
    # a tombstone: the BKPP drops the programme; the OPD retires it (history kept)
    with bkpp.session_scope() as s:
        s.delete(s.scalar(select(m.Programme).where(m.Programme.code == "BKPP-01")))
    _made, gone, _applied = send(bkpp, opd, "DINKES")
    [item] = [i for i in gone.items if i.status != "tidak berubah"]
    assert item.entity == "program" and item.incoming["deleted"]
    with opd.read_scope() as s:
        assert s.scalar(select(m.Programme.active).where(m.Programme.code == "BKPP-01")) is False


def _draft(db, year: int = 2027) -> None:  # type: ignore[no-untyped-def]
    with db.session_scope() as s:
        emp = s.scalar(select(m.Employee.id).where(m.Employee.nip == NIP_SITI))
        comp = s.scalar(select(m.Competency.id).order_by(m.Competency.code))
        plan = m.DevelopmentPlan(employee_id=emp, year=year, version=1, status="draf",
                                 career_goal="Perawat Ahli Muda")
        s.add(plan)
        s.flush()
        s.add(m.PlanItem(plan_id=plan.id, seq=1, competency_id=comp, gap=-1, goal="Naik satu",
                         form_code="KL03", activity="Pelatihan Teknis Keperawatan", jp=32,
                         cost=2_000_000, month=4, funding_source="apbd_opd"))


def _plans(db):  # type: ignore[no-untyped-def]
    with db.read_scope() as s:
        return [(p.year, p.status, p.career_goal,
                 [(i.activity, i.jp, i.cost, i.month) for i in s.scalars(
                     select(m.PlanItem).where(m.PlanItem.plan_id == p.id))])
                for p in s.scalars(select(m.DevelopmentPlan))]


def test_idp_drafts_travel_from_the_opd_and_an_approved_one_is_never_changed(pair) -> None:  # type: ignore[no-untyped-def]
    opd, bkpp = pair
    _draft(opd)
    _made, checked, applied = send(opd, bkpp)
    [item] = [i for i in checked.items if i.entity == "idp"]
    assert item.status == "baru" and item.title == "Draf IDP 2027" and item.nip == NIP_SITI
    assert _plans(bkpp) == _plans(opd) == [
        (2027, "draf", "Perawat Ahli Muda", [("Pelatihan Teknis Keperawatan", 32, 2_000_000, 4)])]
    # the receipt made it agreed: the next package carries no IDP
    with opd.session_scope() as s:
        made = exchange.make_package(s, PASS)
    from karier_desktop.services.exchange.package_format import open_package

    assert json.loads(open_package(made.data, PASS).parts["idp.json"]) == []
    # the OPD edits its draft: the change travels
    with opd.session_scope() as s:
        s.scalar(select(m.DevelopmentPlan)).career_goal = "Kepala Ruangan"
    _made, checked, _applied = send(opd, bkpp)
    assert [i.status for i in checked.items if i.entity == "idp"] == ["berubah"]
    assert _plans(bkpp)[0][2] == "Kepala Ruangan"
    # the BKPP approves; a later OPD edit is refused with the reason and changes nothing
    with bkpp.session_scope() as s:
        plan = s.scalar(select(m.DevelopmentPlan))
        plan.status, plan.approved_on = "disetujui", dt.date(2026, 12, 1)
    with opd.session_scope() as s:
        s.scalar(select(m.DevelopmentPlan)).career_goal = "Diubah setelah disetujui"
    before = _plans(bkpp)
    _made, checked, applied = send(opd, bkpp)
    [item] = [i for i in checked.items if i.entity == "idp"]
    assert item.status == "ditolak" and "sudah disetujui" in item.reason
    assert applied.refused == 1 and _plans(bkpp) == before


def test_reference_data_in_an_opd_package_is_refused(pair) -> None:  # type: ignore[no-untyped-def]
    opd, bkpp = pair
    from karier_desktop.services.exchange import _parts
    from karier_desktop.services.exchange.package_format import seal
    from karier_desktop.services.exchange.packages import _manifest

    with opd.session_scope() as s:
        rows = _parts.outgoing(s, _parts.BY_ENTITY["ambang"], None, everything=True)
        manifest = _manifest(s, "DINKES", "BKPP", "data", 9)
    rows = rows or [{"uid": _parts.stable_uid("ambang", "jpm_thresholds"), "version": 5,
                     "base": 0, "deleted": False,
                     "values": {"key": "jpm_thresholds", "value": {"optimal": 10}}}]
    data = seal(manifest, {"pelatihan.json": b"[]",
                           "ambang.json": json.dumps(rows).encode()}, PASS)
    before = state(bkpp)
    with bkpp.session_scope() as s:
        checked = exchange.preview(s, data, PASS)
        assert {i.status for i in checked.items} == {"ditolak"}
        assert "hanya dikirim oleh BKPP" in checked.items[0].reason
        exchange.apply(s, checked, PASS, backup=False)
    with bkpp.read_scope() as s:
        assert get_value(s, "jpm_thresholds") != {"optimal": 10}
    assert state(bkpp)[0] == before[0]

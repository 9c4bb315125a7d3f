"""Units, positions and competency standards, against a real (seeded or demo) database."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from karier_desktop.services import positions as svc
from karier_desktop.services.errors import ValidationError
from karier_desktop.store import models as m


def _standard(session, position_id: int) -> dict[int, int]:
    ps = m.PositionStandard
    return dict(session.execute(select(ps.competency_id, ps.required_level)
                                .where(ps.position_id == position_id)).all())


def _core_ids(session) -> list[int]:
    return list(session.scalars(select(m.Competency.id)
                                .where(m.Competency.kind != "teknis")))


def _tech_ids(session) -> list[int]:
    return list(session.scalars(select(m.Competency.id).where(m.Competency.kind == "teknis")
                                .order_by(m.Competency.code)))


@pytest.fixture
def office(db):
    """A small tree: one OPD with one sub-unit and a position in it."""
    with db.session_scope() as s:
        opd = svc.save_unit(s, svc.UnitInput("Dinas Kesehatan", None, "dinas", "DINKES"))
        sub = svc.save_unit(s, svc.UnitInput("Bidang Pelayanan", opd))
        pid = svc.save_position(s, svc.PositionInput("Kepala Bidang Pelayanan", "administrator",
                                                     sub))
    return {"opd": opd, "sub": sub, "pos": pid}


def test_units_add_rename_move_and_generated_code(db, office):
    with db.session_scope() as s:
        sub = s.get(m.Unit, office["sub"])
        assert sub.code == "DINKES-01" and sub.parent_id == office["opd"]
        other = svc.save_unit(s, svc.UnitInput("Badan Keuangan", None, "badan", "BKD"))
        svc.rename_unit(s, office["sub"], "  Bidang   Pelayanan Kesehatan ")
        svc.move_unit(s, office["sub"], other)
    with db.session_scope() as s:
        sub = s.get(m.Unit, office["sub"])
        assert (sub.name, sub.parent_id) == ("Bidang Pelayanan Kesehatan", other)
        rows = {u.id: u for u in svc.list_units(s)}
        assert rows[office["sub"]].positions == 1
        assert s.scalar(select(func.count()).select_from(m.AuditLog)
                        .where(m.AuditLog.entity == "unit")) >= 4


def test_unit_validation_changes_nothing(db, office):
    with db.session_scope() as s, pytest.raises(ValidationError) as err:
        svc.move_unit(s, office["opd"], office["sub"])  # under its own child
    assert "sub-unitnya" in err.value.messages[0]
    with db.session_scope() as s, pytest.raises(ValidationError) as err:
        svc.save_unit(s, svc.UnitInput("", None, "dinas", "DINKES"))
    assert any("wajib diisi" in msg for msg in err.value.messages)
    assert any("DINKES sudah dipakai" in msg for msg in err.value.messages)
    with db.session_scope() as s:
        assert s.get(m.Unit, office["opd"]).parent_id is None
        assert s.scalar(select(func.count()).select_from(m.Unit)) == 2


def test_delete_unit_refused_while_not_empty(db, office):
    with db.session_scope() as s, pytest.raises(ValidationError) as err:
        svc.delete_unit(s, office["sub"])
    assert "masih memiliki 1 jabatan" in err.value.messages[0]
    with db.session_scope() as s, pytest.raises(ValidationError) as err:
        svc.delete_unit(s, office["opd"])
    assert "1 sub-unit" in err.value.messages[0]
    with db.session_scope() as s:
        svc.delete_position(s, office["pos"])
        svc.delete_unit(s, office["sub"])
    with db.session_scope() as s:
        assert s.get(m.Unit, office["sub"]) is None
        assert s.get(m.Unit, office["opd"]) is not None


def test_position_validation(db, office):
    with db.session_scope() as s, pytest.raises(ValidationError) as err:
        svc.save_position(s, svc.PositionInput("Kepala Bidang Pelayanan", "nope", None))
    text = "\n".join(err.value.messages)
    assert "Jenis jabatan wajib dipilih" in text and "Unit kerja jabatan wajib" in text
    with db.session_scope() as s, pytest.raises(ValidationError) as err:
        svc.save_position(s, svc.PositionInput("Kepala Bidang Pelayanan", "administrator",
                                               office["sub"]))
    assert "sudah ada di unit ini" in err.value.messages[0]
    with db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.Position)) == 1


def test_new_position_with_defaults_and_listing(db, office):
    with db.session_scope() as s:
        pid = svc.save_position(s, svc.PositionInput("Analis Kebijakan Ahli Muda",
                                                     "fungsional_ahli_muda", office["sub"]),
                                with_defaults=True)
        assert set(_standard(s, pid).values()) == {3}
        assert len(_standard(s, pid)) == 9
        rows = {r.id: r for r in svc.list_positions(s)}
    assert rows[pid].has_standard and rows[pid].kind_name == "Jabatan Fungsional Ahli Muda"
    assert rows[pid].unit == "Bidang Pelayanan"
    assert rows[pid].unit_path == "Bidang Pelayanan, Dinas Kesehatan"
    assert not rows[office["pos"]].has_standard
    with db.session_scope() as s:
        assert [r.id for r in svc.positions_without_standard(s)] == [office["pos"]]


def test_set_and_get_standard(db, office):
    with db.session_scope() as s:
        core, tech = _core_ids(s), _tech_ids(s)
        levels = {cid: 3 for cid in core} | {tech[0]: 4}
        svc.set_standard(s, office["pos"], levels)
    with db.session_scope() as s:
        lines = svc.get_standard(s, office["pos"])
        assert _standard(s, office["pos"]) == levels
    assert [ln.kind for ln in lines][:8] == ["manajerial"] * 8
    assert lines[8].kind == "sosial_kultural" and lines[-1].kind == "teknis"
    integritas = lines[0]
    assert integritas.code == "M.1" and integritas.required_level == 3
    assert integritas.description == integritas.descriptions[2] != ""
    assert integritas.level_description(1) != integritas.description


def test_set_standard_rejects_bad_levels_and_changes_nothing(db, office):
    with db.session_scope() as s:
        core = _core_ids(s)
        svc.set_standard(s, office["pos"], {cid: 2 for cid in core})
    with db.session_scope() as s, pytest.raises(ValidationError) as err:
        svc.set_standard(s, office["pos"], {core[0]: 6, core[1]: 0, core[2]: 3})
    assert any("harus 1 sampai 5" in msg for msg in err.value.messages)
    with db.session_scope() as s:
        assert _standard(s, office["pos"]) == {cid: 2 for cid in core}


def test_default_standard_keeps_technical_rows(db, office):
    with db.session_scope() as s:
        core, tech = _core_ids(s), _tech_ids(s)
        svc.set_standard(s, office["pos"], {core[0]: 5, tech[1]: 2})
        lines = svc.default_standard(s, office["pos"])
        assert _standard(s, office["pos"]) == {core[0]: 5, tech[1]: 2}  # nothing saved yet
    assert {ln.competency_id: ln.required_level for ln in lines} == \
        {cid: 3 for cid in core} | {tech[1]: 2}
    with db.session_scope() as s:
        assert svc.apply_defaults(s, [office["pos"]]) == 1
    with db.session_scope() as s:
        assert _standard(s, office["pos"]) == {cid: 3 for cid in core} | {tech[1]: 2}


def test_copy_standard_replaces_targets(demo_db):
    with demo_db.session_scope() as s:
        rows = svc.list_positions(s)
        source = rows[0].id
        src_levels = _standard(s, source)
        a, b = [r.id for r in rows[1:] if _standard(s, r.id) not in ({}, src_levels)][:2]
        assert svc.copy_standard(s, source, [a, b, source]) == 2
    with demo_db.session_scope() as s:
        assert _standard(s, a) == src_levels == _standard(s, b)
        entry = s.scalars(select(m.AuditLog).where(m.AuditLog.action == "salin")).one()
        assert entry.entity_id == str(source)


def test_copy_from_position_without_standard_is_refused(db, office):
    with db.session_scope() as s:
        other = svc.save_position(s, svc.PositionInput("Pengadministrasi Umum", "pelaksana",
                                                       office["sub"]), with_defaults=True)
    with db.session_scope() as s, pytest.raises(ValidationError) as err:
        svc.copy_standard(s, office["pos"], [other])
    assert "belum memiliki standar" in err.value.messages[0]
    with db.session_scope() as s:
        assert set(_standard(s, other).values()) == {1}


def test_delete_position_refused_while_held(demo_db):
    with demo_db.session_scope() as s:
        held = next(r for r in svc.list_positions(s) if r.employees)
        before = len(_standard(s, held.id))
    with demo_db.session_scope() as s, pytest.raises(ValidationError) as err:
        svc.delete_position(s, held.id)
    assert "masih dipegang" in err.value.messages[0]
    with demo_db.session_scope() as s:
        assert s.get(m.Position, held.id) is not None
        assert len(_standard(s, held.id)) == before


def test_moving_a_position_moves_its_holders(demo_db):
    with demo_db.session_scope() as s:
        held = next(r for r in svc.list_positions(s) if r.employees)
        taken = {r.unit_id for r in svc.list_positions(s) if r.name == held.name}
        other_unit = next(u.id for u in svc.list_units(s) if u.id not in taken)
        svc.save_position(s, svc.PositionInput(held.name, held.kind_code, other_unit), held.id)
    with demo_db.session_scope() as s:
        units = set(s.scalars(select(m.Employee.unit_id)
                              .where(m.Employee.position_id == held.id)))
    assert units == {other_unit}

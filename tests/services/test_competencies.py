"""The competency dictionary service, against a seeded or demo database."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from karier_desktop.services import competencies as svc
from karier_desktop.services.errors import ValidationError
from karier_desktop.store import models as m


def _levels(prefix: str = "Level") -> list[svc.LevelInput]:
    return [svc.LevelInput(f"{prefix} {n}: mampu menyusun laporan statistik",
                           [f"Indikator {n}a", f"Indikator {n}b", " "]) for n in range(1, 6)]


def _new(code: str = "T.90", name: str = "Statistik Sektoral") -> svc.CompetencyInput:
    return svc.CompetencyInput(code=code, name=name, definition="Mengolah data sektoral.",
                               levels=_levels(), field="Statistik")


def test_list_is_grouped_by_kind(db):
    with db.session_scope() as s:
        rows = svc.list_competencies(s)
        technical = svc.list_competencies(s, "teknis")
    kinds = [r.kind for r in rows]
    assert kinds[:9] == ["manajerial"] * 8 + ["sosial_kultural"]
    assert set(kinds[9:]) == {"teknis"} and len(technical) == len(rows) - 9
    assert rows[8].kind_label == "Sosial Kultural" and rows[8].name == "Perekat Bangsa"
    assert technical[0].field  # technical ones carry their field


def test_detail_has_five_levels_with_indicators(db):
    with db.session_scope() as s:
        first = svc.list_competencies(s)[0]
        detail = svc.get_competency(s, first.id)
    assert detail.code == "M.1" and detail.is_core and detail.definition
    assert [lv.level for lv in detail.levels] == [1, 2, 3, 4, 5]
    assert all(lv.description and lv.indicators for lv in detail.levels)


def test_add_technical_competency(db):
    with db.session_scope() as s:
        cid = svc.add_technical(s, _new(code=" t.90 "))
    with db.session_scope() as s:
        comp = s.get(m.Competency, cid)
        assert (comp.code, comp.kind, comp.field) == ("T.90", "teknis", "Statistik")
        detail = svc.get_competency(s, cid)
        assert detail.levels[4].description.startswith("Level 5")
        assert detail.levels[0].indicators == ("Indikator 1a", "Indikator 1b")
        assert s.scalar(select(func.count()).select_from(m.AuditLog)
                        .where(m.AuditLog.entity == "kompetensi")) == 1


def test_add_refuses_duplicates_and_missing_levels(db):
    with db.session_scope() as s:
        existing = svc.list_competencies(s, "teknis")[0]
        before = s.scalar(select(func.count()).select_from(m.Competency))
    levels = _levels()
    levels[1] = svc.LevelInput("  ")
    levels[3] = svc.LevelInput("")
    bad = svc.CompetencyInput(code=existing.code.lower(), name=" ", definition="",
                              levels=levels)
    with db.session_scope() as s, pytest.raises(ValidationError) as err:
        svc.add_technical(s, bad)
    text = "\n".join(err.value.messages)
    assert f"Kode {existing.code} sudah dipakai" in text
    assert "Nama kompetensi wajib diisi" in text
    assert "Deskripsi level 2, 4 wajib diisi" in text
    with db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.Competency)) == before


def test_edit_core_keeps_name_and_saves_texts(db):
    with db.session_scope() as s:
        core = svc.list_competencies(s)[0]
        svc.update_competency(s, core.id, svc.CompetencyInput(
            code="X", name="Nama lain", definition="Definisi kantor.", levels=_levels("Baru")))
    with db.session_scope() as s:
        detail = svc.get_competency(s, core.id)
    assert (detail.code, detail.name) == (core.code, core.name)
    assert detail.definition == "Definisi kantor."
    assert detail.levels[2].description.startswith("Baru 3")


def test_edit_technical_can_rename(db):
    with db.session_scope() as s:
        cid = svc.add_technical(s, _new())
        svc.update_competency(s, cid, _new(code="T.91", name="Statistik Daerah"))
    with db.session_scope() as s:
        assert (svc.get_competency(s, cid).code, svc.get_competency(s, cid).name) == \
            ("T.91", "Statistik Daerah")


def test_delete_unused_technical(db):
    with db.session_scope() as s:
        cid = svc.add_technical(s, _new())
    with db.session_scope() as s:
        svc.delete_competency(s, cid)
    with db.session_scope() as s:
        assert s.get(m.Competency, cid) is None
        assert s.scalar(select(func.count()).select_from(m.CompetencyLevel)
                        .where(m.CompetencyLevel.competency_id == cid)) == 0


def test_delete_used_competency_says_where(demo_db):
    with demo_db.session_scope() as s:
        used = next(r for r in svc.list_competencies(s, "teknis") if r.positions)
        use = svc.usage(s, used.id)
    with demo_db.session_scope() as s, pytest.raises(ValidationError) as err:
        svc.delete_competency(s, used.id)
    message = err.value.messages[0]
    assert "tidak dapat dihapus" in message
    assert f"standar {use.standards} jabatan" in message
    with demo_db.session_scope() as s:
        assert s.get(m.Competency, used.id) is not None


def test_core_competency_cannot_be_deleted(db):
    with db.session_scope() as s:
        core = svc.list_competencies(s)[8]
    with db.session_scope() as s, pytest.raises(ValidationError) as err:
        svc.delete_competency(s, core.id)
    assert "PermenPANRB 38/2017" in err.value.messages[0]
    with db.session_scope() as s:
        assert s.get(m.Competency, core.id) is not None

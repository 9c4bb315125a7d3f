"""Reference tables edited in Pengaturan, saved together with the office settings."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from karier_desktop.domain.competency import JpmThresholds
from karier_desktop.services import reference_data as ref
from karier_desktop.services import settings as settings_service
from karier_desktop.services import training
from karier_desktop.store import models as m
from karier_desktop.store.db import Database


def _setting(db: Database, key: str) -> object:
    with db.session_scope() as s:
        return json.loads(s.get(m.Setting, key).value)


def test_lists_follow_the_reference_order(db: Database) -> None:
    with db.session_scope() as s:
        kinds = ref.list_position_kinds(s)
        forms = ref.list_development_forms(s)
    assert kinds[0].code == "jpt_utama" and kinds[0].default_level == 5
    assert {k.code: k.retirement_age for k in kinds}["fungsional_ahli_utama"] == 65
    seminar = next(f for f in forms if f.code == "KL06")
    assert (seminar.jp_unit, seminar.jp_per_unit, seminar.rule_text) == (
        "hari", 4.0, "1 hari = 4 JP")
    coaching = next(f for f in forms if f.code == "NKL01")
    assert coaching.rule_text == "1 sesi = 2 JP, paling banyak 2 sesi per bulan"


def test_save_configuration_writes_everything(db: Database) -> None:
    with db.session_scope() as s:
        office = settings_service.load(s)
        kinds = ref.list_position_kinds(s)
        forms = ref.list_development_forms(s)
    office = replace(office, thresholds=JpmThresholds(92, 80, 82, 70), yearly_minimum_jp=24,
                     assessment_validity_years=2, potensial_low=55, potensial_high=85)
    kinds = [replace(k, default_level=3, retirement_age=60) if k.code == "pengawas" else k
             for k in kinds]
    forms = [replace(f, jp_per_unit=5.0) if f.code == "KL06" else f for f in forms]
    with db.session_scope() as s:
        ref.save_configuration(s, office, kinds, forms)
    assert _setting(db, "jpm_thresholds") == {"optimal": 92, "cukup_optimal": 80, "ms": 82,
                                              "mms": 70}
    assert _setting(db, "yearly_minimum_jp") == 24
    assert _setting(db, "potensial_cutoffs") == {"low": 55, "high": 85}
    with db.session_scope() as s:
        kind = s.get(m.PositionKind, "pengawas")
        assert (kind.default_level, kind.retirement_age) == (3, 60)
        assert training.jp_for(s, "KL06", 3) == 15.0
        entities = set(s.scalars(select(m.AuditLog.entity)))
    assert {"pengaturan", "jenis_jabatan", "konversi_jp"} <= entities


def test_inconsistent_configuration_is_refused_and_nothing_written(db: Database) -> None:
    with db.session_scope() as s:
        office = settings_service.load(s)
        kinds = ref.list_position_kinds(s)
        forms = ref.list_development_forms(s)
        audits = s.scalar(select(func.count()).select_from(m.AuditLog))
    bad_office = replace(office, thresholds=JpmThresholds(90, 90, 80, 68), potensial_low=85,
                         potensial_high=80, yearly_minimum_jp=30)
    bad_kinds = [replace(kinds[0], default_level=6), replace(kinds[1], retirement_age=40)]
    bad_forms = [replace(forms[0], jp_unit="minggu"), replace(forms[5], jp_per_unit=-1)]
    with db.session_scope() as s, pytest.raises(ref.ValidationError) as err:
        ref.save_configuration(s, bad_office, bad_kinds, bad_forms)
    text = "\n".join(err.value.messages)
    assert "'Cukup Optimal' harus lebih kecil dari 'Optimal'" in text
    assert "Batas potensial" in text
    assert f"Level standar bawaan {kinds[0].name} harus 1 sampai 5 (terisi 6)." in text
    assert "Batas usia pensiun" in text and "Satuan JP KL01" in text
    assert "JP per satuan KL06" in text
    assert _setting(db, "yearly_minimum_jp") == 20
    with db.session_scope() as s:
        assert s.get(m.PositionKind, kinds[0].code).default_level == kinds[0].default_level
        assert s.get(m.DevelopmentForm, "KL01").jp_unit == "jam"
        assert s.scalar(select(func.count()).select_from(m.AuditLog)) == audits

"""BUP per position: PP 11/2017 defaults, guru 60 (UU 14/2005), the office's exceptions, and
the pension date in the pegawai export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from karier_desktop.domain.retirement import Family, resolve_retirement_age
from karier_desktop.services import retirement as bup
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.exporting import export_table
from karier_desktop.store import models as m
from karier_desktop.store.db import Database

GURU = Family("guru", "Guru", ("Guru", "Kepala Sekolah"), 60)


def test_guru_ahli_pertama_retires_at_60_others_by_pp_11_2017() -> None:
    assert resolve_retirement_age(58, "Guru Ahli Pertama", None, [GURU]).age == 60
    assert resolve_retirement_age(58, "Guru Ahli Muda", None, [GURU]).age == 60
    assert resolve_retirement_age(58, "guru  ahli muda", None, [GURU]).age == 60
    assert resolve_retirement_age(58, "Analis Kepegawaian Ahli Muda", None, [GURU]).age == 58
    assert resolve_retirement_age(65, "Analis Kebijakan Ahli Utama", None, [GURU]).age == 65
    rule = resolve_retirement_age(58, "Guru Ahli Pertama", 62, [GURU])
    assert (rule.age, rule.basis) == (62, "pengecualian untuk jabatan ini")


def test_family_without_age_follows_the_kind() -> None:
    dokter = Family("dokter", "Dokter", ("Dokter",), None)
    assert resolve_retirement_age(58, "Dokter Ahli Muda", None, [dokter]).age == 58


def test_family_age_set_in_settings_applies(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        rows = bup.list_families(s)
        assert {r.code: r.retirement_age for r in rows}["guru"] == 60
        dokter = next(r for r in rows if r.code == "dokter")
        bup.save_families(s, [dokter.__class__(**{**dokter.__dict__, "retirement_age": 60})])
    with demo_db.session_scope() as s:
        eid = s.scalar(select(m.Employee.id).join(m.Position)
                       .where(m.Position.name == "Dokter Ahli Pertama").limit(1))
        info = bup.retirement_of(s, eid)
        assert info.age == 60 and info.basis == "rumpun jabatan Dokter"


def test_exception_out_of_range_is_refused(demo_db: Database) -> None:
    with demo_db.session_scope() as s:
        pid = s.scalar(select(m.Position.id).limit(1))
        with pytest.raises(ValidationError) as err:
            bup.set_position_retirement(s, pid, 45)
    assert "50 sampai 75" in err.value.messages[0]


def test_pegawai_export_has_pension_date_and_age(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.session_scope() as s:
        export_table(s, "pegawai", tmp_path / "p.xlsx")
        export_table(s, "pegawai", tmp_path / "p.csv")
        guru = s.execute(select(m.Employee.nip, m.Employee.birth_date).join(m.Position)
                         .where(m.Position.name.like("Guru Ahli Muda%")).limit(1)).one()
    sheet = load_workbook(tmp_path / "p.xlsx").active
    head = [c.value for c in sheet[1]]
    assert head[-2:] == ["TMT PENSIUN", "BUP (TAHUN)"]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == guru.nip)
    expected = dt.date(guru.birth_date.year + 60 + (guru.birth_date.month == 12),
                       guru.birth_date.month % 12 + 1, 1)
    assert row[-1] == 60 and row[-2].date() == expected
    text = (tmp_path / "p.csv").read_text(encoding="utf-8-sig")
    assert expected.strftime("%d-%m-%Y") in text

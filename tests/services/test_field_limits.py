"""Text lengths are checked against the column sizes before anything is written."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from karier_desktop.services.employees import edit
from karier_desktop.services.field_limits import max_length, too_long
from karier_desktop.store import models as m


def test_the_limits_come_from_the_models() -> None:
    assert max_length("employees", "name") == 150
    assert max_length("employees", "nip") == 18
    assert max_length("audit_log", "detail") is None  # unsized text


def test_a_message_names_the_field_and_the_limit_never_the_value() -> None:
    [message] = too_long("employees", {"name": "Budi " * 40, "birth_place": "Mamuju"},
                         {"name": "nama"})
    assert message == "Nama terlalu panjang: 200 karakter, paling banyak 150."
    assert "Budi" not in message


def test_a_151_character_name_is_refused_and_nothing_is_saved(db) -> None:  # type: ignore[no-untyped-def]
    data = edit.EmployeeInput(nip="198503122010011005", name="A" * 151, sex="L",
                              birth_date=dt.date(1985, 3, 12), birth_place="M" * 81)
    with db.session_scope() as s, pytest.raises(edit.ValidationError) as caught:
        edit.save(s, data)
    assert "Nama terlalu panjang: 151 karakter, paling banyak 150." in caught.value.messages
    assert "Tempat lahir terlalu panjang: 81 karakter, paling banyak 80." in caught.value.messages
    with db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.Employee)) == 0


def test_units_positions_and_programmes_refuse_text_past_their_columns(db) -> None:  # type: ignore[no-untyped-def]
    from karier_desktop.services import positions, training

    with db.session_scope() as s, pytest.raises(edit.ValidationError) as caught:
        positions.save_unit(s, positions.UnitInput("U" * 201))
    assert caught.value.messages == ["Nama unit kerja terlalu panjang: 201 karakter, paling "
                                     "banyak 200."]
    with db.session_scope() as s:
        unit_id = positions.save_unit(s, positions.UnitInput("Dinas Kesehatan"))
    with db.session_scope() as s, pytest.raises(edit.ValidationError) as caught:
        positions.save_position(s, positions.PositionInput("J" * 201, "pelaksana", unit_id))
    assert "Nama jabatan terlalu panjang: 201 karakter, paling banyak 200." in \
        caught.value.messages
    with db.session_scope() as s:
        form = s.scalar(select(m.DevelopmentForm.code).limit(1))
        errors = training.validate_programme(s, training.ProgrammeInput(
            code="P900", title="T" * 251, form_code=form, provider="P" * 201))
    assert "Judul program terlalu panjang: 251 karakter, paling banyak 250." in errors
    assert "Penyelenggara terlalu panjang: 201 karakter, paling banyak 200." in errors
    with db.session_scope() as s:
        assert s.scalar(select(func.count()).select_from(m.Unit)) == 1

"""Values the app does not know: named per row with what they may be mapped to, mapped once per
file shape by the clerk and remembered."""

from __future__ import annotations

from conftest import NIP_ANDI, NIP_BUDI, NIP_SITI, TODAY
from sqlalchemy import select

from karier_desktop.services import importing
from karier_desktop.services.importing import build_preview, import_file
from karier_desktop.store import models as m

HEADER = ["NO", "NIP", "NAMA", "JABATAN", "UNIT KERJA", "PENDIDIKAN"]


def rows():
    return [HEADER,
            [1, NIP_ANDI, "Andi", "Tenaga Teknis Lapangan", "Dinas PUPR", "Sekolah Rakyat"],
            [2, NIP_SITI, "Siti", "Tenaga Teknis Lapangan", "Dinas PUPR", "S-1/Sarjana"],
            [3, NIP_BUDI, "Budi", "Kepala Sekolah", "Dinas Pendidikan", "Diploma IV"]]


def preview_of(db, path):
    with db.session_scope() as s:
        return build_preview(s, "pegawai", path, today=TODAY)


def test_unknown_values_are_named_with_their_choices(db, xlsx):
    preview = preview_of(db, xlsx(rows()))
    text = "\n".join(str(e) for e in preview.errors)
    assert ("Baris 2: Pendidikan 'Sekolah Rakyat' tidak dikenal; petakan nilai ini ke salah "
            "satu: SD, SMP, SMA, D1, D2, D3, D4, S1, S2, S3") in text
    assert ("Baris 3: Jenis dan jenjang jabatan 'Tenaga Teknis Lapangan' tidak dapat ditentukan "
            "dari namanya") in text
    assert "Baris 4: Jenis dan jenjang jabatan 'Kepala Sekolah'" in text
    found = {(u.vocab, u.raw): u.rows for u in preview.unknown_values}
    assert found == {("education", "Sekolah Rakyat"): (2,),
                     ("position", "Tenaga Teknis Lapangan"): (2, 3),
                     ("position", "Kepala Sekolah"): (4,)}
    position = next(u for u in preview.unknown_values if u.vocab == "position")
    assert ("pelaksana", "Jabatan Pelaksana") in position.choices


def test_mapped_values_are_remembered_for_the_file_shape(db, xlsx):
    path = xlsx(rows())
    preview = preview_of(db, path)
    with db.session_scope() as s:
        importing.remember_value_mapping(s, preview, "education", {"Sekolah Rakyat": "SD"})
        importing.remember_value_mapping(s, preview, "position", {
            "Tenaga Teknis Lapangan": "pelaksana", "Kepala Sekolah": "fungsional_ahli_madya"})
    again = preview_of(db, xlsx(rows(), name="again.xlsx"))
    assert not again.errors and not again.unknown_values
    with db.session_scope() as s:
        assert importing.stored_value_mapping(s, "nominatif")["education"] == {
            "SEKOLAH RAKYAT": "SD"}
        import_file(s, "pegawai", path, today=TODAY)
    with db.session_scope() as s:
        andi = s.scalar(select(m.Employee).where(m.Employee.nip == NIP_ANDI))
        assert andi.education == "SD"
        assert s.get(m.Position, andi.position_id).kind_code == "pelaksana"
        budi = s.scalar(select(m.Employee).where(m.Employee.nip == NIP_BUDI))
        assert s.get(m.Position, budi.position_id).kind_code == "fungsional_ahli_madya"


def test_a_mapping_to_an_unknown_target_is_refused(db, xlsx):
    import pytest

    preview = preview_of(db, xlsx(rows()))
    with db.session_scope() as s, pytest.raises(ValueError, match="tidak dikenal"):
        importing.remember_value_mapping(s, preview, "education", {"Sekolah Rakyat": "SMU"})


def test_struktural_without_eselon_and_fungsional_without_jenjang_say_so(db, xlsx):
    path = xlsx([["NIP", "NAMA", "JABATAN", "JENIS JABATAN", "ESELON"],
                 [NIP_ANDI, "Andi", "Koordinator Wilayah", "Struktural", ""],
                 [NIP_SITI, "Siti", "Guru", "Fungsional", "Non Eselon"],
                 [NIP_BUDI, "Budi", "Kepala Bidang Bina Marga", "Struktural", "-"]])
    preview = preview_of(db, path)
    text = "\n".join(str(e) for e in preview.errors)
    assert "Baris 2: Jabatan struktural 'Koordinator Wilayah' tanpa eselon" in text
    assert "Baris 3: Jenjang jabatan fungsional 'Guru' tidak tertulis pada nama jabatan" in text
    assert len(preview.invalid_rows) == 2
    assert preview.rows[2].values["position_kind"] == "administrator"

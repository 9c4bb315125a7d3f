"""The SIASN jenis diklat list (ids 1–25) sits beside the LAN KL/NKL codes with their JP
conversion, and agrees with the development forms seeded into a database."""

from __future__ import annotations

from sqlalchemy import select

from karier_desktop.services.reference_data import list_development_forms, siasn_training_kinds
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from karier_desktop.store.seed import load_reference


def test_every_siasn_id_names_a_lan_form_of_the_database(db: Database) -> None:
    kinds = siasn_training_kinds()
    assert [k.siasn_id for k in kinds] == list(range(1, 26))
    with db.session_scope() as s:
        forms = {f.code: f for f in list_development_forms(s)}
        by_siasn = dict(s.execute(select(m.DevelopmentForm.siasn_id, m.DevelopmentForm.code)
                                  .where(m.DevelopmentForm.siasn_id.is_not(None))).all())
    for k in kinds:
        assert k.lan_code in forms
        assert by_siasn[k.siasn_id] == k.lan_code
    coaching = next(k for k in kinds if k.siasn_id == 14)
    assert (coaching.siasn_name, coaching.lan_code) == ("Coaching", "NKL01")
    assert forms["NKL01"].rule_text.startswith("1 sesi = 2 JP")


def test_the_vocabulary_names_its_sources() -> None:
    doc = load_reference("siasn_jenis_diklat.json")
    assert {"siasn_jenis_diklat", "lan_codes", "jp_conversion"} <= set(doc["sources"])
    assert "Peraturan LAN No. 10 Tahun 2018" in doc["sources"]["lan_codes"]
    assert all(item["jp_unit"] for item in doc["items"])

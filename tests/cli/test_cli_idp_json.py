"""`karier-desktop idp --nip … --json`: the plan it would print, from the same prepared data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from idp_regency import TODAY, YEAR, Regency, regency_in

from karier_desktop.cli import main
from karier_desktop.services import idp


@pytest.fixture
def regency(tmp_path: Path) -> Iterator[Regency]:
    yield from regency_in(tmp_path)


def test_json_of_a_pppk_nurse_matches_the_printed_plan(
        capsys: pytest.CaptureFixture[str], regency: Regency) -> None:
    path = str(regency.db.path)
    code = main(["idp", "--db", path, "--nip", regency.nips["nurse"], "--tahun", str(YEAR),
                 "--json", "--tanggal", TODAY.strftime("%d-%m-%Y")])
    out, _err = capsys.readouterr()
    assert code == 0
    data = json.loads(out)
    assert data["jenis_pegawai"] == "PPPK"
    assert data["aturan_jp"]["jenis"] == "maksimal" and data["aturan_jp"]["jp"] == 24
    assert "PP 49/2018" in data["aturan_jp"]["dasar_hukum"] and data["aturan_jp"]["aturan"]
    assert data["total_jp"] == sum(k["jp"] for k in data["kegiatan"]) <= 24
    assert data["total_biaya"] == sum(k["biaya"] for k in data["kegiatan"])
    for item in data["kegiatan"]:
        assert {"nama", "bentuk", "bulan", "jp", "biaya", "sumber_dana", "kompetensi"} <= set(item)
        assert 1 <= item["bulan"] <= 12 and item["sumber_dana"]
    assert [p["peran"] for p in data["penandatangan"]] == ["Pegawai", "Atasan Langsung",
                                                         "Mengetahui"]
    assert data["penandatangan"][0]["nip"] == regency.nips["nurse"]
    with regency.db.session_scope() as s:  # the saved draft prints the same plan
        doc = idp.plan_for_print(s, (regency.ids["nurse"], YEAR), TODAY)
    assert [k["nama"] for k in data["kegiatan"]] == [i.activity for i in doc.items]
    assert data["total_jp"] == doc.total_jp and data["total_biaya"] == doc.total_cost


def test_json_for_an_unknown_nip_says_so(capsys: pytest.CaptureFixture[str],
                                         regency: Regency) -> None:
    code = main(["idp", "--db", str(regency.db.path), "--nip", "199001012015011999",
                 "--tahun", str(YEAR), "--json"])
    _out, err = capsys.readouterr()
    assert code == 1 and "tidak ditemukan" in err

"""Rank, jenjang and employee type that do not fit each other give a warning."""

from __future__ import annotations

import datetime as dt

from karier_desktop.domain.rank_fit import fit_warnings


def test_guru_ahli_madya_at_iii_c_is_flagged() -> None:
    assert fit_warnings("fungsional_ahli_madya", "PNS", "III/c") == [
        "Golongan III/c tidak lazim untuk JF Ahli Madya (biasanya IV/a–IV/c)."]
    assert fit_warnings("fungsional_ahli_madya", "PNS", "IV/b") == []


def test_cpns_appointed_past_35_is_flagged() -> None:
    warn = fit_warnings("pelaksana", "CPNS", "II/a", dt.date(1970, 5, 1), dt.date(2026, 3, 1))
    assert warn == ["CPNS diangkat pada usia 55 tahun (batas 35)."]
    assert fit_warnings("pelaksana", "CPNS", "II/a", dt.date(2000, 5, 1), dt.date(2026, 3, 1)) == []


def test_pppk_has_a_golongan_and_structural_posts_are_pns() -> None:
    assert fit_warnings("fungsional_ahli_pertama", "PPPK", "IX") == []
    assert "golongan PPPK" in fit_warnings("fungsional_ahli_pertama", "PPPK", "III/a")[0]
    assert fit_warnings("pengawas", "PPPK", "IX") == [
        "Jabatan struktural diisi PPPK; seharusnya PNS."]

"""A programme's target audience: kinds of position, kinds of unit up the tree, rumpun."""

from __future__ import annotations

from karier_desktop.services.recommend import (
    Audience,
    FormInfo,
    ProgrammeInfo,
    rumpun_of,
    suits,
    unit_kinds_up,
)

FORM = FormInfo("KL03", "Pelatihan Teknis", "Pelatihan", "Klasikal", "jam", 1)


def _prog(kinds=None, units=None, fields=None) -> ProgrammeInfo:  # type: ignore[no-untyped-def]
    return ProgrammeInfo(1, "P", "Program", FORM, "", 24, 0, kinds, (), units, fields)


def test_unit_kinds_are_collected_up_the_tree() -> None:
    units = {1: ("rsud", None), 2: ("subunit", 1), 3: ("dinas", None), 4: ("puskesmas", 3)}
    assert unit_kinds_up(units, 2) == {"subunit", "rsud"}
    assert unit_kinds_up(units, 4) == {"puskesmas", "dinas"}
    assert unit_kinds_up(units, None) == frozenset()


def test_rumpun_of_teachers_and_health_staff() -> None:
    assert rumpun_of("Guru Ahli Pertama", None) == "guru"
    assert rumpun_of("Perawat Ahli Pertama", None) == "kesehatan"
    assert rumpun_of("Bidan Terampil", None) == "kesehatan"
    assert rumpun_of("Analis Hukum Ahli Pertama", "Hukum") == "hukum"


def test_suits_checks_every_part_of_the_audience() -> None:
    nurse_rsud = Audience("fungsional_ahli_pertama", frozenset({"subunit", "rsud"}), "kesehatan")
    nurse_pkm = Audience("fungsional_ahli_pertama", frozenset({"puskesmas", "dinas"}),
                         "kesehatan")
    sekda = Audience("jpt_pratama", frozenset({"sekretariat"}), "")
    mtbs = _prog(units=frozenset({"puskesmas"}), fields=frozenset({"kesehatan"}))
    assert suits(mtbs, nurse_pkm) and not suits(mtbs, nurse_rsud) and not suits(mtbs, sekda)
    bimtek = _prog(kinds=frozenset({"pelaksana", "fungsional_ahli_pertama"}))
    assert suits(bimtek, nurse_rsud) and not suits(bimtek, sekda)
    assert suits(_prog(), sekda)
    assert suits(bimtek, "pelaksana")  # a bare position kind still works

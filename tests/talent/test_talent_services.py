"""Talent services against the hand-computed regency of conftest.py."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from karier_desktop.services import talent
from karier_desktop.services.errors import ValidationError
from karier_desktop.store import models as m

from .conftest import PERIOD, TODAY, World


def _map(world: World, **kw):  # type: ignore[no-untyped-def]
    with world.db.session_scope() as s:
        return talent.talent_map(s, PERIOD, TODAY, **kw)


def _by_name(tm: talent.TalentMap) -> dict[str, talent.Placement]:
    return {p.name: p for p in tm.rows}


def test_default_formula_places_everyone_as_computed_by_hand(world: World) -> None:
    rows = _by_name(_map(world))
    expected = {"Ani": (92.0, 100.0, 9), "Budi": (81.33, 80.0, 8), "Citra": (92.0, 100.0, 9),
                "Dedi": (92.0, 100.0, 9), "Eka": (85.0, 100.0, 9), "Fajar": (75.0, 80.0, 5),
                "Hasan": (94.0, 100.0, 9)}
    for name, (x, y, box) in expected.items():
        assert (rows[name].x, rows[name].y, rows[name].box) == (x, y, box), name
    assert rows["Gita"].box is None and rows["Gita"].x is None  # no SKP, no potential
    assert rows["Ani"].total == 96.0
    tm = _map(world)
    assert tm.counts() == {1: 0, 2: 0, 3: 0, 4: 0, 5: 1, 6: 0, 7: 0, 8: 1, 9: 5}
    assert tm.unplaced == 1


def test_changing_a_weight_moves_an_employee(world: World) -> None:
    with world.db.session_scope() as s:
        f = talent.load_formula(s, PERIOD).with_weight("x", "kualifikasi", 0)
        talent.save_formula(s, PERIOD, f)
    rows = _by_name(_map(world))
    assert (rows["Fajar"].x, rows["Fajar"].box) == (90.0, 8)  # potensi alone: 5 -> 8
    assert rows["Budi"].x == pytest.approx(81.67)  # (40*83.33 + 40*80) / 80
    with world.db.session_scope() as s:
        assert talent.load_formula(s, PERIOD + 1).x.weight("kualifikasi") == 0  # carried on
        assert talent.load_formula(s, PERIOD - 1).x.weight("kualifikasi") == 20  # default


def test_cut_offs_decide_the_band(world: World) -> None:
    with world.db.session_scope() as s:
        f = talent.load_formula(s, PERIOD)
        talent.save_formula(s, PERIOD, talent.TalentFormula(
            x=talent.Axis(f.x.weights, 60, 82), y=f.y))
    rows = _by_name(_map(world))
    assert rows["Budi"].box == 5  # X 81.33 is now below the upper cut-off


def test_a_formula_without_measured_component_is_refused(world: World) -> None:
    with world.db.session_scope() as s:
        f = talent.load_formula(s, PERIOD).with_weight("x", "jpm", 0).with_weight(
            "x", "potensi", 0)
        with pytest.raises(ValidationError) as err:
            talent.save_formula(s, PERIOD, f)
    assert "Sumbu X" in str(err.value)


def test_override_keeps_scores_and_names_the_approver(world: World) -> None:
    with world.db.session_scope() as s:
        with pytest.raises(ValidationError):
            talent.set_override(s, world.ids["Budi"], PERIOD, 7, "", "")
        talent.set_override(s, world.ids["Budi"], PERIOD, 7, "Hasil rapat komite talenta",
                            "Sekretaris Daerah")
    budi = _by_name(_map(world))["Budi"]
    assert (budi.box, budi.computed_box, budi.x) == (7, 8, 81.33)
    assert budi.override_by == "Sekretaris Daerah"


def test_drill_down_by_opd_and_level_of_position(world: World) -> None:
    tm = _map(world)
    dinkes = talent.filter_map(tm, opd_id=world.dinkes)
    assert sorted(p.name for p in dinkes) == ["Ani", "Budi", "Hasan"]
    assert [p.name for p in talent.filter_map(tm, kind_code="pengawas", box=9)] == ["Ani"]


def test_candidates_follow_the_rules_with_jpm_against_the_target(world: World) -> None:
    with world.db.session_scope() as s:
        board = talent.candidates(s, world.target, PERIOD, TODAY)
    names = [c.name for c in board.candidates]
    assert names == ["Ani", "Budi"]  # Citra gol, Dedi BUP, Eka education, Fajar box, Hasan holds
    ani, budi = board.candidates
    assert (ani.jpm, ani.readiness, ani.leadership_done) == (100.0, talent.READY_NOW, True)
    assert (budi.jpm, budi.readiness) == (80.0, talent.READY_SOON)  # 8/10, no PKA
    assert [(g.name, g.required, g.actual, g.gap) for g in budi.gaps] == [
        ("Integritas", 4, 3, -1), ("Kerjasama", 3, 2, -1)]
    assert ani.retirement_date == dt.date(2038, 6, 1)


def test_office_rules_change_the_candidates(world: World) -> None:
    with world.db.session_scope() as s:
        rules = talent.load_rules(s)
        talent.save_rules(s, talent.SuccessionRules(
            boxes=(5, 8, 9), min_rank={**rules.min_rank, "administrator": "III/c"},
            min_education=rules.min_education, leadership=rules.leadership,
            leadership_required=True, retiring_within_months=3))
        board = talent.candidates(s, world.target, PERIOD, TODAY)
    # PKA now required: only Ani has it; Citra (III/c) and Dedi (retires in 4 months) also pass
    # the rank and retirement rules but have no PKA either.
    assert [c.name for c in board.candidates] == ["Ani"]


def test_compare_side_by_side(world: World) -> None:
    with world.db.session_scope() as s:
        board = talent.candidates(s, world.target, PERIOD, TODAY)
    header, rows = talent.compare_rows(board, [world.ids["Budi"], world.ids["Ani"]])
    assert header == ("", "Budi", "Ani")
    table = {r[0]: r[1:] for r in rows}
    assert table["Kesiapan"] == (talent.READY_SOON, talent.READY_NOW)
    assert table["Kerjasama (standar 3)"] == ("2 (-1)", "3 (+0)")
    with pytest.raises(ValidationError):
        talent.compare_rows(board, list(range(1, 7)))


def test_critical_post_bench_strength_and_retirement(world: World) -> None:
    with world.db.session_scope() as s:
        talent.mark_critical(s, world.target, "Satu-satunya kepala bidang pelayanan",
                             acting_employee_id=world.ids["Ani"], today=TODAY)
    with world.db.session_scope() as s:
        post, = talent.critical_posts(s)
        bench = talent.bench_strength(s, PERIOD, TODAY)
        retiring = talent.forecast(s, 2027)
    assert (post.holders, post.holder_retires_on, post.acting) == ("Hasan", dt.date(2027, 1, 1),
                                                                    "Ani")
    assert [(b.opd, b.critical, b.with_ready_now, b.candidates) for b in bench] == [
        ("Dinas Kesehatan", 1, 1, 2)]
    assert [(r.name, r.retires_on, r.critical) for r in retiring] == [
        ("Hasan", dt.date(2027, 1, 1), True), ("Dedi", dt.date(2027, 4, 1), False)]


def test_committee_sheet_lists_candidates_and_signatures(world: World, tmp_path) -> None:
    with world.db.session_scope() as s:
        talent.mark_critical(s, world.target, "Jabatan strategis", today=TODAY)
        path = talent.save_committee_pdf(s, world.target, PERIOD, tmp_path / "komite.pdf",
                                         TODAY)
    content = " ".join("".join(p.extract_text() for p in PdfReader(
        io.BytesIO(path.read_bytes())).pages).split())
    for words in ("KOMITE TALENTA", "Kepala Bidang Pelayanan", "Ani", "Budi", "Siap sekarang",
                  "Ketua Komite Talenta", "Kerjasama"):
        assert words in content


def test_career_gap_best_positions_and_career_idp(world: World) -> None:
    budi = world.ids["Budi"]
    with world.db.session_scope() as s:
        gap = talent.gap_to_position(s, budi, world.target, TODAY)
        best = talent.best_positions(s, budi, TODAY)
        plan_id, added = talent.draft_career_items(s, budi, world.target, 2027, TODAY)
    assert (gap.jpm, [g.name for g in gap.gaps]) == (80.0, ["Integritas", "Kerjasama"])
    assert [(b.name, b.jpm) for b in best] == [("Analis SDM Aparatur", 100.0),
                                               ("Kepala Bidang Pelayanan", 80.0)]
    assert added == 2
    with world.db.session_scope() as s:
        items = s.execute(select(m.PlanItem.source, m.PlanItem.goal)
                          .where(m.PlanItem.plan_id == plan_id,
                                 m.PlanItem.source == talent.CAREER_SOURCE)).all()
        goal = s.get(m.DevelopmentPlan, plan_id).career_goal
    assert len(items) == 2 and all("Kepala Bidang Pelayanan" in i.goal for i in items)
    assert "Kepala Bidang Pelayanan" in goal


def test_talent_card_shows_box_history_and_actions(world: World) -> None:
    with world.db.session_scope() as s:
        talent.save_skp(s, world.ids["Budi"], talent.SkpInput(2025, "Butuh Perbaikan"))
        card = talent.talent_card(s, world.ids["Budi"], PERIOD, TODAY)
    assert [(h.period, h.box) for h in card.history] == [(2026, 8), (2025, 6)]
    assert card.box_name == "Kinerja sesuai ekspektasi dan potensial tinggi"
    assert card.actions and "suksesi" in card.actions[0][0]
    assert card.retirement_date == dt.date(2043, 2, 1)  # pengawas, BUP 58


def test_hand_entry_validates_and_derives_the_predikat(world: World) -> None:
    with world.db.session_scope() as s:
        talent.save_skp(s, world.ids["Gita"], talent.SkpInput(
            2026, None, "Di Atas Ekspektasi", "sesuai ekspektasi"))
        with pytest.raises(ValidationError) as err:
            talent.save_potential(s, world.ids["Gita"], talent.PotentialInput(
                dt.date(2026, 5, 1), (("intelektual", 120.0),)), TODAY)
        talent.save_potential(s, world.ids["Gita"], talent.PotentialInput(
            dt.date(2026, 5, 1), (("intelektual", 70.0), ("interpersonal", 80.0))), TODAY)
        skp = talent.skp_history(s, world.ids["Gita"])
        pot = talent.potential_history(s, world.ids["Gita"])
    assert "0-100" in str(err.value)
    assert skp[0].predikat == "Baik"  # di atas × sesuai
    assert pot[0].total == 75.0  # mean of the aspects given
    gita = _by_name(_map(world))["Gita"]
    assert (gita.x, gita.box) == (76.67, 5)  # (40*75 + 20*80) / 60; Baik


def test_siasn_export_has_the_talent_mapping_fields(world: World, tmp_path) -> None:
    import openpyxl

    with world.db.session_scope() as s:
        path, rows = talent.export_siasn(s, PERIOD, tmp_path / "talenta.xlsx", TODAY)
    sheet = openpyxl.load_workbook(path).active
    values = list(sheet.values)
    assert values[0] == talent.SIASN_HEADERS and rows == 7
    ani = next(v for v in values[1:] if v[1] == "Ani")
    assert (ani[4], ani[5], ani[6], ani[7]) == (9, 92, 100, 96)

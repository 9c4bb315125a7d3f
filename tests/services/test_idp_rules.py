"""Issue 22 on a hand-built regency: every kind of employee gets an IDP a Kepala BKPSDM signs —
the JP rule of the employee type with its citation, mandatory programmes and the assessment
first, focused goals, ceilings never passed, the right audience, and signers from the tree."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from idp_regency import TODAY, YEAR, Regency, regency_in
from pypdf import PdfReader
from sqlalchemy import select

from karier_desktop.reports.idp_pdf import IdpRenderer
from karier_desktop.services import idp
from karier_desktop.services import settings as settings_service
from karier_desktop.services.idp._compose import jp_in_year
from karier_desktop.services.recommend import FormInfo
from karier_desktop.store import models as m


@pytest.fixture
def regency(tmp_path: Path) -> Iterator[Regency]:
    yield from regency_in(tmp_path)


EVERYONE = ("sekda", "asisten", "kabag", "unassessed", "kasubbag", "pns", "cpns", "kadisdik",
            "kepsek", "guru", "direktur", "karu", "nurse", "kadinkes", "kapus", "paruh")


def _plans(reg: Regency, keys: tuple[str, ...] = EVERYONE) -> dict[str, dict]:
    out = {}
    with reg.db.session_scope() as s:
        for key in keys:
            plan_id = idp.draft_plan(s, reg.ids[key], YEAR, TODAY)
            out[key] = json.loads(idp.plan_json(idp.plan_for_print(s, plan_id, TODAY)))
    return out


def _pdf_text(reg: Regency, key: str) -> str:
    with reg.db.session_scope() as s:
        plan_id = idp.find_plan(s, reg.ids[key], YEAR) or idp.draft_plan(s, reg.ids[key], YEAR,
                                                                         TODAY)
        doc = idp.plan_for_print(s, plan_id, TODAY)
    reader = PdfReader(io.BytesIO(IdpRenderer().render(doc)))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_jp_rule_citation_and_labels_follow_the_employee_type(regency: Regency) -> None:
    plans = _plans(regency, ("pns", "cpns", "nurse", "paruh"))
    for key in ("pns", "cpns"):
        rule = plans[key]["aturan_jp"]
        assert rule["jenis"] == "minimal" and rule["jp"] == 20
        assert "PP 11/2017 sebagaimana telah diubah dengan PP 17/2020" in rule["dasar_hukum"]
        assert "UU 20/2023 Pasal 49" in rule["dasar_hukum"]
        assert plans[key]["label_nip"] == "NIP"
        assert plans[key]["total_jp"] >= 20
    for key in ("nurse", "paruh"):
        rule = plans[key]["aturan_jp"]
        assert rule["jenis"] == "maksimal" and rule["jp"] == 24
        assert "PP 49/2018" in rule["dasar_hukum"] and "PP 11/2017" not in rule["dasar_hukum"]
        assert plans[key]["label_nip"] == "NI PPPK"
        assert plans[key]["total_jp"] <= 24
    assert plans["nurse"]["pangkat_golongan"] == "Golongan IX"
    assert plans["pns"]["pangkat_golongan"] == "Penata Muda (III/a)"
    nurse = _pdf_text(regency, "nurse")
    assert "NI PPPK : " in nurse and "Golongan : IX, TMT 1 April 2022" in nurse
    assert "· NIP" not in nurse
    assert "tidak melebihi batas paling lama 24 JP dalam 1 tahun masa perjanjian kerja" in nurse
    assert "PP 49/2018 Pasal 39 dan Pasal 40" in nurse and "PP 11/2017" not in nurse
    pns = _pdf_text(regency, "pns")
    assert "memenuhi hak pengembangan kompetensi minimal 20 JP per tahun" in pns
    assert "PP 11/2017 sebagaimana telah diubah dengan PP 17/2020" in pns


def test_mandatory_programmes_come_first_from_the_training_records(regency: Regency) -> None:
    plans = _plans(regency, ("cpns", "kasubbag", "kabag", "kadisdik", "sekda", "direktur"))
    firsts = {k: plans[k]["kegiatan"][0] for k in ("cpns", "kasubbag", "kabag", "kadisdik")}
    assert firsts["cpns"]["nama"].startswith("Pelatihan Dasar CPNS (Latsar)")
    assert firsts["kasubbag"]["nama"] == "Pelatihan Kepemimpinan Pengawas (PKP)"
    assert firsts["kabag"]["nama"] == "Pelatihan Kepemimpinan Administrator (PKA)"
    assert firsts["kadisdik"]["nama"] == "Pelatihan Kepemimpinan Nasional Tingkat II"
    assert all(f["jenis"] == "wajib" and f["sumber_dana"] == "APBD – BKPSDM"
               for f in firsts.values())
    for key in ("sekda", "direktur"):  # PKN Tk. II is in their records
        assert all(k["jenis"] != "wajib" for k in plans[key]["kegiatan"])


def test_assessment_comes_first_and_gap_items_wait_for_it(regency: Regency) -> None:
    plan = _plans(regency, ("unassessed",))["unassessed"]
    first, rest = plan["kegiatan"][0], plan["kegiatan"][1:]
    assert first["jenis"] == "asesmen" and "Penilaian kompetensi" in first["nama"]
    assert not any(k["jenis"] == "kesenjangan" for k in plan["kegiatan"])
    assert all(k["bulan"] > first["bulan"] for k in rest)
    assert plan["total_jp"] >= 20  # a PNS keeps the right; the activity waits for the result
    text = _pdf_text(regency, "unassessed")
    assert "ditetapkan setelah hasil asesmen tersedia" in text


def test_weak_skp_predikat_is_printed_and_brings_coaching_with_the_atasan(
        regency: Regency) -> None:
    plan = _plans(regency, ("kabag", "pns"))
    coaching = [k for k in plan["kabag"]["kegiatan"] if k["jenis"] == "kinerja"]
    assert len(coaching) == 1 and coaching[0]["bentuk"] == "Coaching"
    assert coaching[0]["penyelenggara"] == "Atasan langsung"
    assert "Butuh Perbaikan" in coaching[0]["tujuan"]
    assert plan["kabag"]["predikat_kinerja"] == "Butuh Perbaikan"
    assert not any(k["jenis"] == "kinerja" for k in plan["pns"]["kegiatan"])
    text = _pdf_text(regency, "kabag")
    assert "Predikat Kinerja (SKP) : Butuh Perbaikan — perlu coaching/mentoring kinerja" in text


def _levels(goal: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r"dari level (\d) ke level (\d)", goal)]


def test_goals_are_focused_one_level_up_with_one_coaching_programme(regency: Regency) -> None:
    plans = _plans(regency)
    with regency.db.session_scope() as s:
        rules = settings_service.get_value(s, "idp_max_items")
        top = settings_service.get_value(s, "idp_max_gap_competencies")
        kerjasama_2 = s.scalar(select(m.CompetencyLevel.indicators).join(m.Competency).where(
            m.Competency.code == "M.2", m.CompetencyLevel.level == 2)).splitlines()[0]
    assert (rules, top) == (6, 3)
    for key, plan in plans.items():
        items = plan["kegiatan"]
        assert len(items) <= rules, key
        gap_codes = {c for k in items if k["jenis"] == "kesenjangan" for c in k["kompetensi"]}
        assert len(gap_codes) <= top, key
        for k in items:
            assert all(b == a + 1 for a, b in _levels(k["tujuan"])), (key, k["tujuan"])
        assert sum(1 for k in items if k["bentuk"] == "Coaching") <= 1, key
    kasubbag = plans["kasubbag"]["kegiatan"]
    both = next(k for k in kasubbag if k["nama"].startswith("Pelatihan Komunikasi Efektif"))
    assert set(both["kompetensi"]) == {"M.2", "M.3"}  # one programme, both gaps shown
    assert any("M.2" in k["kompetensi"] and kerjasama_2 in k["tujuan"] for k in kasubbag)
    coaching = [k for k in plans["sekda"]["kegiatan"] if k["bentuk"] == "Coaching"]
    assert len(coaching) == 1 and len(coaching[0]["kompetensi"]) >= 2
    assert "sesi" in coaching[0]["nama"]


def test_totals_stay_inside_the_ceilings_also_when_the_office_lowers_them(
        regency: Regency) -> None:
    with regency.db.session_scope() as s:
        settings_service.set_value(s, "idp_ceilings", {
            "PNS": {"jp": 30, "cost": 3_000_000}, "CPNS": {"jp": 30, "cost": 3_000_000},
            "PPPK": {"jp": 20, "cost": 1_000_000}, "PPPK Paruh Waktu": {"jp": 16, "cost": 0}})
        settings_service.set_value(s, "idp_max_items", 4)
        settings_service.set_value(s, "idp_max_gap_competencies", 2)
    plans = _plans(regency)
    for key, plan in plans.items():
        ceiling = plan["batas_per_orang"]
        counted = [k for k in plan["kegiatan"] if k["jenis"] != "wajib"]
        assert sum(k["jp"] for k in counted) <= ceiling["jp"], key
        assert sum(k["biaya"] for k in counted) <= ceiling["biaya"], key
        assert len(plan["kegiatan"]) <= 4, key
        gap_codes = {c for k in plan["kegiatan"] if k["jenis"] == "kesenjangan"
                     for c in k["kompetensi"]}
        assert len(gap_codes) <= 2, key
    assert plans["nurse"]["batas_per_orang"] == {"jp": 20, "biaya": 1_000_000}
    assert plans["nurse"]["total_jp"] <= 20


def test_programme_audience_and_own_channels(regency: Regency) -> None:
    with regency.db.session_scope() as s:
        settings_service.set_value(s, "idp_ceilings", {"PPPK": {"jp": 24, "cost": 9_000_000},
                                                       "PNS": {"jp": 200, "cost": 9_000_000}})
    plans = _plans(regency, ("nurse", "guru", "sekda", "pns"))
    names = {k: [i["nama"] for i in p["kegiatan"]] for k, p in plans.items()}
    assert "Pelatihan Asuhan Keperawatan Kritis" in names["nurse"]  # RSUD, not puskesmas
    assert not any("MTBS" in n for n in names["nurse"])
    assert any("Platform Merdeka Mengajar" in n for n in names["guru"])
    assert not any("Bimtek Penyusunan IDP" in n for n in names["sekda"])
    assert not any(i["bentuk"].startswith("Izin Belajar") or i["bentuk"].startswith(
        "Tugas Belajar") for i in plans["nurse"]["kegiatan"])


def test_study_counts_only_the_semesters_inside_the_plan_year() -> None:
    form = FormInfo("PD02", "Izin Belajar", "Pendidikan", "Pendidikan Formal", "semester", 20)
    assert jp_in_year(form, 80, 12) == 20
    assert jp_in_year(form, 80, 1) == 40
    hours = FormInfo("KL03", "Pelatihan Teknis", "Pelatihan", "Klasikal", "jam", 1)
    assert jp_in_year(hours, 24, 12) == 24


def test_a_pns_izin_belajar_from_december_counts_one_semester(regency: Regency) -> None:
    from karier_desktop.services.errors import ValidationError

    with regency.db.session_scope() as s:
        plan_id = idp.draft_plan(s, regency.ids["pns"], YEAR, TODAY)
        with pytest.raises(ValidationError) as info:
            idp.add_item(s, plan_id, idp.ItemInput("Izin Belajar S2", form_code="PD02",
                                                   month=12, jp=80))
        idp.add_item(s, plan_id, idp.ItemInput("Izin Belajar S2", form_code="PD02", month=12,
                                               jp=20, funding_source="mandiri"))
    assert "paling banyak 20 JP" in " ".join(info.value.messages)


def test_pppk_cannot_be_given_izin_belajar_by_hand(regency: Regency) -> None:
    from karier_desktop.services.errors import ValidationError

    with regency.db.session_scope() as s:
        plan_id = idp.draft_plan(s, regency.ids["nurse"], YEAR, TODAY)
        with pytest.raises(ValidationError) as info:
            idp.add_item(s, plan_id, idp.ItemInput("Izin Belajar S2", form_code="PD02",
                                                   month=9, jp=20))
    assert "instrumen PNS" in " ".join(info.value.messages)


def test_signers_come_from_the_unit_tree_and_no_one_signs_twice(regency: Regency) -> None:
    plans = _plans(regency)

    def signer(key: str, role: str) -> dict:
        return next(p for p in plans[key]["penandatangan"] if p["peran"] == role)

    assert signer("guru", "Atasan Langsung")["jabatan"] == "Kepala Sekolah SD Negeri 1 Mamuju"
    assert signer("guru", "Mengetahui")["jabatan"] == "Kepala Dinas Pendidikan dan Kebudayaan"
    assert signer("nurse", "Atasan Langsung")["jabatan"] == "Kepala Ruangan Rawat Inap"
    assert signer("nurse", "Mengetahui")["jabatan"] == "Direktur RSUD Kabupaten Mamuju"
    assert signer("kabag", "Atasan Langsung")["nip"] == regency.nips["asisten"]
    assert signer("kasubbag", "Atasan Langsung")["nip"] == regency.nips["kabag"]
    jpt = signer("kadisdik", "Atasan Langsung")
    assert jpt["jabatan"] == "Bupati Mamuju" and jpt["nip"] == ""
    assert signer("kadisdik", "Mengetahui")["nip"] == regency.nips["sekda"]
    for key, plan in plans.items():
        people = [p["nip"] or p["jabatan"] for p in plan["penandatangan"]]
        assert len(people) == len(set(people)), key
    text = _pdf_text(regency, "kadisdik")
    # the blocks read row by row: leads, then captions, names, pangkat, NIP
    assert "Menyetujui, Mengetahui, Mamuju, 29 November 2026" in text
    assert "Bupati Mamuju, Sekretaris Daerah, Pegawai yang bersangkutan," in text
    assert text.split("VII. PENGESAHAN")[1].count("NIP.") == 2  # the Bupati has no NIP line


def test_form_blocks_are_on_paper(regency: Regency) -> None:
    with regency.db.session_scope() as s:
        plan_id = idp.draft_plan(s, regency.ids["kabag"], YEAR, TODAY)
        idp.update_form(s, plan_id, idp.PlanForm(
            "Menjadi Kepala Biro Hukum dalam dua tahun", "Asisten Pemerintahan",
            "Saya berkomitmen menyelesaikan PKA tahun ini.", "Prioritaskan PKA dan coaching."))
    text = _pdf_text(regency, "kabag")
    for part in ("SEKRETARIAT DAERAH", "Sumber Dana", "APBD – BKPSDM", "APBD – DPA OPD",
                 "Tanpa biaya", "Rincian sumber dana:", "Pembina (IV/a), TMT 1 April 2022",
                 "Pendidikan Terakhir : S1", "Masa Kerja : 24 tahun", "Butuh Perbaikan",
                 "IV. ASPIRASI KARIER DAN KOMITMEN PEGAWAI",
                 "Menjadi Kepala Biro Hukum dalam dua tahun", "Jabatan target : Asisten Pemerintahan",
                 "“Saya berkomitmen menyelesaikan PKA tahun ini.”",
                 "V. CATATAN ATASAN LANGSUNG", "Prioritaskan PKA dan coaching.",
                 "VI. TINDAK LANJUT DAN PEMANTAUAN", "Dialog kinerja semester I",
                 "JP terealisasi", "VII. PENGESAHAN", "Menyetujui,", "Mengetahui,"):
        assert part in text, part
    assert "(KL01)" not in text and "KL01" not in text  # plain names, not internal codes


def test_a_rank_that_does_not_fit_is_warned_about(regency: Regency) -> None:
    with regency.db.session_scope() as s:
        s.get(m.Employee, regency.ids["nurse"]).rank_code = "III/a"
        s.get(m.Employee, regency.ids["guru"]).rank_code = "III/c"
    plans = _plans(regency, ("nurse", "guru", "pns"))
    assert any("golongan ruang PNS III/a" in w for w in plans["nurse"]["peringatan"])
    assert any("tidak sesuai jenjang" in w for w in plans["guru"]["peringatan"])
    assert plans["pns"]["peringatan"] == []
    assert "Perhatian — data kepegawaian perlu diperiksa" in _pdf_text(regency, "nurse")

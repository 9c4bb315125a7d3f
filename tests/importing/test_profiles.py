"""Import profiles are data: every file is registered, loads, and names only known fields;
the shared vocabularies read the spellings clerks and BKN use."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karier_desktop.paths import resources_dir
from karier_desktop.services.importing import profiles
from karier_desktop.services.importing.headers import FIELDS, normalize_header
from karier_desktop.services.importing.vocab import Vocabulary, vkey


def test_every_profile_file_is_registered_and_names_known_fields():
    folder = resources_dir() / profiles.PROFILE_DIR
    files = {p.stem for p in folder.glob("*.json")} - {profiles.VOCABULARY}
    registered = {pid for ids in profiles.REGISTRY.values() for pid in ids}
    assert files == registered
    for kind, ids in profiles.REGISTRY.items():
        keys = {f.key for f in FIELDS[kind]}
        for pid in ids:
            data = json.loads((folder / f"{pid}.json").read_text(encoding="utf-8"))
            assert data["id"] == pid and data["kind"] == kind and data["label"]
            assert set(data["columns"]) <= keys, pid
            assert set(data.get("defaults", {})) <= keys, pid
    assert any(p.fallback for p in profiles.profiles_for("pegawai"))


@pytest.mark.parametrize(("top", "expected"), [
    ([["PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "JENIS PEGAWAI NAMA"]], "siasn_export"),
    ([["DAFTAR URUT KEPANGKATAN PEGAWAI NEGERI SIPIL"], ["NO", "NAMA", "NIP"]], "duk"),
    ([["NO", "NAMA", "NIP", "PANGKAT", None, "JABATAN"],
      [None, None, None, "GOL/RUANG", "TMT", "ESELON"]], "duk"),
    ([["DAFTAR NOMINATIF PEGAWAI"], ["NIP", "NAMA"]], "nominatif"),
    ([["NIP", "NAMA", "GOLONGAN"]], "nominatif"),
])
def test_detection(top, expected):
    assert profiles.detect("pegawai", top).id == expected


EDUCATION = {
    "SD": "SD", "SLTP": "SMP", "SLTA": "SMA", "SLTA Kejuruan": "SMA", "SMK": "SMA", "SPG": "SMA",
    "SPMA": "SMA", "Diploma I": "D1", "Diploma II": "D2", "Diploma III/Sarjana Muda": "D3",
    "Diploma IV": "D4", "D-IV Kebidanan": "D4", "S-1/Sarjana": "S1", "Strata I": "S1",
    "Profesi": "S1", "Profesi Ners": "S1", "Profesi Apoteker": "S1", "Profesi Dokter": "S1",
    "Spesialis": "S2", "Spesialis II": "S3", "S-2": "S2", "Strata II": "S2", "S-3": "S3",
    "S-3/Doktor": "S3", "D III": "D3", "S1": "S1", "SMA IPA": "SMA", "Magister Manajemen": "S2",
}
SEXES = {"M": "L", "F": "P", "Laki - laki": "L", "LAKI-LAKI": "L", "Pria": "L", "Wanita": "P",
         "Perempuan": "P", "L": "L", "P": "P"}
TYPES = {"PNS": "PNS", "PNS Daerah Kabupaten/Kota": "PNS", "CPNS": "CPNS", "PPPK": "PPPK",
         "PPPK Penuh Waktu": "PPPK", "PPPK Paruh Waktu": "PPPK Paruh Waktu", "P3K": "PPPK"}


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary(profiles.load("nominatif"))


@pytest.mark.parametrize(("vocabulary", "table"), [
    ("education", EDUCATION), ("sex", SEXES), ("employee_type", TYPES)])
def test_vocabularies_read_the_real_spellings(vocab, vocabulary, table):
    assert {raw: vocab.find(vocabulary, raw) for raw in table} == table


def test_siasn_kedudukan_marks_pppk(vocab):
    assert vocab.find("kedudukan", "PPPK Aktif") == "PPPK"
    assert vocab.find("kedudukan", "Aktif") is None


@given(st.sampled_from(sorted(EDUCATION)), st.sampled_from([str.upper, str.lower, str.title]),
       st.sampled_from(["", " ", "  "]))
def test_case_and_spacing_do_not_matter(raw, case, pad):
    assert vkey(pad + case(raw) + pad) == vkey(raw)
    assert normalize_header(case(raw)) == normalize_header(raw.upper())


FORMS = {"Diklat Struktural": "KL01", "Diklat Fungsional": "KL04", "Diklat Teknis": "KL03",
         "Pembelajaran Alam Terbuka (Outbond)": "NKL06",
         "Komunitas Belajar (Community of Practices)": "NKL10",
         "Pertukaran Antara PNS Dengan Pegawai Swasta/BUMN/BUMD": "NKL08",
         "Pelatihan Klasikal Lainnya": "KL12", "Pelatihan Nonklasikal Lainnya": "NKL13",
         "Diklatpim Tingkat IV": "KL01", "PIM III": "KL01", "PKP": "KL01",
         "Pelatihan Kepemimpinan Administrator (PKA)": "KL01", "PKN Tingkat II": "KL01",
         "Latsar CPNS": "KL01", "Pelatihan Dasar CPNS": "KL01", "Bimtek": "KL10",
         "Magang": "NKL12", "Seminar": "KL06"}


def test_training_forms_as_siasn_names_them(vocab):
    assert {raw: vocab.find("form", raw) for raw in FORMS} == FORMS


def test_the_build_bundles_every_profile():
    """build.spec's datas (read without PyInstaller, as tests/build does) hold the profiles."""
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location(
        "build_spec_check", root / "tests" / "build" / "test_build_spec.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bundled = module._bundled_files(module._datas())
    files = sorted((root / "resources" / profiles.PROFILE_DIR).glob("*.json"))
    assert files
    for f in files:
        assert f"resources/{profiles.PROFILE_DIR}/{f.name}" in bundled

"""The printed IDP, read back with pypdf: what a clerk checks before handing it out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from karier_desktop.reports.documents import (
    GapRowData,
    IdpDocument,
    LetterheadData,
    PlanItemData,
    SignerData,
)
from karier_desktop.reports.idp_pdf import IdpRenderer
from karier_desktop.services import idp
from karier_desktop.store.db import Database

TODAY = dt.date(2026, 11, 29)
MM = 72 / 25.4


def _doc(items: int = 3, **changes: object) -> IdpDocument:
    gaps = (
        GapRowData("Integritas", "manajerial", 3, 2, -1, "Perlu pengembangan"),
        GapRowData("Kerjasama", "manajerial", 3, 3, 0, "Memenuhi"),
        GapRowData("Komunikasi", "manajerial", 3, None, None, "Belum diases"),
        GapRowData("Perekat Bangsa", "sosial_kultural", 3, 4, 1, "Melebihi"),
        GapRowData("Pengelolaan Keuangan Daerah", "teknis", 3, 1, -2, "Perlu pengembangan"),
    )
    rows = tuple(PlanItemData(
        n, "Integritas", "Level Integritas naik dari 2 ke 3", "Pelatihan Nonklasikal – Coaching",
        "NKL01", f"Coaching integritas sesi {n}", "Atasan langsung", "Maret 2027", 8.0,
        250_000) for n in range(1, items + 1))
    doc = IdpDocument(
        letterhead=LetterheadData("Pemerintah Kabupaten Mamuju", "BKPP Kabupaten Mamuju",
                                  "Jl. Soekarno-Hatta No. 17, Mamuju"),
        paper_size="A4", year=2027, version=1, status="disetujui",
        name="Dr. Andi Wijaya, S.E., M.Si.", nip="19850312 201001 1 005",
        rank="Penata Tingkat I (III/d)", position="Analis Kebijakan Ahli Muda",
        position_kind="Jabatan Fungsional Ahli Muda", unit="Bidang Perencanaan",
        opd="Badan Perencanaan Pembangunan Daerah", employee_type="PNS",
        assessed_on=dt.date(2025, 3, 12), assessor="Assessment Center – BKPP", jpm=76.92,
        category="Kurang Optimal", required_sum=13, actual_sum=10, gaps=gaps, items=rows,
        total_jp=8.0 * items, minimum_jp=20, total_cost=250_000 * items,
        signers=(SignerData("Pegawai yang bersangkutan", "", "Dr. Andi Wijaya, S.E., M.Si.",
                            "19850312 201001 1 005"),
                 SignerData("Atasan Langsung", "", "Hj. Sitti Rahma, S.Sos.",
                            "19700101 199503 2 002"),
                 SignerData("Kepala Perangkat Daerah", "Mengetahui,")),
        city="Mamuju", signed_on=dt.date(2026, 12, 2), file_stem="IDP 2027 - Andi Wijaya")
    return dataclasses.replace(doc, **changes)  # type: ignore[arg-type]


def _read(data: bytes) -> tuple[PdfReader, list[str]]:
    """The PDF and each page's text with whitespace collapsed (table cells come out one per
    line; collapsed, a table row reads as one run: "1 Integritas 3 2 −1 Perlu pengembangan")."""
    reader = PdfReader(io.BytesIO(data))
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture(scope="module")
def renderer() -> IdpRenderer:
    return IdpRenderer()


def test_identity_gaps_items_totals_and_signers(renderer: IdpRenderer) -> None:
    reader, pages = _read(renderer.render(_doc()))
    text = "\n".join(pages)
    assert "RENCANA PENGEMBANGAN INDIVIDU (INDIVIDUAL DEVELOPMENT PLAN)" in text
    assert "PEGAWAI ASN TAHUN 2027" in text
    assert "PEMERINTAH KABUPATEN MAMUJU" in text and "BKPP KABUPATEN MAMUJU" in text
    for part in ("Dr. Andi Wijaya, S.E., M.Si.", "19850312 201001 1 005",
                 "Penata Tingkat I (III/d)", "Analis Kebijakan Ahli Muda", "Bidang Perencanaan",
                 "PNS", "12 Maret 2025", "76,92% — kategori Kurang Optimal",
                 "diases 4/5 kompetensi standar"):
        assert part in text
    assert "A. Manajerial 1 Integritas 3 2 −1 Perlu pengembangan 2 Kerjasama 3 3 0 Memenuhi" in text
    assert "3 Komunikasi 3 – – Belum diases" in text
    assert "B. Sosial Kultural 4 Perekat Bangsa 3 4 +1 Melebihi" in text
    assert "C. Teknis 5 Pengelolaan Keuangan Daerah 3 1 −2 Perlu pengembangan" in text
    assert ("3 Integritas Level Integritas naik dari 2 ke 3 Coaching integritas sesi 3 Atasan "
            "langsung Maret 2027 8 250.000") in text
    assert "Jumlah 24 750.000" in text
    assert "Jumlah rencana pengembangan 24 JP memenuhi hak pengembangan kompetensi minimal 20 JP" \
        in text
    assert "Perkiraan biaya seluruh kegiatan: Rp 750.000" in text
    assert "Mamuju, 2 Desember 2026" in text
    assert "Hj. Sitti Rahma, S.Sos." in text and "NIP. 19700101 199503 2 002" in text
    assert "Mengetahui," in text and "Kepala Perangkat Daerah," in text
    assert "NIP. ....." in text  # the head of OPD is not known: a dotted line to fill in
    assert pages[-1].rstrip().endswith(f"Halaman {len(pages)} dari {len(pages)}")
    assert reader.metadata.title == "IDP 2027 – Dr. Andi Wijaya, S.E., M.Si."


def test_shortfall_is_said_plainly(renderer: IdpRenderer) -> None:
    _reader, pages = _read(renderer.render(_doc(items=1)))
    text = " ".join(pages)
    assert "8 JP belum memenuhi ketentuan minimal 20 JP per tahun; masih kurang 12 JP" in text


@pytest.mark.parametrize(("paper", "size_mm"), [("A4", (210, 297)), ("F4", (215, 330))])
def test_paper_size(renderer: IdpRenderer, paper: str, size_mm: tuple[int, int]) -> None:
    reader, _pages = _read(renderer.render(_doc(paper_size=paper)))
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(size_mm[0] * MM, abs=0.5)
    assert float(box.height) == pytest.approx(size_mm[1] * MM, abs=0.5)


def test_many_items_break_over_pages_with_repeated_header(renderer: IdpRenderer) -> None:
    _reader, pages = _read(renderer.render(_doc(items=40)))
    n = len(pages)
    assert n >= 3
    assert f"Halaman 2 dari {n}" in pages[1]
    assert ("No Kompetensi, Sasaran dan Indikator Kegiatan, Bentuk dan Penyelenggara Waktu JP "
            "Biaya (Rp) Sumber Dana") in pages[1]
    text = "\n".join(pages)
    assert all(f"Coaching integritas sesi {k}" in text for k in (1, 20, 40))
    assert "Jumlah 320 10.000.000" in text


def test_user_text_is_printed_literally(renderer: IdpRenderer) -> None:
    item = PlanItemData(1, "Integritas & <Etika>", "Naik <b>dua</b> level", "Lainnya", "",
                        "Kursus A & B <i>lanjut</i>", "PT <Maju> & Co", "Mei 2027", 20, 0)
    doc = dataclasses.replace(_doc(items=0), items=(item,), total_jp=20)
    _reader, pages = _read(renderer.render(doc))
    text = "\n".join(pages)
    assert "Kursus A & B <i>lanjut</i>" in text
    assert "PT <Maju> & Co" in text
    assert "Integritas & <Etika>" in text


def test_draft_from_the_demo_prints_its_own_data(demo_db: Database,
                                                 renderer: IdpRenderer) -> None:
    with demo_db.session_scope() as s:
        plan_id = idp.draft_plan(s, 40, 2027, TODAY)
        doc = idp.plan_for_print(s, plan_id, TODAY)
    _reader, pages = _read(renderer.render(doc))
    text = "\n".join(pages)
    assert doc.nip in text and doc.name in text
    assert "Versi 1 · DRAF (belum disetujui)" in text
    for g in doc.gaps:
        assert g.competency in text
    for it in doc.items:
        assert it.activity.split()[0] in text


def test_combined_document_numbers_pages_per_employee(renderer: IdpRenderer) -> None:
    docs = [_doc(items=40), _doc(items=1, name="Budi Santoso", nip="19900101 201501 1 001")]
    _reader, pages = _read(renderer.render_combined(docs))
    first = [p for p in pages if "IDP 2027 · Dr. Andi Wijaya" in p]
    n = len(first)
    assert f"Halaman {n} dari {n}" in pages[n - 1]
    second = [p for p in pages if "IDP 2027 · Budi Santoso" in p]
    m = len(second)
    assert f"IDP 2027 · Budi Santoso · NIP 19900101 201501 1 001 Halaman {m} dari {m}" \
        in pages[-1]
    assert "Halaman 1 dari" in pages[n]
    assert len(pages) == n + m

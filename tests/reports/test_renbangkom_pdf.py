"""The printed Renbangkom plan, its Excel annex and the one-page OPD profile, read back."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from karier_desktop.domain.textfmt import format_rupiah
from karier_desktop.services import renbangkom as rb
from karier_desktop.services.settings import set_value
from karier_desktop.store import models as m
from karier_desktop.store.db import Database
from tests.renbang_regency import TODAY, YEAR, approve_idps


def _text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


def test_plan_document_has_the_published_shape(demo_db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    approve_idps(demo_db)
    with demo_db.session_scope() as s:
        plan_id = rb.build(s, YEAR)
        set_value(s, "renbangkom_ppk", {"caption": "BUPATI MAMUJU",
                                        "name": "Dr. Hj. Sitti Sutinah Suhardi, S.H., M.Si."})
        pv = rb.view(s, plan_id)
        written = rb.save_pdf(s, plan_id, tmp_path / "renbangkom.pdf", TODAY)
        annex = rb.save_annex(s, plan_id, tmp_path / "lampiran.xlsx")
    text, pages = _text(written.read_bytes())
    flat = " ".join(text.split())
    for part in ("RENCANA PENGEMBANGAN KOMPETENSI", "KATA PENGANTAR", "Dasar Hukum",
                 "Peraturan Pemerintah Nomor 11 Tahun 2017", "BAB II GAMBARAN PEGAWAI",
                 "BAB III ANALISIS KESENJANGAN", f"BAB IV RENCANA PENGEMBANGAN KOMPETENSI TAHUN "
                 f"{YEAR}", "BAB V ANGGARAN MENURUT SUMBER DANA", "BAB VI RINGKASAN PER "
                 "PERANGKAT DAERAH", "BUPATI MAMUJU", "Sitti Sutinah Suhardi", "Indeks "
                 "Profesionalitas ASN"):
        assert part in flat, part
    assert f"{len(pv.lines)} kegiatan untuk {pv.participants} peserta" in flat
    assert format_rupiah(pv.total_cost) in flat  # the plan's total
    assert re.search(r"Halaman 1 dari \d+", flat) and pages >= 4
    assert "DRAF" in flat  # not yet set: watermarked
    sheet = load_workbook(annex.path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("No", "NIP", "Nama") and len(rows) - 1 == pv.participants
    assert sum(r[11] for r in rows[1:]) == pv.total_cost  # Biaya column


def test_annex_columns_are_configurable(demo_db: Database) -> None:
    approve_idps(demo_db, every=3)
    with demo_db.session_scope() as s:
        plan_id = rb.build(s, YEAR)
        headers, rows = rb.annex_rows(s, plan_id, ["nip", "kegiatan", "sumber_dana"])
    assert headers == ["NIP", "Kegiatan", "Sumber Dana"] and all(len(r) == 3 for r in rows)


def test_opd_profile_is_one_page(demo_db: Database) -> None:
    approve_idps(demo_db, every=2)
    with demo_db.session_scope() as s:
        rb.build(s, YEAR)
        code, name = s.execute(select(m.Unit.code, m.Unit.name).where(
            m.Unit.parent_id.is_(None), m.Unit.code == "SETDA")).one()
        doc = rb.profile_document(s, code, YEAR, TODAY)
        data = rb.profile_pdf_bytes(s, code, YEAR, TODAY)
    text, pages = _text(data)
    flat = " ".join(text.split())
    assert pages == 1
    assert f"PROFIL PENGEMBANGAN KOMPETENSI · {name.upper()}" in flat
    assert "IP ASN — dimensi kompetensi" in flat and "Pensiun dalam 24 bulan" in flat
    assert sum(n for _t, n in doc.headcount) == sum(n for _c, n in doc.jpm_categories)
    assert len(doc.trend) == 4 and doc.plan_status == "Draf"


def test_opd_profile_prints_the_whole_ip_asn_index(demo_db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    from karier_desktop.domain.textfmt import format_number
    from karier_desktop.services import ipasn

    with demo_db.session_scope() as s:
        opd_id = s.scalar(select(m.Unit.id).where(m.Unit.code == "SETDA"))
        report = ipasn.compute(s, YEAR, TODAY)
        mine = [e for e in report.employees if e.opd_id == opd_id]
        # every SETDA employee gets an SKP predikat "Baik" (25 points) for the year
        ipasn.save_inputs(s, YEAR, [(e.nip, None, "Baik", None) for e in mine])
    with demo_db.session_scope() as s:
        doc = rb.profile_document(s, "SETDA", YEAR, TODAY)
        data = rb.profile_pdf_bytes(s, "SETDA", YEAR, TODAY)
    labels = {label: (value, top) for label, value, top in doc.ip_dimensions}
    assert labels["Kinerja"] == (25, 30) and labels["Disiplin"] == (5, 5)
    assert doc.ip_kinerja_missing == 0
    assert abs(sum(v for v, _t in labels.values()) - doc.ip_index) <= 0.02  # each rounded
    text, pages = _text(data)
    flat = " ".join(text.split())
    assert pages == 1
    assert "Indeks Profesionalitas ASN (rata-rata)" in flat
    assert f"Indeks IP ASN (maks. 100) {format_number(doc.ip_index, 2)} · " \
           f"{doc.ip_index_band}" in flat
    assert "Kinerja (maks. 30) 25" in flat
    if os.environ.get("KARIER_SHOTS"):
        (tmp_path / "p.pdf").write_bytes(data)
        os.system(f"pdftoppm -png -r 60 {tmp_path / 'p.pdf'} "
                  f"{os.environ['KARIER_SHOTS']}/profil")

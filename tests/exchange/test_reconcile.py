"""Reconciliation with a SIASN riwayat kursus export of our own making, in SIASN's shape."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from exchange_world import NIP_ANDI, NIP_SITI, build_office, record, siasn_sheet

from karier_desktop.services import exchange


@pytest.fixture
def world(db, tmp_path):  # type: ignore[no-untyped-def]
    with db.session_scope() as s:
        ids = build_office(s)
    path = siasn_sheet(tmp_path / "siasn.xlsx", [
        # the same training, spelt by another hand
        {"nipBaru": NIP_SITI, "namaKursus": "BIMBINGAN TEKNIS PENGELOLAAN  KEUANGAN DAERAH.",
         "jenisDiklatId": 8, "jumlahJam": 32, "tanggalKursus": "02-03-2026",
         "tanggalSelesaiKursus": "05-03-2026", "noSertipikat": "BT-001"},
        # the same training with another start date and JP
        {"nipBaru": NIP_SITI, "namaKursus": "Pelatihan Teknis Kearsipn", "jenisDiklatId": 3,
         "jumlahJam": 30, "tanggalKursus": "11-05-2026", "tanggalSelesaiKursus": "08-05-2026"},
        # SIASN only
        {"nipBaru": NIP_ANDI, "namaKursus": "Kursus Bahasa Inggris", "jenisDiklatId": 11,
         "jumlahJam": 20, "tanggalKursus": "01-09-2025", "tanggalSelesaiKursus": "05-09-2025"},
        # unreadable: no date
        {"nipBaru": NIP_ANDI, "namaKursus": "Tanpa Tanggal", "jumlahJam": 2},
    ])
    return ids, path


def _by_title(report, status):  # type: ignore[no-untyped-def]
    return {ln.title: ln for ln in report.lines if ln.status == status}


def test_each_employee_sorted_into_same_review_upload_import(db, world):  # type: ignore[no-untyped-def]
    ids, path = world
    with db.read_scope() as s:
        report = exchange.reconcile(s, path)
    same = _by_title(report, exchange.SAME)
    assert list(same) == ["Bimbingan Teknis Pengelolaan Keuangan Daerah"]
    review = _by_title(report, exchange.DIFFERENT)["Pelatihan Teknis Kearsipan"]
    assert review.app.source == "aplikasi" and review.siasn.source == "SIASN"
    assert {d.field for d in review.differences} == {"start_date", "jp"}
    assert "JP: aplikasi 40, SIASN 30" in [str(d) for d in review.differences]
    only_siasn = _by_title(report, exchange.ONLY_SIASN)
    assert list(only_siasn) == ["Kursus Bahasa Inggris"]
    only_app = _by_title(report, exchange.ONLY_APP)
    assert set(only_app) == {"=HYPERLINK(\"x\") Pelatihan",
                             "Pelatihan Kepemimpinan Pengawas (PKP)", "Seminar Pelayanan Publik"}
    assert len(report.unreadable) == 1 and "kosong" in report.unreadable[0]
    assert report.summary().startswith("1 sama, 1 beda")


def test_reconciling_changes_nothing_until_the_clerk_chooses(db, world):  # type: ignore[no-untyped-def]
    ids, path = world
    with db.session_scope() as s:
        report = exchange.reconcile(s, path)
        assert exchange.remember(s, report) == 2
    with db.read_scope() as s:
        kept = record(s, ids["arsip"])
        assert (kept.start_date, kept.jp) == (dt.date(2026, 5, 4), 40)  # ours, untouched
        source = exchange.source_of(s, ids["arsip"])
        assert source["origin"] == "aplikasi" and source["siasn"]["jp"] == 30
    review = _by_title(report, exchange.DIFFERENT)["Pelatihan Teknis Kearsipan"]
    with db.session_scope() as s:
        exchange.adopt_siasn_value(s, review, "jp")
    with db.read_scope() as s:
        assert record(s, ids["arsip"]).jp == 30
        assert record(s, ids["arsip"]).start_date == dt.date(2026, 5, 4)


def test_report_as_json_names_the_source_of_every_value(db, world):  # type: ignore[no-untyped-def]
    _ids, path = world
    with db.read_scope() as s:
        data = json.loads(json.dumps(exchange.reconcile(s, path).as_dict()))
    review = [b for b in data["baris"] if b["status"] == "beda"][0]
    assert review["aplikasi"]["sumber"] == "aplikasi" and review["siasn"]["sumber"] == "SIASN"
    assert data["jumlah"] == {"sama": 1, "beda": 1, "hanya_aplikasi": 3, "hanya_siasn": 1}


def test_listed_only_leaves_out_employees_absent_from_the_file(db, tmp_path):  # type: ignore[no-untyped-def]
    with db.session_scope() as s:
        build_office(s)
    path = siasn_sheet(tmp_path / "one.xlsx", [
        {"nipBaru": NIP_ANDI, "namaKursus": "Seminar Pelayanan Publik", "jumlahJam": 4,
         "tanggalKursus": "01-08-2025"}])
    with db.read_scope() as s:
        report = exchange.reconcile(s, path, listed_only=True)
    assert {ln.nip for ln in report.lines} == {NIP_ANDI}


def test_a_file_that_is_not_a_spreadsheet_is_refused(db, tmp_path):  # type: ignore[no-untyped-def]
    bad = tmp_path / "siasn.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    with db.read_scope() as s, pytest.raises(exchange.ReconcileError):
        exchange.reconcile(s, bad)

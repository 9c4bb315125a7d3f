"""`karier-desktop renbangkom | ipasn | profil-opd`: the regency's yearly competency
development plan, the IP ASN competency dimension, and the one-page OPD profile.

    karier-desktop renbangkom --db PATH --tahun YYYY -o FILE.pdf [--lampiran FILE.xlsx]
                              [--susun] [--json]
    karier-desktop ipasn --db PATH --tahun YYYY [--opd KODE] [--impor FILE.xlsx [--dry-run]]
                         [--json]
    karier-desktop profil-opd --db PATH --opd KODE --tahun YYYY -o FILE.pdf

Exit 0 on success; 1 when the data says no (no plan for the year, unknown OPD); 2 for bad
arguments or an unreadable database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from karier_desktop.cli.common import CliError, add_command, database
from karier_desktop.domain.textfmt import format_number, format_rupiah


def add_parsers(sub: Any) -> None:
    r = add_command(sub, "renbangkom", cmd_renbangkom,
                    help="rencana pengembangan kompetensi instansi per tahun (PDF + lampiran)")
    r.add_argument("--db", required=True)
    r.add_argument("--tahun", type=int, required=True)
    r.add_argument("-o", "--output", required=True, help="berkas PDF")
    r.add_argument("--lampiran", help="lampiran Excel (.xlsx): satu baris per pegawai × kegiatan")
    r.add_argument("--kolom", help="kolom lampiran, dipisah koma (bawaan: semua): "
                   "no,nip,nama,opd,jabatan,kompetensi,kegiatan,bentuk,penyelenggara,triwulan,"
                   "jp,biaya,sumber_dana,prioritas")
    r.add_argument("--susun", action="store_true",
                   help="susun draf dari IDP bila belum ada rencana tahun itu")
    r.add_argument("--json", action="store_true", help="ringkasan JSON")
    i = add_command(sub, "ipasn", cmd_ipasn,
                    help="dimensi kompetensi Indeks Profesionalitas ASN per pegawai/OPD")
    i.add_argument("--db", required=True)
    i.add_argument("--tahun", type=int, required=True)
    i.add_argument("--opd", help="kode perangkat daerah")
    i.add_argument("--impor", metavar="FILE",
                   help="impor dulu pendidikan, predikat SKP dan hukuman disiplin tahun itu "
                   "(satu baris per NIP; kolom NIP, Pendidikan, Predikat SKP, Hukuman Disiplin)")
    i.add_argument("--dry-run", action="store_true",
                   help="dengan --impor: hanya periksa file, tidak ada yang disimpan")
    i.add_argument("--json", action="store_true", help="keluaran JSON")
    p = add_command(sub, "profil-opd", cmd_profile, help="profil satu halaman per OPD (PDF)")
    p.add_argument("--db", required=True)
    p.add_argument("--opd", required=True, help="kode perangkat daerah")
    p.add_argument("--tahun", type=int, required=True)
    p.add_argument("-o", "--output", required=True, help="berkas PDF")


def _as_of(year: int) -> dt.date:
    return min(dt.date.today(), dt.date(year, 12, 31))


def _validation(exc: Exception) -> CliError:
    return CliError("; ".join(getattr(exc, "messages", [str(exc)])), 1)


def cmd_renbangkom(args: argparse.Namespace) -> int:
    from karier_desktop.services import renbangkom as rb
    from karier_desktop.services.errors import ValidationError

    today = dt.date.today()
    with database(args.db) as db:
        with db.session_scope() as session:
            plan_id = rb.current_plan_id(session, args.tahun)
            if plan_id is None and args.susun:
                try:
                    plan_id = rb.build(session, args.tahun)
                except ValidationError as exc:
                    raise _validation(exc) from exc
        if plan_id is None:
            raise CliError(f"Belum ada rencana pengembangan kompetensi tahun {args.tahun}; "
                           "susun di aplikasi atau pakai --susun.", 1)
        with db.session_scope() as session:
            pv = rb.view(session, plan_id)
            written = rb.save_pdf(session, plan_id, args.output, today)
            columns = [c.strip() for c in args.kolom.split(",")] if args.kolom else None
            try:
                annex = (rb.save_annex(session, plan_id, args.lampiran, columns)
                         if args.lampiran else None)
            except ValidationError as exc:
                raise _validation(exc) from exc
            opds = rb.per_opd(session, plan_id)
    h = pv.header
    if args.json:
        print(json.dumps({
            "tahun": h.year, "versi": h.version, "status": h.status, "pdf": str(written),
            "lampiran": str(annex.path) if annex else None,
            "kegiatan": len(pv.lines), "peserta": pv.participants, "biaya": pv.total_cost,
            "anggaran": [{"sumber": b.funding_source, "pagu": b.ceiling,
                          "direncanakan": b.planned} for b in pv.budgets],
            "opd": [{"kode": o.code, "nama": o.name, "pegawai": o.employees,
                     "berencana": o.with_plan, "jp_per_pegawai": o.jp_per_employee,
                     "porsi_20jp": round(o.reaching_minimum, 3), "biaya": o.cost}
                    for o in opds]}, ensure_ascii=False, indent=2))
        return 0
    print(f"Rencana {h.year} versi {h.version} ({h.label}): {len(pv.lines)} kegiatan, "
          f"{pv.participants} peserta, {format_rupiah(pv.total_cost)}.")
    for b in pv.budgets:
        if b.planned or b.ceiling is not None:
            ceiling = "-" if b.ceiling is None else format_rupiah(b.ceiling)
            print(f"  {b.label:<26} pagu {ceiling:>18}  rencana {format_rupiah(b.planned):>18}")
    print(f"PDF: {written}")
    if annex:
        print(f"Lampiran: {annex.path} ({annex.rows} baris)")
    return 0


def cmd_ipasn(args: argparse.Namespace) -> int:
    from karier_desktop.services import ipasn
    from karier_desktop.services.errors import ValidationError
    from karier_desktop.services.gaps.unit import opd_by_code

    with database(args.db) as db, db.session_scope() as session:
        if args.impor:
            try:
                done = ipasn.import_inputs(session, args.impor, args.tahun, args.dry_run)
            except ValidationError as exc:
                raise CliError("File tidak diimpor, tidak ada yang diubah:\n"
                               + "\n".join(exc.messages), 1) from exc
            if args.dry_run:
                print(f"Uji coba: {done.saved} baris dapat diimpor; tidak ada yang disimpan.")
                return 0
            if not args.json:
                print(f"Diimpor: {done.saved} pegawai (tahun {args.tahun}).")
        opd_id = None
        if args.opd:
            opd = opd_by_code(session, args.opd)
            if opd is None:
                raise CliError(f"Perangkat daerah dengan kode {args.opd} tidak ditemukan.", 1)
            opd_id = opd.id
        report = ipasn.compute(session, args.tahun, _as_of(args.tahun), opd_id)
    if args.json:
        print(json.dumps({
            "tahun": report.year, "per_tanggal": report.as_of.isoformat(),
            "pegawai": [{"nip": e.nip, "nama": e.name, "opd": e.opd_name,
                         "kelompok": e.group, "skor": e.total, "kategori": e.band,
                         "bagian": dict(zip(ipasn.INDICATORS, e.parts, strict=True)),
                         "indeks": {"kualifikasi": e.kualifikasi, "kompetensi": e.total,
                                    "kinerja": e.kinerja, "disiplin": e.disiplin,
                                    "total": e.index, "kategori": e.index_band,
                                    "belum_ada_data": list(e.no_data)}}
                        for e in report.employees],
            "opd": [{"kode": o.code, "nama": o.name, "pegawai": o.employees,
                     "rata_rata": o.average, "kategori": o.band,
                     "indeks_rata_rata": o.index_average, "indeks_kategori": o.index_band,
                     "tanpa_predikat_skp": o.kinerja_missing} for o in report.opds],
            "kabupaten": {"rata_rata": report.regency_average, "kategori": report.regency_band,
                          "indeks_rata_rata": report.regency_index,
                          "indeks_kategori": report.regency_index_band},
            "bobot": report.reference.dimension_weights,
        }, ensure_ascii=False, indent=2))
        return 0
    print(f"IP ASN per {report.as_of.isoformat()}: dimensi kompetensi (maks. 40: kepemimpinan, "
          "fungsional, teknis, seminar) dan indeks (kualifikasi 25 + kompetensi 40 + kinerja 30 "
          "+ disiplin 5)")
    print(f"{'NIP':<22} {'Nama':<32} {'Kpm':>4} {'Fung':>4} {'Tek':>4} {'Sem':>4} {'Komp':>5}"
          f" {'Kual':>4} {'Kin':>4} {'Dis':>4} {'Indeks':>6}")
    for e in report.employees:
        parts = " ".join(f"{format_number(p):>4}" for p in e.parts)
        dims = " ".join(f"{format_number(p):>4}" for p in (e.kualifikasi, e.kinerja, e.disiplin))
        print(f"{e.nip_text:<22} {e.name[:32]:<32} {parts} {format_number(e.total):>5} {dims} "
              f"{format_number(e.index):>6}")
    print()
    for o in report.opds:
        print(f"{o.code:<14} {o.name[:44]:<44} {o.employees:>5} {format_number(o.average, 2):>6} "
              f"{o.band:<14} indeks {format_number(o.index_average, 2):>6} {o.index_band}")
    scope = "Rata-rata OPD" if args.opd else "Kabupaten"
    print(f"{scope}: kompetensi {format_number(report.regency_average, 2)} "
          f"({report.regency_band}); indeks {format_number(report.regency_index, 2)} "
          f"({report.regency_index_band})")
    return 0


def cmd_profile(args: argparse.Namespace) -> int:
    from karier_desktop.services import renbangkom as rb
    from karier_desktop.services.errors import ValidationError

    with database(args.db) as db, db.session_scope() as session:
        try:
            written = rb.save_profile(session, args.opd, args.tahun, args.output,
                                      dt.date.today())
        except ValidationError as exc:
            raise _validation(exc) from exc
    print(f"Profil: {written}")
    return 0

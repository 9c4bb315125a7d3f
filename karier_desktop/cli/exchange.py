"""Round trips by file: SIASN training export, reconciliation and the data-quality score.

    karier-desktop export siasn-kursus|siasn-diklat --db PATH --tahun YYYY -o FILE [--semua]
        (parsed in cli/io.py, handled here)
    karier-desktop rekonsiliasi --db PATH --siasn FILE.xlsx [--simpan] [--hanya-nip-file] [--json]
    karier-desktop mutu-data --db PATH [--opd KODE] [--json]
    karier-desktop paket buat --db PATH [--opd KODE] [--sebagai KODE] -o FILE [--sandi-file F]
    karier-desktop paket terapkan FILE --db PATH [--dry-run] [--sandi-file F] [-o TANDA_TERIMA]
    karier-desktop paket kunci --db PATH [--opd KODE] [--tahun YYYY]   (BKPP: setujui, kunci)

paket: exit 0 applied, 1 refused or conflicts left, 2 unreadable file. The passphrase comes
from a prompt (not echoed) or the first line of --sandi-file.

Exit codes: 0 done (rekonsiliasi: nothing to review), 1 differences to review or invalid data,
2 unreadable file or bad arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from karier_desktop.cli.common import CliError, add_command, database

MAX_LISTED = 200


def add_parsers(sub: Any) -> None:
    r = add_command(sub, "rekonsiliasi", cmd_reconcile,
                    help="bandingkan riwayat pelatihan dengan file ekspor SIASN")
    r.add_argument("--db", required=True)
    r.add_argument("--siasn", required=True, metavar="FILE",
                   help="ekspor riwayat kursus/diklat dari SIASN (.xlsx/.csv)")
    r.add_argument("--hanya-nip-file", dest="listed_only", action="store_true",
                   help="bandingkan hanya pegawai yang ada di file SIASN")
    r.add_argument("--simpan", action="store_true",
                   help="simpan nilai SIASN untuk pelatihan yang berpasangan")
    r.add_argument("--json", action="store_true", help="keluaran JSON")

    q = add_command(sub, "mutu-data", cmd_quality, help="skor mutu data per OPD dan kabupaten")
    q.add_argument("--db", required=True)
    q.add_argument("--opd", metavar="KODE", help="kode OPD (bawaan: seluruh kabupaten)")
    q.add_argument("--json", action="store_true", help="keluaran JSON")
    _add_package_parsers(sub)


def _add_package_parsers(sub: Any) -> None:
    p = add_command(sub, "paket", lambda a: a.paket_handler(a),
                    help="paket pertukaran data OPD <-> BKPP (terenkripsi)")
    inner = p.add_subparsers(dest="paket_command", required=True,
                             parser_class=type(p))
    b = inner.add_parser("buat", help="buat paket untuk pihak lain")
    b.set_defaults(paket_handler=cmd_package_make)
    b.add_argument("--db", required=True)
    b.add_argument("--opd", metavar="KODE", help="BKPP: OPD tujuan paket")
    b.add_argument("--sebagai", metavar="KODE",
                   help="tetapkan database ini sebagai milik unit KODE (OPD) atau BKPP")
    b.add_argument("-o", "--output", required=True, metavar="FILE")
    b.add_argument("--sandi-file", metavar="FILE", help="file berisi sandi paket")
    t = inner.add_parser("terapkan", help="periksa lalu terapkan paket dari pihak lain")
    t.set_defaults(paket_handler=cmd_package_apply)
    t.add_argument("file", metavar="FILE")
    t.add_argument("--db", required=True)
    t.add_argument("--dry-run", "--uji", action="store_true", help="periksa saja")
    t.add_argument("--sandi-file", metavar="FILE", help="file berisi sandi paket")
    t.add_argument("-o", "--output", metavar="FILE",
                   help="file tanda terima (bawaan: '<paket> - tanda terima.kasn')")
    k = inner.add_parser("kunci", help="BKPP: setujui dan kunci catatan pelatihan yang selesai "
                         "agar paket OPD tidak mengubahnya lagi")
    k.set_defaults(paket_handler=cmd_package_lock)
    k.add_argument("--db", required=True)
    k.add_argument("--opd", metavar="KODE", help="hanya OPD ini (bawaan: semua OPD)")
    k.add_argument("--tahun", type=int, help="hanya pelatihan yang mulai pada tahun ini")


def _passphrase(args: argparse.Namespace) -> str:
    if args.sandi_file:
        try:
            return Path(args.sandi_file).read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError, UnicodeDecodeError) as exc:
            raise CliError(f"Sandi tidak dapat dibaca dari {args.sandi_file}.", 2) from exc
    import getpass

    try:
        return getpass.getpass("Sandi paket: ")
    except EOFError as exc:
        raise CliError("Sandi paket diperlukan (ketik saat diminta, atau --sandi-file).",
                       2) from exc


def cmd_package_make(args: argparse.Namespace) -> int:
    from karier_desktop.services import exchange, files

    passphrase = _passphrase(args)
    with database(args.db) as db, db.session_scope() as session:
        try:
            if args.sebagai:
                exchange.set_identity(session, args.sebagai)
            made = exchange.make_package(session, passphrase, args.opd)
        except (exchange.ExchangeError, exchange.PackageError) as exc:
            raise CliError(str(exc), 2) from exc
        path = files.write_atomic(Path(args.output), made.data)  # before the commit
    print(f"Paket nomor {made.sequence} untuk {made.recipient}: {made.records} catatan "
          f"({made.tombstones} penghapusan), tersimpan di {path}.")
    return 0


def cmd_package_lock(args: argparse.Namespace) -> int:
    from karier_desktop.services import exchange

    with database(args.db) as db, db.session_scope() as session:
        try:
            count = exchange.lock_records(session, args.opd, args.tahun)
        except exchange.ExchangeError as exc:
            raise CliError(str(exc), 1) from exc
        counts = exchange.lock_counts(session)
    scope = f"OPD {args.opd}" if args.opd else "semua OPD"
    year = f" tahun {args.tahun}" if args.tahun else ""
    print(f"{count} catatan pelatihan {scope}{year} disetujui dan dikunci.")
    for c in counts:
        if args.opd is None or c.code.casefold() == args.opd.casefold():
            print(f"  {c.code:<12} {c.name[:40]:<40} {c.locked:>6} dari {c.records} terkunci")
    return 0


def cmd_package_apply(args: argparse.Namespace) -> int:
    from karier_desktop.services import exchange, files

    source = Path(args.file)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise CliError(f"File paket tidak dapat dibaca: {source}", 2) from exc
    passphrase = _passphrase(args)
    with database(args.db) as db, db.session_scope() as session:
        try:
            checked = exchange.preview(session, data, passphrase)
        except exchange.PackageError as exc:
            raise CliError(str(exc), exc.code) from exc
        sender = checked.manifest["sender"]
        print(f"Paket nomor {checked.manifest['sequence']} dari {sender}: {checked.summary()}.")
        for item in checked.items:
            if item.status in ("konflik", "ditolak") or item.merged:
                print(f"  [{item.status}] {item.nip} {item.title}: {item.reason}")
        if args.dry_run:
            print("Uji coba: tidak ada yang disimpan.")
            session.rollback()
            return 1 if checked.count("ditolak") or checked.count("konflik") else 0
        applied = exchange.apply(session, checked, passphrase)
        receipt_path = None
        if applied.receipt is not None:
            target = Path(args.output) if args.output else source.with_name(
                f"{source.stem} - tanda terima.kasn")
            receipt_path = files.write_atomic(target, applied.receipt)
    print(f"Paket diterapkan: {applied.summary}.")
    if receipt_path:
        print(f"Tanda terima untuk {sender}: {receipt_path}")
    return 1 if applied.conflicts or applied.refused else 0


def export_siasn(args: argparse.Namespace) -> int:
    from karier_desktop.services import exchange
    from karier_desktop.services.exporting import ExportError

    kind = args.kind.removeprefix("siasn-")
    year = args.tahun or dt.date.today().year
    with database(args.db) as db, db.session_scope() as session:
        try:
            result = exchange.export_siasn(session, kind, year, Path(args.output),
                                           include_sent=args.semua)
        except ExportError as exc:
            raise CliError(str(exc), 2) from exc
    print(f"{result.rows} baris riwayat {kind} {year} untuk SIASN diekspor ke {result.path}.")
    print(f"Daftar berkas sertifikat untuk diunggah: {result.certificates}")
    if result.already_sent:
        print(f"{result.already_sent} baris sudah pernah dikirim tanpa perubahan dan tidak "
              "diulang (pakai --semua untuk menyertakannya).")
    if result.without_certificate:
        print(f"Perhatian: {result.without_certificate} baris tanpa nomor sertifikat.")
    return 0


def cmd_reconcile(args: argparse.Namespace) -> int:
    from karier_desktop.services import exchange

    path = Path(args.siasn)
    if not path.exists():
        raise CliError(f"File SIASN tidak ditemukan: {path}", 2)
    with database(args.db) as db, db.session_scope() as session:
        try:
            report = exchange.reconcile(session, path, listed_only=args.listed_only)
        except exchange.ReconcileError as exc:
            raise CliError(str(exc), 2) from exc
        saved = exchange.remember(session, report) if args.simpan else 0
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        print(f"Rekonsiliasi dengan {report.file_name}: {report.summary()}.")
        shown = [ln for ln in report.lines if ln.status != exchange.SAME]
        for line in shown[:MAX_LISTED]:
            t = line.app or line.siasn
            assert t is not None
            when = t.start_date.strftime("%d-%m-%Y") if t.start_date else "-"
            extra = "; ".join(str(d) for d in line.differences)
            print(f"[{exchange.STATUS_LABELS[line.status]}] {line.nip} {line.name}: {t.title} "
                  f"({when}){' — ' + extra if extra else ''}")
        if len(shown) > MAX_LISTED:
            print(f"… dan {len(shown) - MAX_LISTED} baris lain (pakai --json untuk semuanya).")
        for problem in report.unreadable[:MAX_LISTED]:
            print(f"Tidak terbaca: {problem}")
        if saved:
            print(f"Nilai SIASN disimpan untuk {saved} pelatihan yang berpasangan.")
    review = report.count(exchange.DIFFERENT) + report.count(exchange.ONLY_APP) \
        + report.count(exchange.ONLY_SIASN)
    return 1 if review else 0


def cmd_quality(args: argparse.Namespace) -> int:
    from karier_desktop.services import quality

    with database(args.db) as db, db.read_scope() as session:
        try:
            report = quality.score(session, opd_code=args.opd)
        except quality.QualityError as exc:
            raise CliError(str(exc), 2) from exc
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
        return 0
    print(f"Skor mutu data {report.scope}: {report.score:.1f} dari 100 "
          f"({report.employees} pegawai, {report.trainings} pelatihan).")
    for unit in report.units:
        print(f"  {unit.code:<12} {unit.score:5.1f}  {unit.name}")
    if report.fixes:
        print("Yang perlu diperbaiki (menurut bobot):")
        for fix in report.fixes:
            print(f"  [{fix.weight:g}] {fix.label}: {fix.failed} dari {fix.checked}")
    return 0

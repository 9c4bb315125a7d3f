"""`karier-desktop idp`: print the IDP of one employee or of a whole unit.

    karier-desktop idp --db PATH --nip NIP --tahun YYYY -o FILE.pdf
    karier-desktop idp --db PATH --unit CODE --tahun YYYY --out-dir DIR [--gabung FILE.pdf]

The saved plan of that year is used; without one, a draft is composed from the gaps and saved
(as a draft). Exit codes: 0 done; 1 the data says no (unknown NIP or unit, nothing to print);
2 bad arguments or a file that cannot be written.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from karier_desktop.cli.common import CliError, add_command, database, year_arg


def _date(text: str) -> dt.date:
    from karier_desktop.domain.textfmt import parse_date_id

    try:
        return parse_date_id(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parsers(sub: Any) -> None:
    p = add_command(sub, "idp", cmd_idp, help="mencetak IDP (Rencana Pengembangan Individu) ke PDF",
                       description="Mencetak IDP seorang pegawai (--nip) atau satu unit "
                                   "(--unit). Tanpa IDP tersimpan, draf disusun dan disimpan.")
    p.add_argument("--db", required=True, help="file database")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--nip", help="NIP pegawai (boleh dengan spasi)")
    who.add_argument("--unit", help="kode unit/OPD, mis. DINKES")
    p.add_argument("--tahun", required=True, type=year_arg, help="tahun rencana, mis. 2027")
    p.add_argument("-o", "--output", help="file PDF tujuan (untuk --nip)")
    p.add_argument("--out-dir", help="folder tujuan, satu PDF per pegawai (untuk --unit)")
    p.add_argument("--gabung", help="satu file PDF berisi semua IDP unit (untuk --unit)")
    p.add_argument("--tanggal", type=_date, help="tanggal acuan/tanggal cetak (bawaan: hari ini)")
    p.add_argument("--dengan-nip", action="store_true", help="cantumkan NIP pada nama file")
    p.add_argument("--json", action="store_true", help="cetak rencana (--nip) sebagai JSON")


def cmd_idp(args: argparse.Namespace) -> int:
    today = args.tanggal or dt.date.today()
    if args.nip and args.json:
        return _json(args, today)
    if args.nip:
        if not args.output:
            raise CliError("Untuk --nip, sebutkan file tujuan dengan -o FILE.pdf.", 2)
        return _one(args, today)
    if not args.out_dir and not args.gabung:
        raise CliError("Untuk --unit, sebutkan --out-dir FOLDER dan/atau --gabung FILE.pdf.", 2)
    return _unit(args, today)


def _one(args: argparse.Namespace, today: dt.date) -> int:
    from karier_desktop.domain.nip import NipError, format_nip, normalize_nip
    from karier_desktop.services import idp
    from karier_desktop.services.documents import save_idp
    from karier_desktop.services.errors import ValidationError
    from karier_desktop.services.gaps import employee_id_by_nip

    try:
        nip = normalize_nip(args.nip)
    except NipError as exc:
        raise CliError(str(exc), 2) from exc
    drafted = False
    with database(args.db) as db, db.session_scope() as session:
        emp_id = employee_id_by_nip(session, nip)
        if emp_id is None:
            raise CliError(f"Pegawai dengan NIP {format_nip(nip)} tidak ditemukan.")
        plan_id = idp.find_plan(session, emp_id, args.tahun)
        if plan_id is None:
            try:
                plan_id = idp.draft_plan(session, emp_id, args.tahun, today)
            except ValidationError as exc:
                raise CliError(" ".join(exc.messages)) from exc
            drafted = True
        doc = idp.plan_for_print(session, plan_id, today)
    target = Path(args.output)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    written = save_idp(doc, target)
    if drafted:
        print(f"Belum ada IDP {args.tahun}; draf disusun otomatis dan disimpan.")
    print(f"IDP {args.tahun} {doc.name} (NIP {doc.nip}): {len(doc.items)} kegiatan, "
          f"{_jp(doc.total_jp)} JP.")
    if written != target:
        print(f"{target.name} sedang dibuka program lain; disimpan sebagai {written}.")
    else:
        print(f"Disimpan di {written}.")
    return 0


def _json(args: argparse.Namespace, today: dt.date) -> int:
    """The plan as JSON, from the same prepared data as the PDF (services.idp)."""
    from karier_desktop.domain.nip import NipError, normalize_nip
    from karier_desktop.services import idp

    try:
        nip = normalize_nip(args.nip)
    except NipError as exc:
        raise CliError(str(exc), 2) from exc
    with database(args.db) as db:
        try:
            with db.session_scope() as session:
                print(idp.plan_json_for_nip(session, nip, args.tahun, today))
        except LookupError as exc:
            raise CliError(str(exc)) from exc
    return 0


def _unit(args: argparse.Namespace, today: dt.date) -> int:
    from karier_desktop.services import idp as idp_batch
    from karier_desktop.services.gaps.unit import opd_by_code

    with database(args.db) as db:
        with db.session_scope() as session:
            unit = opd_by_code(session, args.unit)
        if unit is None:
            raise CliError(f"Unit dengan kode '{args.unit}' tidak ditemukan.")
        params = idp_batch.BatchParams(
            db=db, year=args.tahun, unit_id=unit.id, today=today, with_nip=args.dengan_nip,
            out_dir=Path(args.out_dir) if args.out_dir else None,
            combined_path=Path(args.gabung) if args.gabung else None)
        try:
            result = idp_batch.run_batch(params, None)
        except idp_batch.BatchError as exc:
            raise CliError(str(exc)) from exc
    print(f"{unit.name}: {result.documents} IDP tahun {args.tahun} dicetak"
          + (f" ({result.drafted} draf baru disusun dan disimpan)." if result.drafted else "."))
    if result.files:
        print(f"{len(result.files)} file PDF di {Path(args.out_dir).resolve()}.")
    if result.combined:
        print(f"File gabungan: {result.combined}.")
    for line in result.messages:
        print(line)
    return 0


def _jp(value: float) -> str:
    from karier_desktop.domain.textfmt import format_number

    return format_number(value, 0 if float(value).is_integer() else 1)


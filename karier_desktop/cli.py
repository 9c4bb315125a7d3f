"""Command line: `karier-desktop [--db PATH]` starts the GUI; subcommands drive services.

Messages are Indonesian; exit 0 on success, 1 when the data says no (unhealthy, invalid rows),
2 for bad arguments or an unreadable file. Bad input never ends in a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from karier_desktop import APP_NAME, __version__

ARGPARSE_PHRASES = (
    ("the following arguments are required:", "argumen berikut wajib diisi:"),
    ("unrecognized arguments:", "argumen tidak dikenal:"),
    ("invalid int value:", "bukan bilangan bulat:"),
    ("invalid choice:", "pilihan tidak dikenal:"),
    ("choose from", "pilih dari"),
    ("expected one argument", "memerlukan satu nilai"),
    ("argument ", "argumen "),
)


class IndonesianParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        for en, idn in ARGPARSE_PHRASES:
            message = message.replace(en, idn)
        self.print_usage(sys.stderr)
        self.exit(2, f"Kesalahan: {message}\n")


class CliError(Exception):
    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _positive_int(text: str) -> int:
    try:
        value = int(text.replace(".", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' bukan bilangan bulat") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' tidak boleh negatif")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = IndonesianParser(prog="karier-desktop",
                         description=f"{APP_NAME} {__version__}: manajemen karier ASN berbasis kompetensi.")
    p.add_argument("--db", help="file database (bawaan: folder data pengguna)")
    p.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=IndonesianParser)

    d = sub.add_parser("demo", help="membuat kabupaten demo")
    d.add_argument("--db", required=True)
    d.add_argument("--employees", "--pegawai", type=_positive_int, default=500)
    d.add_argument("--seed", type=int, default=1)

    c = sub.add_parser("check", help="memeriksa kesehatan database")
    c.add_argument("--db", required=True)

    g = sub.add_parser("gap", help="tabel kesenjangan kompetensi dan JPM seorang pegawai")
    g.add_argument("--db", required=True)
    g.add_argument("--nip", required=True)
    g.add_argument("--json", action="store_true")

    from karier_desktop import cli_more

    cli_more.add_parsers(sub)
    return p


def open_db(path: str, create: bool = False) -> Any:
    from karier_desktop.store.lifecycle import DatabaseOpenError, open_database

    try:
        return open_database(path, create=create)
    except DatabaseOpenError as exc:
        raise CliError(str(exc), 2) from exc


def cmd_demo(args: argparse.Namespace) -> int:
    from karier_desktop.services.demo import DemoError, generate
    from karier_desktop.services.start_snapshot import keep_for_next_start

    db = open_db(args.db, create=True)
    try:
        with db.session_scope() as session:
            counts = generate(session, args.employees, seed=args.seed)
        keep_for_next_start(db)  # the window then opens this regency at once
    except DemoError as exc:
        raise CliError(str(exc)) from exc
    finally:
        db.dispose()
    from karier_desktop.domain.textfmt import format_number as n

    print(f"Kabupaten demo dibuat di {args.db}: {n(counts['employees'])} pegawai, "
          f"{n(counts['units'])} unit, {n(counts['positions'])} jabatan, "
          f"{n(counts['assessments'])} asesmen, {n(counts['training_records'])} riwayat pelatihan.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from karier_desktop.services.check import run_check

    db = open_db(args.db)
    try:
        with db.session_scope() as session:
            report = run_check(session)
    finally:
        db.dispose()
    if report.healthy:
        from karier_desktop.domain.textfmt import format_number

        n = format_number(report.checked.get("pegawai", 0))
        print(f"Database sehat: integritas baik, relasi lengkap, {n} data pegawai valid.")
        return 0
    print("Database bermasalah:")
    for line in report.problems:
        print(f"- {line}" if not line.startswith("  ") else line)
    return 1


def cmd_gap(args: argparse.Namespace) -> int:
    from karier_desktop.domain.nip import NipError, format_nip, normalize_nip
    from karier_desktop.domain.textfmt import format_percent
    from karier_desktop.services.gaps import employee_gap, employee_id_by_nip

    try:
        nip = normalize_nip(args.nip)
    except NipError as exc:
        raise CliError(str(exc), 2) from exc
    db = open_db(args.db)
    try:
        with db.session_scope() as session:
            emp_id = employee_id_by_nip(session, nip)
            if emp_id is None:
                raise CliError(f"Pegawai dengan NIP {format_nip(nip)} tidak ditemukan.")
            result = employee_gap(session, emp_id)
    finally:
        db.dispose()
    if args.json:
        print(json.dumps({
            "nip": result.nip, "nama": result.name, "jabatan": result.position,
            "jpm": result.jpm, "kategori": result.category,
            "kompetensi": [{"kode": ln.code, "nama": ln.name, "standar": ln.required,
                            "aktual": ln.actual, "selisih": ln.gap} for ln in result.lines],
        }, ensure_ascii=False, indent=2))
        return 0
    print(f"{result.name}  NIP {format_nip(result.nip)}")
    print(f"{result.position} — {result.unit}")
    print(f"JPM: {format_percent(result.jpm)}  Kategori: {result.category}")
    print(f"{'Kode':<7} {'Kompetensi':<36} {'Standar':>7} {'Aktual':>6} {'Selisih':>7}  Keterangan")
    for ln in result.lines:
        actual = "-" if ln.actual is None else str(ln.actual)
        gap = "-" if ln.gap is None else f"{ln.gap:+d}"
        print(f"{ln.code:<7} {ln.name[:36]:<36} {ln.required:>7} {actual:>6} {gap:>7}  {ln.label}")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from karier_desktop.app import run_gui

    return run_gui(args.db)


COMMANDS = {"demo": cmd_demo, "check": cmd_check, "gap": cmd_gap}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from karier_desktop import cli_more

    handler = COMMANDS.get(args.command) or cli_more.COMMANDS.get(args.command or "")
    try:
        if handler is None:
            return cmd_gui(args)
        return handler(args)
    except CliError as exc:
        print(f"Kesalahan: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("Dibatalkan.", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"Kesalahan berkas: {exc.strerror or exc} ({getattr(exc, 'filename', '')})",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())



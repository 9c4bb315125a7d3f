"""Moving data in and out: `import`, `export`, `backup`, `restore`.

    karier-desktop import pegawai|asesmen|pelatihan FILE --db PATH [--dry-run] [--skip-invalid]
    karier-desktop export pegawai|asesmen|pelatihan --db PATH -o FILE
    karier-desktop export siasn-kursus|siasn-diklat --db PATH --tahun YYYY -o FILE [--semua]
    karier-desktop backup --db PATH (-o FILE | --ke FOLDER) [--sandi-file F | --enkripsi]
    karier-desktop restore --db PATH --dari FILE [--sandi-file F]

An encrypted backup (.dbenc) is made with --sandi-file (the passphrase on its first line) or
--enkripsi (asked twice at the terminal); restore recognises one by its content and asks for
the passphrase when no --sandi-file is given.

Exit codes: 0 done; 1 invalid rows (nothing written); 2 unreadable file or bad arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path
from typing import Any

from karier_desktop.cli.common import (
    CliError,
    add_command,
    add_import_arguments,
    database,
    run_import,
)

KINDS = ("pegawai", "asesmen", "pelatihan")
SIASN_KINDS = ("siasn-kursus", "siasn-diklat")  # handled by cli/exchange.py


def add_parsers(sub: Any) -> None:
    p = add_command(sub, "import", cmd_import,
                    help="impor pegawai, asesmen atau pelatihan dari Excel/CSV")
    add_import_arguments(p, KINDS, "pegawai, asesmen atau pelatihan")

    e = add_command(sub, "export", cmd_export, help="ekspor tabel ke .xlsx atau .csv")
    e.add_argument("kind", choices=KINDS + SIASN_KINDS, metavar="JENIS",
                   help="pegawai, asesmen, pelatihan, siasn-kursus atau siasn-diklat")
    e.add_argument("--db", required=True)
    e.add_argument("-o", "--output", required=True, metavar="FILE")
    e.add_argument("--tahun", type=int, help="siasn-*: tahun pelatihan (bawaan: tahun ini)")
    e.add_argument("--semua", action="store_true",
                   help="siasn-*: termasuk baris yang sudah pernah dikirim")

    b = add_command(sub, "backup", cmd_backup, help="cadangkan database ke file (mis. flashdisk)")
    b.add_argument("--db", required=True)
    where = b.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", metavar="FILE")
    where.add_argument("--ke", "--to", dest="folder", metavar="FOLDER",
                       help="folder tujuan (mis. flashdisk); nama file dibuat otomatis")
    secret = b.add_mutually_exclusive_group()
    secret.add_argument("--sandi-file", metavar="F",
                        help="enkripsi dengan sandi di baris pertama file F")
    secret.add_argument("--enkripsi", action="store_true",
                        help="enkripsi dengan sandi yang diketik (dua kali)")

    r = add_command(sub, "restore", cmd_restore, help="pulihkan database dari file cadangan")
    r.add_argument("--db", required=True)
    r.add_argument("--dari", "--from", dest="source", required=True, metavar="FILE")
    r.add_argument("--sandi-file", metavar="F",
                   help="sandi cadangan terenkripsi di baris pertama file F")


def cmd_import(args: argparse.Namespace) -> int:
    from karier_desktop.services import importing

    return run_import(args, importing.kind_label(args.kind).lower(), importing.build_preview,
                      importing.apply, "Data diperbarui menurut NIP, tidak digandakan.",
                      create=True)


def cmd_export(args: argparse.Namespace) -> int:
    from karier_desktop.services.exporting import ExportError, export_table

    out = Path(args.output)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise CliError("File keluaran harus berakhiran .xlsx atau .csv.", 2)
    if args.kind in SIASN_KINDS:
        from karier_desktop.cli.exchange import export_siasn

        return export_siasn(args)
    with database(args.db) as db, db.session_scope() as session:
        try:
            result = export_table(session, args.kind, out)
        except ExportError as exc:
            raise CliError(str(exc), 2) from exc
    from karier_desktop.domain.textfmt import format_number

    print(f"{format_number(result.rows)} baris {args.kind} diekspor ke {result.path}.")
    return 0


def _passphrase_from_file(name: str) -> str:
    try:
        with open(name, encoding="utf-8-sig") as fh:
            text = fh.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"File sandi {Path(name).name} tidak dapat dibaca.", 2) from exc
    if not text:
        raise CliError(f"File sandi {Path(name).name} kosong; tulis sandi di baris pertama.", 2)
    return text


def _prompt(label: str) -> str:
    if not sys.stdin.isatty():
        raise CliError("Cadangan terenkripsi memerlukan sandi: beri --sandi-file F (sandi di "
                       "baris pertama file F).", 2)
    try:
        return getpass.getpass(label)
    except (EOFError, KeyboardInterrupt) as exc:
        raise CliError("Dibatalkan; tidak ada yang diubah.", 2) from exc


def _new_passphrase(args: argparse.Namespace) -> str | None:
    from karier_desktop.services.safety import check_new_passphrase

    if args.sandi_file:
        text = _passphrase_from_file(args.sandi_file)
        problem = check_new_passphrase(text, text)
    elif args.enkripsi:
        print("Sandi yang hilang tidak dapat dipulihkan: tanpa sandi, cadangan ini tidak dapat "
              "dibuka oleh siapa pun.", file=sys.stderr)
        text = _prompt("Sandi cadangan: ")
        problem = check_new_passphrase(text, _prompt("Ulangi sandi: "))
    else:
        return None
    if problem:
        raise CliError(problem, 2)
    return text


def cmd_backup(args: argparse.Namespace) -> int:
    from karier_desktop.services.safety import (
        ENCRYPTED_SUFFIX,
        SafetyError,
        backup_encrypted_to,
        backup_server_to,
        backup_to,
        is_server,
    )

    passphrase = _new_passphrase(args)
    if passphrase is not None and is_server(args.db):
        raise CliError("Enkripsi cadangan hanya untuk database file (SQLite).", 2)
    output = args.output
    if args.folder:
        folder = Path(args.folder)
        if not folder.is_dir():
            raise CliError(f"Folder tujuan tidak ditemukan: {folder}", 2)
        suffix = (ENCRYPTED_SUFFIX if passphrase else ".dump" if is_server(args.db) else ".db")
        output = folder / f"karier-cadangan-{dt.datetime.now():%Y%m%d-%H%M%S}{suffix}"
    with database(args.db) as db:  # refuses a damaged or foreign file before copying it
        path = db.path
    try:
        if is_server(args.db) or path is None:
            target = backup_server_to(args.db, output)
        elif passphrase is not None:
            target = backup_encrypted_to(path, output, passphrase)
        else:
            target = backup_to(path, output)
    except SafetyError as exc:
        raise CliError(str(exc), 1) from exc
    print(f"Cadangan {'terenkripsi ' if passphrase else ''}tersimpan dan sudah diperiksa: "
          f"{target}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from karier_desktop.services.safety import (
        SafetyError,
        is_encrypted,
        is_server,
        restore,
    )

    if is_server(args.db):
        from karier_desktop.services.database import restore_server as restore_on_server

        try:
            with database(args.db) as db:  # signed in: only an admin restores, audited by name
                result = restore_on_server(db, Path(args.source))
        except SafetyError as exc:
            raise CliError(str(exc), 1) from exc
        print(f"Database server dipulihkan dari {Path(args.source).name}; isi sebelumnya "
              f"disimpan di {result.safety_copy}.")
        return 0
    db_path = Path(args.db).expanduser().resolve()
    source = Path(args.source)
    if not source.exists():
        raise CliError(f"File cadangan tidak ditemukan: {source}", 2)
    passphrase = None
    if is_encrypted(source):
        passphrase = (_passphrase_from_file(args.sandi_file) if args.sandi_file
                      else _prompt("Sandi cadangan: "))
    try:
        result = restore(db_path, source, passphrase=passphrase)
    except SafetyError as exc:
        raise CliError(str(exc), 1) from exc
    with database(str(db_path)):  # opens, checks and (if needed) migrates the restored file
        pass
    print(f"Database {db_path.name} dipulihkan dari {source.name}.")
    if result.safety_copy:
        print(f"Database sebelum pemulihan dicadangkan di {result.safety_copy}.")
    return 0


"""Moving data in and out: `import`, `export`, `backup`, `restore`.

    karier-desktop import pegawai|asesmen|pelatihan FILE --db PATH [--dry-run] [--skip-invalid]
    karier-desktop export pegawai|asesmen|pelatihan --db PATH -o FILE
    karier-desktop export siasn-kursus|siasn-diklat --db PATH --tahun YYYY -o FILE [--semua]
    karier-desktop backup --db PATH -o FILE
    karier-desktop restore --db PATH --dari FILE

Exit codes: 0 done; 1 invalid rows (nothing written); 2 unreadable file or bad arguments.
"""

from __future__ import annotations

import argparse
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
    b.add_argument("-o", "--output", required=True, metavar="FILE")

    r = add_command(sub, "restore", cmd_restore, help="pulihkan database dari file cadangan")
    r.add_argument("--db", required=True)
    r.add_argument("--dari", "--from", dest="source", required=True, metavar="FILE")


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


def cmd_backup(args: argparse.Namespace) -> int:
    from karier_desktop.services.safety import SafetyError, backup_server_to, backup_to, is_server

    with database(args.db) as db:  # refuses a damaged or foreign file before copying it
        path = db.path
    try:
        target = (backup_server_to(args.db, args.output) if is_server(args.db)
                  else backup_to(path, args.output))
    except SafetyError as exc:
        raise CliError(str(exc), 1) from exc
    print(f"Cadangan tersimpan dan sudah diperiksa: {target}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from karier_desktop.services.safety import SafetyError, is_server, restore, restore_server

    if is_server(args.db):
        try:
            result = restore_server(args.db, args.source)
        except SafetyError as exc:
            raise CliError(str(exc), 1) from exc
        print(f"Database server dipulihkan dari {Path(args.source).name}; isi sebelumnya "
              f"disimpan di {result.safety_copy}.")
        return 0
    db_path = Path(args.db).expanduser().resolve()
    source = Path(args.source)
    if not source.exists():
        raise CliError(f"File cadangan tidak ditemukan: {source}", 2)
    try:
        result = restore(db_path, source)
    except SafetyError as exc:
        raise CliError(str(exc), 1) from exc
    with database(str(db_path)):  # opens, checks and (if needed) migrates the restored file
        pass
    print(f"Database {db_path.name} dipulihkan dari {source.name}.")
    if result.safety_copy:
        print(f"Database sebelum pemulihan dicadangkan di {result.safety_copy}.")
    return 0


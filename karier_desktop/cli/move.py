"""`pindah`: move an office's SQLite file onto a PostgreSQL server.

    karier-desktop pindah --dari FILE.db --ke postgresql://USER@HOST[:PORT]/NAME [--uji]

The password comes from PGPASSWORD or .pgpass, never from the command line. Exit 0 moved (or,
with --uji, all rows would move); 1 rows the server would refuse or a server in use (nothing
written); 2 a file or server that cannot be opened.
"""

from __future__ import annotations

import argparse
from typing import Any

from karier_desktop.cli.common import MAX_LISTED, CliError, add_command


def add_parsers(sub: Any) -> None:
    p = add_command(sub, "pindah", cmd_move,
                    help="pindahkan isi file database ke server PostgreSQL yang baru")
    p.add_argument("--dari", dest="source", required=True, metavar="FILE.db",
                   help="file database SQLite kantor")
    p.add_argument("--ke", dest="target", required=True, metavar="URL",
                   help="postgresql://pengguna@server[:port]/nama (kata sandi dari PGPASSWORD "
                        "atau .pgpass)")
    p.add_argument("--uji", action="store_true",
                   help="periksa saja: baris yang akan ditolak server, tanpa menulis")


def cmd_move(args: argparse.Namespace) -> int:
    from pathlib import Path

    from karier_desktop.domain.textfmt import format_number
    from karier_desktop.services import database as svc

    if _has_password(args.target):
        raise CliError("Jangan menulis kata sandi di baris perintah; pakai PGPASSWORD atau "
                       ".pgpass.", 2)

    def progress(message: str, _fraction: float) -> None:
        print(f"  {message}")

    try:
        result = svc.move_to_server(Path(args.source), args.target, check_only=args.uji,
                                    progress=None if args.uji else progress)
    except svc.MoveRefused as exc:
        for refusal in exc.refusals[:MAX_LISTED]:
            print(f"Ditolak: {refusal}")
        if len(exc.refusals) > MAX_LISTED:
            print(f"… dan {format_number(len(exc.refusals) - MAX_LISTED)} lainnya.")
        raise CliError(str(exc), 1) from exc
    except svc.DatabaseOpenError as exc:
        raise CliError(str(exc), 2) from exc
    rows = format_number(result.total)
    if args.uji:
        print(f"Uji pindah: {rows} baris dari {len(result.counts)} tabel dapat dipindahkan; "
              "tidak ada yang ditulis.")
    else:
        print(f"Pindah selesai: {rows} baris dari {len(result.counts)} tabel disalin ke server "
              "dan jumlahnya sudah diperiksa.")
    return 0


def _has_password(url: str) -> bool:
    from sqlalchemy.engine import make_url

    try:
        return "://" in url and make_url(url).password is not None
    except Exception:  # noqa: BLE001 - an unparsable address is refused when it is opened
        return False

"""Command line: `karier-desktop [--db PATH]` starts the GUI; subcommands drive services.

Messages are Indonesian; exit 0 on success, 1 when the data says no (unhealthy, invalid rows),
2 for bad arguments or an unreadable file. Bad input never ends in a traceback.

Each command group is a module whose `add_parsers(sub)` adds its subcommands, each tied to its
handler by `common.add_command`. GROUPS lists the groups, imported plainly,
so a missing module is an import error, never a command that quietly disappears. Nothing else in
the package imports this one (an import-linter contract in pyproject.toml).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from karier_desktop import APP_NAME, __version__
from karier_desktop.cli import (
    accounts,
    evaluation,
    exchange,
    idp,
    io,
    move,
    plan,
    records,
    renbangkom,
    talent,
)
from karier_desktop.cli.common import CliError, Handler, IndonesianParser, SignIn
from karier_desktop.console import use_utf8_streams
from karier_desktop.services.errors import ValidationError

__all__ = ["GROUPS", "build_parser", "main"]

# talent after io: it extends `import`
GROUPS = (records, idp, io, plan, evaluation, talent, renbangkom, exchange, move, accounts)


def build_parser() -> argparse.ArgumentParser:
    p = IndonesianParser(
        prog="karier-desktop",
        description=f"{APP_NAME} {__version__}: manajemen karier ASN berbasis kompetensi.")
    p.add_argument("--db", help="file database (bawaan: folder data pengguna)")
    p.add_argument("--pengguna", metavar="NAMA",
                   help="masuk sebagai pengguna ini bila database mewajibkan masuk (kata sandi "
                        "dari KARIER_SANDI atau ditanyakan); boleh juga ditulis setelah perintah")
    p.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=IndonesianParser)
    for group in GROUPS:
        group.add_parsers(sub)
    return p


def cmd_gui(args: argparse.Namespace) -> int:
    from karier_desktop.app import run_gui

    return run_gui(args.db)


def take_user_option(argv: list[str]) -> tuple[list[str], str | None]:
    """`--pengguna NAME` anywhere on the line (before or after the command), taken out."""
    rest: list[str] = []
    user: str | None = None
    items = iter(argv)
    for item in items:
        if item == "--pengguna":
            user = next(items, None)
            if not user:
                build_parser().error("argumen --pengguna: memerlukan satu nilai")
        elif item.startswith("--pengguna="):
            user = item.split("=", 1)[1]
        else:
            rest.append(item)
    return rest, user


def main(argv: Sequence[str] | None = None) -> int:
    use_utf8_streams()  # a redirected output on a cp1252 console still gets every name right
    argv, SignIn.username = take_user_option(list(sys.argv[1:] if argv is None else argv))
    args = build_parser().parse_args(argv)
    handler: Handler = getattr(args, "handler", None) or cmd_gui
    try:
        return handler(args)
    except CliError as exc:
        print(f"Kesalahan: {exc}", file=sys.stderr)
        return exc.code
    except ValidationError as exc:  # e.g. NotAllowed: the role may not, or not that OPD
        for message in exc.messages:
            print(f"Kesalahan: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Dibatalkan.", file=sys.stderr)
        return 130
    except OSError as exc:
        if getattr(exc, "errno", None) == 28:  # ENOSPC
            from karier_desktop.services.errors import plain_message

            print(f"Kesalahan: {plain_message(exc)}", file=sys.stderr)
            return 1
        print(f"Kesalahan berkas: {exc.strerror or exc} ({getattr(exc, 'filename', '')})",
              file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - never a traceback with SQL for the clerk
        from karier_desktop.services.errors import plain_message

        logging.getLogger("karier_desktop.cli").exception("command %s failed", args.command)
        print(f"Kesalahan: {plain_message(exc)}", file=sys.stderr)
        return 1

"""What every command group shares: the Indonesian parser, `CliError` and `database()`.

Nothing here imports SQLAlchemy or a service at module level: `karier-desktop` without a
subcommand starts the GUI through this package, and the window's first paint must come before
SQLAlchemy is loaded. Commands import their services inside the handler.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from karier_desktop.store.db import Database

Handler = Callable[[argparse.Namespace], int]
"""A command: gets the parsed arguments, returns the exit code (0 ok, 1 the data says no)."""

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
    """argparse with its error messages in Indonesian; a bad argument exits with code 2."""

    def error(self, message: str) -> NoReturn:
        for en, idn in ARGPARSE_PHRASES:
            message = message.replace(en, idn)
        self.print_usage(sys.stderr)
        self.exit(2, f"Kesalahan: {message}\n")


class CliError(Exception):
    """A failure the user can act on: `main` prints it as "Kesalahan: …" and exits with `code`.

    Code 1 when the data says no (unknown NIP, invalid rows), 2 for bad arguments or an
    unreadable file.
    """

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def find_opd_id(session: Any, code: str | None, *, exit_code: int = 1) -> int | None:
    """The id of the OPD with `--opd` code `code` (None when no code was given)."""
    if not code:
        return None
    from karier_desktop.services.gaps.unit import opd_by_code

    opd = opd_by_code(session, code)
    if opd is None:
        raise CliError(f"OPD dengan kode '{code}' tidak ditemukan.", exit_code)
    return opd.id


def add_command(sub: Any, name: str, handler: Handler, **kwargs: Any) -> argparse.ArgumentParser:
    """Add subcommand `name` whose arguments, once parsed, are handed to `handler`."""
    parser: argparse.ArgumentParser = sub.add_parser(name, **kwargs)
    parser.set_defaults(handler=handler)
    return parser


def year_arg(text: str) -> int:
    """A plan or period year on the command line (2000–2100)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' bukan tahun (contoh: 2027)") from None
    if not 2000 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"tahun {value} tidak wajar (2000–2100)")
    return value


def positive_int(text: str) -> int:
    """A count such as "2.000" or "2_000"; negative numbers are refused."""
    try:
        value = int(text.replace(".", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' bukan bilangan bulat") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' tidak boleh negatif")
    return value


class SignIn:
    """`--pengguna NAME` of this run (set by cli.main before the handler runs)."""

    username: str | None = None


def read_password(prompt: str, *, env: str | None = "KARIER_SANDI",
                  file: str | None = None, confirm: bool = False) -> str:
    """A password from a file (`--sandi-file`, first line), the environment (`env`) or a
    prompt that does not echo; never from the command line."""
    import getpass
    import os

    if file:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except OSError as exc:
            raise CliError(f"File kata sandi tidak dapat dibaca ({exc.strerror or exc}).",
                           2) from exc
        return text.splitlines()[0] if text else ""
    if env and os.environ.get(env):
        return os.environ[env]
    try:
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Ulangi kata sandi: ") != first:
            raise CliError("Kedua kata sandi tidak sama; tidak ada yang diubah.", 2)
    except EOFError:
        raise CliError("Kata sandi tidak dimasukkan; tidak ada yang diubah.", 2) from None
    return first


def sign_in(db: Database) -> None:
    """Sign the command in when the database requires a login (or `--pengguna` was given):
    the password comes from KARIER_SANDI or a prompt. Audit rows then name the user, the role
    is checked and an operator OPD's listings and exports cover their OPD only."""
    from karier_desktop.services.accounts import login
    from karier_desktop.services.accounts.session import sign_in as sign_db_in

    with db.session_scope() as session:
        required = login.login_required(session)
    name = SignIn.username
    if name is None:
        if required:
            raise CliError("Database ini mewajibkan masuk: tambahkan --pengguna NAMA (kata "
                           "sandi dari KARIER_SANDI atau ditanyakan).", 2)
        return
    password = read_password(f"Kata sandi {name}: ")
    with db.session_scope() as session:
        result = login.authenticate(session, name, password)
    if result.account is None:
        raise CliError(result.message, 1)
    sign_db_in(db, result.account)


@contextmanager
def database(path: str, *, create: bool = False, login: bool = True) -> Iterator[Database]:
    """Open the database at `path` (migrating it if needed) and dispose of it on the way out.

    A file that cannot be opened (missing, damaged, not ours, newer than the app) raises
    `CliError` with the store's Indonesian message and exit code 2. Errors raised inside the
    block pass through unchanged.
    """
    from karier_desktop.store.lifecycle import DatabaseOpenError, open_database

    try:
        db = open_database(path, create=create)
    except DatabaseOpenError as exc:
        raise CliError(str(exc), 2) from exc
    try:
        if login:
            sign_in(db)
        yield db
    finally:
        db.dispose()


def open_db(path: str, *, create: bool = False) -> Database:
    """Open the database for a command that disposes of it itself (prefer `database()`)."""
    from karier_desktop.store.lifecycle import DatabaseOpenError, open_database

    try:
        db = open_database(path, create=create)
    except DatabaseOpenError as exc:
        raise CliError(str(exc), 2) from exc
    try:
        sign_in(db)
    except BaseException:
        db.dispose()
        raise
    return db


def add_import_arguments(p: argparse.ArgumentParser, kinds: tuple[str, ...],
                         kinds_help: str) -> None:
    """The arguments every `import` takes (the arguments `run_import` reads), written once."""
    p.add_argument("kind", choices=kinds, metavar="JENIS", help=kinds_help)
    p.add_argument("file", metavar="FILE", help="file .xlsx, .xls atau .csv")
    p.add_argument("--db", required=True)
    p.add_argument("--dry-run", "--uji", action="store_true",
                   help="periksa saja, tanpa menyimpan")
    p.add_argument("--skip-invalid", "--lewati-salah", action="store_true",
                   help="impor baris yang valid saja dan lewati baris yang salah")


def run_import(args: argparse.Namespace, label: str, build: Callable[..., Any],
               apply: Callable[..., Any], repeat_note: str, create: bool = False) -> int:
    """The import flow every kind shares: check the file, read and check it (`build(session,
    kind, path)`), report what was found, stop for a trial run or invalid rows, then apply it
    all or nothing (`apply(session, preview, skip_invalid=…)`) and keep the start view.

    `create`: a real import may make a new database; a trial run never does.
    """
    from karier_desktop.domain.textfmt import format_number
    from karier_desktop.services import importing
    from karier_desktop.services.importing.reader import check_file
    from karier_desktop.services.start.snapshot import keep_for_next_start

    path = Path(args.file)
    try:
        check_file(path)  # an unreadable file changes nothing, not even a new database
    except importing.ImportFileError as exc:
        raise CliError(str(exc), 2) from exc
    with database(args.db, create=create and not args.dry_run) as db:
        with db.session_scope() as session:
            try:
                preview = build(session, args.kind, path)
            except importing.ImportFileError as exc:
                raise CliError(str(exc), 2) from exc
            if getattr(preview, "profile_label", ""):
                print(f"Bentuk file dikenali: {preview.profile_label}.")
            if preview.previous_import:
                print(f"{preview.previous_import} {repeat_note}")
            for problem in preview.problems:
                print(f"Kesalahan: {problem}")
            if preview.problems:
                return 1
            errors = preview.errors
            for err in errors[:MAX_LISTED]:
                print(str(err))
            if len(errors) > MAX_LISTED:
                print(f"… dan {format_number(len(errors) - MAX_LISTED)} kesalahan lain.")
            invalid = len(preview.invalid_rows)
            if args.dry_run:
                print(f"Uji coba impor {label} (tidak ada yang disimpan): {preview.summary()}.")
                return 1 if invalid else 0
            if invalid and not args.skip_invalid:
                print(f"{format_number(invalid)} baris tidak valid; tidak ada data yang disimpan. "
                      "Perbaiki baris di atas lalu impor ulang, atau pakai --skip-invalid "
                      "untuk mengimpor baris yang valid saja.")
                return 1
            try:
                result = apply(session, preview, skip_invalid=args.skip_invalid)
            except importing.ValidationError as exc:
                for message in exc.messages:
                    print(f"Kesalahan: {message}")
                session.rollback()
                return 1
        keep_for_next_start(db)  # the window then opens the new data at once
    print(f"Impor {label} selesai dari {path.name}: {result.summary()}.")
    if result.backup:
        print(f"Cadangan sebelum impor: {result.backup}")
    return 0


MAX_LISTED = 200  # row errors printed before "… dan N kesalahan lain"

"""User management for the admin: `pengguna tambah|ubah|nonaktif|daftar|pulihkan-admin`.

    karier-desktop pengguna tambah NAMA --nama-lengkap "…" --peran PERAN [--opd KODE]
                   [--sandi-file FILE] --db PATH
    karier-desktop pengguna ubah NAMA [--nama-lengkap …] [--peran …] [--opd KODE]
                   [--sandi-baru] [--aktifkan] --db PATH
    karier-desktop pengguna nonaktif NAMA --db PATH
    karier-desktop pengguna daftar --db PATH [--json]
    karier-desktop pengguna wajib-masuk ya|tidak --db PATH
    karier-desktop pengguna pulihkan-admin --db PATH [--nama admin] [--sandi-file FILE]
    karier-desktop --pengguna NAMA pengguna sandi --db PATH [--sandi-file FILE]   # one's own

Passwords come from a prompt (asked twice) or `--sandi-file`, never from the command line.
When the database requires a login the admin signs in with `--pengguna`. The recovery needs
the machine: a local SQLite file, or a server connection with superuser rights.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from karier_desktop.cli.common import CliError, add_command, database, find_opd_id, read_password

# allow_abbrev off: `--sandi rahasia` must not pass as an abbreviation of `--sandi-file`
ROLE_WORDS = {"admin": "admin", "operator-bkpp": "operator_bkpp",
              "operator-opd": "operator_opd", "pimpinan": "pimpinan"}


def add_parsers(sub: Any) -> None:
    group = sub.add_parser("pengguna", help="mengelola pengguna (admin)")
    group.set_defaults(handler=lambda _a: (group.print_help(), 2)[1])
    cmds = group.add_subparsers(dest="pengguna_command", parser_class=type(group))

    t = add_command(cmds, "tambah", cmd_add, allow_abbrev=False, help="menambah pengguna")
    t.add_argument("nama", help="nama pengguna (huruf kecil, angka, . _ -)")
    t.add_argument("--nama-lengkap", required=True)
    t.add_argument("--peran", required=True, choices=sorted(ROLE_WORDS))
    t.add_argument("--opd", metavar="KODE", help="kode unit OPD (wajib untuk operator-opd)")
    t.add_argument("--sandi-file", metavar="FILE", help="kata sandi di baris pertama file")
    t.add_argument("--db", required=True)

    u = add_command(cmds, "ubah", cmd_change, allow_abbrev=False, help="mengubah nama, peran, OPD atau kata sandi")
    u.add_argument("nama")
    u.add_argument("--nama-lengkap")
    u.add_argument("--peran", choices=sorted(ROLE_WORDS))
    u.add_argument("--opd", metavar="KODE")
    u.add_argument("--sandi-baru", action="store_true",
                   help="atur kata sandi baru (ditanyakan, atau dari --sandi-file)")
    u.add_argument("--sandi-file", metavar="FILE")
    u.add_argument("--aktifkan", action="store_true", help="aktifkan kembali pengguna")
    u.add_argument("--db", required=True)

    n = add_command(cmds, "nonaktif", cmd_deactivate, help="menonaktifkan pengguna")
    n.add_argument("nama")
    n.add_argument("--db", required=True)

    d = add_command(cmds, "daftar", cmd_list, help="daftar pengguna")
    d.add_argument("--db", required=True)
    d.add_argument("--json", action="store_true")

    w = add_command(cmds, "wajib-masuk", cmd_require,
                    help="wajibkan (ya) atau tidak (tidak) masuk pada file database ini")
    w.add_argument("pilihan", choices=["ya", "tidak"])
    w.add_argument("--db", required=True)

    o = add_command(cmds, "sandi", cmd_own_password, allow_abbrev=False,
                    help="mengganti kata sandi sendiri (masuk dengan --pengguna)")
    o.add_argument("--db", required=True)
    o.add_argument("--sandi-file", metavar="FILE", help="kata sandi baru di baris pertama")

    r = add_command(cmds, "pulihkan-admin", cmd_recover, allow_abbrev=False,
                    help="kata sandi admin baru (hanya dari komputer database)")
    r.add_argument("--db", required=True)
    r.add_argument("--nama", default="admin", help="nama pengguna admin (bawaan: admin)")
    r.add_argument("--sandi-file", metavar="FILE")


@contextmanager
def _unit_of_work(path: str, *, read: bool = False, login: bool = True) -> Iterator[Any]:
    """One session on the database at `path` (signed in unless `login` is False); a refusal
    (`ValidationError`) ends the command with its messages, nothing changed."""
    from karier_desktop.services.errors import ValidationError

    with database(path, login=login) as db:
        try:
            with (db.read_scope() if read else db.session_scope()) as session:
                yield session
        except ValidationError as exc:
            raise CliError("\n".join(exc.messages or [str(exc)]), 1) from exc


def cmd_add(args: argparse.Namespace) -> int:
    from karier_desktop.services.accounts import users
    from karier_desktop.services.accounts.roles import Role

    password = read_password(f"Kata sandi untuk {args.nama}: ", env=None, file=args.sandi_file,
                             confirm=True)
    with _unit_of_work(args.db) as session:
        data = users.UserInput(args.nama, args.nama_lengkap, Role(ROLE_WORDS[args.peran]),
                               find_opd_id(session, args.opd))
        users.add_user(session, data, password)
    print(f"Pengguna {args.nama} ditambahkan ({args.peran}).")
    return 0


def cmd_change(args: argparse.Namespace) -> int:
    from karier_desktop.services.accounts import users
    from karier_desktop.services.accounts.roles import Role

    password = (read_password(f"Kata sandi baru untuk {args.nama}: ", env=None,
                              file=args.sandi_file, confirm=True)
                if args.sandi_baru or args.sandi_file else None)
    with _unit_of_work(args.db) as session:
        user_id = users.user_id_by_name(session, args.nama)
        current = next(u for u in users.list_users(session) if u.id == user_id)
        if args.nama_lengkap or args.peran or args.opd:
            role = Role(ROLE_WORDS[args.peran]) if args.peran else current.role
            unit = find_opd_id(session, args.opd) if args.opd else current.unit_id
            users.change_user(session, user_id, users.UserInput(
                current.username, args.nama_lengkap or current.display_name, role, unit))
        if password is not None:
            users.reset_password(session, user_id, password)
        if args.aktifkan:
            users.set_active(session, user_id, True)
    print(f"Pengguna {args.nama} diubah.")
    return 0


def cmd_own_password(args: argparse.Namespace) -> int:
    """Any signed-in user: the old password (KARIER_SANDI or asked), the new one twice."""
    from karier_desktop.cli.common import SignIn
    from karier_desktop.services.accounts import users

    name = SignIn.username
    if name is None:
        raise CliError("Tambahkan --pengguna NAMA: kata sandi siapa yang diganti.", 2)
    new = read_password(f"Kata sandi baru untuk {name}: ", env=None, file=args.sandi_file,
                        confirm=True)
    with _unit_of_work(args.db) as session:
        old = read_password(f"Kata sandi lama {name}: ")
        users.change_own_password(session, old, new)
    print(f"Kata sandi {name} diganti.")
    return 0


def cmd_deactivate(args: argparse.Namespace) -> int:
    from karier_desktop.services.accounts import users

    with _unit_of_work(args.db) as session:
        users.set_active(session, users.user_id_by_name(session, args.nama), False)
    print(f"Pengguna {args.nama} dinonaktifkan; ia tidak dapat masuk lagi.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from karier_desktop.services.accounts import users

    with _unit_of_work(args.db, read=True) as session:
        rows = users.list_users(session)
    if args.json:
        print(json.dumps([{"nama": r.username, "nama_lengkap": r.display_name,
                           "peran": r.role.value, "opd": r.unit_name or None,
                           "aktif": r.active} for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("Belum ada pengguna.")
    for r in rows:
        state = "aktif" if r.active else "nonaktif"
        where = f" — {r.unit_name}" if r.unit_name else ""
        print(f"{r.username:<20} {r.role_label:<14} {state:<9} {r.display_name}{where}")
    return 0


def cmd_require(args: argparse.Namespace) -> int:
    from karier_desktop.services.accounts import login

    with _unit_of_work(args.db) as session:
        login.set_login_required(session, args.pilihan == "ya")
    print("Masuk dengan nama pengguna kini diwajibkan." if args.pilihan == "ya"
          else "Masuk dengan nama pengguna tidak diwajibkan lagi.")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    from karier_desktop.services.accounts import users

    if "://" in args.db and not args.db.startswith("postgresql"):
        raise CliError("Pemulihan admin hanya untuk file database di komputer ini atau server "
                       "PostgreSQL dengan hak superuser.", 2)
    password = read_password(f"Kata sandi baru untuk {args.nama}: ", env=None,
                             file=args.sandi_file, confirm=True)
    with _unit_of_work(args.db, login=False) as session:
        name = users.recover_admin(session, password, args.nama)
    print(f"Kata sandi admin {name} diatur ulang; akun aktif dan tidak terkunci. Catatan "
          "audit mencatat pemulihan ini.")
    return 0

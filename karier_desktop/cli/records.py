"""Commands on the database as a whole and on one employee: `demo`, `check`, `gap`.

    karier-desktop demo --db PATH [--employees N] [--seed S]
    karier-desktop check --db PATH [--perbaiki]
    karier-desktop gap --db PATH --nip NIP [--json]
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from karier_desktop.cli.common import CliError, add_command, database, positive_int


def add_parsers(sub: Any) -> None:
    d = add_command(sub, "demo", cmd_demo, help="membuat kabupaten demo")
    d.add_argument("--db", required=True)
    d.add_argument("--employees", "--pegawai", type=positive_int, default=500)
    d.add_argument("--seed", type=int, default=1)

    c = add_command(sub, "check", cmd_check, help="memeriksa kesehatan database")
    c.add_argument("--db", required=True)
    c.add_argument("--perbaiki", action="store_true",
                   help="perbaiki yang dapat diperbaiki (indeks, penghitung id); cadangan dulu")

    g = add_command(sub, "gap", cmd_gap,
                    help="tabel kesenjangan kompetensi dan JPM seorang pegawai")
    g.add_argument("--db", required=True)
    g.add_argument("--nip", required=True)
    g.add_argument("--json", action="store_true")


def cmd_demo(args: argparse.Namespace) -> int:
    from karier_desktop.services.demo import DemoError, generate
    from karier_desktop.services.start.snapshot import keep_for_next_start

    with database(args.db, create=True) as db:
        try:
            with db.session_scope() as session:
                counts = generate(session, args.employees, seed=args.seed)
            keep_for_next_start(db)  # the window then opens this regency at once
        except DemoError as exc:
            raise CliError(str(exc)) from exc
    from karier_desktop.domain.textfmt import format_number as n
    from karier_desktop.store.lifecycle import safe_url

    print(f"Kabupaten demo dibuat di {safe_url(args.db)}: {n(counts['employees'])} pegawai, "
          f"{n(counts['units'])} unit, {n(counts['positions'])} jabatan, "
          f"{n(counts['assessments'])} asesmen, {n(counts['training_records'])} riwayat pelatihan.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from karier_desktop.services import safety
    from karier_desktop.services.check import repair, run_check

    with database(args.db) as db:
        with db.session_scope() as session:
            report = run_check(session)
        if args.perbaiki and report.repairable:
            if db.path is not None:  # a file: keep it as it was first
                try:
                    safety.backup_now(db.path, reason="periksa")
                except safety.SafetyError as exc:
                    print(f"Catatan: cadangan sebelum perbaikan tidak dibuat ({exc}).")
            with db.session_scope() as session:
                repair(session)
            with db.session_scope() as session:
                report = run_check(session)
            print("Perbaikan dijalankan.")
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
    with database(args.db) as db, db.session_scope() as session:
        emp_id = employee_id_by_nip(session, nip)
        if emp_id is None:
            raise CliError(f"Pegawai dengan NIP {format_nip(nip)} tidak ditemukan.")
        result = employee_gap(session, emp_id)
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

"""CLI: talent management (issue 12).

    karier-desktop import kinerja|potensi FILE --db PATH [--dry-run] [--skip-invalid]
    karier-desktop talenta --db PATH --periode YYYY [--opd KODE] [--json]
    karier-desktop suksesi --db PATH --jabatan "NAMA JABATAN" [--opd KODE] [--periode YYYY] [--json]
    karier-desktop pensiun --db PATH --tahun YYYY [--sampai YYYY] [--json]

`add_commands(subparsers)` adds the parsers (and the kinds kinerja/potensi to an existing
`import` parser, whose other kinds keep their handler); each parser also carries its handler as
the `handler` default (the cli/ package's way), and COMMANDS maps names to handlers. Exit 0 on success, 1 when the data says no
(invalid rows, no such employee/position), 2 for bad arguments or an unreadable file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from karier_desktop.cli.common import (
    CliError,
    add_import_arguments,
    find_opd_id,
    open_db,
    run_import,
    year_arg,
)

IMPORT_KINDS = ("kinerja", "potensi")
_other_import: dict[str, Callable[[argparse.Namespace], int] | None] = {"handler": None}


def add_commands(sub: Any, previous_import: Callable[[argparse.Namespace], int] | None = None
                 ) -> None:
    """Add talenta, suksesi, pensiun; extend (or add) `import` with kinerja and potensi.

    `previous_import` handles the other import kinds; by default the handler the `import`
    parser carries when this is called (cli/__init__.py adds the io group first).
    """
    existing = sub.choices.get("import") if hasattr(sub, "choices") else None
    if existing is not None:
        for action in existing._actions:
            if action.dest == "kind" and action.choices is not None:
                action.choices = (*tuple(action.choices), *IMPORT_KINDS)
                action.help = f"{action.help}, kinerja atau potensi"
        if previous_import is None:  # the cli/ package binds handlers as parser defaults
            previous_import = existing.get_default("handler")
        _other_import["handler"] = previous_import
        existing.set_defaults(handler=cmd_import)
    else:
        p = sub.add_parser("import", help="impor hasil SKP (kinerja) atau uji potensi")
        add_import_arguments(p, IMPORT_KINDS, "kinerja atau potensi")
        p.set_defaults(handler=cmd_import)

    t = sub.add_parser("talenta", help="peta talenta (9 kotak) per pegawai untuk satu periode")
    t.add_argument("--db", required=True)
    t.add_argument("--periode", type=year_arg, required=True, metavar="YYYY")
    t.add_argument("--opd", metavar="KODE", help="kode OPD (unit tingkat atas)")
    t.add_argument("--json", action="store_true")
    t.set_defaults(handler=cmd_talenta)

    s = sub.add_parser("suksesi", help="calon pengganti suatu jabatan, berperingkat")
    s.add_argument("--db", required=True)
    s.add_argument("--jabatan", required=True, metavar="NAMA JABATAN")
    s.add_argument("--opd", metavar="KODE", help="kode OPD jabatan sasaran (dan calonnya)")
    s.add_argument("--id-jabatan", type=int, metavar="ID",
                   help="id jabatan bila nama yang sama ada di beberapa unit")
    s.add_argument("--periode", type=year_arg, metavar="YYYY", help="periode talenta (bawaan: tahun ini)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_suksesi)

    r = sub.add_parser("pensiun", help="pegawai yang mencapai BUP pada tahun tertentu")
    r.add_argument("--db", required=True)
    r.add_argument("--tahun", type=year_arg, required=True, metavar="YYYY")
    r.add_argument("--sampai", type=year_arg, metavar="YYYY")
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=cmd_pensiun)


add_parsers = add_commands  # the name cli/__init__.py calls for every group


def _fmt(n: float | None, decimals: int = 2) -> str:
    if n is None:
        return "-"
    return f"{n:.{decimals}f}".replace(".", ",")


def cmd_import(args: argparse.Namespace) -> int:
    if args.kind not in IMPORT_KINDS:
        handler = _other_import["handler"]
        if handler is None:
            raise CliError(f"Jenis impor '{args.kind}' tidak dikenal.", 2)
        return handler(args)
    from karier_desktop.services import talent

    return run_import(args, talent.IMPORT_KIND_LABELS[args.kind].lower(),
                      talent.build_import_preview, talent.apply_import,
                      "Data diperbarui, tidak digandakan.")


def cmd_talenta(args: argparse.Namespace) -> int:
    from karier_desktop.services import talent

    db = open_db(args.db)
    try:
        with db.read_scope() as session:
            opd_id = find_opd_id(session, args.opd, exit_code=2)
            tm = talent.talent_map(session, args.periode)
    finally:
        db.dispose()
    rows = talent.filter_map(tm, opd_id=opd_id)
    counts = talent.counts_of(rows)
    unplaced = sum(1 for r in rows if r.box is None)
    if args.json:
        print(json.dumps({
            "periode": args.periode,
            "pegawai": [{"nip": r.nip, "nama": r.name, "sumbu_x": r.x, "sumbu_y": r.y,
                         "box": r.box, "total": r.total} for r in rows],
            "jumlah_per_kotak": {str(b): n for b, n in counts.items()},
            "belum_dipetakan": unplaced}, ensure_ascii=False, indent=2))
        return 0
    print(f"Peta talenta periode {args.periode}: {len(rows) - unplaced} pegawai dipetakan, "
          f"{unplaced} belum (data kinerja/potensi belum ada).")
    print(f"{'NIP':<18}  {'Nama':<34} {'Sumbu X':>8} {'Sumbu Y':>8} {'Kotak':>5}")
    for r in rows:
        print(f"{r.nip:<18}  {r.name[:34]:<34} {_fmt(r.x):>8} {_fmt(r.y):>8} "
              f"{(r.box or '-')!s:>5}")
    print("Jumlah per kotak (kinerja ↓, potensial →):")
    for line in ((4, 7, 9), (2, 5, 8), (1, 3, 6)):
        print("  " + "  ".join(f"[{b}] {counts[b]:>5}" for b in line))
    return 0


def cmd_suksesi(args: argparse.Namespace) -> int:
    from karier_desktop.services import talent

    period = args.periode or dt.date.today().year
    db = open_db(args.db)
    try:
        with db.read_scope() as session:
            opd_id = find_opd_id(session, args.opd, exit_code=2)
            if args.id_jabatan:
                ids = [args.id_jabatan]
            else:
                ids = talent.find_position(session, args.jabatan, opd_id)
            if not ids:
                raise CliError(f"Jabatan '{args.jabatan}' tidak ditemukan"
                               + (f" di OPD {args.opd}." if args.opd else "."))
            if len(ids) > 1:
                lines = [f"  --id-jabatan {i}: {talent.target_info(session, i).unit}"
                         for i in ids[:15]]
                raise CliError(f"Jabatan '{args.jabatan}' ada di {len(ids)} unit; pilih satu:\n"
                               + "\n".join(lines), 2)
            try:
                board = talent.candidates(session, ids[0], period, opd_id=opd_id)
            except LookupError as exc:
                raise CliError(str(exc)) from exc
    finally:
        db.dispose()
    t = board.target
    if args.json:
        print(json.dumps({
            "jabatan": t.name, "unit": t.unit, "opd": t.opd, "periode": period,
            "calon": [{"peringkat": i, "nip": c.nip, "nama": c.name, "box": c.box, "jpm": c.jpm,
                       "kesiapan": c.readiness,
                       "kesenjangan": [{"kode": g.code, "kompetensi": g.name,
                                        "standar": g.required, "aktual": g.actual,
                                        "selisih": g.gap} for g in c.gaps]}
                      for i, c in enumerate(board.candidates, start=1)]},
            ensure_ascii=False, indent=2))
        return 0
    print(f"Calon pengganti {t.name} ({t.unit}, {t.opd}) — periode talenta {period}: "
          f"{len(board.candidates)} calon.")
    print(f"{'No':>3} {'NIP':<18}  {'Nama':<30} {'Kotak':>5} {'JPM':>7}  {'Kesiapan':<15} "
          "Kesenjangan")
    for i, c in enumerate(board.candidates, start=1):
        print(f"{i:>3} {c.nip:<18}  {c.name[:30]:<30} {c.box:>5} {_fmt(c.jpm):>7}  "
              f"{c.readiness:<15} {c.gap_text()}")
    return 0


def cmd_pensiun(args: argparse.Namespace) -> int:
    from karier_desktop.domain.textfmt import format_date_id
    from karier_desktop.services import talent

    until = args.sampai or args.tahun
    if until < args.tahun:
        raise CliError("--sampai tidak boleh sebelum --tahun.", 2)
    db = open_db(args.db)
    try:
        with db.read_scope() as session:
            rows = talent.forecast(session, args.tahun, until)
    finally:
        db.dispose()
    if args.json:
        print(json.dumps([{"nip": r.nip, "nama": r.name, "opd": r.opd, "jabatan": r.position,
                           "bup": r.age, "tanggal_pensiun": r.retires_on.isoformat(),
                           "jabatan_kritis": r.critical} for r in rows],
                         ensure_ascii=False, indent=2))
        return 0
    span = str(args.tahun) if until == args.tahun else f"{args.tahun}-{until}"
    print(f"Pegawai yang mencapai BUP pada {span}: {len(rows)} orang, "
          f"{sum(r.critical for r in rows)} meninggalkan jabatan kritis.")
    for r in rows:
        mark = "  [jabatan kritis]" if r.critical else ""
        print(f"{format_date_id(r.retires_on):>18}  {r.nip}  {r.name[:30]:<30} BUP {r.age}  "
              f"{r.position} — {r.opd}{mark}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "import": cmd_import, "talenta": cmd_talenta, "suksesi": cmd_suksesi, "pensiun": cmd_pensiun}

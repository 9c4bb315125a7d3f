"""`karier-desktop efektivitas`: how well each catalogue programme closed competency gaps.

    karier-desktop efektivitas --db PATH [--json]

Per programme: the participants' level change against a comparison group (difference in
differences), the cost per level gained and the Kirkpatrick reaction and pre/post scores.
Exit code 0 (also when no programme has data yet); 2 for an unreadable database.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from karier_desktop.cli.common import add_command, database
from karier_desktop.domain.textfmt import format_number, format_rupiah


def add_parsers(sub: Any) -> None:
    e = add_command(sub, "efektivitas", cmd_effectiveness,
                    help="efektivitas pelatihan per program")
    e.add_argument("--db", required=True)
    e.add_argument("--json", action="store_true", help="keluaran JSON")


def _num(value: float | None, decimals: int = 2) -> str:
    return "-" if value is None else format_number(value, decimals)


def cmd_effectiveness(args: argparse.Namespace) -> int:
    from karier_desktop.services.effectiveness import evaluate_programmes

    with database(args.db) as db, db.session_scope() as session:
        report = evaluate_programmes(session)
    if args.json:
        print(json.dumps([{
            "kode": e.code, "judul": e.title, "kompetensi": e.competencies,
            "peserta": e.participants, "n_peserta": e.measured,
            "perubahan_peserta": e.mean_change, "n_pembanding": e.comparison_n,
            "perubahan_pembanding": e.comparison_change, "selisih": e.did,
            "biaya_per_level": e.cost_per_level, "reaksi": e.k1_mean,
            "pre_post": e.k2_mean, "catatan": e.warning} for e in report.programmes],
            ensure_ascii=False, indent=2))
        return 0
    if not report.programmes:
        print("Belum ada pelatihan selesai yang tercatat dengan program katalog.")
        return 0
    print(f"{'Kode':<6} {'Program':<40} {'n':>4} {'Peserta':>8} {'n pemb.':>7} "
          f"{'Pemb.':>7} {'Selisih':>8} {'Biaya/level':>16}  Catatan")
    for e in report.programmes:
        cost = "-" if e.cost_per_level is None else format_rupiah(e.cost_per_level)
        print(f"{e.code:<6} {e.title[:40]:<40} {e.measured:>4} {_num(e.mean_change):>8} "
              f"{e.comparison_n:>7} {_num(e.comparison_change):>7} {_num(e.did):>8} "
              f"{cost:>16}  {e.warning}")
    return 0

"""`karier-desktop plan`: the budget-limited development plan of a year, optionally accepted.

    karier-desktop plan --db PATH --tahun YYYY --anggaran RUPIAH [--unit KODE] [--json]
                        [--batas-jp JP] [--waktu DETIK] [--terima] [--pagu SUMBER=RUPIAH ...]
                        [--tanpa-batas-pegawai] [--bobot-ipasn NILAI]

By default the JP and rupiah ceilings per employee type (PPPK at most 24 JP a year) and the
year's budget per funding source (Renbangkom) bound the plan; `--pagu` replaces a source's
ceiling for this run. `--waktu` bounds reading, the quick plan and building the model too.

Exit codes: 0 a plan was solved; 1 no plan (or nothing funded to accept); 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from karier_desktop.cli.common import CliError, add_command, database
from karier_desktop.domain.textfmt import format_number, format_rupiah


def _rupiah(text: str) -> int:
    cleaned = text.strip().lower().removeprefix("rp").strip().replace(".", "").replace("_", "")
    cleaned = cleaned.replace(" ", "")
    if not cleaned.isdigit():
        raise argparse.ArgumentTypeError(
            f"'{text}' bukan jumlah rupiah; tulis angka saja, misalnya 1.500.000.000")
    value = int(cleaned)
    if value <= 0:
        raise argparse.ArgumentTypeError("anggaran harus lebih dari 0")
    return value


def _year(text: str) -> int:
    if not text.strip().isdigit() or not 2000 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"'{text}' bukan tahun antara 2000 dan 2100")
    return int(text)


def _positive(low: float, high: float, what: str) -> Any:
    def parse(text: str) -> float:
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' bukan angka") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{what} harus antara {low:g} dan {high:g} (terisi {text})")
        return value
    return parse


def _ceiling(text: str) -> tuple[str, int]:
    from karier_desktop.services.planner.model import SOURCE_LABELS

    source, _, amount = text.partition("=")
    source = source.strip().lower()
    if source not in SOURCE_LABELS or not amount:
        raise argparse.ArgumentTypeError(
            f"'{text}' bukan pagu sumber dana; tulis SUMBER=RUPIAH, SUMBER salah satu dari "
            + ", ".join(SOURCE_LABELS))
    return source, _rupiah(amount) if amount.strip() not in ("0", "0.0") else 0


def add_parsers(sub: Any) -> None:
    p = add_command(sub, "plan", cmd_plan, help="rencana pengembangan terbatas anggaran (optimal)")
    p.add_argument("--db", required=True)
    p.add_argument("--tahun", type=_year, required=True, help="tahun rencana, misalnya 2027")
    p.add_argument("--anggaran", type=_rupiah, required=True,
                   help="anggaran dalam rupiah, misalnya 1.500.000.000")
    p.add_argument("--unit", help="kode unit kerja (beserta sub-unitnya); bawaan: semua unit")
    p.add_argument("--json", action="store_true", help="keluaran JSON")
    p.add_argument("--batas-jp", dest="batas_jp", type=_positive(1, 5000, "Batas JP"),
                   help="batas JP rencana per pegawai (bawaan: tanpa batas)")
    p.add_argument("--waktu", type=_positive(1, 600, "Batas waktu"), default=30.0,
                   help="batas waktu perhitungan dalam detik (bawaan 30)")
    p.add_argument("--terima", action="store_true",
                   help="masukkan rencana terdanai ke IDP (draf) tahun tersebut")
    p.add_argument("--pagu", type=_ceiling, action="append", default=[],
                   help="pagu satu sumber dana, misalnya apbd_kab=500.000.000 (bawaan: pagu "
                        "Renbangkom tahun tersebut)")
    p.add_argument("--tanpa-batas-pegawai", dest="no_person_rules", action="store_true",
                   help="abaikan batas JP dan biaya per jenis pegawai (PPPK 24 JP)")
    p.add_argument("--bobot-ipasn", dest="ipasn", type=_positive(0, 100, "Bobot IP ASN"),
                   default=0.0, help="nilai satu poin IP ASN dimensi kompetensi (bawaan 0)")


def cmd_plan(args: argparse.Namespace) -> int:
    from karier_desktop.services import planner
    from karier_desktop.services.planner.build import unit_ids_by_code
    from karier_desktop.services.planner.model import PlanLimits, PlannerWeights

    with database(args.db) as db, db.session_scope() as session:
        unit_ids = None
        if args.unit:
            unit_ids = unit_ids_by_code(session, args.unit)
            if unit_ids is None:
                raise CliError(f"Unit kerja dengan kode '{args.unit}' tidak ditemukan; "
                               "lihat kode unit di halaman Pegawai.", 2)
        ceilings = None
        if args.pagu:
            ceilings = dict(planner.year_ceilings(session, args.tahun))
            ceilings.update(dict(args.pagu))
        limits = PlanLimits(max_jp_per_employee=args.batas_jp,
                            person_rules=not args.no_person_rules,
                            source_ceilings=None if ceilings is None
                            else tuple(sorted(ceilings.items())))
        result = planner.plan_for_year(
            session, args.tahun, args.anggaran, unit_ids, limits=limits,
            weights=PlannerWeights(ipasn_points=args.ipasn), time_limit=args.waktu)
        accepted = None
        if args.terima:
            if result.status not in planner.SOLVED or not result.funded:
                raise CliError("Tidak ada penugasan terdanai yang dapat dimasukkan ke IDP.")
            accepted = planner.accept(session, result, args.tahun)
    if args.json:
        print(json.dumps(_plan_json(result, accepted), ensure_ascii=False, indent=2))
    else:
        _print_plan(result, accepted)
    return 0 if result.status in planner.SOLVED else 1


def _plan_json(result: Any, accepted: Any) -> dict[str, Any]:
    from karier_desktop.services import planner

    out: dict[str, Any] = {
        "status": result.status, "keterangan": result.status_text,
        "objektif": round(result.objective, 4),
        "objektif_greedy": round(result.greedy_objective, 4),
        "batas_atas": None if result.bound is None else round(result.bound, 4),
        "gap_persen": None if result.gap_percent is None else round(result.gap_percent, 4),
        "biaya": result.cost, "anggaran": result.budget,
        "biaya_greedy": result.greedy_cost,
        "sisa": max(0, result.budget - result.cost),
        "sisa_greedy": max(0, result.budget - result.greedy_cost),
        "perbandingan": planner.comparison_text(result),
        "sumber_dana": [{"sumber": s, "terpakai": used, "terpakai_greedy": quick, "pagu": top}
                        for s, used, quick, top in result.by_source],
        "waktu_detik": round(result.prep_seconds + result.greedy_seconds
                             + result.solve_seconds, 2),
        "pegawai_tanpa_asesmen": result.without_assessment,
        "penugasan": [{"nip": r.nip, "nama": r.name, "unit": r.opd_name,
                       "kode_program": r.code, "judul": r.title, "biaya": r.cost, "jp": r.jp,
                       "nilai": round(r.value, 4), "kompetensi": r.competencies}
                      for r in result.funded],
        "tidak_terdanai": [{"unit": u.name, "jumlah": u.not_funded,
                            "alasan": dict(u.reasons)} for u in result.units if u.not_funded],
        "kurva": [{"anggaran": c.budget, "objektif": round(c.objective, 4)}
                  for c in result.curve],
    }
    if accepted is not None:
        out["diterima"] = {"rencana_baru": accepted.plans_created,
                           "versi_baru": accepted.new_versions,
                           "rencana_ditambah": accepted.plans_extended,
                           "butir_ditambah": accepted.items_added,
                           "butir_sudah_ada": accepted.items_skipped}
    return out


def _print_plan(result: Any, accepted: Any) -> None:
    from karier_desktop.services import planner
    from karier_desktop.services.planner.model import SOURCE_LABELS

    seconds = result.prep_seconds + result.greedy_seconds + result.solve_seconds
    print(f"Rencana pengembangan tahun {result.year} — anggaran {format_rupiah(result.budget)}")
    print(f"Status: {result.status_text} (waktu hitung {format_number(seconds, 1)} detik)")
    better = result.improvement_percent
    extra = "" if better is None else f"; {'+' if better >= 0 else ''}{format_number(better, 2)}%"
    print(f"Nilai (level kesenjangan tertutup, berbobot): {format_number(result.objective, 2)} "
          f"(cara sederhana: {format_number(result.greedy_objective, 2)}{extra})")
    print(f"Biaya: {format_rupiah(result.cost)} dari {format_rupiah(result.budget)}")
    print(planner.comparison_text(result))
    for source, used, _quick, top in result.by_source:
        ceiling = "tanpa pagu sendiri" if top is None else f"pagu {format_rupiah(top)}"
        print(f"  {SOURCE_LABELS.get(source, source)}: {format_rupiah(used)} ({ceiling})")
    people = len({r.employee_id for r in result.funded})
    print(f"Penugasan terdanai: {format_number(len(result.funded))} untuk "
          f"{format_number(people)} pegawai; tidak terdanai: "
          f"{format_number(result.not_funded_total or len(result.not_funded))}")
    if result.without_assessment:
        print("Pegawai tanpa asesmen yang berlaku (kesenjangan tidak diketahui, tidak "
              f"direncanakan): {format_number(result.without_assessment)}")
    if result.units:
        print("\nPer unit:")
        print(f"  {'Unit':<44} {'Terdanai':>8} {'Biaya':>18} {'Tidak':>6}  Alasan utama")
        for u in result.units:
            reason = u.reasons[0][0] if u.reasons else ""
            print(f"  {u.name[:44]:<44} {u.funded:>8} {format_rupiah(u.cost):>18} "
                  f"{u.not_funded:>6}  {reason}")
    if result.curve:
        print("\nKurva anggaran (nilai pada anggaran lain):")
        for c in result.curve:
            print(f"  {format_rupiah(c.budget):>20}  nilai {format_number(c.objective, 2)}")
    if accepted is not None:
        print(f"\nDiterima ke IDP {result.year}: {accepted.items_added} butir ditambahkan "
              f"({accepted.plans_created} rencana baru, {accepted.new_versions} versi baru dari "
              f"rencana yang sudah disetujui, {accepted.plans_extended} draf dilengkapi; "
              f"{accepted.items_skipped} butir sudah ada).")

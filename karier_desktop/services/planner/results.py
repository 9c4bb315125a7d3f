"""Budget plan results: the dataclasses the UI and CLI show, the per-unit funded and not-funded
reasons, and accepting a plan into the IDPs. Functions here never touch Qt."""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from karier_desktop.domain.textfmt import format_number, format_rupiah
from karier_desktop.services.planner.model import (
    IPASN_KIND,
    SOURCE_LABELS,
    Evaluation,
    PlanLimits,
    PlanProblem,
    ceilings,
    classes_for,
    evaluate,
    jp_cap,
    programme_cost,
)

SIMPLE = "sederhana"  # the time limit passed while building the model: the greedy plan
STOPPED = "dihentikan"  # HiGHS did not stop at the limit and its process was ended
SOLVED = ("optimal", "dalam_toleransi", "batas_waktu", SIMPLE, STOPPED)


@dataclass(frozen=True)
class CurvePoint:
    budget: int
    objective: float
    cost: int
    status: str
    gap_percent: float | None


@dataclass(frozen=True)
class PlanRow:
    """One (employee, programme) pair of the plan, funded or not (then with the reason)."""

    employee_id: int
    nip: str
    name: str
    opd_id: int | None
    opd_name: str
    programme_id: int
    code: str
    title: str
    form_code: str
    provider: str
    jp: float
    cost: int  # per participant, including the participant's share of the class cost
    value: float
    competencies: str  # "M.04 +1, T.07 +2"
    competency_id: int | None  # the main competency, for the IDP item
    gap: int | None  # actual - required of that competency (negative), as in services.gaps
    goal: str
    funded: bool
    reason: str = ""
    source: str = "apbd_kab"  # the funding source that pays it


@dataclass(frozen=True)
class UnitPlan:
    opd_id: int | None
    name: str
    employees: int
    funded: int
    funded_employees: int
    cost: int
    value: float
    not_funded: int
    reasons: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ClassPlan:
    programme_id: int
    code: str
    title: str
    participants: int
    classes: int
    cost: int


@dataclass(frozen=True)
class PlanResult:
    year: int
    budget: int
    status: str  # "optimal" | "dalam_toleransi" | "batas_waktu" | "tidak_layak" | "kosong"
    status_text: str
    objective: float
    bound: float | None
    gap_percent: float | None
    cost: int
    greedy_objective: float
    greedy_cost: int
    funded: tuple[PlanRow, ...]
    not_funded: tuple[PlanRow, ...]
    units: tuple[UnitPlan, ...]
    classes: tuple[ClassPlan, ...]
    curve: tuple[CurvePoint, ...]
    employees_in_scope: int
    without_assessment: int
    candidates: int
    solve_seconds: float
    prep_seconds: float
    greedy_seconds: float = 0.0
    # (funding source, spent by the plan, spent by the greedy plan, ceiling or None)
    by_source: tuple[tuple[str, int, int, int | None], ...] = ()
    not_funded_total: int = 0  # all pairs not funded; `not_funded` holds the most valuable
    exact_candidates: int = 0  # >0: the exact plan looked at this core of the pairs only
    time_limit: float = 0.0  # the clerk's limit (0: not known)

    @property
    def improvement_percent(self) -> float | None:
        """How much more the exact plan closes than the greedy one, in percent."""
        if self.greedy_objective <= 0:
            return None
        return (self.objective - self.greedy_objective) / self.greedy_objective * 100.0


# the planner's funding source -> the IDP item's (the regency's APBD is the OPD's DPA)
IDP_FUNDING = {"apbd_kab": "apbd_opd", "apbd_prov": "apbd_opd", "apbn": "apbn",
               "mandiri": "mandiri", "tanpa_biaya": "tanpa_biaya"}
NOT_FUNDED_ROWS = 20_000  # rows of not-funded pairs kept for the table (a province has 350,000)
REASON_BUDGET = "tidak terdanai: anggaran habis"
REASON_CLASS = "kelas tidak memenuhi minimal peserta"
REASON_JP = "melebihi batas JP"
REASON_FORBIDDEN = "dilarang oleh operator"
REASON_QUOTA = "kuota peserta program penuh"


def _status_text(status: str, gap: float | None) -> str:
    if status == "optimal":
        return "terbukti optimal"
    shown = "tidak diketahui" if gap is None else f"{gap:.2f}%".replace(".", ",")
    if status == "dalam_toleransi":
        return f"selisih maksimum dari optimal {shown}"
    if status == "batas_waktu":
        return f"batas waktu tercapai; selisih maksimum dari optimal {shown}"
    if status == STOPPED:
        return ("batas waktu tercapai dan penghitung rencana optimal dihentikan karena tidak "
                "berhenti sendiri; yang ditampilkan rencana terbaik yang sudah ditemukan "
                f"(selisih maksimum dari optimal {shown})")
    if status == SIMPLE:
        return ("batas waktu habis sebelum model rencana optimal selesai disusun; yang "
                "ditampilkan rencana cara sederhana (tambah batas waktu untuk rencana optimal)")
    if status == "tidak_layak":
        return ("tidak ada rencana yang memenuhi semua syarat: periksa penugasan yang dikunci, "
                "anggaran dan batas JP")
    return "tidak ada kandidat: tidak ada kesenjangan terukur yang dapat ditutup program aktif"


def _row(problem: PlanProblem, i: int, cost: int, alloc: list[tuple[int, int]],
         funded: bool, reason: str) -> PlanRow:
    c = problem.candidates[i]
    emp, prog = problem.employees[c.employee], problem.programmes[c.programme]
    parts = [(problem.needs[n], lv) for n, lv in alloc if lv > 0]
    levels = [(nd, lv) for nd, lv in parts if nd.kind != IPASN_KIND]
    main = levels[0][0] if levels else None
    return PlanRow(
        employee_id=emp.id, nip=emp.nip, name=emp.name, opd_id=emp.opd_id, opd_name=emp.opd_name,
        programme_id=prog.id, code=prog.code, title=prog.title, form_code=prog.form_code,
        provider=prog.provider, jp=prog.jp, cost=cost,
        value=sum(nd.weight * lv for nd, lv in parts),
        competencies=", ".join([f"{nd.code} +{lv}" for nd, lv in levels]
                               + [nd.name for nd, _lv in parts if nd.kind == IPASN_KIND]),
        competency_id=main.competency_id if main else None,
        gap=(main.actual - main.required) if main else None,
        goal="; ".join(f"Menaikkan {nd.name} dari level {nd.actual} ke level {nd.actual + lv}"
                       for nd, lv in levels),
        funded=funded, reason=reason, source=prog.source)


def build_result(problem: PlanProblem, budget: int, limits: PlanLimits, chosen: frozenset[int],
                 greedy_set: frozenset[int], forbidden: frozenset[int], status: str,
                 bound: float | None, gap: float | None, seconds: float,
                 curve: tuple[CurvePoint, ...]) -> PlanResult:
    """Rows for the tables: funded pairs with their share of the value, the rest with reasons."""
    ev = evaluate(problem, chosen, budget, limits)
    gev = evaluate(problem, greedy_set, budget, limits)
    covered: dict[int, int] = defaultdict(int)
    funded: list[PlanRow] = []
    seen: dict[int, int] = defaultdict(int)  # participants priced so far, per programme
    for i in sorted(chosen, key=lambda i: -problem.candidates[i].value):
        c = problem.candidates[i]
        prog = problem.programmes[c.programme]
        alloc = []
        for need, levels in c.closes:
            take = max(0, min(levels, problem.needs[need].gap - covered[need]))
            covered[need] += take
            alloc.append((need, take))
        n, k = ev.participants[c.programme], ev.classes.get(c.programme, 0)
        total = programme_cost(prog, n, k)  # shared so that the shares add up exactly
        share = total // n + (1 if seen[c.programme] < total % n else 0)
        seen[c.programme] += 1
        funded.append(_row(problem, i, share, alloc, True, ""))
    # Not funded: one pass over the pairs with numbers only; the rows (the text) are made for
    # the NOT_FUNDED_ROWS most valuable ones alone (a province has 350,000 such pairs).
    needs, cands, progs = problem.needs, problem.candidates, problem.programmes
    caps = [jp_cap(problem, limits, e) + 1e-9 for e in range(len(problem.employees))]
    planned_jp = ev.jp
    open_: dict[int, int] = defaultdict(int)  # not funded, useful, not forbidden, JP fits
    pending: list[tuple[float, int, bool]] = []  # (value, candidate, JP over the cap)
    for i, c in enumerate(cands):
        if i in chosen:
            continue
        value = 0.0
        for need, lv in c.closes:
            nd = needs[need]
            left = nd.gap - covered[need] if need in covered else nd.gap
            if left > 0:
                value += nd.weight * (lv if lv < left else left)
        is_forbidden = i in forbidden
        if value <= 0 and not is_forbidden:
            continue  # what it would close is already closed by the plan
        over = planned_jp.get(c.employee, 0) + progs[c.programme].jp > caps[c.employee]
        if not is_forbidden and not over:
            open_[c.programme] += 1
        pending.append((float("inf") if is_forbidden else value, i, over))
    can_form = {p: any(classes_for(progs[p], ev.participants.get(p, 0) + m, limits)
                       is not None for m in range(1, m_open + 1)) for p, m_open in open_.items()}
    missing: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def reason_of(i: int, over: bool) -> str:
        c = cands[i]
        prog = progs[c.programme]
        if i in forbidden:
            return REASON_FORBIDDEN
        if over:
            return REASON_JP
        if not prog.per_class and ev.participants.get(c.programme, 0) >= prog.max_participants:
            return REASON_QUOTA
        if not can_form.get(c.programme, False):
            return REASON_CLASS
        return REASON_BUDGET

    emps = problem.employees
    for _v, i, over in pending:
        missing[emps[cands[i].employee].opd_id][reason_of(i, over)] += 1
    light = pending if len(pending) <= NOT_FUNDED_ROWS else \
        heapq.nlargest(NOT_FUNDED_ROWS, pending, key=lambda t: t[0])
    not_funded: list[PlanRow] = []
    for _v, i, over in light:
        c = cands[i]
        prog = progs[c.programme]
        alloc = [(need, min(lv, max(0, needs[need].gap - covered[need]))) for need, lv in c.closes]
        if not any(lv for _n, lv in alloc):
            alloc = list(c.closes)  # forbidden pairs stay visible so they can be allowed again
        k = classes_for(prog, 1, limits) or 1
        not_funded.append(_row(problem, i, programme_cost(prog, 1, k) if prog.per_class
                               else prog.cost_per_participant, alloc, False, reason_of(i, over)))
    del light
    return PlanResult(
        year=problem.year, budget=budget, status=status, status_text=_status_text(status, gap),
        objective=ev.value, bound=bound, gap_percent=gap, cost=ev.cost,
        greedy_objective=gev.value if gev.feasible else 0.0, greedy_cost=gev.cost,
        funded=tuple(sorted(funded, key=lambda r: (r.opd_name, r.name, r.code))),
        not_funded=tuple(sorted(not_funded, key=lambda r: (r.opd_name, r.name, -r.value))),
        units=_units(problem, funded, missing), classes=_classes(problem, ev),
        curve=curve, employees_in_scope=problem.employees_in_scope,
        without_assessment=problem.without_assessment, candidates=len(problem.candidates),
        solve_seconds=seconds, prep_seconds=problem.prep_seconds,
        by_source=_sources(problem, limits, ev, gev), not_funded_total=len(pending))


def _sources(problem: PlanProblem, limits: PlanLimits, ev: Evaluation, gev: Evaluation
             ) -> tuple[tuple[str, int, int, int | None], ...]:
    tops = ceilings(problem, limits)
    used = set(ev.by_source) | set(gev.by_source) | set(tops)
    return tuple((s, ev.by_source.get(s, 0), gev.by_source.get(s, 0), tops.get(s))
                 for s in SOURCE_LABELS if s in used)


def comparison_text(r: PlanResult) -> str:
    """In plain Indonesian: what the exact plan gains over the quick one, and what each spends
    and leaves unspent (the planner page and the command line show it)."""
    exact, quick = r.objective, r.greedy_objective
    if r.status == SIMPLE:
        head = (f"Rencana cara sederhana menutup {format_number(quick, 1)} tingkat kesenjangan "
                "(berbobot); rencana optimal belum dihitung karena batas waktu.")
        if r.time_limit > 0:
            digits = 0 if float(r.time_limit).is_integer() else 2
            head += (f" Dari batas {format_number(r.time_limit, digits)} detik, membaca data memakan "
                     f"{format_number(r.prep_seconds, 1)} detik dan rencana cara sederhana "
                     f"{format_number(r.greedy_seconds, 1)} detik; sisanya tidak cukup untuk "
                     f"menyusun model rencana optimal atas "
                     f"{format_number(r.candidates)} pasangan pegawai–program. Tambah batas "
                     "waktu atau persempit unit kerja untuk rencana optimal.")
    elif r.status == STOPPED:
        head = (f"Penghitung rencana optimal dihentikan pada batas waktu; rencana terbaik yang "
                f"ditemukan menutup {format_number(exact, 1)} tingkat kesenjangan (berbobot), "
                f"cara sederhana {format_number(quick, 1)}.")
    elif r.status not in SOLVED:
        return ""
    elif quick <= 0:
        head = (f"Rencana optimal menutup {format_number(exact, 1)} tingkat kesenjangan "
                "(berbobot); cara sederhana tidak menemukan penugasan.")
    elif exact > quick + 1e-6:
        better = (exact - quick) / quick * 100
        head = (f"Rencana optimal menutup {format_number(exact, 1)} tingkat kesenjangan "
                f"(berbobot), {format_number(better, 1)}% lebih banyak daripada cara sederhana "
                f"({format_number(quick, 1)}).")
    else:
        head = (f"Rencana optimal sama baiknya dengan cara sederhana: keduanya menutup "
                f"{format_number(exact, 1)} tingkat kesenjangan (berbobot).")
    plan_name = "Rencana terbaik itu" if r.status == STOPPED else "Rencana optimal"
    money = (f"{plan_name} memakai {format_rupiah(r.cost)} dan menyisakan "
             f"{format_rupiah(max(0, r.budget - r.cost))}; cara sederhana memakai "
             f"{format_rupiah(r.greedy_cost)} dan menyisakan "
             f"{format_rupiah(max(0, r.budget - r.greedy_cost))}.")
    if r.status == SIMPLE:
        money = (f"Cara sederhana memakai {format_rupiah(r.greedy_cost)} dan menyisakan "
                 f"{format_rupiah(max(0, r.budget - r.greedy_cost))}.")
    gap = ""
    if r.gap_percent is not None and r.status != SIMPLE:
        gap = (" Selisih maksimum dari yang terbaik yang mungkin: "
               f"{format_number(r.gap_percent, 2)}%.")
        if r.exact_candidates:
            gap = (f" {plan_name} dihitung atas {format_number(r.exact_candidates)} "
                   f"pasangan pegawai–program dengan nilai per rupiah terbaik dari "
                   f"{format_number(r.candidates)}; selisih maksimum atas pasangan itu: "
                   f"{format_number(r.gap_percent, 2)}%.")
    return f"{head} {money}{gap}"


def _units(problem: PlanProblem, funded: list[PlanRow],
           missing: dict[int | None, dict[str, int]]) -> tuple[UnitPlan, ...]:
    names: dict[int | None, str] = {}
    staff: dict[int | None, int] = defaultdict(int)
    for opd, name, count in problem.staff:
        names[opd] = name
        staff[opd] += count
    for e in problem.employees:
        if e.opd_id not in names:  # a problem built without staff counts (tests)
            names[e.opd_id] = e.opd_name or "(tanpa unit)"
        if not problem.staff:
            staff[e.opd_id] += 1
    out = []
    funded_by: dict[int | None, list[PlanRow]] = defaultdict(list)
    for r in funded:
        funded_by[r.opd_id].append(r)
    for opd, name in names.items():
        mine, counts = funded_by[opd], missing.get(opd, {})
        out.append(UnitPlan(opd, name, staff[opd], len(mine), len({r.employee_id for r in mine}),
                            sum(r.cost for r in mine), sum(r.value for r in mine),
                            sum(counts.values()),
                            tuple(sorted(counts.items(), key=lambda kv: -kv[1]))))
    return tuple(sorted(out, key=lambda u: u.name))


def _classes(problem: PlanProblem, ev: Evaluation) -> tuple[ClassPlan, ...]:
    out = []
    for p, n in ev.participants.items():
        prog = problem.programmes[p]
        k = ev.classes.get(p, 0)
        out.append(ClassPlan(prog.id, prog.code, prog.title, n, k, programme_cost(prog, n, k)))
    return tuple(sorted(out, key=lambda c: c.code))


# --- accepting the plan into the IDPs

@dataclass(frozen=True)
class AcceptSummary:
    plans_created: int
    new_versions: int
    plans_extended: int
    items_added: int
    items_skipped: int


def accept(session: Session, result: PlanResult, year: int, replace: bool = False
           ) -> AcceptSummary:
    """Write the funded pairs as IDP items (status 'draf', source 'anggaran') in one transaction.

    The draft of each employee is opened by services.idp.open_drafts, the one owner of plan
    versions: no plan for the year gives a new draft (signers from the unit tree); a draft is
    extended; only an approved plan gives a new draft version with every column of the approved
    plan and its items copied, the approved one untouched. With `replace`, the drafted items
    ('otomatis' and earlier 'anggaran' ones, not mandatory programmes or the assessment) are
    removed first; otherwise the plan's items are merged: a programme or a competency already in
    the plan is not added twice, so accepting never adds more than the plan was solved for.
    Each added item gets a month.
    """
    from sqlalchemy import delete, select

    from karier_desktop.services import audit
    from karier_desktop.services.idp import open_drafts, signers_for, spread_months
    from karier_desktop.store import models as m

    if result.status not in SOLVED or not result.funded:
        raise ValueError("Tidak ada rencana terdanai yang dapat diterima ke IDP.")
    by_emp: dict[int, list[PlanRow]] = defaultdict(list)
    for row in result.funded:
        by_emp[row.employee_id].append(row)
    emp_ids = list(by_emp)
    opened = open_drafts(session, year, emp_ids, signers_for(session, emp_ids))
    created = versions = extended = added = skipped = 0
    pi = m.PlanItem
    for eid, rows in by_emp.items():
        op = opened[eid]
        created += op.how == "baru"
        versions += op.how == "versi"
        extended += op.how == "draf"
        if replace and op.how != "baru":
            session.execute(delete(pi).where(
                pi.plan_id == op.plan_id, pi.source.in_(("otomatis", "anggaran")),
                pi.purpose.is_(None) | pi.purpose.notin_(("wajib", "asesmen", "kinerja"))))
        items = session.execute(select(pi.seq, pi.programme_id, pi.competency_id)
                                .where(pi.plan_id == op.plan_id)).all()
        have = {it.programme_id for it in items if it.programme_id is not None}
        comps = {it.competency_id for it in items if it.competency_id is not None}
        seq = max((it.seq for it in items), default=0)
        fresh = [r for r in rows if r.programme_id not in have
                 and (r.competency_id is None or r.competency_id not in comps)]
        skipped += len(rows) - len(fresh)
        for row, month in zip(fresh, spread_months(len(fresh)), strict=True):
            if row.programme_id in have or (row.competency_id is not None
                                            and row.competency_id in comps):
                skipped += 1
                continue
            seq += 1
            added += 1
            have.add(row.programme_id)
            if row.competency_id is not None:
                comps.add(row.competency_id)
            codes = ",".join(part.split(" ")[0] for part in row.competencies.split(", ") if part)
            # a year's IDP aims one level up per competency, whatever the programme could give
            goal = re.sub(r"dari level (\d) ke level (\d)",
                          lambda g: f"dari level {g[1]} ke level {int(g[1]) + 1}", row.goal)
            session.add(pi(
                plan_id=op.plan_id, seq=seq, competency_id=row.competency_id, gap=row.gap,
                goal=goal, form_code=row.form_code, programme_id=row.programme_id,
                activity=row.title, provider=row.provider or None, month=month, jp=row.jp,
                cost=row.cost, source="anggaran",
                funding_source=IDP_FUNDING.get(row.source, "apbd_opd") if row.cost > 0
                else "tanpa_biaya",
                competency_codes=codes[:200] or None, purpose="kesenjangan",
                evidence="Sertifikat/STTPL; asesmen ulang"))
    session.flush()
    audit.record(session, "terima_rencana", "development_plans", None, tahun=year,
                 anggaran=result.budget, biaya=result.cost, penugasan=len(result.funded),
                 rencana_baru=created, versi_baru=versions, rencana_ditambah=extended,
                 butir_ditambah=added, butir_sudah_ada=skipped)
    return AcceptSummary(created, versions, extended, added, skipped)

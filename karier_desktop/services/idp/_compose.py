"""The drafting rule: one employee's gaps, records and rules in, plan items out (pure).

`compose_draft` touches no database, so one employee (draft_plan) and a thousand (the unit
batch) are drafted alike. A year's plan, in this order:

1. **mandatory programmes** the training records lack (Latsar for a CPNS, PKP for a pengawas,
   PKA for an administrator, PKN Tk. II for a JPT Pratama; settings `idp_mandatory_programmes`);
2. a **competency assessment** when no valid one exists — the gap items wait for its result;
3. a **coaching/mentoring item with the atasan** when the SKP predikat is weak;
4. the **top N gaps** (setting `idp_max_gap_competencies`), each aimed **one level up** with the
   behaviour indicator of that level; one programme may serve several gaps, and every gap
   without a fitting programme joins **one coaching programme** with its sessions;
5. for a PNS (a right of at least 20 JP), enough further JP to reach the minimum.

Everything but the mandatory programmes stays inside the per-person JP and cost ceilings of
the employee type (setting `idp_ceilings`; a PPPK's ceiling is the 24 JP of a contract year);
mandatory programmes are planned in full and funded from the BKPSDM's leadership quota, so
they are kept out of the ceiling and say so on paper. The number of rows never passes
`idp_max_items`. Izin/tugas belajar (bentuk Pendidikan) is never planned for PPPK, and for PNS
only the semesters inside the plan year count as JP.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from karier_desktop.services.gaps import EmployeeGap, GapLine
from karier_desktop.services.idp._rows import (
    COACHING_FORM,
    E_LEARNING_FORM,
    SELF_STUDY_FORM,
    ItemDraft,
)
from karier_desktop.services.idp._rules import PPPK_TYPES, IdpRules, MandatoryProgramme
from karier_desktop.services.recommend import (
    Audience,
    Catalogue,
    FormInfo,
    ProgrammeInfo,
    rank_for_gap,
    suits,
)

COACHING_JP_PER_SESSION = 2.0  # LAN conversion: one coaching/mentoring session = 2 JP
PURPOSE_ORDER = {"wajib": 0, "asesmen": 1, "kinerja": 2, "kesenjangan": 3, "hak_jp": 4}


@dataclass(frozen=True)
class Profile:
    """What drafting needs to know about the employee besides the gaps."""

    employee_type: str = "PNS"
    audience: Audience = Audience()
    performance: str | None = None
    training_titles: tuple[str, ...] = ()  # completed or registered, any year
    training_mandatory: frozenset[str] = frozenset()  # mandatory codes of those programmes


def jp_in_year(form: FormInfo, jp: float, month: int) -> float:
    """JP of an activity that counts inside the plan year: for study counted per semester,
    only the semesters that start in the year (a start in December is one semester, not four)."""
    if form.jp_unit != "semester" or form.jp_per_unit <= 0:
        return jp
    semesters = max(1, math.ceil(jp / form.jp_per_unit))
    inside = 2 if month <= 2 else 1  # an even-semester start early in the year allows two
    return min(semesters, inside) * form.jp_per_unit


def _evidence(form_code: str | None, catalogue: Catalogue) -> str:
    form = catalogue.forms.get(form_code or "")
    if form_code == COACHING_FORM or (form and form.name.lower().startswith(("coaching",
                                                                            "mentoring"))):
        return "Catatan sesi coaching ditandatangani atasan; asesmen ulang"
    if form is not None and form.jalur.lower() == "klasikal":
        return "Sertifikat/STTPL; penerapan dalam output SKP; asesmen ulang"
    if form is not None and form.bentuk.lower() == "pendidikan":
        return "Kartu hasil studi per semester"
    return "Sertifikat atau laporan kegiatan; penerapan dalam output SKP"


class _Plan:
    """The items being composed and the room left under the ceilings."""

    def __init__(self, rules: IdpRules, profile: Profile) -> None:
        self.rules = rules
        self.items: list[ItemDraft] = []
        self.ceiling_jp, self.ceiling_cost = rules.ceiling(profile.employee_type)
        self.used: set[int] = set()

    def counted(self) -> tuple[float, int]:
        inside = [i for i in self.items if i.purpose != "wajib"]
        return sum(i.jp for i in inside), sum(i.cost for i in inside)

    def fits(self, jp: float, cost: int) -> bool:
        used_jp, used_cost = self.counted()
        return used_jp + jp <= self.ceiling_jp + 1e-9 and used_cost + cost <= self.ceiling_cost

    def room_jp(self) -> float:
        return max(0.0, self.ceiling_jp - self.counted()[0])

    def full(self) -> bool:
        return len(self.items) >= self.rules.max_items

    def add(self, item: ItemDraft) -> None:
        self.items.append(item)
        if item.programme_id is not None:
            self.used.add(item.programme_id)


def _mandatory_programme(catalogue: Catalogue, mp: MandatoryProgramme) -> ProgrammeInfo | None:
    tagged = [p for p in catalogue.programmes if p.mandatory_for == mp.code]
    return (tagged or [p for p in catalogue.programmes if mp.matches(p.title)] or [None])[0]


def _is_mandatory(prog: ProgrammeInfo, rules: IdpRules) -> bool:
    return bool(prog.mandatory_for) or any(mp.matches(prog.title) for mp in rules.mandatory)


def _codes(prog: ProgrammeInfo | None, codes_by_id: Mapping[int, str]) -> tuple[str, ...]:
    if prog is None:
        return ()
    return tuple(codes_by_id[t.competency_id] for t in prog.targets
                 if t.competency_id in codes_by_id)


def goal_for(line: GapLine, indicators: Mapping[tuple[int, int], str]) -> str:
    """"Kerjasama dari level 1 ke level 2: <the level-2 behaviour indicator>"."""
    target = (line.actual or 0) + 1
    text = f"{line.name} dari level {line.actual} ke level {target}"
    indicator = indicators.get((line.competency_id, target), "")
    return f"{text}: {indicator}" if indicator else text


def compose_draft(gap: EmployeeGap, profile: Profile, catalogue: Catalogue, rules: IdpRules,
                  indicators: Mapping[tuple[int, int], str] | None = None,
                  codes_by_id: Mapping[int, str] | None = None) -> list[ItemDraft]:
    """Plan items for one employee (see the module docstring), months assigned, in order."""
    indicators = indicators or {}
    codes_by_id = codes_by_id or {ln.competency_id: ln.code for ln in gap.lines}
    plan = _Plan(rules, profile)
    pppk = profile.employee_type in PPPK_TYPES
    who = profile.audience
    _mandatory(plan, profile, catalogue, rules, codes_by_id)
    assessed = gap.jpm is not None
    if not assessed:
        _assessment(plan, rules)
    coaching: list[GapLine] = []
    if rules.is_weak(profile.performance):
        jp = 4 * COACHING_JP_PER_SESSION
        if plan.fits(jp, 0):
            plan.add(ItemDraft(None, None, f"Predikat kinerja (SKP) naik dari "
                               f"{profile.performance} menjadi Baik pada evaluasi berikutnya",
                               COACHING_FORM, None, "Coaching dan mentoring kinerja oleh atasan "
                               "langsung (4 sesi dialog kinerja)", "Atasan langsung", 0, jp, 0,
                               "tanpa_biaya", (), "Catatan dialog kinerja triwulanan; SKP "
                               "periode berikutnya", "kinerja"))
    if assessed:
        for line in gap.gaps[:rules.max_gap_competencies]:
            if _covered(plan, line, codes_by_id, indicators):
                continue
            if plan.full() and not any(i.form_code == COACHING_FORM for i in plan.items):
                break
            prog = _best(catalogue, line, who, plan, rules, pppk) if not plan.full() else None
            if prog is not None:
                codes = _codes(prog, {c: codes_by_id[c] for c in codes_by_id
                                      if c in {g.competency_id for g in
                                               gap.gaps[:rules.max_gap_competencies]}})
                codes = (line.code,) + tuple(c for c in codes if c != line.code)
                jp = jp_in_year(prog.form, prog.jp, 7)
                plan.add(ItemDraft(line.competency_id, line.gap, goal_for(line, indicators),
                                   prog.form.code, prog.id, prog.title, prog.provider, 0, jp,
                                   prog.cost, None, codes, _evidence(prog.form.code, catalogue),
                                   "kesenjangan"))
            elif line.kind != "teknis":
                coaching.append(line)
            else:
                _self_study(plan, line, who, rules, indicators, catalogue)
        _coaching(plan, coaching, indicators)
    if rules.jp_rule(profile.employee_type).kind == "minimal":
        _fill_minimum(plan, gap, profile, catalogue, rules, assessed, codes_by_id)
    elif not plan.items:  # a PPPK without gaps still gets one activity inside the bound
        _self_development(plan, who, rules, catalogue)
    return _with_months(plan.items, catalogue)


def _self_development(plan: _Plan, who: Audience, rules: IdpRules, catalogue: Catalogue
                      ) -> None:
    channel = _channel(rules, who)
    jp = min(float(channel.get("jp", 8)) if channel else 8.0, plan.room_jp())  # type: ignore[arg-type]
    if jp <= 0:
        return
    form = E_LEARNING_FORM if channel else SELF_STUDY_FORM
    plan.add(ItemDraft(None, None, "Memelihara dan mengembangkan kompetensi sesuai bidang tugas",
                       form if form in catalogue.forms else None, None,
                       str(channel["activity"]) if channel else "Belajar mandiri sesuai bidang "
                       "tugas (e-learning terbuka, membaca, diskusi)",
                       str(channel["provider"]) if channel else "Mandiri, dibimbing atasan "
                       "langsung", 0, jp, 0, "tanpa_biaya", (), "Laporan belajar mandiri; "
                       "penerapan dalam output SKP", "hak_jp"))


def _mandatory(plan: _Plan, profile: Profile, catalogue: Catalogue, rules: IdpRules,
               codes_by_id: Mapping[int, str]) -> None:
    for mp in rules.mandatory:
        if not mp.applies(profile.employee_type, profile.audience.position_kind):
            continue
        if mp.code in profile.training_mandatory or any(mp.matches(t)
                                                        for t in profile.training_titles):
            continue
        prog = _mandatory_programme(catalogue, mp)
        plan.add(ItemDraft(
            None, None, f"Memenuhi pelatihan wajib: {mp.name}",
            prog.form.code if prog else ("KL01" if "KL01" in catalogue.forms else None),
            prog.id if prog else None, prog.title if prog else mp.name,
            prog.provider if prog else "", mp.month, prog.jp if prog else 0.0,
            prog.cost if prog else 0, "apbd_bkpsdm", _codes(prog, codes_by_id),
            "Sertifikat/STTPP kelulusan", "wajib"))


def _assessment(plan: _Plan, rules: IdpRules) -> None:
    cfg = rules.assessment
    by_supervisor = bool(cfg.get("by_supervisor"))
    activity = str(cfg.get("supervisor_activity" if by_supervisor else "activity")
                   or "Penilaian kompetensi")
    plan.add(ItemDraft(None, None, "Memperoleh profil kompetensi yang berlaku (JPM) sebagai "
                       "dasar kegiatan pengembangan; kegiatan lain menyusul hasilnya",
                       None, None, activity, "Atasan langsung" if by_supervisor
                       else str(cfg.get("provider") or ""), int(cfg.get("month") or 2), 0.0,
                       int(cfg.get("cost") or 0), str(cfg.get("funding_source") or "apbd_bkpsdm"),
                       (), "Laporan hasil penilaian kompetensi", "asesmen"))


def _covered(plan: _Plan, line: GapLine, codes_by_id: Mapping[int, str],
             indicators: Mapping[tuple[int, int], str]) -> bool:
    """A programme already planned raises this competency too: name it on that row."""
    for n, item in enumerate(plan.items):
        if item.purpose in ("kesenjangan", "wajib") and line.code in item.competency_codes:
            if item.competency_id != line.competency_id:
                plan.items[n] = replace(item, goal=f"{item.goal}; {goal_for(line, indicators)}")
            return True
    return False


def _best(catalogue: Catalogue, line: GapLine, who: Audience, plan: _Plan, rules: IdpRules,
          pppk: bool) -> ProgrammeInfo | None:
    by_id = {p.id: p for p in catalogue.programmes}
    for rec in rank_for_gap(catalogue, line, who):
        prog = by_id[rec.programme_id]
        if prog.id in plan.used or _is_mandatory(prog, rules):
            continue
        if prog.form.code == COACHING_FORM:
            continue  # coaching is one programme over several competencies (_coaching)
        if pppk and prog.form.bentuk.lower() == "pendidikan":
            continue  # izin/tugas belajar is a PNS instrument
        if plan.fits(jp_in_year(prog.form, prog.jp, 7), prog.cost):
            return prog
    return None


def _coaching(plan: _Plan, lines: list[GapLine], indicators: Mapping[tuple[int, int], str]
              ) -> None:
    """All gaps without a fitting programme in one coaching programme with the atasan."""
    if not lines:
        return
    names = ", ".join(ln.name for ln in lines)
    goals = "; ".join(goal_for(ln, indicators) for ln in lines)
    codes = tuple(ln.code for ln in lines)
    existing = next((n for n, i in enumerate(plan.items) if i.form_code == COACHING_FORM), None)
    if existing is not None:  # the performance coaching takes the competencies on
        item = plan.items[existing]
        plan.items[existing] = replace(
            item, activity=f"{item.activity}; sekaligus coaching {names}",
            goal=f"{item.goal}; {goals}", competency_id=lines[0].competency_id,
            gap=lines[0].gap, competency_codes=item.competency_codes + codes)
        return
    sessions = min(8, 2 * len(lines))
    while sessions > 1 and not plan.fits(sessions * COACHING_JP_PER_SESSION, 0):
        sessions -= 1
    if not plan.fits(sessions * COACHING_JP_PER_SESSION, 0) or plan.full():
        return
    plan.add(ItemDraft(lines[0].competency_id, lines[0].gap, goals, COACHING_FORM, None,
                       f"Coaching oleh atasan langsung ({sessions} sesi): {names}",
                       "Atasan langsung", 0, sessions * COACHING_JP_PER_SESSION, 0,
                       "tanpa_biaya", codes, "Catatan sesi coaching ditandatangani atasan; "
                       "asesmen ulang", "kesenjangan"))


def _channel(rules: IdpRules, who: Audience) -> dict[str, object] | None:
    return rules.channels.get(who.rumpun)


def _self_study(plan: _Plan, line: GapLine, who: Audience, rules: IdpRules,
                indicators: Mapping[tuple[int, int], str], catalogue: Catalogue) -> None:
    """A technical gap without a programme: the rumpun's own channel, else self-study."""
    channel = _channel(rules, who)
    jp = min(float(channel.get("jp", 10)) if channel else 10.0, plan.room_jp())  # type: ignore[arg-type]
    if jp <= 0 or plan.full():
        return
    form = E_LEARNING_FORM if channel else SELF_STUDY_FORM
    plan.add(ItemDraft(line.competency_id, line.gap, goal_for(line, indicators),
                       form if form in catalogue.forms else None, None,
                       str(channel["activity"]) if channel else f"Belajar mandiri: {line.name}",
                       str(channel["provider"]) if channel else "Mandiri, dibimbing atasan "
                       "langsung", 0, jp, 0, "tanpa_biaya", (line.code,),
                       "Sertifikat platform; penerapan dalam output SKP" if channel
                       else "Laporan belajar mandiri; penerapan dalam output SKP", "kesenjangan"))


def _fill_minimum(plan: _Plan, gap: EmployeeGap, profile: Profile, catalogue: Catalogue,
                  rules: IdpRules, assessed: bool, codes_by_id: Mapping[int, str]) -> None:
    minimum = rules.jp_rule(profile.employee_type).jp

    def short() -> float:
        return round(minimum - sum(i.jp for i in plan.items), 2)

    who = profile.audience
    if short() <= 0 or plan.full():
        return
    if not assessed:  # gap items wait for the assessment; the JP right is kept open for them
        jp = min(short(), plan.room_jp())
        if jp > 0:
            plan.add(ItemDraft(None, None, "Memenuhi hak pengembangan kompetensi minimal per "
                               "tahun pada kompetensi dengan kesenjangan terbesar hasil asesmen",
                               SELF_STUDY_FORM if SELF_STUDY_FORM in catalogue.forms else None,
                               None, "Kegiatan pengembangan sesuai hasil asesmen (ditetapkan "
                               "bersama atasan setelah asesmen)", "Atasan langsung", 0, jp, 0,
                               "tanpa_biaya", (), "Sertifikat atau laporan kegiatan", "hak_jp"))
        return
    channel = _channel(rules, who)
    if channel and not any(i.activity == channel["activity"] for i in plan.items):
        jp = min(float(channel.get("jp", 10)), plan.room_jp())  # type: ignore[arg-type]
        if jp > 0:
            plan.add(ItemDraft(None, None, "Memenuhi hak pengembangan kompetensi minimal per "
                               "tahun sesuai bidang tugas", E_LEARNING_FORM
                               if E_LEARNING_FORM in catalogue.forms else None, None,
                               str(channel["activity"]), str(channel["provider"]), 0, jp, 0,
                               "tanpa_biaya", (), "Sertifikat platform", "hak_jp"))
    standard = {ln.competency_id for ln in gap.lines}
    extras = sorted((p for p in catalogue.programmes
                     if p.form.jalur.lower() == "nonklasikal" and p.id not in plan.used
                     and p.form.code != COACHING_FORM
                     and p.jp > 0 and suits(p, who) and not _is_mandatory(p, rules)
                     and any(t.competency_id in standard for t in p.targets)),
                    key=lambda p: (p.cost, -p.jp, p.code))
    for prog in extras:
        if short() <= 0 or plan.full():
            return
        if plan.fits(prog.jp, prog.cost):
            target = next(t.competency_id for t in prog.targets if t.competency_id in standard)
            line = next(ln for ln in gap.lines if ln.competency_id == target)
            plan.add(ItemDraft(target, line.gap, f"Memelihara dan mengembangkan {line.name} "
                               f"(level {line.actual})", prog.form.code, prog.id, prog.title,
                               prog.provider, 0, prog.jp, prog.cost, None,
                               _codes(prog, codes_by_id), _evidence(prog.form.code, catalogue),
                               "hak_jp"))
    jp = min(short(), plan.room_jp())
    if jp > 0 and not plan.full():
        plan.add(ItemDraft(None, None, "Memenuhi hak pengembangan kompetensi minimal per tahun",
                           SELF_STUDY_FORM if SELF_STUDY_FORM in catalogue.forms else None, None,
                           "Belajar mandiri sesuai bidang tugas (e-learning terbuka, membaca, "
                           "diskusi)", "Mandiri, dibimbing atasan langsung", 0, jp, 0,
                           "tanpa_biaya", (), "Laporan belajar mandiri", "hak_jp"))


def default_funding(item: ItemDraft, catalogue: Catalogue) -> str:
    if item.funding_source:
        return item.funding_source
    form = catalogue.forms.get(item.form_code or "")
    if form is not None and form.bentuk.lower() == "pendidikan" and item.cost == 0:
        return "mandiri"
    if item.cost <= 0:
        return "tanpa_biaya"
    provider = item.provider.lower()
    if any(w in provider for w in ("kementerian", "kemen", "lan ri", "bkn", "pusat")):
        return "apbn"
    return "apbd_opd"


def _with_months(items: list[ItemDraft], catalogue: Catalogue) -> list[ItemDraft]:
    """Mandatory and assessment rows keep their month and come first; the rest spread over
    the months after the assessment (or over the year)."""
    ordered = sorted(items, key=lambda i: PURPOSE_ORDER.get(i.purpose, 9))
    waiting = any(i.purpose == "asesmen" for i in ordered)
    flexible = [i for i in ordered if i.purpose not in ("wajib", "asesmen")]
    start = 4 if waiting else 1
    span = 13 - start
    months = [start + int((n + 0.5) * span / len(flexible)) for n in range(len(flexible))]
    given = iter(months)
    out = []
    for item in ordered:
        month = item.month if item.purpose in ("wajib", "asesmen") and item.month else next(given)
        out.append(replace(item, month=max(1, min(12, month)),
                           funding_source=default_funding(item, catalogue)))
    return out

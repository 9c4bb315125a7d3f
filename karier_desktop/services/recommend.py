"""Recommended development for each competency gap, from the programme catalogue.

A programme target (competency, to_level, gain) means: the programme trains towards `to_level`
and a participant typically rises `gain` levels, never above `to_level`. For an employee at level
`actual` the expected level afterwards is min(to_level, actual + gain). A programme is a
candidate for a gap when it raises that competency at all and suits its target audience: a
programme with `position_kinds` is meant only for those kinds (and jenjang), one with
`audience_unit_kinds` only for staff of those kinds of unit (sekolah, puskesmas, RSUD,
kecamatan …, anywhere up the unit tree), one with `audience_fields` only for that rumpun
("guru", "kesehatan" …), so an RSUD nurse is not sent to a puskesmas topic. Candidates are ranked by a fit
score (higher is better), built from, in order of weight:

- reaching the required level: 100 points; a partial rise gets its share of 40 points;
- cost per participant: minus 10 × log10(1 + cost / Rp 100.000) (free 0, Rp 1 juta −10.4,
  Rp 40 juta −26), because the office's budget is small;
- JP, counted up to the yearly minimum: up to 10 points (non-classical forms count with the
  JP of their conversion: coaching 2 JP a session, e-learning 3 JP a day, …);
- being meant for this kind of position (rather than open to all): 10 points.

The catalogue is loaded once (`load_catalogue`) so batch drafting ranks in memory.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain import jp as jp_rules
from karier_desktop.domain.textfmt import format_number, format_rupiah
from karier_desktop.services import settings as settings_service
from karier_desktop.services.gaps import EmployeeGap, GapLine, employee_gap
from karier_desktop.services.training import TargetInput
from karier_desktop.store import models as m


@dataclass(frozen=True)
class FormInfo:
    code: str
    name: str
    bentuk: str  # "Pelatihan" | "Pendidikan"
    jalur: str  # "Klasikal" | "Nonklasikal" | "Pendidikan Formal"
    jp_unit: str
    jp_per_unit: float

    @property
    def jalur_word(self) -> str:
        """Lower-case word used in sentences: "klasikal", "nonklasikal", "pendidikan formal"."""
        return self.jalur.lower()

    @property
    def label(self) -> str:
        """"Pelatihan Nonklasikal – Coaching" (bentuk and jalur, then the form)."""
        if self.bentuk.lower() == "pendidikan":
            return f"Pendidikan – {self.name}"
        return f"{self.bentuk} {self.jalur} – {self.name}"


@dataclass(frozen=True)
class ProgrammeInfo:
    id: int
    code: str
    title: str
    form: FormInfo
    provider: str
    jp: float
    cost: int
    position_kinds: frozenset[str] | None
    targets: tuple[TargetInput, ...]
    unit_kinds: frozenset[str] | None = None
    fields: frozenset[str] | None = None
    mandatory_for: str = ""


@dataclass(frozen=True)
class Catalogue:
    programmes: tuple[ProgrammeInfo, ...]
    forms: dict[str, FormInfo] = field(hash=False)
    by_competency: dict[int, tuple[tuple[ProgrammeInfo, TargetInput], ...]] = field(
        hash=False)
    kind_names: dict[str, str] = field(hash=False, default_factory=dict)


@dataclass(frozen=True)
class Recommendation:
    programme_id: int
    code: str
    title: str
    form_code: str
    form_label: str
    jalur: str
    provider: str
    jp: float
    jp_basis: str  # "4 sesi × 2 JP" for forms counted per unit, "" for hours
    cost: int
    competency_id: int
    competency: str
    actual: int
    required: int
    reaches: int
    covers: bool
    for_position_kind: bool
    fit: float
    reason: str


@dataclass(frozen=True)
class GapRecommendations:
    line: GapLine
    options: tuple[Recommendation, ...]


@dataclass(frozen=True)
class EmployeeRecommendations:
    gap: EmployeeGap
    position_kind: str
    per_gap: tuple[GapRecommendations, ...]


def load_catalogue(session: Session, active_only: bool = True) -> Catalogue:
    forms = {code: FormInfo(code, name, bentuk, jalur, unit, float(per)) for
             code, name, bentuk, jalur, unit, per in session.execute(
                 select(m.DevelopmentForm.code, m.DevelopmentForm.name, m.DevelopmentForm.bentuk,
                        m.DevelopmentForm.jalur, m.DevelopmentForm.jp_unit,
                        m.DevelopmentForm.jp_per_unit))}
    targets: dict[int, list[TargetInput]] = {}
    for pid, cid, to_level, gain in session.execute(
            select(m.ProgrammeTarget.programme_id, m.ProgrammeTarget.competency_id,
                   m.ProgrammeTarget.to_level, m.ProgrammeTarget.gain)):
        targets.setdefault(pid, []).append(TargetInput(cid, to_level, max(1, gain or 1)))
    p = m.Programme
    stmt = select(p.id, p.code, p.title, p.form_code, p.provider, p.jp, p.cost_per_participant,
                  p.position_kinds, p.audience_unit_kinds, p.audience_fields,
                  p.mandatory_for).order_by(p.code)
    if active_only:
        stmt = stmt.where(p.active.is_(True))
    programmes = []
    for (pid, code, title, form_code, provider, jp, cost, kinds, unit_kinds, fields,
         mandatory) in session.execute(stmt):
        form = forms.get(form_code) or FormInfo(form_code, form_code, "Pelatihan", "", "jam", 1.0)
        programmes.append(ProgrammeInfo(pid, code, title, form, provider or "", float(jp),
                                        int(cost or 0), _codes(kinds),
                                        tuple(targets.get(pid, ())), _codes(unit_kinds, True),
                                        _codes(fields, True), (mandatory or "").strip()))
    by_comp: dict[int, list[tuple[ProgrammeInfo, TargetInput]]] = {}
    for prog in programmes:
        for tgt in prog.targets:
            by_comp.setdefault(tgt.competency_id, []).append((prog, tgt))
    kind_names = dict(session.execute(select(m.PositionKind.code, m.PositionKind.name)).all())
    return Catalogue(tuple(programmes), forms, {k: tuple(v) for k, v in by_comp.items()},
                     kind_names)


def jp_basis(form: FormInfo, jp: float) -> str:
    """How the JP of a non-hour form is made up: "4 sesi × 2 JP"; "" for hour-based forms."""
    if form.jp_unit == "jam" or form.jp_per_unit <= 0 or jp <= 0:
        return ""
    units = jp / form.jp_per_unit
    return f"{format_number(units, 0 if units == int(units) else 1)} {form.jp_unit} × " \
           f"{format_number(form.jp_per_unit, 0 if form.jp_per_unit == int(form.jp_per_unit) else 1)} JP"


def form_jp(form: FormInfo, quantity: float) -> float:
    """JP of `quantity` units of a form by its conversion rule (hours at 45 minutes per JP)."""
    return jp_rules.convert_to_jp(jp_rules.JpRule(form.jp_unit, form.jp_per_unit), quantity)


def _codes(text: str | None, lower: bool = False) -> frozenset[str] | None:
    """"a, b" -> {"a", "b"}; empty -> None (open to everyone)."""
    if not text:
        return None
    found = frozenset((k.strip().lower() if lower else k.strip()) for k in text.split(",")
                      if k.strip())
    return found or None


@dataclass(frozen=True)
class Audience:
    """Who the employee is, for a programme's target audience."""

    position_kind: str = ""
    unit_kinds: frozenset[str] = frozenset()  # kinds of the unit and every unit above it
    rumpun: str = ""  # "guru", "kesehatan", or the position's field


def suits(prog: ProgrammeInfo, position_kind: str | Audience | None) -> bool:
    who = position_kind if isinstance(position_kind, Audience) else Audience(position_kind or "")
    if prog.position_kinds is not None and who.position_kind not in prog.position_kinds:
        return False
    if prog.unit_kinds is not None and not (prog.unit_kinds & who.unit_kinds):
        return False
    return prog.fields is None or who.rumpun in prog.fields


def audience_of(session: Session, employee_id: int) -> Audience:
    """The employee's position kind, the kinds of their unit up the tree, and their rumpun."""
    row = session.execute(
        select(m.Position.kind_code, m.Position.name, m.Position.field, m.Employee.unit_id)
        .select_from(m.Employee).outerjoin(m.Position, m.Position.id == m.Employee.position_id)
        .where(m.Employee.id == employee_id)).first()
    if row is None:
        return Audience()
    kind, name, field_name, unit_id = row
    units = {uid: (k, parent) for uid, k, parent in session.execute(
        select(m.Unit.id, m.Unit.kind, m.Unit.parent_id))}
    return Audience(kind or "", unit_kinds_up(units, unit_id), rumpun_of(name or "", field_name))


def rumpun_of(position_name: str, field_name: str | None) -> str:
    """"guru", "kesehatan" or the position's field in lower case (teachers' and health staff's
    own channels depend on it)."""
    name = (position_name or "").lower()
    if name.startswith("guru") or "kepala sekolah" in name or (field_name or "").lower() in (
            "pendidikan", "guru"):
        return "guru"
    if re.search(r"perawat|bidan|dokter|apoteker|nutrisionis|sanitarian|epidemiolog|"
                 r"pranata laboratorium kesehatan|radiografer|fisioterapis|tenaga kesehatan",
                 name) or (field_name or "").lower() in ("kesehatan",):
        return "kesehatan"
    return (field_name or "").strip().lower()


def unit_kinds_up(units: dict[int, tuple[str, int | None]], unit_id: int | None
                  ) -> frozenset[str]:
    kinds: set[str] = set()
    seen = 0
    while unit_id is not None and unit_id in units and seen < 50:
        kind, unit_id = units[unit_id]
        kinds.add((kind or "").lower())
        seen += 1
    return frozenset(kinds)


def rank_for_gap(catalogue: Catalogue, line: GapLine, position_kind: str | Audience | None,
                 limit: int | None = None, minimum_jp: float = 20.0) -> list[Recommendation]:
    """Programmes for one gap line (actual below required), best fit first."""
    if line.actual is None or line.gap is None or line.gap >= 0:
        return []
    actual, required = line.actual, line.required
    found: list[tuple[tuple[float, str], Recommendation]] = []
    for prog, tgt in catalogue.by_competency.get(line.competency_id, ()):
        reaches = min(tgt.to_level, actual + tgt.gain)
        if reaches <= actual or not suits(prog, position_kind):
            continue
        covers = reaches >= required
        specific = (prog.position_kinds is not None or prog.unit_kinds is not None
                    or prog.fields is not None)
        rec = Recommendation(
            programme_id=prog.id, code=prog.code, title=prog.title, form_code=prog.form.code,
            form_label=prog.form.label, jalur=prog.form.jalur, provider=prog.provider,
            jp=prog.jp, jp_basis=jp_basis(prog.form, prog.jp), cost=prog.cost,
            competency_id=line.competency_id, competency=line.name, actual=actual,
            required=required, reaches=reaches, covers=covers, for_position_kind=specific,
            fit=fit_score(actual, required, reaches, prog, specific, minimum_jp),
            reason=reason_text(line.name, reaches, required, prog, specific, catalogue),
        )
        found.append(((-rec.fit, prog.code), rec))
    found.sort(key=lambda pair: pair[0])
    ranked = [rec for _key, rec in found]
    return ranked[:limit] if limit is not None else ranked


def fit_score(actual: int, required: int, reaches: int, prog: ProgrammeInfo, specific: bool,
              minimum_jp: float = 20.0) -> float:
    """How well a programme fits a gap (see the module docstring); rounded to 0.1."""
    score = 100.0 if reaches >= required else 40.0 * (reaches - actual) / max(1, required - actual)
    score -= 10.0 * math.log10(1 + max(0, prog.cost) / 100_000)
    if minimum_jp > 0:
        score += 10.0 * min(prog.jp, minimum_jp) / minimum_jp
    if specific:
        score += 10.0
    return round(score, 1)


def reason_text(competency: str, reaches: int, required: int, prog: ProgrammeInfo,
                specific: bool, catalogue: Catalogue | None = None) -> str:
    """"Menaikkan Integritas ke level 3 (dibutuhkan 3); nonklasikal, 8 JP, Rp 0"."""
    need = f"dibutuhkan {required}" if reaches >= required else \
        f"dibutuhkan {required}; perlu kegiatan lanjutan"
    text = (f"Menaikkan {competency} ke level {reaches} ({need}); {prog.form.jalur_word}, "
            f"{format_number(prog.jp, 0 if prog.jp == int(prog.jp) else 1)} JP, "
            f"{format_rupiah(prog.cost)}")
    if specific and prog.position_kinds:
        names = catalogue.kind_names if catalogue else {}
        kinds = ", ".join(names.get(k, k.replace("_", " ")) for k in sorted(prog.position_kinds))
        text += f"; khusus {kinds}"
    return text


def position_kind_of(session: Session, employee_id: int) -> str:
    kind = session.scalar(
        select(m.Position.kind_code).join(m.Employee, m.Employee.position_id == m.Position.id)
        .where(m.Employee.id == employee_id))
    return kind or ""


def for_employee(session: Session, employee_id: int, today: dt.date | None = None,
                 limit: int = 3) -> EmployeeRecommendations:
    """The employee's gaps (largest first) each with up to `limit` recommended programmes."""
    gap = employee_gap(session, employee_id, today)
    who = audience_of(session, employee_id)
    kind = who.position_kind
    catalogue = load_catalogue(session)
    minimum = settings_service.load(session).yearly_minimum_jp
    per_gap = tuple(GapRecommendations(line, tuple(rank_for_gap(catalogue, line, who, limit,
                                                                minimum)))
                    for line in gap.gaps)
    return EmployeeRecommendations(gap, kind, per_gap)


@dataclass(frozen=True)
class CompetencyChoice:
    id: int
    name: str
    kind: str
    required: int | None  # None: not in the position's standard
    actual: int | None
    gap: int | None


@dataclass(frozen=True)
class ItemChoices:
    """What the plan-item dialog offers: the employee's competencies, forms, programmes."""

    competencies: tuple[CompetencyChoice, ...]
    forms: tuple[FormInfo, ...]
    programmes: tuple[ProgrammeInfo, ...]
    recommended: dict[int, tuple[int, ...]] = field(hash=False)  # competency -> programme ids
    position_kind: str = ""


def item_choices(session: Session, employee_id: int, today: dt.date | None = None
                 ) -> ItemChoices:
    gap = employee_gap(session, employee_id, today)
    who = audience_of(session, employee_id)
    kind = who.position_kind
    catalogue = load_catalogue(session)
    minimum = settings_service.load(session).yearly_minimum_jp
    comps = [CompetencyChoice(ln.competency_id, ln.name, ln.kind, ln.required, ln.actual, ln.gap)
             for ln in gap.lines]
    in_standard = {c.id for c in comps}
    for cid, name, ckind in session.execute(select(m.Competency.id, m.Competency.name,
                                                   m.Competency.kind)
                                            .order_by(m.Competency.code)):
        if cid not in in_standard:
            comps.append(CompetencyChoice(cid, name, ckind, None, None, None))
    recommended = {ln.competency_id: tuple(r.programme_id for r in
                                           rank_for_gap(catalogue, ln, who, minimum_jp=minimum))
                   for ln in gap.gaps}
    programmes = tuple(p for p in catalogue.programmes if suits(p, who))
    forms = tuple(sorted(catalogue.forms.values(), key=lambda f: f.code))
    return ItemChoices(tuple(comps), forms, programmes, recommended, kind)

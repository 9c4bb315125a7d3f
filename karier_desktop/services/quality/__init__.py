"""Data-quality score per OPD and for the regency (issue 14).

Each rule of resources/reference/data_quality_rules.json checks one thing of every active
employee ("pegawai") or of every finished training record of theirs ("pelatihan"), with a
weight the office can see and change. The score is 100 × Σ weight of checks passed ÷ Σ weight
of checks made; the fix list names each failing rule with how many failed, heaviest first.

    with db.read_scope() as session:
        report = quality.score(session)            # the regency, with a line per OPD
        report = quality.score(session, "DISDIK")  # one OPD
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import NipError, check_against, parse_nip
from karier_desktop.services.employees import root_of
from karier_desktop.store import models as m
from karier_desktop.store.seed import load_reference

ASSESSMENT_YEARS = 3


class QualityError(Exception):
    """str() is an Indonesian message (e.g. an unknown OPD code)."""


@dataclass(frozen=True)
class Rule:
    id: str
    over: str  # "pegawai" or "pelatihan"
    weight: float
    label: str


@dataclass(frozen=True)
class Fix:
    rule: str
    label: str
    weight: float
    failed: int
    checked: int
    examples: tuple[str, ...] = ()  # a few NIPs to start with


@dataclass
class Tally:
    passed: dict[str, int] = field(default_factory=dict)
    checked: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, rule: str, ok: bool, nip: str) -> None:
        self.checked[rule] = self.checked.get(rule, 0) + 1
        if ok:
            self.passed[rule] = self.passed.get(rule, 0) + 1
        else:
            found = self.examples.setdefault(rule, [])
            if len(found) < 5:
                found.append(nip)

    def score(self, rules: list[Rule]) -> float:
        total = sum(r.weight * self.checked.get(r.id, 0) for r in rules)
        if not total:
            return 100.0
        return 100.0 * sum(r.weight * self.passed.get(r.id, 0) for r in rules) / total

    def fixes(self, rules: list[Rule]) -> list[Fix]:
        out = []
        for r in rules:
            failed = self.checked.get(r.id, 0) - self.passed.get(r.id, 0)
            if failed:
                out.append(Fix(r.id, r.label, r.weight, failed, self.checked[r.id],
                               tuple(self.examples.get(r.id, ()))))
        out.sort(key=lambda f: (-f.weight, -f.failed, f.rule))
        return out


@dataclass(frozen=True)
class UnitScore:
    code: str
    name: str
    score: float
    employees: int


@dataclass(frozen=True)
class QualityReport:
    scope: str  # "Kabupaten" or the OPD's name
    score: float
    employees: int
    trainings: int
    fixes: tuple[Fix, ...]
    units: tuple[UnitScore, ...]  # per OPD (the regency report only), lowest first
    rules: tuple[Rule, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "cakupan": self.scope, "skor": round(self.score, 1), "pegawai": self.employees,
            "pelatihan": self.trainings,
            "perbaikan": [{"aturan": f.rule, "keterangan": f.label, "bobot": f.weight,
                           "gagal": f.failed, "diperiksa": f.checked, "contoh_nip": f.examples}
                          for f in self.fixes],
            "opd": [{"kode": u.code, "nama": u.name, "skor": round(u.score, 1),
                     "pegawai": u.employees} for u in self.units],
            "aturan": [{"id": r.id, "atas": r.over, "bobot": r.weight, "keterangan": r.label}
                       for r in self.rules]}


def rules() -> list[Rule]:
    return [Rule(r["id"], r["over"], float(r["weight"]), r["label"])
            for r in load_reference("data_quality_rules.json")["rules"]]


def _nip_ok(nip: str, kind: str, birth: dt.date | None, sex: str, today: dt.date) -> bool:
    try:
        info = parse_nip(nip, kind, today=today)
    except NipError:
        return False
    return not check_against(info, birth, sex)


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def score(session: Session, opd_code: str | None = None,
          today: dt.date | None = None) -> QualityReport:
    """The score of the regency (with a line per OPD) or of the OPD with code `opd_code`."""
    today = today or dt.date.today()
    all_rules = rules()
    units = {uid: (pid, code, name) for uid, pid, code, name in session.execute(
        select(m.Unit.id, m.Unit.parent_id, m.Unit.code, m.Unit.name))}
    roots = root_of({uid: v[0] for uid, v in units.items()})
    only: int | None = None
    if opd_code:
        matches = [uid for uid, v in units.items() if v[1].casefold() == opd_code.casefold()]
        if not matches:
            raise QualityError(f"OPD dengan kode '{opd_code}' tidak ditemukan.")
        only = roots[matches[0]]
    e, a, ps = m.Employee, m.Assessment, m.PositionStandard
    latest = dict(session.execute(select(a.employee_id, func.max(a.assessed_on))
                                  .group_by(a.employee_id)).all())
    with_standard = set(session.scalars(select(ps.position_id).distinct()))
    cutoff = today.replace(year=today.year - ASSESSMENT_YEARS) if not (
        today.month == 2 and today.day == 29) else dt.date(today.year - ASSESSMENT_YEARS, 2, 28)
    tallies: dict[int | None, Tally] = {}
    region = Tally()
    opd_of: dict[int, int | None] = {}
    counted = 0
    for (eid, nip, kind, birth, sex, rank, position, unit, education) in session.execute(
            select(e.id, e.nip, e.employee_type, e.birth_date, e.sex, e.rank_code,
                   e.position_id, e.unit_id, e.education).where(e.status == "aktif")):
        opd = roots.get(unit) if unit is not None else None
        if only is not None and opd != only:
            continue
        opd_of[eid] = opd
        counted += 1
        checks = {
            "nip_valid": _nip_ok(nip, kind, birth, sex, today),
            "golongan": rank is not None,
            "jabatan": position is not None,
            "unit": unit is not None,
            "asesmen_baru": latest.get(eid) is not None and latest[eid] >= cutoff,
            "standar": position is not None and position in with_standard,
            "pendidikan": bool(education and education.strip()),
            "tanggal_lahir": birth is not None and 18 <= _age(birth, today) <= 70,
        }
        tally = tallies.setdefault(opd, Tally())
        for rule, ok in checks.items():
            tally.add(rule, ok, nip)
            region.add(rule, ok, nip)
    t = m.TrainingRecord
    trainings = 0
    for eid, nip, cert, jp, start, end in session.execute(
            select(t.employee_id, e.nip, t.certificate_no, t.jp, t.start_date, t.end_date)
            .join(e, e.id == t.employee_id).where(t.status == "selesai", e.status == "aktif")):
        if eid not in opd_of:
            continue
        trainings += 1
        checks = {
            "sertifikat": bool(cert and cert.strip()),
            "jp": (jp or 0) > 0,
            "tanggal_pelatihan": start is not None and start <= today
            and (end is None or end >= start),
        }
        tally = tallies.setdefault(opd_of[eid], Tally())
        for rule, ok in checks.items():
            tally.add(rule, ok, nip)
            region.add(rule, ok, nip)
    unit_scores = []
    if only is None:
        heads = {opd: sum(1 for v in opd_of.values() if v == opd) for opd in tallies}
        for opd, tally in tallies.items():
            code, name = (units[opd][1], units[opd][2]) if opd is not None else ("-", "Tanpa unit")
            unit_scores.append(UnitScore(code, name, tally.score(all_rules), heads[opd]))
        unit_scores.sort(key=lambda u: (u.score, u.code))
    scope = "Kabupaten" if only is None else units[only][2]
    return QualityReport(scope, region.score(all_rules), counted, trainings,
                         tuple(region.fixes(all_rules)), tuple(unit_scores), tuple(all_rules))


__all__ = ["Fix", "QualityError", "QualityReport", "Rule", "UnitScore", "rules", "score"]

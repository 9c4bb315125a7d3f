"""The pure scoring rule of the IP ASN competency dimension (no database).

An employee's evidence: the highest leadership programme taken ("pkp" … "pkn1"), whether a
functional training was taken, technical JP in the recent window, whether a seminar/workshop
was attended in the window. The score is the sum of the weights of the indicators met, per the
group of the employee's kind of position (struktural, fungsional, pelaksana).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from karier_desktop.services.ipasn._reference import INDICATORS, MAX_DIMENSION, IpAsnReference


@dataclass(frozen=True)
class Evidence:
    leadership: str | None = None  # highest leadership level taken
    functional: bool = False
    technical_jp: float = 0.0
    seminar: bool = False

    def plus(self, other: Evidence, ref: IpAsnReference) -> Evidence:
        """Both together (a plan's activities added to the records)."""
        lead = self.leadership
        if other.leadership and ref.leadership_rank.get(other.leadership, 0) > \
                ref.leadership_rank.get(lead or "", 0):
            lead = other.leadership
        return replace(self, leadership=lead, functional=self.functional or other.functional,
                       technical_jp=self.technical_jp + other.technical_jp,
                       seminar=self.seminar or other.seminar)


@dataclass(frozen=True)
class Score:
    group: str
    parts: dict[str, float]  # indicator -> points earned
    possible: dict[str, float]  # indicator -> weight for this group

    @property
    def total(self) -> float:
        return sum(self.parts.values())

    @property
    def lost(self) -> float:
        return MAX_DIMENSION - self.total if self.possible else 0.0

    def missing(self) -> list[str]:
        return [i for i in INDICATORS if self.possible.get(i, 0) > 0 and not self.parts.get(i)]


def group_of(ref: IpAsnReference, kind_code: str | None) -> str:
    return ref.group_of_kind.get(kind_code or "", "pelaksana")


def score(ref: IpAsnReference, kind_code: str | None, ev: Evidence) -> Score:
    group = group_of(ref, kind_code)
    weights = ref.weights[group]
    need = ref.leadership_level.get(kind_code or "")
    met = {
        "kepemimpinan": bool(need and ev.leadership and ref.leadership_rank.get(ev.leadership, 0)
                             >= ref.leadership_rank.get(need, 99)),
        "fungsional": ev.functional,
        "teknis": ev.technical_jp >= ref.teknis_min_jp,
        "seminar": ev.seminar,
    }
    parts = {i: (weights.get(i, 0.0) if met[i] else 0.0) for i in INDICATORS}
    return Score(group, parts, {i: weights.get(i, 0.0) for i in INDICATORS})


def scaled(total: float) -> float:
    """The dimension on a 0–100 scale (for the bands)."""
    return round(total / MAX_DIMENSION * 100, 1)

"""The IDP rules the office can edit (settings `idp_*`), per employee type, and the labels
and warnings that depend on the employee type, rank and position kind.

`load_rules(session)` reads the settings once; everything else here is pure, so the drafting
rule (services.idp._compose) and the printed document use the same values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from karier_desktop.services import settings as settings_service
from karier_desktop.services.recommend import rumpun_of as rumpun_of  # re-exported

PPPK_TYPES = ("PPPK", "PPPK Paruh Waktu")
MANAGERIAL_KINDS = ("jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas")
# Golongan ruang that fit a jenjang (lowest, highest). PermenPANRB on JF jenjang; structural
# ranges are the usual minimums for an eselon. Only used to warn, never to refuse.
RANK_FIT = {
    "fungsional_ahli_pertama": ("III/a", "III/b"),
    "fungsional_ahli_muda": ("III/c", "III/d"),
    "fungsional_ahli_madya": ("IV/a", "IV/c"),
    "fungsional_ahli_utama": ("IV/d", "IV/e"),
    "fungsional_pemula": ("II/a", "II/a"),
    "fungsional_terampil": ("II/b", "II/d"),
    "fungsional_mahir": ("III/a", "III/b"),
    "fungsional_penyelia": ("III/c", "III/d"),
    "pengawas": ("III/b", "IV/a"),
    "administrator": ("III/d", "IV/b"),
    "jpt_pratama": ("IV/a", "IV/e"),
}
_PNS_ORDER = [f"{g}/{r}" for g in ("I", "II", "III", "IV") for r in "abcd"] + ["IV/e"]


@dataclass(frozen=True)
class JpRule:
    kind: str  # "minimal" | "maksimal"
    jp: float
    rule: str
    citation: str

    @property
    def text(self) -> str:
        return f"{self.rule} ({self.citation})"


@dataclass(frozen=True)
class MandatoryProgramme:
    code: str  # "latsar" | "pkp" | "pka" | "pkn2"
    name: str
    employee_types: tuple[str, ...]
    position_kinds: tuple[str, ...]
    keywords: tuple[str, ...]
    month: int

    def applies(self, employee_type: str, position_kind: str) -> bool:
        if self.employee_types and employee_type not in self.employee_types:
            return False
        return not self.position_kinds or position_kind in self.position_kinds

    def matches(self, title: str) -> bool:
        low = f" {title.lower()} "
        return any(re.search(rf"(?<![a-z]){re.escape(k.lower())}(?![a-z])", low)
                   for k in self.keywords)


@dataclass(frozen=True)
class IdpRules:
    jp_rules: dict[str, JpRule] = field(hash=False)
    ceilings: dict[str, tuple[float, int]] = field(hash=False)  # type -> (JP, rupiah)
    max_gap_competencies: int = 3
    max_items: int = 6
    weak_predikat: tuple[str, ...] = ("Butuh Perbaikan", "Kurang", "Sangat Kurang")
    assessment: dict[str, Any] = field(default_factory=dict, hash=False)
    mandatory: tuple[MandatoryProgramme, ...] = ()
    channels: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False)
    ppk_name: str = ""
    ppk_caption: str = "Bupati"
    commitment: str = ""

    def jp_rule(self, employee_type: str) -> JpRule:
        return self.jp_rules.get(employee_type) or self.jp_rules["PNS"]

    def ceiling(self, employee_type: str) -> tuple[float, int]:
        return self.ceilings.get(employee_type) or self.ceilings.get("PNS") or (40.0, 7_500_000)

    def is_weak(self, predikat: str | None) -> bool:
        low = (predikat or "").strip().lower()
        return bool(low) and low in {p.lower() for p in self.weak_predikat}


def yearly_room(rules: IdpRules, employee_type: str, jp_taken: float) -> tuple[float, int]:
    """(JP, rupiah) one employee may still be planned this year: the per-person ceilings of the
    type, and for a type with a maximum rule (PPPK: 24 JP a year) that maximum less the JP
    already taken or planned in the year. The IDP drafting and the budget planner both use it."""
    jp, cost = rules.ceiling(employee_type)
    rule = rules.jp_rule(employee_type)
    if rule.kind == "maksimal":
        jp = min(jp, rule.jp - jp_taken)
    return max(0.0, jp), max(0, cost)


def yearly_target(rules: IdpRules, employee_type: str) -> float | None:
    """The JP an employee of this type should reach in a year (PNS: 20), None for a maximum."""
    rule = rules.jp_rule(employee_type)
    return rule.jp if rule.kind == "minimal" else None


def load_rules(session: Session) -> IdpRules:
    get = settings_service.get_value
    raw_rules = get(session, "idp_jp_rules", {}) or {}
    minimum = settings_service.load(session).yearly_minimum_jp
    jp_rules = {t: JpRule(str(r.get("kind", "minimal")), float(r.get("jp", minimum)),
                          str(r.get("rule", "")), str(r.get("citation", "")))
                for t, r in raw_rules.items()}
    if "PNS" in jp_rules:  # the general minimum of the settings page stays the PNS figure
        pns = jp_rules["PNS"]
        jp_rules["PNS"] = JpRule(pns.kind, minimum, pns.rule, pns.citation)
    jp_rules.setdefault("PNS", JpRule("minimal", minimum, "Hak pengembangan kompetensi paling "
                                      "sedikit 20 JP per tahun", "PP 11/2017 jo. PP 17/2020"))
    ceilings = {t: (float(c.get("jp", 40)), int(c.get("cost", 0)))
                for t, c in (get(session, "idp_ceilings", {}) or {}).items()}
    mandatory = tuple(MandatoryProgramme(
        str(p["code"]), str(p.get("name", p["code"])), tuple(p.get("employee_types") or ()),
        tuple(p.get("position_kinds") or ()), tuple(p.get("keywords") or ()),
        int(p.get("month", 3))) for p in get(session, "idp_mandatory_programmes", []) or [])
    ppk = get(session, "idp_ppk", {}) or {}
    return IdpRules(
        jp_rules=jp_rules, ceilings=ceilings,
        max_gap_competencies=max(1, int(get(session, "idp_max_gap_competencies", 3))),
        max_items=max(2, int(get(session, "idp_max_items", 6))),
        weak_predikat=tuple(get(session, "idp_weak_predikat", []) or ()),
        assessment=dict(get(session, "idp_assessment_item", {}) or {}), mandatory=mandatory,
        channels=dict(get(session, "idp_channels", {}) or {}),
        ppk_name=str(ppk.get("name") or ""), ppk_caption=str(ppk.get("caption") or "Bupati"),
        commitment=str(get(session, "idp_commitment_text", "") or ""))


# --- labels ----------------------------------------------------------------------------------
def nip_label(employee_type: str) -> str:
    return "NI PPPK" if employee_type in PPPK_TYPES else "NIP"


def rank_label(employee_type: str) -> str:
    return "Golongan" if employee_type in PPPK_TYPES else "Pangkat/Golongan Ruang"


def rank_text(employee_type: str, code: str | None, pangkat: str | None) -> str:
    """"Penata Muda (III/a)" for PNS; "Golongan IX" for PPPK (a PPPK has no pangkat)."""
    if not code:
        return ""
    if employee_type in PPPK_TYPES or not pangkat:
        return f"Golongan {code}"
    return f"{pangkat} ({code})"


def misfit_warnings(employee_type: str, rank_code: str | None, position_kind: str,
                    kind_name: str) -> list[str]:
    """Where rank, jenjang and employee type do not fit each other (printed as a warning)."""
    out: list[str] = []
    pppk = employee_type in PPPK_TYPES
    pns_rank = bool(rank_code) and "/" in (rank_code or "")
    if pppk and pns_rank:
        out.append(f"Pegawai {employee_type} tercatat dengan golongan ruang PNS {rank_code}; "
                   "PPPK memakai golongan I–XVII.")
    if not pppk and rank_code and not pns_rank:
        out.append(f"Pegawai {employee_type} tercatat dengan golongan PPPK {rank_code}; "
                   "periksa jenis pegawai atau golongan ruang.")
    if position_kind in MANAGERIAL_KINDS and employee_type != "PNS":
        out.append(f"{kind_name or position_kind} diduduki {employee_type}; jabatan manajerial "
                   "lazimnya diisi PNS.")
    fit = RANK_FIT.get(position_kind)
    if fit and pns_rank and not pppk and rank_code in _PNS_ORDER:
        low, high = (_PNS_ORDER.index(x) for x in fit)
        if not low <= _PNS_ORDER.index(rank_code) <= high:
            out.append(f"Golongan ruang {rank_code} tidak sesuai jenjang {kind_name or position_kind}"
                       f" (lazimnya {fit[0]}–{fit[1]}).")
    return out

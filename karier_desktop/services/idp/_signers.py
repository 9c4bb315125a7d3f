"""Who signs an IDP, derived from the unit tree and the kinds of position.

- **Atasan langsung**: the head of the employee's own unit; when that is the employee, the
  head of the unit above, and so on up the tree (a teacher's is the kepala sekolah, a nurse's
  the kepala ruangan, a Kabag's the Asisten, a Kasubbag's the Kabag). The head of an OPD (the
  JPT Pratama at its top) answers to the Bupati as PPK, who has no NIP.
- **Mengetahui**: the head of the employee's OPD with the OPD's own caption ("Kepala Dinas
  Kesehatan", "Direktur RSUD …", "Sekretaris Daerah"); when that person already signs (as the
  employee or the atasan) the Sekretaris Daerah; when he too already signs, no third block.
- The head of a unit is the active holder of its managerial position (JPT before
  administrator before pengawas) or of a position named "Kepala …/Direktur/Camat/Lurah/
  Inspektur" (kepala sekolah, kepala puskesmas, kepala ruangan). Without one anywhere up the
  tree the recorded `supervisor_id` is used.

One person never fills two signature blocks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain.textfmt import full_name
from karier_desktop.services.idp._rows import Signers
from karier_desktop.services.idp._rules import load_rules
from karier_desktop.store import models as m

_HEAD_NAME = re.compile(r"^(kepala|direktur|camat|lurah|inspektur|sekretaris daerah)\b",
                        re.IGNORECASE)
_KIND_RANK = {"jpt_utama": 0, "jpt_madya": 1, "jpt_pratama": 2, "administrator": 3,
              "pengawas": 4}
JPT_KINDS = ("jpt_utama", "jpt_madya", "jpt_pratama")


@dataclass(frozen=True)
class _Person:
    id: int
    name: str
    nip: str
    unit_id: int | None
    position: str
    kind: str
    supervisor_id: int | None


def caption_for(position: str, unit_name: str) -> str:
    """"Kepala Dinas" in "Dinas Kesehatan" -> "Kepala Dinas Kesehatan"; a position that
    already names its unit is kept."""
    words = [w for w in unit_name.split()[1:] if len(w) > 3]
    if not unit_name or any(w.lower() in position.lower() for w in words):
        return position
    first = unit_name.split()[0].lower()
    parts = position.split()
    if parts and parts[-1].lower() == first:
        return " ".join(parts[:-1] + [unit_name])
    return f"{position} {unit_name}"


def _head_key(p: _Person) -> tuple[int, int, int]:
    named = bool(_HEAD_NAME.match(p.position))
    return (_KIND_RANK.get(p.kind, 5), 0 if named else 1, p.id)


def signers_for(session: Session, employee_ids: Sequence[int]) -> dict[int, Signers]:
    rules = load_rules(session)
    e, pos = m.Employee, m.Position
    people: dict[int, _Person] = {}
    heads_of: dict[int, list[_Person]] = {}
    for row in session.execute(
            select(e.id, e.name, e.front_title, e.back_title, e.nip, e.unit_id, pos.unit_id,
                   pos.name, pos.kind_code, e.supervisor_id, e.status)
            .outerjoin(pos, pos.id == e.position_id)):
        (eid, name, front, back, nip, unit_id, pos_unit, pos_name, kind, sup, status) = row
        person = _Person(eid, full_name(name, front, back), nip, pos_unit or unit_id,
                         pos_name or "", kind or "", sup)
        people[eid] = person
        if status == "aktif" and person.unit_id is not None and (
                kind in _KIND_RANK or _HEAD_NAME.match(person.position)):
            heads_of.setdefault(person.unit_id, []).append(person)
    head = {uid: sorted(ps, key=_head_key)[0] for uid, ps in heads_of.items()}
    units = {uid: (name, parent) for uid, name, parent in session.execute(
        select(m.Unit.id, m.Unit.name, m.Unit.parent_id))}

    def root(uid: int | None) -> int | None:
        seen = 0
        while uid is not None and units.get(uid, ("", None))[1] is not None and seen < 50:
            uid = units[uid][1]
            seen += 1
        return uid

    sekda_unit = next((uid for uid, (name, parent) in units.items() if parent is None
                       and name.strip().lower() == "sekretariat daerah"), None)

    def labelled(p: _Person | None) -> tuple[str, str, str] | None:
        if p is None:
            return None
        unit_name = units.get(p.unit_id, ("", None))[0] if p.unit_id else ""
        return p.name, p.nip, caption_for(p.position, unit_name) if p.position else ""

    out: dict[int, Signers] = {}
    for eid in employee_ids:
        me = people.get(eid)
        if me is None:
            continue
        opd = root(me.unit_id)
        opd_head = head.get(opd) if opd is not None else None
        atasan: tuple[str, str, str] | None
        if me.kind in JPT_KINDS and opd_head is not None and opd_head.id == eid:
            atasan = (rules.ppk_name, "", rules.ppk_caption)
            atasan_id = None
        else:
            found, uid, seen = None, me.unit_id, 0
            while uid is not None and seen < 50:
                h = head.get(uid)
                if h is not None and h.id != eid:
                    found = h
                    break
                uid = units.get(uid, ("", None))[1]
                seen += 1
            if found is None and me.supervisor_id in people and me.supervisor_id != eid:
                found = people[me.supervisor_id]
            atasan = labelled(found)
            atasan_id = found.id if found else None
        taken = {eid, atasan_id}
        knows = None
        for cand in (opd_head, head.get(sekda_unit) if sekda_unit is not None else None):
            if cand is not None and cand.id not in taken:
                knows = labelled(cand)
                break
        sup_name, sup_nip, sup_cap = atasan or ("", "", "")
        head_name, head_nip, head_cap = knows or ("", "", "")
        out[eid] = Signers(sup_name, sup_nip, head_name, head_nip, "", sup_cap, head_cap)
    return out

"""The Komite Talenta sheet: prepared from a succession board, rendered by reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from karier_desktop.domain.nip import format_nip
from karier_desktop.services import audit
from karier_desktop.services import settings as settings_service
from karier_desktop.services.files import write_atomic
from karier_desktop.services.talent._critical import critical_posts
from karier_desktop.services.talent._settings import SuccessionRules
from karier_desktop.services.talent._succession import candidates

if TYPE_CHECKING:  # ReportLab (and Pillow) load when a sheet is made, not with the window
    from karier_desktop.reports.talent_committee_pdf import CommitteeDocument

MAX_ON_SHEET = 10


def rules_sentence(r: SuccessionRules, kind_code: str) -> str:
    """The rules applied to a target of this kind, as one sentence for the sheet."""
    parts = [f"kotak talenta {', '.join(str(b) for b in r.boxes)}"]
    if r.min_rank.get(kind_code):
        parts.append(f"golongan paling rendah {r.min_rank[kind_code]}")
    if r.min_education.get(kind_code):
        parts.append(f"pendidikan paling rendah {r.min_education[kind_code]}")
    if r.leadership_required:
        parts.append("sudah mengikuti pelatihan kepemimpinan jenjangnya")
    parts.append(f"tidak pensiun dalam {r.retiring_within_months} bulan")
    return "; ".join(parts) + "."


def committee_document(session: Session, position_id: int, period: int,
                       today: dt.date | None = None, opd_id: int | None = None,
                       employee_ids: list[int] | None = None) -> CommitteeDocument:
    """The sheet for a position: the top candidates, or the chosen ones in the given order."""
    today = today or dt.date.today()
    board = candidates(session, position_id, period, today, opd_id)
    chosen = list(board.candidates)
    if employee_ids:
        by_id = {c.employee_id: c for c in chosen}
        chosen = [by_id[i] for i in employee_ids if i in by_id]
    post = next((p for p in critical_posts(session) if p.position_id == position_id), None)
    cfg = settings_service.load(session)
    lh = cfg.letterhead
    t = board.target
    from karier_desktop.reports.talent_committee_pdf import CandidateLine, CommitteeDocument

    return CommitteeDocument(
        letterhead=lh,
        paper_size=cfg.paper_size, city=cfg.city, made_on=today, period=period,
        position=t.name, kind=t.kind_name, unit=t.unit, opd=t.opd,
        reason=post.reason if post else "", holder=post.holders if post else "-",
        holder_retires_on=post.holder_retires_on if post else None,
        acting=post.acting if post else "", rules=rules_sentence(board.rules, t.kind_code),
        candidates=tuple(CandidateLine(i, c.name, format_nip(c.nip), c.position, c.rank, c.box,
                                       c.jpm, c.readiness, c.gap_text())
                         for i, c in enumerate(chosen[:MAX_ON_SHEET], start=1)))


def save_committee_pdf(session: Session, position_id: int, period: int, path: str | Path,
                       today: dt.date | None = None, employee_ids: list[int] | None = None
                       ) -> Path:
    """Render the sheet and write it atomically; the path actually written."""
    doc = committee_document(session, position_id, period, today, employee_ids=employee_ids)
    from karier_desktop.reports.talent_committee_pdf import render

    final = write_atomic(path, render(doc))
    audit.record(session, "cetak", "komite_talenta", position_id, file=final.name)
    return final

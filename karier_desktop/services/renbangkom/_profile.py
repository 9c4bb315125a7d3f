"""One page per OPD for the heads: headcount, JPM categories, top gaps, 20-JP share and its
trend, IP ASN competency score (and with the plan), 9-box spread where known, retirements in
the next 24 months, the plan and its budget, the best-working programme, the OPD's rank."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.domain import ninebox
from karier_desktop.domain.textfmt import format_date_id, full_name
from karier_desktop.reports.renbangkom_data import ProfileDocument
from karier_desktop.services import ipasn
from karier_desktop.services import settings as settings_service
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.files import write_atomic
from karier_desktop.services.gaps import jpm_all
from karier_desktop.services.gaps.unit import opd_by_code, unit_members
from karier_desktop.services.renbangkom._document import gap_summary, letterhead
from karier_desktop.services.renbangkom._plans import current_plan_id, header
from karier_desktop.services.renbangkom._simulate import planned_activities
from karier_desktop.services.retirement import retirement_by_employee
from karier_desktop.store import models as m

L, PP = m.RenbangkomLine, m.RenbangkomParticipant
CATEGORY_ORDER = ("Optimal", "Cukup Optimal", "Kurang Optimal", "Belum diases")


def _share_20(session: Session, members: list[int], year: int) -> float:
    if not members:
        return 0.0
    t = m.TrainingRecord
    ids = set(members)
    sums = session.execute(select(t.employee_id, func.sum(t.jp)).where(
        t.status == "selesai", t.start_date >= dt.date(year, 1, 1),
        t.start_date <= dt.date(year, 12, 31)).group_by(t.employee_id)).all()
    return sum(1 for eid, jp in sums if eid in ids and (jp or 0) >= 20) / len(members)


def _best_programme(session: Session) -> str:
    from karier_desktop.services.effectiveness import evaluate_programmes

    ranked = [p for p in evaluate_programmes(session).programmes
              if p.did is not None and not p.warning]
    if not ranked:
        return "Belum terukur (perlu asesmen sebelum dan sesudah pelatihan)."
    best = max(ranked, key=lambda p: p.did or 0)
    return f"{best.title} (selisih kenaikan level {best.did:+.2f}, {best.measured} peserta)"


def profile_document(session: Session, opd_code: str, year: int, today: dt.date
                     ) -> ProfileDocument:
    opd = opd_by_code(session, opd_code)
    if opd is None:
        raise ValidationError([f"Perangkat daerah dengan kode {opd_code} tidak ditemukan."])
    members, _ = unit_members(session, opd.id)
    ids = set(members)
    e = m.Employee
    people = session.execute(select(e.id, e.name, e.front_title, e.back_title,
                                    e.employee_type, e.performance, e.position_id)
                             .where(e.id.in_(members))).all() if members else []
    types: dict[str, int] = {}
    for row in people:
        types[row.employee_type] = types.get(row.employee_type, 0) + 1
    cfg = settings_service.load(session)
    jpm = {k: v for k, v in jpm_all(session, today).items() if k in ids}
    cats = {c: 0 for c in CATEGORY_ORDER}
    boxes: dict[int, int] = {}
    for row in people:
        s = jpm.get(row.id)
        cat = s.category if s is not None and s.jpm is not None else "Belum diases"
        cats[cat] = cats.get(cat, 0) + 1
        if s is not None and s.jpm is not None and row.performance:
            try:
                b = ninebox.box(ninebox.kinerja_from_predikat(row.performance),
                                ninebox.potensial_from_score(s.jpm, cfg.potensial_low,
                                                             cfg.potensial_high))
            except ValueError:
                continue
            boxes[b] = boxes.get(b, 0) + 1
    gaps, _assessed = gap_summary(session, members, today, top=5)
    retire = retirement_by_employee(session)
    names = {row.id: full_name(row.name, row.front_title, row.back_title) for row in people}
    positions = dict(session.execute(select(m.Position.id, m.Position.name)).all())
    limit = today.replace(year=today.year + 2)
    retiring = sorted(((names[r.id], positions.get(r.position_id, ""), retire[r.id].on)
                       for r in people if r.id in retire and today <= retire[r.id].on <= limit),
                      key=lambda x: x[2])
    plan_id = current_plan_id(session, year)
    lines = participants = cost = 0
    status = "Belum disusun"
    after = None
    if plan_id is not None:
        status = header(session, plan_id).label
        rows = session.execute(select(PP.line_id, PP.cost).join(L, L.id == PP.line_id)
                               .where(L.plan_id == plan_id, PP.employee_id.in_(members))).all() \
            if members else []
        lines = len({r[0] for r in rows})
        participants, cost = len(rows), sum(int(r[1] or 0) for r in rows)
        after = ipasn.compute(session, year, today, opd.id,
                              planned=planned_activities(session, plan_id))
    regency = ipasn.compute(session, year, today)
    mine = next((o for o in regency.opds if o.opd_id == opd.id), None)
    rank = next((i for i, o in enumerate(regency.opds, 1) if o.opd_id == opd.id), None)
    lh, paper, _city = letterhead(session)
    dims = _dimension_averages(regency, opd.id)
    return ProfileDocument(
        letterhead=lh, paper_size=paper, year=year, generated_on=today, opd=opd.name,
        headcount=tuple(sorted(types.items())),
        jpm_categories=tuple((c, n) for c, n in cats.items() if n or c in CATEGORY_ORDER),
        top_gaps=gaps, share_20jp=_share_20(session, members, year - 1),
        ip_score=mine.average if mine else 0.0, ip_band=mine.band if mine else "–",
        ip_after=after.regency_average if after is not None else (mine.average if mine else 0.0),
        ninebox=tuple((f"Kotak {b}", n) for b, n in sorted(boxes.items())),
        retiring=tuple((n, p, format_date_id(d)) for n, p, d in retiring[:8]),
        plan_lines=lines, plan_participants=participants, plan_cost=cost, plan_status=status,
        best_programme=_best_programme(session),
        trend=tuple((y, _share_20(session, members, y)) for y in range(year - 4, year)),
        rank_text=(f"peringkat {rank} dari {len(regency.opds)} perangkat daerah"
                   if rank else "belum berperingkat"),
        ip_index=mine.index_average if mine else 0.0,
        ip_index_band=mine.index_band if mine else "–", ip_dimensions=dims,
        ip_kinerja_missing=mine.kinerja_missing if mine else 0)


def _dimension_averages(report: ipasn.IpAsnReport, opd_id: int
                        ) -> tuple[tuple[str, float, float], ...]:
    """The OPD's average points per IP ASN dimension, with each dimension's maximum."""
    mine = [e for e in report.employees if e.opd_id == opd_id]
    if not mine:
        return ()
    weights = report.reference.dimension_weights
    values = {"kualifikasi": sum(e.kualifikasi for e in mine),
              "kompetensi": sum(e.total for e in mine),
              "kinerja": sum(e.kinerja for e in mine), "disiplin": sum(e.disiplin for e in mine)}
    return tuple((ipasn.DIMENSION_LABELS[d], round(values[d] / len(mine), 2), weights[d])
                 for d in ipasn.DIMENSIONS)


def profile_pdf_bytes(session: Session, opd_code: str, year: int, today: dt.date) -> bytes:
    from karier_desktop.reports.renbangkom_profile_pdf import render

    return render(profile_document(session, opd_code, year, today))


def save_profile(session: Session, opd_code: str, year: int, path: str | Path,
                 today: dt.date) -> Path:
    return write_atomic(Path(path), profile_pdf_bytes(session, opd_code, year, today))

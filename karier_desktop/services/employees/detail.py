"""Everything the detail panel shows about one employee."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import format_nip
from karier_desktop.services.gaps import EmployeeGap, employee_gap
from karier_desktop.store import models as m


@dataclass(frozen=True)
class AssessmentLine:
    id: int
    assessed_on: dt.date
    method: str
    assessor: str
    levels: int


@dataclass(frozen=True)
class TrainingLine:
    id: int
    title: str
    form_code: str
    start_date: dt.date
    jp: float
    cost: int
    status: str


@dataclass(frozen=True)
class EmployeeDetail:
    id: int
    nip_display: str
    employee_type: str
    sex: str
    birth: str
    rank: str
    education: str
    supervisor: str
    gap: EmployeeGap
    assessments: tuple[AssessmentLine, ...]
    trainings: tuple[TrainingLine, ...]
    plan_status: str


def detail(session: Session, employee_id: int, today: dt.date | None = None) -> EmployeeDetail:
    emp = session.get(m.Employee, employee_id)
    if emp is None:
        raise LookupError("Pegawai tidak ditemukan (mungkin sudah dihapus).")
    gap = employee_gap(session, employee_id, today)
    a, r = m.Assessment, m.AssessmentResult
    assessments = tuple(AssessmentLine(aid, d, meth, who or "", n) for aid, d, meth, who, n in
                        session.execute(select(a.id, a.assessed_on, a.method, a.assessor,
                                               func.count(r.competency_id))
                                        .outerjoin(r, r.assessment_id == a.id)
                                        .where(a.employee_id == employee_id)
                                        .group_by(a.id).order_by(a.assessed_on.desc())))
    t = m.TrainingRecord
    trainings = tuple(TrainingLine(*row) for row in session.execute(
        select(t.id, t.title, func.coalesce(t.form_code, ""), t.start_date, t.jp, t.cost, t.status)
        .where(t.employee_id == employee_id).order_by(t.start_date.desc())))
    rank = session.get(m.Rank, emp.rank_code) if emp.rank_code else None
    rank_text = ""
    if rank is not None:
        rank_text = f"{rank.pangkat}, {rank.code}" if rank.pangkat else f"Golongan {rank.code}"
    sup = session.get(m.Employee, emp.supervisor_id) if emp.supervisor_id else None
    plan = session.execute(
        select(m.DevelopmentPlan.year, m.DevelopmentPlan.status)
        .where(m.DevelopmentPlan.employee_id == employee_id,
               m.DevelopmentPlan.status != "diganti")
        .order_by(m.DevelopmentPlan.year.desc(), m.DevelopmentPlan.version.desc())).first()
    from karier_desktop.domain.textfmt import format_date_id

    return EmployeeDetail(
        id=emp.id, nip_display=format_nip(emp.nip), employee_type=emp.employee_type,
        sex="Laki-laki" if emp.sex == "L" else "Perempuan",
        birth=f"{emp.birth_place or '-'}, {format_date_id(emp.birth_date)}",
        rank=rank_text, education=emp.education or "", supervisor=sup.name if sup else "",
        gap=gap, assessments=assessments, trainings=trainings,
        plan_status=f"IDP {plan[0]}: {plan[1]}" if plan else "Belum ada IDP",
    )

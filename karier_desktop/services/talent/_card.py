"""One employee's talent card, box overrides, and the SIASN talent-mapping export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain import ninebox
from karier_desktop.domain.retirement import retirement_date
from karier_desktop.services import audit
from karier_desktop.services.errors import ValidationError
from karier_desktop.services.talent._placement import Placement, TalentMap, talent_map
from karier_desktop.services.talent._records import (
    PotentialRow,
    SkpRow,
    potential_history,
    skp_history,
)
from karier_desktop.services.talent._settings import box_actions
from karier_desktop.store import models as m

SIASN_HEADERS = ("NIP", "Nama", "OPD", "Jabatan", "box", "sumbu_x", "sumbu_y", "total")


@dataclass(frozen=True)
class YearBox:
    period: int
    box: int | None
    x: float | None
    y: float | None
    overridden: bool


@dataclass(frozen=True)
class TalentCard:
    placement: Placement
    birth_date: dt.date
    retirement_date: dt.date | None
    skp: tuple[SkpRow, ...]
    potential: tuple[PotentialRow, ...]
    history: tuple[YearBox, ...]  # newest first
    box_name: str
    recommendation: str
    actions: tuple[tuple[str, str, float], ...]  # (activity, form code, JP) for the box


def set_override(session: Session, employee_id: int, period: int, box: int, reason: str,
                 approved_by: str) -> None:
    """Place an employee in `box` for the period by decision of the talent committee."""
    errors = []
    if not 1 <= box <= 9:
        errors.append("Kotak talenta harus 1 sampai 9.")
    if len(reason.strip()) < 5:
        errors.append("Alasan perubahan kotak wajib diisi (minimal 5 huruf).")
    if not approved_by.strip():
        errors.append("Nama pejabat yang menyetujui wajib diisi.")
    if session.get(m.Employee, employee_id) is None:
        errors.append("Pegawai tidak ditemukan.")
    if errors:
        raise ValidationError(errors)
    o = m.TalentOverride
    row = session.scalar(select(o).where(o.employee_id == employee_id, o.period == period))
    if row is None:
        row = o(employee_id=employee_id, period=period, box=box, reason=reason.strip(),
                approved_by=approved_by.strip()[:150])
        session.add(row)
    else:
        row.box, row.reason, row.approved_by = box, reason.strip(), approved_by.strip()[:150]
    audit.record(session, "ubah_kotak", "talenta", employee_id, periode=period, kotak=box,
                 alasan=reason.strip(), disetujui=approved_by.strip())


def clear_override(session: Session, employee_id: int, period: int) -> None:
    o = m.TalentOverride
    row = session.scalar(select(o).where(o.employee_id == employee_id, o.period == period))
    if row is not None:
        session.delete(row)
        audit.record(session, "hapus_ubah_kotak", "talenta", employee_id, periode=period)


def talent_card(session: Session, employee_id: int, period: int,
                today: dt.date | None = None) -> TalentCard:
    today = today or dt.date.today()
    emp = session.get(m.Employee, employee_id)
    if emp is None:
        raise LookupError(f"Pegawai dengan id {employee_id} tidak ditemukan.")
    current = talent_map(session, period, today, [employee_id]).rows
    if not current:
        raise LookupError("Pegawai tidak aktif; kartu talenta hanya untuk pegawai aktif.")
    placement = current[0]
    skp = tuple(skp_history(session, employee_id))
    years = sorted({r.year for r in skp} | {period}, reverse=True)
    history = []
    for year in years:
        p = placement if year == period else talent_map(session, year, today,
                                                        [employee_id]).rows[0]
        history.append(YearBox(year, p.box, p.x, p.y, p.box != p.computed_box))
    age = None
    if emp.position_id:
        age = session.scalar(select(m.PositionKind.retirement_age)
                             .join(m.Position, m.Position.kind_code == m.PositionKind.code)
                             .where(m.Position.id == emp.position_id))
    box = placement.box
    return TalentCard(
        placement=placement, birth_date=emp.birth_date,
        retirement_date=retirement_date(emp.birth_date, age) if age else None, skp=skp,
        potential=tuple(potential_history(session, employee_id)), history=tuple(history),
        box_name=ninebox.BOX_NAMES.get(box, "Belum dapat dipetakan") if box else
        "Belum dapat dipetakan (data kinerja atau potensi belum ada)",
        recommendation=ninebox.BOX_RECOMMENDATIONS.get(box, "") if box else "",
        actions=box_actions(session).get(box, ()) if box else ())


def siasn_rows(tm: TalentMap) -> list[list[object]]:
    """Placements in SIASN's talent-mapping fields (NIP, box, sumbu_x, sumbu_y, total)."""
    return [[p.nip, p.name, p.opd, p.position, p.box, p.x, p.y, p.total]
            for p in tm.rows if p.box is not None]


def export_siasn(session: Session, period: int, path: str | Path,
                 today: dt.date | None = None, opd_id: int | None = None) -> tuple[Path, int]:
    """Write the period's placements to .xlsx/.csv through the atomic writer; (path, rows)."""
    from karier_desktop.services.exporting import export_rows

    tm = talent_map(session, period, today)
    rows = [r for r, p in zip(siasn_rows(tm), tm.placed, strict=True)
            if opd_id is None or p.opd_id == opd_id]
    result = export_rows(path, SIASN_HEADERS, rows, sheet=f"Talenta {period}")
    audit.record(session, "ekspor", "talenta", str(period), file=result.path.name,
                 rows=result.rows)
    return result.path, result.rows

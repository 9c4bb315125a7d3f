"""The printed plan as JSON (`karier-desktop idp --json`), made from the same prepared
document the PDF is rendered from, so the two cannot disagree."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy.orm import Session

from karier_desktop.reports.documents import IdpDocument


def plan_dict(doc: IdpDocument) -> dict[str, Any]:
    return {
        "nama": doc.name,
        "nip": doc.nip.replace(" ", ""),
        "label_nip": doc.nip_label,
        "tahun": doc.year,
        "versi": doc.version,
        "status": doc.status,
        "jenis_pegawai": doc.employee_type,
        "pangkat_golongan": doc.rank,
        "jabatan": doc.position,
        "unit_kerja": doc.unit,
        "perangkat_daerah": doc.opd,
        "predikat_kinerja": doc.performance,
        "aturan_jp": {"jenis": doc.jp_kind, "jp": doc.minimum_jp, "aturan": doc.jp_rule,
                      "dasar_hukum": doc.jp_citation},
        "batas_per_orang": {"jp": doc.ceiling_jp, "biaya": doc.ceiling_cost},
        "total_jp": doc.total_jp,
        "total_biaya": doc.total_cost,
        "kegiatan": [{"no": it.no, "nama": it.activity, "bentuk": it.form_name or it.form,
                      "bulan": it.month, "jp": it.jp, "biaya": it.cost,
                      "sumber_dana": it.funding, "kompetensi": list(it.competency_codes),
                      "tujuan": it.goal, "bukti": it.evidence, "jenis": it.purpose,
                      "penyelenggara": it.provider}
                     for it in doc.items],
        "penandatangan": [{"peran": s.role or s.caption, "jabatan": s.caption, "nama": s.name,
                           "nip": s.nip.replace(" ", "")} for s in doc.signers],
        "aspirasi_karier": doc.aspiration,
        "jabatan_target": doc.target_position,
        "komitmen": doc.commitment,
        "catatan_atasan": doc.supervisor_notes,
        "peringatan": list(doc.warnings),
    }


def plan_json(doc: IdpDocument) -> str:
    return json.dumps(plan_dict(doc), ensure_ascii=False, indent=2)


def plan_json_for_nip(session: Session, nip: str, year: int, today: dt.date) -> str:
    """The JSON of an employee's plan for a year (drafting and saving one when there is none);
    LookupError with an Indonesian message for an unknown NIP."""
    from karier_desktop.domain.nip import format_nip
    from karier_desktop.services.gaps import employee_id_by_nip
    from karier_desktop.services.idp._plans import draft_plan, find_plan, plan_for_print

    emp_id = employee_id_by_nip(session, nip)
    if emp_id is None:
        raise LookupError(f"Pegawai dengan NIP {format_nip(nip)} tidak ditemukan.")
    plan_id = find_plan(session, emp_id, year)
    if plan_id is None:
        plan_id = draft_plan(session, emp_id, year, today)
    return plan_json(plan_for_print(session, plan_id, today))

"""Assessment results, long form (one competency per row) or wide form (one column each).

An assessment event is (employee, date, method). Re-importing the same event updates its levels
instead of adding a second event, so a repeated file never doubles the history.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import format_nip
from karier_desktop.services.importing import values
from karier_desktop.services.importing.core import PreviewRow, Progress, RowStatus, norm
from karier_desktop.services.importing.headers import HeaderMatch, normalize_header
from karier_desktop.services.importing.rowcheck import attempter, known_employee, row_cells
from karier_desktop.services.importing.values import CellError
from karier_desktop.services.importing.writes import Written
from karier_desktop.store import bulk
from karier_desktop.store import models as m

DEFAULT_METHOD = "Assessment Center"
COMP_PREFIX = "comp:"


def _competencies(session: Session) -> list[tuple[int, str, str]]:
    return list(session.execute(select(m.Competency.id, m.Competency.code, m.Competency.name)))


def code_variants(code: str) -> tuple[str, ...]:
    """A competency code as sheets write it: the regulation's "M.1"/"SK.1" and the zero-padded
    "M.01"/"SK.01" that older sheets and earlier versions of this app use."""
    found = re.fullmatch(r"([A-Za-z]+)\.(\d)", code)
    return (code, f"{found.group(1)}.0{found.group(2)}") if found else (code,)


def extra_headers(session: Session) -> dict[str, str]:
    """Wide-form columns: a competency named by code, name, or both ("M.1 Integritas")."""
    table: dict[str, str] = {}
    for cid, code, name in _competencies(session):
        key = f"{COMP_PREFIX}{cid}:{code}"
        for variant in code_variants(code):
            for header in (variant, name, f"{variant} {name}"):
                table.setdefault(normalize_header(header), key)
    return table


def check_columns(match: HeaderMatch) -> tuple[list[str], str]:
    keys = set(match.columns.values())
    problems = []
    if "date" not in keys:
        problems.append("Kolom TANGGAL (tanggal asesmen) tidak ditemukan.")
    if "level" in keys:
        if "competency" not in keys:
            problems.append("Kolom KODE KOMPETENSI atau KOMPETENSI tidak ditemukan.")
        return problems, "panjang"
    if any(k.startswith(COMP_PREFIX) for k in keys):
        return problems, "lebar"
    problems.append("Kolom LEVEL (bentuk panjang) atau kolom per kompetensi, mis. INTEGRITAS, "
                    "KERJASAMA (bentuk lebar), tidak ditemukan.")
    return problems, ""


class _Lookup:
    def __init__(self, session: Session) -> None:
        self.employees = dict(session.execute(select(m.Employee.nip, m.Employee.id)).all())
        self.comp_by_key: dict[str, int] = {}
        self.comp_code: dict[int, str] = {}
        for cid, code, name in _competencies(session):
            self.comp_code[cid] = code
            for variant in (*code_variants(code), name):
                self.comp_by_key.setdefault(norm(variant), cid)
                self.comp_by_key.setdefault(normalize_header(variant), cid)
        self.events: dict[tuple[int, dt.date, str], int] = {}
        for aid, eid, on, method in session.execute(select(
                m.Assessment.id, m.Assessment.employee_id, m.Assessment.assessed_on,
                m.Assessment.method)):
            self.events.setdefault((eid, on, norm(method)), aid)
        self.results: dict[int, dict[int, int]] = {}
        for aid, cid, level in session.execute(select(
                m.AssessmentResult.assessment_id, m.AssessmentResult.competency_id,
                m.AssessmentResult.level)):
            self.results.setdefault(aid, {})[cid] = level

    def employee(self, raw: object) -> tuple[str, int]:
        return known_employee(self.employees, raw)

    def competency(self, raw: object) -> int:
        name = values.text(raw, label="Kompetensi")
        if name is None:
            raise CellError("Kompetensi wajib diisi (kode seperti M.1 atau nama seperti "
                            "Integritas)")
        cid = self.comp_by_key.get(norm(name)) or self.comp_by_key.get(normalize_header(name))
        if cid is None:
            raise CellError(f"Kompetensi '{name}' tidak dikenal; pakai kode (mis. M.1) atau "
                            "nama dari kamus kompetensi")
        return cid

    def status(self, eid: int, on: dt.date, method: str, levels: dict[int, int]) -> str:
        aid = self.events.get((eid, on, norm(method)))
        if aid is None:
            return RowStatus.NEW
        current = self.results.get(aid, {})
        if any(cid not in current for cid in levels):
            return RowStatus.CHANGED
        return RowStatus.SAME if all(current[c] == lv for c, lv in levels.items()) else RowStatus.CHANGED


def check_rows(session: Session, header: HeaderMatch, rows: list[tuple[int, tuple[Any, ...]]],
               today: dt.date, progress: Progress, vocab: object = None) -> list[PreviewRow]:
    lookup = _Lookup(session)
    wide = "level" not in header.columns.values()
    seen: dict[tuple[int, dt.date, int], int] = {}
    out = []
    for number, raw in row_cells(header, rows):
        row = PreviewRow(number, raw)
        errs = row.errors
        attempt = attempter(errs)

        who = attempt(lookup.employee, raw.get("nip"))
        on = attempt(values.date, raw.get("date"), "Tanggal asesmen")
        if on is None and values.is_empty(raw.get("date")):
            errs.append("Tanggal asesmen wajib diisi")
        elif on is not None and on > today:
            errs.append(f"Tanggal asesmen {on:%d-%m-%Y} belum terjadi")
        method = attempt(values.text, raw.get("method"), 60, "Metode") or DEFAULT_METHOD
        assessor = attempt(values.text, raw.get("assessor"), 150, "Penyelenggara")
        levels: dict[int, int] = {}
        if wide:
            for key, value in raw.items():
                if key.startswith(COMP_PREFIX):
                    code = key.split(":", 2)[2]
                    try:
                        lv = values.level(value)
                    except CellError as exc:
                        errs.append(f"{code}: {exc}")
                        continue
                    if lv is not None:
                        levels[int(key.split(":")[1])] = lv
            if not levels and not errs:
                errs.append("Tidak ada level kompetensi yang diisi pada baris ini")
        else:
            cid = attempt(lookup.competency, raw.get("competency"))
            lv = attempt(values.level, raw.get("level"))
            if lv is None and values.is_empty(raw.get("level")):
                errs.append("Level wajib diisi (1 sampai 5)")
            if cid is not None and lv is not None:
                levels[cid] = lv
        if who is not None and on is not None:
            for cid in levels:
                first = seen.get((who[1], on, cid))
                if first is not None:
                    errs.append(f"Kompetensi {lookup.comp_code[cid]} untuk NIP "
                                f"{format_nip(who[0])} tanggal {on:%d-%m-%Y} sama dengan "
                                f"baris {first}")
                else:
                    seen[(who[1], on, cid)] = number
        if errs or who is None or on is None:
            row.status = RowStatus.INVALID
        else:
            row.values.update(employee_id=who[1], date=on, method=method, assessor=assessor,
                              levels=levels)
            row.status = lookup.status(who[1], on, method, levels)
        out.append(row)
    return out


def write(session: Session, rows: list[PreviewRow], progress: Progress) -> Written:
    lookup = _Lookup(session)
    counts = {RowStatus.NEW: 0, RowStatus.CHANGED: 0, RowStatus.SAME: 0}
    events: dict[tuple[int, dt.date, str], dict[str, Any]] = {}
    for row in rows:
        v = row.values
        key = (v["employee_id"], v["date"], norm(v["method"]))
        event = events.setdefault(key, {"employee_id": v["employee_id"], "date": v["date"],
                                        "method": v["method"], "assessor": v["assessor"],
                                        "levels": {}})
        event["levels"].update(v["levels"])
        event["assessor"] = event["assessor"] or v["assessor"]
        counts[lookup.status(v["employee_id"], v["date"], v["method"], v["levels"])] += 1
    audit: list[tuple[str, str, str, dict[str, Any]]] = []
    new_events = [k for k in events if k not in lookup.events]
    new_results: list[dict[str, Any]] = []
    changed_results: list[dict[str, Any]] = []
    if new_events:
        table = m.Assessment.__table__
        ids = bulk.insert_with_ids(session.connection(), table, [  # COPY on a server
            {"employee_id": events[k]["employee_id"], "assessed_on": events[k]["date"],
             "method": events[k]["method"], "assessor": events[k]["assessor"]}
            for k in new_events])
        for key, aid in zip(new_events, ids, strict=True):
            lookup.events[key] = aid
            new_results.extend({"assessment_id": aid, "competency_id": c, "level": lv}
                               for c, lv in events[key]["levels"].items())
            audit.append(("impor-tambah", "asesmen", str(aid), {}))
    for key, event in events.items():
        if key in new_events:
            continue
        aid = lookup.events[key]
        current = lookup.results.get(aid, {})
        touched = False
        for cid, lv in event["levels"].items():
            if cid not in current:
                new_results.append({"assessment_id": aid, "competency_id": cid, "level": lv})
                touched = True
            elif current[cid] != lv:
                changed_results.append({"b_aid": aid, "b_cid": cid, "b_level": lv})
                touched = True
        if touched:
            audit.append(("impor-ubah", "asesmen", str(aid), {}))
    progress("Menyimpan hasil asesmen", 0.8)
    if new_results:  # COPY on a server, executemany elsewhere
        bulk.insert_rows(session.connection(), m.AssessmentResult.__table__, new_results)
    if changed_results:
        t = m.AssessmentResult.__table__
        session.execute(update(t).where(t.c.assessment_id == bindparam("b_aid"),
                                        t.c.competency_id == bindparam("b_cid"))
                        .values(level=bindparam("b_level")), changed_results)
    # Levels are part of an assessment's version: an edit form opened before this import is
    # now stale and refuses to put the old levels back (services.versions).
    touched_ids = [int(entity_id) for action, _e, entity_id, _d in audit
                   if action == "impor-ubah"]
    for start in range(0, len(touched_ids), 500):
        a = m.Assessment.__table__
        session.execute(update(a).where(a.c.id.in_(touched_ids[start:start + 500]))
                        .values(row_version=a.c.row_version + 1))
    return counts[RowStatus.NEW], counts[RowStatus.CHANGED], counts[RowStatus.SAME], audit

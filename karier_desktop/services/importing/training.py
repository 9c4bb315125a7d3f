"""Training records (riwayat pelatihan/diklat): one row per activity of one employee.

A record is identified by (employee, title, start date); re-importing updates it in place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from karier_desktop.domain.nip import format_nip
from karier_desktop.services.importing import values
from karier_desktop.services.importing.core import PreviewRow, Progress, RowStatus, norm
from karier_desktop.services.importing.headers import FIELDS, HeaderMatch
from karier_desktop.services.importing.rowcheck import attempter, known_employee, row_cells
from karier_desktop.services.importing.values import CellError
from karier_desktop.services.importing.vocab import Vocabulary
from karier_desktop.services.importing.writes import Writes, Written
from karier_desktop.store import bulk
from karier_desktop.store import models as m

EARLIEST = dt.date(1960, 1, 1)  # no serving ASN trained before this; 1800 is a typing slip
COLUMNS = ("programme_id", "form_code", "provider", "end_date", "jp", "cost", "certificate_no")
JALUR_DEFAULT = {"klasikal": "KL12", "nonklasikal": "NKL13", "non klasikal": "NKL13",
                 "non-klasikal": "NKL13", "bimtek": "KL10", "diklat": "KL03"}


def check_columns(match: HeaderMatch) -> tuple[list[str], str]:
    keys = set(match.columns.values())
    missing = [f for f in FIELDS["pelatihan"] if f.required and f.key not in keys]
    return [f"Kolom {f.aliases[0]} ({f.label}) tidak ditemukan." for f in missing], ""


class _Lookup:
    def __init__(self, session: Session, vocab: Vocabulary | None = None) -> None:
        self.vocab = vocab
        self.by_siasn_id: dict[str, str] = {
            str(sid): code for code, sid in session.execute(
                select(m.DevelopmentForm.code, m.DevelopmentForm.siasn_id)) if sid is not None}
        self.employees = dict(session.execute(select(m.Employee.nip, m.Employee.id)).all())
        self.forms: dict[str, str] = {}
        for code, name in session.execute(select(m.DevelopmentForm.code,
                                                 m.DevelopmentForm.name)):
            self.forms[norm(code)] = code
            self.forms[norm(name)] = code
            for part in name.split("/"):
                self.forms.setdefault(norm(part), code)
            if "(" in name:
                self.forms.setdefault(norm(name.split("(")[0]), code)
                self.forms.setdefault(norm(name.split("(")[1].rstrip(")")), code)
        for key, code in JALUR_DEFAULT.items():
            if code in self.forms.values():
                self.forms.setdefault(key, code)
        titles: dict[str, list[int]] = {}
        for pid, title in session.execute(select(m.Programme.id, m.Programme.title)):
            titles.setdefault(norm(title), []).append(pid)
        self.programmes = {k: v[0] for k, v in titles.items() if len(v) == 1}
        t = m.TrainingRecord
        self.records: dict[tuple[int, str, dt.date], dict[str, Any]] = {}
        for row in session.execute(select(t.id, t.employee_id, t.title, t.start_date,
                                          *(getattr(t, c) for c in COLUMNS))):
            rid, eid, title, start, *rest = row
            self.records.setdefault((eid, norm(title), start),
                                    {"id": rid, **dict(zip(COLUMNS, rest, strict=True))})

    def employee(self, raw: object) -> tuple[str, int]:
        return known_employee(self.employees, raw)

    def form(self, raw: object) -> str | None:
        """A form code from its code, name, SIASN name or SIASN jenis diklat id (1 … 25)."""
        name = values.text(raw, label="Jenis/jalur")
        if name is None:
            return None
        code = self.forms.get(norm(name))
        if code is None and name.isdigit():
            code = self.by_siasn_id.get(str(int(name)))
        if code is None and self.vocab is not None:
            code = self.vocab.find("form", name)
            if code is None:
                raise self.vocab.unknown("form", name, (
                    f"Jenis/jalur pengembangan '{name}' tidak dikenal; pakai kode (mis. KL03, "
                    "NKL01) atau nama (mis. Pelatihan Teknis, Coaching), atau petakan nilai ini"))
        if code is None:
            raise CellError(f"Jenis/jalur pengembangan '{name}' tidak dikenal; pakai kode (mis. "
                            "KL03, NKL01) atau nama (mis. Pelatihan Teknis, Coaching)")
        return code

    def status(self, v: dict[str, Any]) -> str:
        old = self.records.get((v["employee_id"], norm(v["title"]), v["start_date"]))
        if old is None:
            return RowStatus.NEW
        same = all(v[c] is None or v[c] == old[c] for c in COLUMNS)
        return RowStatus.SAME if same else RowStatus.CHANGED


def check_rows(session: Session, header: HeaderMatch, rows: list[tuple[int, tuple[Any, ...]]],
               today: dt.date, progress: Progress, vocab: Vocabulary) -> list[PreviewRow]:
    lookup = _Lookup(session, vocab)
    default_form = vocab.defaults.get("form")
    seen: dict[tuple[int, str, dt.date], int] = {}
    out = []
    for number, raw in row_cells(header, rows):
        row = PreviewRow(number, raw)
        errs = row.errors
        attempt = attempter(errs, vocab, number)

        who = attempt(lookup.employee, raw.get("nip"))
        title = attempt(values.text, raw.get("title"), 250, "Nama pelatihan")
        if title is None and values.is_empty(raw.get("title")):
            errs.append("Nama pelatihan wajib diisi")
        form_raw = raw.get("form")
        if values.is_empty(form_raw):
            form_raw = raw.get("form_name")
        form = attempt(lookup.form, form_raw) if not values.is_empty(form_raw) else default_form
        provider = attempt(values.text, raw.get("provider"), 200, "Penyelenggara")
        start = attempt(values.date, raw.get("start"), "Tanggal mulai")
        if start is None and values.is_empty(raw.get("start")):
            errs.append("Tanggal mulai wajib diisi")
        if start is not None and not EARLIEST <= start <= today:
            errs.append(f"Tanggal mulai {start:%d-%m-%Y} tidak wajar: pelatihan yang diimpor "
                        "dicatat selesai, jadi tanggalnya antara 1960 dan hari ini")
        end = attempt(values.date, raw.get("end"), "Tanggal selesai")
        if start is not None and end is not None and end < start:
            errs.append(f"Tanggal selesai {end:%d-%m-%Y} sebelum tanggal mulai {start:%d-%m-%Y}")
        jp = attempt(values.hours, raw.get("jp"), "JP")
        if jp is None and values.is_empty(raw.get("jp")):
            errs.append("JP wajib diisi (jumlah jam pelajaran, 1 JP = 45 menit)")
        cost = attempt(values.money, raw.get("cost"), "Biaya")
        cert = attempt(values.text, raw.get("certificate_no"), 100, "Nomor sertifikat")
        if who is not None and title is not None and start is not None:
            key = (who[1], norm(title), start)
            first = seen.get(key)
            if first is not None:
                errs.append(f"Pelatihan yang sama untuk NIP {format_nip(who[0])} sudah ada di "
                            f"baris {first}")
            else:
                seen[key] = number
        if errs or who is None or title is None or start is None or jp is None:
            row.status = RowStatus.INVALID
        else:
            row.values.update(
                employee_id=who[1], title=title, start_date=start, end_date=end,
                form_code=form, provider=provider, jp=jp, cost=cost, certificate_no=cert,
                programme_id=lookup.programmes.get(norm(title)))
            row.status = lookup.status(row.values)
        out.append(row)
    return out


def write(session: Session, rows: list[PreviewRow], progress: Progress) -> Written:
    lookup = _Lookup(session)
    out = Writes()
    for row in rows:
        v = row.values
        old = lookup.records.get((v["employee_id"], norm(v["title"]), v["start_date"]))
        if old is None:
            out.inserts.append({"employee_id": v["employee_id"], "title": v["title"],
                                "start_date": v["start_date"], "status": "selesai",
                                **{c: v[c] for c in COLUMNS}}
                               | {"cost": v["cost"] or 0,
                                  "end_date": v["end_date"] or v["start_date"]})
            continue
        out.change("pelatihan", old, {c: v[c] for c in COLUMNS})
    progress("Menyimpan riwayat pelatihan", 0.8)
    table = m.TrainingRecord.__table__
    if out.inserts:
        # COPY with ids from the sequence on a server, INSERT … RETURNING elsewhere
        ids = bulk.insert_with_ids(session.connection(), table, out.inserts)
        out.audit.extend(("impor-tambah", "pelatihan", str(i), {}) for i in ids)
    if out.updates:
        session.execute(update(table).where(table.c.id == bindparam("b_id"))
                        .values({c: bindparam(f"b_{c}") for c in COLUMNS}), out.updates)
    return out.written()

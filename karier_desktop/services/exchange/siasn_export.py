"""Training history for SIASN: riwayat kursus and riwayat diklat rows in SIASN's field names.

A finished training record ("selesai") of the year goes out as either
- riwayat diklat (struktural: Latsar/Prajabatan, PIM, PKP, PKA, PKN): the SIASN rw-diklat fields
  `latihanStrukturalId`, `latihanStrukturalNama`, `nomor`, `tanggal`, `tanggalSelesai`, `tahun`,
  `jumlahJam`, `institusiPenyelenggara`; or
- riwayat kursus (everything else): `namaKursus`, `jenisDiklatId`, `jenisKursusId`, `jumlahJam`,
  `tahunKursus`, `tanggalKursus`, `tanggalSelesaiKursus`, `institusiPenyelenggara`,
  `nomorSertipikat`.
Dates are dd-mm-yyyy text, JP whole hours, the NIP an 18-digit text cell (`nipBaru`).

Beside the sheet, a second file lists the certificate each row needs uploaded to SIASN (the
suggested file name, and rows without a certificate number flagged). What was sent is
remembered (siasn_training_state) with a fingerprint of the values: the next export sends only
rows never sent or changed since, unless `include_sent`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karier_desktop.domain.textfmt import full_name
from karier_desktop.services import audit
from karier_desktop.services.exporting import ExportError, Table, write_table
from karier_desktop.store import models as m
from karier_desktop.store.seed import load_reference

KURSUS = "kursus"
DIKLAT = "diklat"
KINDS = (KURSUS, DIKLAT)

KURSUS_FIELDS = ("nipBaru", "namaKursus", "jenisDiklatId", "jenisKursusId", "jenisKursus",
                 "jumlahJam", "tahunKursus", "tanggalKursus", "tanggalSelesaiKursus",
                 "institusiPenyelenggara", "nomorSertipikat", "path")
DIKLAT_FIELDS = ("nipBaru", "latihanStrukturalId", "latihanStrukturalNama", "nomor", "tanggal",
                 "tanggalSelesai", "tahun", "jumlahJam", "institusiPenyelenggara", "path")
CERTIFICATE_HEADERS = ("nipBaru", "nama", "jenis", "namaPelatihan", "nomorSertipikat",
                       "berkas", "keterangan")


@dataclass(frozen=True)
class StructuralLevel:
    key: str
    name: str
    siasn_id: str | None
    patterns: tuple[re.Pattern[str], ...]


def structural_levels() -> list[StructuralLevel]:
    """Diklat struktural levels (resources/reference/siasn_latihan_struktural.json)."""
    data = load_reference("siasn_latihan_struktural.json")
    return [StructuralLevel(i["key"], i["name"], i.get("siasn_id"),
                            tuple(re.compile(p, re.IGNORECASE) for p in i["patterns"]))
            for i in data["items"]]


def structural_level(title: str, levels: list[StructuralLevel]) -> StructuralLevel | None:
    for level in levels:
        if any(p.search(title) for p in level.patterns):
            return level
    return None


@dataclass(frozen=True)
class SiasnRow:
    """One training record as SIASN wants it (`values` keyed by SIASN field name)."""

    record_id: int
    kind: str
    name: str
    values: dict[str, Any]
    fingerprint: str
    sent_before: bool  # sent earlier with other values (a correction)


@dataclass
class SiasnExport:
    kind: str
    year: int
    rows: list[SiasnRow] = field(default_factory=list)
    already_sent: int = 0  # rows left out because SIASN already has them as they are

    @property
    def fields(self) -> tuple[str, ...]:
        return KURSUS_FIELDS if self.kind == KURSUS else DIKLAT_FIELDS

    @property
    def without_certificate(self) -> int:
        key = "nomorSertipikat" if self.kind == KURSUS else "nomor"
        return sum(1 for r in self.rows if not r.values.get(key))


def siasn_date(day: dt.date | None) -> str:
    return "" if day is None else day.strftime("%d-%m-%Y")


def _hours(jp: float) -> int:
    return int(round(jp))


def certificate_file_name(nip: str, kind: str, record_id: int) -> str:
    """The name the scanned certificate should have when uploaded (no spaces, one per row)."""
    return f"{nip}_{kind}_{record_id}.pdf"


def _fingerprint(values: dict[str, Any]) -> str:
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def build(session: Session, kind: str, year: int, include_sent: bool = False) -> SiasnExport:
    """The rows of one SIASN sheet for `year` (read only; `mark_sent` records the sending)."""
    if kind not in KINDS:
        raise ExportError(f"Jenis ekspor SIASN '{kind}' tidak dikenal (kursus atau diklat).")
    t, e, f, s = m.TrainingRecord, m.Employee, m.DevelopmentForm, m.SiasnTrainingState
    levels = structural_levels()
    stmt = (select(t.id, e.nip, e.front_title, e.name, e.back_title, t.title, t.form_code,
                   f.siasn_id, f.name, t.provider, t.start_date, t.end_date, t.jp,
                   t.certificate_no, s.sent_fingerprint)
            .join(e, e.id == t.employee_id).outerjoin(f, f.code == t.form_code)
            .outerjoin(s, s.training_record_id == t.id)
            .where(t.status == "selesai", t.start_date >= dt.date(year, 1, 1),
                   t.start_date <= dt.date(year, 12, 31))
            .order_by(e.name, e.nip, t.start_date, t.id))
    out = SiasnExport(kind, year)
    for (rid, nip, front, name, back, title, form_code, siasn_id, form_name, provider, start,
         end, jp, cert, sent) in session.execute(stmt):
        level = structural_level(title, levels)
        row_kind = DIKLAT if level is not None or form_code == "KL01" else KURSUS
        if row_kind != kind:
            continue
        path = certificate_file_name(nip, kind, rid)
        if kind == KURSUS:
            values: dict[str, Any] = {
                "nipBaru": nip, "namaKursus": title, "jenisDiklatId": siasn_id,
                "jenisKursusId": siasn_id, "jenisKursus": form_name or "",
                "jumlahJam": _hours(jp), "tahunKursus": start.year,
                "tanggalKursus": siasn_date(start), "tanggalSelesaiKursus": siasn_date(end),
                "institusiPenyelenggara": provider or "", "nomorSertipikat": cert or "",
                "path": path}
        else:
            values = {
                "nipBaru": nip, "latihanStrukturalId": level.siasn_id if level else None,
                "latihanStrukturalNama": level.name if level else title, "nomor": cert or "",
                "tanggal": siasn_date(start), "tanggalSelesai": siasn_date(end),
                "tahun": start.year, "jumlahJam": _hours(jp),
                "institusiPenyelenggara": provider or "", "path": path}
        print_ = _fingerprint(values)
        if sent == print_ and not include_sent:
            out.already_sent += 1
            continue
        out.rows.append(SiasnRow(rid, kind, full_name(name, front, back), values, print_,
                                 sent is not None and sent != print_))
    return out


def table(export: SiasnExport) -> Table:
    rows = [tuple(r.values[k] for k in export.fields) for r in export.rows]
    sheet = "riwayat_kursus" if export.kind == KURSUS else "riwayat_diklat"
    return Table(export.fields, rows, frozenset({0}), frozenset({0}), sheet)


def certificate_table(export: SiasnExport) -> Table:
    key = "nomorSertipikat" if export.kind == KURSUS else "nomor"
    title = "namaKursus" if export.kind == KURSUS else "latihanStrukturalNama"
    rows = []
    for r in export.rows:
        notes = []
        if not r.values.get(key):
            notes.append("nomor sertifikat kosong; lengkapi sebelum unggah")
        if r.sent_before:
            notes.append("koreksi data yang sudah pernah dikirim")
        rows.append((r.values["nipBaru"], r.name, export.kind, r.values[title], r.values[key],
                     r.values["path"], "; ".join(notes)))
    return Table(CERTIFICATE_HEADERS, rows, frozenset({0}), frozenset({0}), "berkas_sertifikat")


def certificate_list_path(path: Path) -> Path:
    return path.with_name(f"{path.stem} - berkas sertifikat{path.suffix}")


@dataclass(frozen=True)
class SiasnExportResult:
    path: Path
    certificates: Path
    rows: int
    already_sent: int
    without_certificate: int


def mark_sent(session: Session, export: SiasnExport, at: dt.datetime | None = None) -> None:
    """Remember that these rows went out (in the caller's transaction)."""
    at = at or dt.datetime.now().replace(microsecond=0)
    existing = {rid: st for rid, st in session.execute(
        select(m.SiasnTrainingState.training_record_id, m.SiasnTrainingState)
        .where(m.SiasnTrainingState.training_record_id.in_([r.record_id for r in export.rows])))}
    for r in export.rows:
        st = existing.get(r.record_id)
        if st is None:
            st = m.SiasnTrainingState(training_record_id=r.record_id, origin="aplikasi")
            session.add(st)
        st.sent_kind, st.sent_fingerprint, st.sent_at = r.kind, r.fingerprint, at


def export_siasn(session: Session, kind: str, year: int, path: str | Path,
                 include_sent: bool = False) -> SiasnExportResult:
    """Write the SIASN sheet and its certificate list, and remember the rows as sent.

    Both files are written atomically before anything is recorded; a failure leaves the
    database as it was (the next export sends the same rows again).
    """
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise ExportError("Simpan sebagai .xlsx atau .csv.")
    export = build(session, kind, year, include_sent)
    written = write_table(path, table(export))
    certificates = write_table(certificate_list_path(written.path), certificate_table(export))
    mark_sent(session, export)
    audit.record(session, "ekspor-siasn", f"riwayat_{kind}", None, file=written.path.name,
                 year=year, rows=len(export.rows))
    return SiasnExportResult(written.path, certificates.path, len(export.rows),
                             export.already_sent, export.without_certificate)

